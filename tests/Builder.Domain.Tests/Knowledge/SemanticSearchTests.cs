using Builder.Domain.Knowledge;
using Builder.Domain.Tests.Support;

namespace Builder.Domain.Tests.Knowledge;

/// <summary>End to end with the real local model: documents in, chunks embedded, a passage found by its meaning alone.</summary>
[Collection(EmbeddingCollection.Name)]
public class SemanticSearchTests(EmbeddingFixture fixture) : IAsyncLifetime
{
    TestDatabase _db = null!;
    readonly Guid _table = Guid.NewGuid();

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Finds_a_passage_by_its_meaning_when_it_shares_no_words_with_the_query()
    {
        var index = new TableVectorIndex(_db, fixture.Generator);
        string[] passages =
        [
            "The quarterly report shows revenue grew by twelve percent in Europe.",
            "Preheat the oven to 200 degrees and bake the bread for forty minutes.",
            "A cat is sleeping on the mat in the afternoon sun.",
            "The train to Berlin departs from platform nine at noon.",
            "Update the firmware before connecting the router to the network.",
            "The football match ended in a draw after extra time.",
        ];
        await index.IndexRowsAsync(_table, passages.Select((p, i) => new TableVectorIndex.RowTexts(i + 1, [new IndexedText(null, 0, p)])).ToList());

        var result = await index.SearchAsync(_table, "feline resting", new SemanticSearchOptions { Top = 3 });

        Assert.Equal(3, result.Matches[0].RowId);
        Assert.Equal(passages[2], result.Matches[0].Text);
        Assert.True(result.Matches[0].Score > result.Matches[1].Score + 0.1f, $"{result.Matches[0].Score} vs {result.Matches[1].Score}");
        Assert.Empty("feline resting".Split(' ').Intersect(passages[2].ToLowerInvariant().Split(' ', '.')));
    }

    [Fact]
    public async Task A_docx_knowledge_base_document_is_chunked_embedded_and_searchable_with_its_headings()
    {
        var docx = DocumentTextExtractorTests.Docx(("Heading1", "Travel policy"), (null, "Employees may book economy flights for trips under six hours."),
            ("Heading1", "Pets in the office"), (null, "Dogs are welcome on Fridays if they are calm and house-trained."));
        var document = await new DocumentTextExtractor().ExtractAsync(new MemoryStream(docx), "handbook.docx");
        var chunks = new TextChunker().Chunk(document);
        var index = new TableVectorIndex(_db, fixture.Generator);
        await index.IndexRowAsync(_table, 1, IndexedText.FromChunks(columnKey: 4, chunks));

        var result = await index.SearchAsync(_table, "Can I bring my puppy to work?", new SemanticSearchOptions { Top = 1 });

        var match = Assert.Single(result.Matches);
        Assert.Equal(("Pets in the office", 4, 1), (match.HeadingPath, match.ColumnKey ?? 0, match.ChunkIndex));
        Assert.StartsWith("Dogs are welcome", match.Text);
    }
}
