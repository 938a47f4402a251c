using Builder.Domain.Knowledge;

namespace Builder.Domain.Tests.Knowledge;

/// <summary>Chunking: sections by heading with their paths, paragraph-aware packing, overlap, whole words, determinism.</summary>
public class TextChunkerTests
{
    static string Words(string prefix, int count) => string.Join(' ', Enumerable.Range(1, count).Select(i => $"{prefix}{i}"));

    static TextChunker Chunker(int size, int overlap, ChunkUnit unit = ChunkUnit.Words) =>
        new(new ChunkingOptions { TargetSize = size, Overlap = overlap, Unit = unit });

    [Fact]
    public void The_defaults_are_about_200_words_with_40_words_of_overlap()
    {
        var options = new TextChunker().Options;
        Assert.Equal((ChunkUnit.Words, 200, 40), (options.Unit, options.TargetSize, options.Overlap));
    }

    [Fact]
    public void Empty_or_blank_input_gives_no_chunks()
    {
        Assert.Empty(new TextChunker().Chunk(""));
        Assert.Empty(new TextChunker().Chunk(" \n\n\t \n"));
        Assert.Empty(new TextChunker().Chunk([DocumentBlock.Heading("Only a heading", 1)]));
    }

    [Fact]
    public void A_heading_starts_a_new_chunk_and_every_chunk_carries_its_heading_path()
    {
        var blocks = new[]
        {
            DocumentBlock.Paragraph("Preface text."),
            DocumentBlock.Heading("Guide", 1),
            DocumentBlock.Paragraph("Guide intro."),
            DocumentBlock.Heading("Install", 2),
            DocumentBlock.Heading("Linux", 3),
            DocumentBlock.Paragraph("Use apt."),
            DocumentBlock.Heading("Usage", 2),
            DocumentBlock.Paragraph("Run it."),
            DocumentBlock.Heading("Appendix", 1),
            DocumentBlock.Paragraph("More."),
        };

        var chunks = Chunker(200, 40).Chunk(blocks);

        Assert.Equal(["Preface text.", "Guide intro.", "Use apt.", "Run it.", "More."], chunks.Select(c => c.Text));
        Assert.Equal(["", "Guide", "Guide › Install › Linux", "Guide › Usage", "Appendix"], chunks.Select(c => c.HeadingLine));
        Assert.Equal([0, 1, 2, 3, 4], chunks.Select(c => c.Index));
        Assert.Equal("Guide › Install › Linux\nUse apt.", chunks[2].EmbeddingInput);
    }

    [Fact]
    public void Short_paragraphs_are_packed_together_and_a_chunk_prefers_to_end_at_a_paragraph_break()
    {
        var text = $"{Words("a", 4)}\n\n{Words("b", 4)}\n\n{Words("c", 4)}";

        var chunks = Chunker(10, 0).Chunk(text);

        // a+b (8 words) fit; c would pass 10: the chunk ends at the break before c rather than inside c.
        Assert.Equal([$"{Words("a", 4)}\n\n{Words("b", 4)}", Words("c", 4)], chunks.Select(c => c.Text));
    }

    [Fact]
    public void A_long_paragraph_is_split_into_windows_that_overlap_by_the_overlap()
    {
        var chunks = Chunker(10, 3).Chunk(Words("w", 25));

        Assert.Equal([Words("w", 10), "w8 w9 w10 " + string.Join(' ', Enumerable.Range(11, 7).Select(i => $"w{i}")),
            "w15 w16 w17 " + string.Join(' ', Enumerable.Range(18, 7).Select(i => $"w{i}")), "w22 w23 w24 w25"], chunks.Select(c => c.Text));
        Assert.All(chunks, c => Assert.True(c.WordCount <= 10));
        // Every word of the input is in some chunk, in order.
        var covered = chunks.SelectMany(c => c.Text.Split(' ')).Distinct().ToList();
        Assert.Equal(Words("w", 25).Split(' '), covered);
    }

    [Fact]
    public void Overlap_never_crosses_a_heading()
    {
        var chunks = Chunker(5, 2).Chunk([DocumentBlock.Heading("A", 1), DocumentBlock.Paragraph(Words("a", 5)), DocumentBlock.Heading("B", 1), DocumentBlock.Paragraph(Words("b", 3))]);

        Assert.Equal([Words("a", 5), Words("b", 3)], chunks.Select(c => c.Text));
    }

    [Fact]
    public void Counting_in_characters_never_cuts_a_word_and_a_word_longer_than_the_target_is_a_chunk_of_its_own()
    {
        var longWord = new string('x', 30);
        var chunks = Chunker(12, 0, ChunkUnit.Characters).Chunk($"alpha beta gamma {longWord} delta");

        Assert.Equal(["alpha beta", "gamma", longWord, "delta"], chunks.Select(c => c.Text));
        Assert.All(chunks.Where(c => c.Text != longWord), c => Assert.True(c.Text.Length <= 12));
    }

    [Fact]
    public void The_same_input_always_gives_the_same_chunks()
    {
        var text = string.Join("\n\n", Enumerable.Range(0, 30).Select(i => Words($"p{i}x", 7 + i % 13)));
        var first = new TextChunker().Chunk(text);
        var second = new TextChunker().Chunk(text);

        Assert.Equal(first.Select(c => (c.Index, c.Text)), second.Select(c => (c.Index, c.Text)));
        Assert.True(first.Count > 1);
    }

    [Fact]
    public void A_pdf_chunk_knows_the_page_it_starts_on()
    {
        var chunks = Chunker(3, 0).Chunk([DocumentBlock.Paragraph("one two three", 1), DocumentBlock.Paragraph("four five", 2)]);
        Assert.Equal([1, 2], chunks.Select(c => c.Page ?? 0));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 10)]
    [InlineData(10, -1)]
    public void Settings_that_cannot_work_are_refused_with_the_reason(int size, int overlap)
    {
        var e = Assert.Throws<ArgumentException>(() => Chunker(size, overlap));
        Assert.Contains("chunk", e.Message);
    }
}
