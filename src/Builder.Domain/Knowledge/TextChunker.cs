namespace Builder.Domain.Knowledge;

/// <summary>What a chunk's size is counted in.</summary>
public enum ChunkUnit
{
    Words,
    Characters,
}

/// <summary>
/// How documents are split (section <c>Knowledge:Chunking</c>): chunks of about <see cref="TargetSize"/> units, each starting
/// with the last <see cref="Overlap"/> units of the chunk before it in the same section.
/// </summary>
public sealed class ChunkingOptions
{
    public ChunkUnit Unit { get; set; } = ChunkUnit.Words;
    public int TargetSize { get; set; } = 200;
    public int Overlap { get; set; } = 40;

    /// <summary>The problem with these settings, or null.</summary>
    public string? Problem() =>
        TargetSize < 1 ? "the chunk size must be at least 1"
        : Overlap < 0 ? "the chunk overlap cannot be negative"
        : Overlap >= TargetSize ? $"the chunk overlap ({Overlap}) must be smaller than the chunk size ({TargetSize})"
        : null;
}

/// <summary>
/// One chunk of a document: its position (<see cref="Index"/>, 0-based, in document order), the headings it sits under
/// (outermost first), its text (paragraphs separated by a blank line), and the PDF page it starts on.
/// </summary>
public sealed record TextChunk(int Index, IReadOnlyList<string> HeadingPath, string Text, int? Page = null)
{
    /// <summary>The heading path as one line, "Guide › Install › Linux" (empty when the chunk is under no heading).</summary>
    public string HeadingLine => string.Join(" › ", HeadingPath);

    /// <summary>What is embedded: the heading path on the first line (it tells the model what the passage is about), then the text.</summary>
    public string EmbeddingInput => HeadingPath.Count == 0 ? Text : HeadingLine + "\n" + Text;

    public int WordCount => TextChunker.CountWords(Text);
}

/// <summary>
/// Splits a document into chunks for embedding, deterministically: a heading closes the section before it, so a chunk
/// never spans two sections, and carries its heading path. Within a section, paragraphs are packed into chunks of at most
/// the target size; a chunk ends at a paragraph break when one falls in its second half, otherwise at the last whole word
/// that fits (a paragraph longer than the target is split across chunks). The next chunk starts with the previous
/// chunk's last words, up to the overlap. A word is never cut: a single word longer than the target (in characters) is a
/// chunk of its own.
/// </summary>
public sealed class TextChunker(ChunkingOptions? options = null)
{
    readonly ChunkingOptions _options = Validated(options ?? new ChunkingOptions());

    static ChunkingOptions Validated(ChunkingOptions options) =>
        options.Problem() is { } problem ? throw new ArgumentException(problem, nameof(options)) : options;

    public ChunkingOptions Options => _options;

    public IReadOnlyList<TextChunk> Chunk(ExtractedDocument document) => Chunk(document.Blocks);

    /// <summary>Plain text (for a long text cell): paragraphs between blank lines, no headings.</summary>
    public IReadOnlyList<TextChunk> Chunk(string text) => Chunk(DocumentTextExtractor.PlainText(text ?? ""));

    public IReadOnlyList<TextChunk> Chunk(IEnumerable<DocumentBlock> blocks)
    {
        var chunks = new List<TextChunk>();
        var headings = new List<(int Level, string Text)>();
        var section = new Section();
        foreach (var block in blocks)
        {
            if (block.Kind == DocumentBlockKind.Heading)
            {
                Emit(section, headings, chunks);
                section = new Section();
                headings.RemoveAll(h => h.Level >= block.Level);
                headings.Add((block.Level, block.Text));
                continue;
            }
            section.Add(block);
        }
        Emit(section, headings, chunks);
        return chunks;
    }

    public static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>The words of one section, with where each paragraph starts and the page of each word.</summary>
    sealed class Section
    {
        public readonly List<string> Words = [];
        public readonly List<int?> Pages = [];
        public readonly HashSet<int> ParagraphStarts = [];

        public void Add(DocumentBlock paragraph)
        {
            var words = paragraph.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) return;
            ParagraphStarts.Add(Words.Count);
            Words.AddRange(words);
            Pages.AddRange(Enumerable.Repeat(paragraph.Page, words.Length));
        }
    }

    void Emit(Section section, List<(int Level, string Text)> headings, List<TextChunk> chunks)
    {
        var words = section.Words;
        if (words.Count == 0) return;
        var path = headings.Select(h => h.Text).ToArray();

        // prefix[i] = the size of words [0, i); a range's size is prefix[end] - prefix[start] (- 1 for characters: no trailing space).
        var characters = _options.Unit == ChunkUnit.Characters;
        var prefix = new long[words.Count + 1];
        for (var i = 0; i < words.Count; i++) prefix[i + 1] = prefix[i] + (characters ? words[i].Length + 1 : 1);
        long Size(int start, int end) => prefix[end] - prefix[start] - (characters ? 1 : 0);

        var target = _options.TargetSize;
        var start = 0;
        while (true)
        {
            // The most words that fit, at least one.
            var end = start + 1;
            while (end < words.Count && Size(start, end + 1) <= target) end++;
            // Prefer a paragraph break in the second half of the chunk.
            if (end < words.Count && !section.ParagraphStarts.Contains(end))
            {
                for (var b = end - 1; b > start && Size(start, b) * 2 >= target; b--)
                    if (section.ParagraphStarts.Contains(b)) { end = b; break; }
            }
            chunks.Add(new TextChunk(chunks.Count, path, Join(section, start, end), section.Pages[start]));
            if (end >= words.Count) return;

            // The next chunk starts with the last words of this one, as many as fit in the overlap, and always moves on.
            var next = end;
            while (next - 1 > start && Size(next - 1, end) <= _options.Overlap) next--;
            start = next;
        }
    }

    static string Join(Section section, int start, int end)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = start; i < end; i++)
        {
            if (i > start) builder.Append(section.ParagraphStarts.Contains(i) ? "\n\n" : " ");
            builder.Append(section.Words[i]);
        }
        return builder.ToString();
    }
}
