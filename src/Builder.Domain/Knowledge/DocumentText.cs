namespace Builder.Domain.Knowledge;

/// <summary>A heading (with its level, 1 = top) or a paragraph of a document, in reading order.</summary>
public enum DocumentBlockKind
{
    Heading,
    Paragraph,
}

/// <summary>
/// One block of a document's text. <see cref="Level"/> is the heading level (1–9) for a heading and 0 for a paragraph;
/// <see cref="Page"/> is the 1-based page for a PDF and null for the other formats.
/// </summary>
public sealed record DocumentBlock(DocumentBlockKind Kind, string Text, int Level = 0, int? Page = null)
{
    public static DocumentBlock Heading(string text, int level, int? page = null) => new(DocumentBlockKind.Heading, text, Math.Clamp(level, 1, 9), page);
    public static DocumentBlock Paragraph(string text, int? page = null) => new(DocumentBlockKind.Paragraph, text, 0, page);
}

/// <summary>The text of an uploaded document: its format (<c>txt</c>, <c>md</c>, <c>pdf</c>, <c>docx</c>) and its blocks in order.</summary>
public sealed record ExtractedDocument(string FileName, string Format, IReadOnlyList<DocumentBlock> Blocks)
{
    /// <summary>Every block's text, blocks separated by a blank line (headings in markdown style).</summary>
    public string ToText() => string.Join("\n\n", Blocks.Select(b => b.Kind == DocumentBlockKind.Heading ? new string('#', b.Level) + " " + b.Text : b.Text));

    /// <summary>How many characters of text the document has.</summary>
    public int CharacterCount => Blocks.Sum(b => b.Text.Length);
}

/// <summary>Why a document yields no text.</summary>
public enum DocumentProblem
{
    /// <summary>Not one of the supported formats (.txt, .md, .pdf, .docx).</summary>
    Unsupported,

    /// <summary>Larger than <see cref="DocumentExtractionOptions.MaxBytes"/>, or more text than <see cref="DocumentExtractionOptions.MaxCharacters"/>.</summary>
    TooLarge,

    /// <summary>The bytes are not a readable file of the format its name says (damaged, another format renamed, protected by a password).</summary>
    Broken,

    /// <summary>A readable file with no text in it (an empty file, a scanned PDF without a text layer).</summary>
    NoText,
}

/// <summary>A document that cannot be read, with a message meant for the person who uploaded it.</summary>
public sealed class DocumentExtractionException(DocumentProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public DocumentProblem Problem { get; } = problem;
}

/// <summary>Limits of document extraction (section <c>Knowledge:Documents</c>).</summary>
public sealed class DocumentExtractionOptions
{
    /// <summary>The largest file read (default 25 MB).</summary>
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>The most text kept from one document (default 5,000,000 characters, about 800,000 words).</summary>
    public int MaxCharacters { get; set; } = 5_000_000;
}
