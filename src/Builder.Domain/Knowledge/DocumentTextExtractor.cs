using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;
using UglyToad.PdfPig.Exceptions;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace Builder.Domain.Knowledge;

/// <summary>
/// Reads the text of an uploaded document, keeping its headings: .txt (paragraphs between blank lines), .md (ATX headings
/// <c>#</c>…<c>######</c>, paragraphs; fenced code stays text), .pdf with PdfPig (text blocks per page in reading order; a
/// short block set clearly larger than the body text is a heading) and .docx with the Open XML SDK (paragraphs; the
/// Title, "heading N" styles and outline levels are headings; tables' cells are paragraphs). The format is chosen by the
/// file name's extension and checked against the bytes. Every failure is a <see cref="DocumentExtractionException"/>
/// whose message can be shown to the uploader as it is; nothing of a broken file's bytes goes into it.
/// </summary>
public sealed partial class DocumentTextExtractor(DocumentExtractionOptions? options = null)
{
    readonly DocumentExtractionOptions _options = options ?? new DocumentExtractionOptions();

    /// <summary>The extensions read, lower case with the dot.</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = [".txt", ".md", ".pdf", ".docx"];

    public static bool IsSupported(string fileName) => SupportedExtensions.Contains(Path.GetExtension(fileName ?? "").ToLowerInvariant());

    public async Task<ExtractedDocument> ExtractAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = Path.GetFileName(fileName ?? "");
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (!SupportedExtensions.Contains(extension))
            throw new DocumentExtractionException(DocumentProblem.Unsupported, Unsupported(name, extension));

        var bytes = await ReadCappedAsync(content, name, cancellationToken);
        var blocks = extension switch
        {
            ".txt" => PlainText(Decode(bytes, name)),
            ".md" => Markdown(Decode(bytes, name)),
            ".pdf" => await Task.Run(() => Pdf(bytes, name, cancellationToken), cancellationToken),
            _ => await Task.Run(() => Docx(bytes, name, cancellationToken), cancellationToken),
        };
        blocks = blocks.Where(b => b.Text.Length > 0).ToList();
        var characters = blocks.Sum(b => (long)b.Text.Length);
        if (characters > _options.MaxCharacters)
            throw new DocumentExtractionException(DocumentProblem.TooLarge,
                $"{name} has {characters:N0} characters of text; the most one document may have is {_options.MaxCharacters:N0}. Split it into smaller documents.");
        if (!blocks.Any(b => b.Kind == DocumentBlockKind.Paragraph))
            throw new DocumentExtractionException(DocumentProblem.NoText, extension == ".pdf"
                ? $"{name} has no text to index. A scanned PDF holds pictures of pages, not text: run it through text recognition (OCR) first."
                : $"{name} has no text to index.");
        return new ExtractedDocument(name, extension[1..], blocks);
    }

    static string Unsupported(string name, string extension) => extension switch
    {
        "" => $"{(name.Length == 0 ? "The file" : name)} has no extension; upload a .txt, .md, .pdf or .docx file.",
        ".doc" => $"{name} is an old Word document (.doc), which cannot be read; save it as .docx and upload that.",
        _ => $"{name}: {extension} files are not supported; upload a .txt, .md, .pdf or .docx file.",
    };

    async Task<byte[]> ReadCappedAsync(Stream content, string name, CancellationToken cancellationToken)
    {
        if (content.CanSeek && content.Length - content.Position > _options.MaxBytes) throw TooLarge(name);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _options.MaxBytes) throw TooLarge(name);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    DocumentExtractionException TooLarge(string name) => new(DocumentProblem.TooLarge,
        $"{name} is larger than {FormatBytes(_options.MaxBytes)}, the largest document accepted. Split it into smaller documents.");

    static string FormatBytes(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : $"{bytes / 1024.0:0.#} KB";

    // ---- text and markdown ----

    /// <summary>UTF-8 (with or without a BOM) or UTF-16 with a BOM; a file with NUL bytes or invalid UTF-8 is not text.</summary>
    static string Decode(byte[] bytes, string name)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        if (span.IndexOf((byte)0) >= 0)
            throw new DocumentExtractionException(DocumentProblem.Broken, $"{name} is not a text file (it holds binary data); upload the text as UTF-8.");
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(span);
        }
        catch (DecoderFallbackException)
        {
            throw new DocumentExtractionException(DocumentProblem.Broken, $"{name} is not UTF-8 text; save it as UTF-8 and upload it again.");
        }
    }

    static IEnumerable<string> Lines(string text) => text.ReplaceLineEndings("\n").Split('\n');

    internal static List<DocumentBlock> PlainText(string text)
    {
        var blocks = new List<DocumentBlock>();
        var paragraph = new StringBuilder();
        foreach (var line in Lines(text))
        {
            if (string.IsNullOrWhiteSpace(line)) Flush(blocks, paragraph);
            else AppendLine(paragraph, line);
        }
        Flush(blocks, paragraph);
        return blocks;
    }

    [GeneratedRegex(@"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$", RegexOptions.NonBacktracking)]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^ {0,3}(```|~~~)", RegexOptions.NonBacktracking)]
    private static partial Regex Fence();

    internal static List<DocumentBlock> Markdown(string text)
    {
        var blocks = new List<DocumentBlock>();
        var paragraph = new StringBuilder();
        string? fence = null;
        foreach (var line in Lines(text))
        {
            var fenceMatch = Fence().Match(line);
            if (fence is not null)
            {
                // Code stays one paragraph with its lines; a # inside it is no heading.
                if (fenceMatch.Success && fenceMatch.Groups[1].Value == fence) { fence = null; Flush(blocks, paragraph); }
                else paragraph.Append(paragraph.Length > 0 ? "\n" : "").Append(line.TrimEnd());
                continue;
            }
            if (fenceMatch.Success) { Flush(blocks, paragraph); fence = fenceMatch.Groups[1].Value; continue; }
            if (AtxHeading().Match(line) is { Success: true } heading)
            {
                Flush(blocks, paragraph);
                var title = Clean(WithoutClosingHashes(heading.Groups[2].Value));
                if (title.Length > 0) blocks.Add(DocumentBlock.Heading(title, heading.Groups[1].Length));
                continue;
            }
            if (string.IsNullOrWhiteSpace(line)) Flush(blocks, paragraph);
            else AppendLine(paragraph, line);
        }
        Flush(blocks, paragraph);
        return blocks;
    }

    /// <summary>"Install ##" → "Install": a closing run of # after a space is not part of the heading (CommonMark).</summary>
    static string WithoutClosingHashes(string title)
    {
        var trimmed = title.TrimEnd(' ', '\t');
        var hashes = trimmed.TrimEnd('#');
        return hashes.Length == trimmed.Length ? trimmed
            : hashes.Length == 0 ? ""
            : hashes[^1] is ' ' or '\t' ? hashes : trimmed;
    }

    static void AppendLine(StringBuilder paragraph, string line)
    {
        if (paragraph.Length > 0) paragraph.Append(' ');
        paragraph.Append(line.Trim());
    }

    static void Flush(List<DocumentBlock> blocks, StringBuilder paragraph, int? page = null)
    {
        var text = Clean(paragraph.ToString());
        paragraph.Clear();
        if (text.Length > 0) blocks.Add(DocumentBlock.Paragraph(text, page));
    }

    [GeneratedRegex(@"[^\S\n]+", RegexOptions.NonBacktracking)]
    private static partial Regex Spaces();

    /// <summary>Runs of spaces and tabs become one space; control characters go; the ends are trimmed.</summary>
    static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
            if (c == '\n' || c == '\t' || !char.IsControl(c)) builder.Append(c);
        return Spaces().Replace(builder.ToString(), " ").Trim();
    }

    // ---- PDF ----

    sealed record PdfBlock(string Text, double Size, int Lines, int Page);

    /// <summary>The line's letter size (mean, to half a point), counting its letters into the document's size histogram.</summary>
    static double LineSize(TextLine line, Dictionary<double, int> letterCounts)
    {
        var letters = line.Words.SelectMany(w => w.Letters).Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        foreach (var letter in letters)
        {
            var rounded = Math.Round(letter.PointSize * 2) / 2;
            letterCounts[rounded] = letterCounts.GetValueOrDefault(rounded) + 1;
        }
        return letters.Count == 0 ? 0 : Math.Round(letters.Average(l => l.PointSize) * 2) / 2;
    }

    static void AddPdfBlock(List<PdfBlock> found, List<(TextLine Line, double Size)> run, int page)
    {
        if (run.Count == 0) return;
        var text = Clean(string.Join(' ', run.Select(l => l.Line.Text)));
        if (text.Length > 0) found.Add(new PdfBlock(text, run[0].Size, run.Count, page));
    }

    static List<DocumentBlock> Pdf(byte[] bytes, string name, CancellationToken cancellationToken)
    {
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 1024)).IndexOf("%PDF-"u8) < 0)
            throw new DocumentExtractionException(DocumentProblem.Broken, $"{name} is not a PDF file (it does not start like one); check that it is the right file.");
        var found = new List<PdfBlock>();
        var letterCounts = new Dictionary<double, int>();
        try
        {
            using var document = PdfDocument.Open(bytes);
            foreach (var page in document.GetPages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var words = page.GetWords(NearestNeighbourWordExtractor.Instance).ToList();
                if (words.Count == 0) continue;
                var segments = DocstrumBoundingBoxes.Instance.GetBlocks(words);
                foreach (var block in UnsupervisedReadingOrderDetector.Instance.Get(segments))
                {
                    // Lines of one size stay together; a change of size (a heading above its paragraph) starts another block.
                    var run = new List<(TextLine Line, double Size)>();
                    foreach (var line in block.TextLines)
                    {
                        var size = LineSize(line, letterCounts);
                        if (run.Count > 0 && run[^1].Size != size) { AddPdfBlock(found, run, page.Number); run.Clear(); }
                        run.Add((line, size));
                    }
                    AddPdfBlock(found, run, page.Number);
                }
            }
        }
        catch (PdfDocumentEncryptedException e)
        {
            throw new DocumentExtractionException(DocumentProblem.Broken, $"{name} is protected by a password; remove the protection and upload it again.", e);
        }
        catch (Exception e) when (e is not OperationCanceledException and not DocumentExtractionException)
        {
            throw new DocumentExtractionException(DocumentProblem.Broken, $"{name} is damaged or not a valid PDF and cannot be read.", e);
        }

        // The body size is the size most letters have; a short block clearly larger is a heading, the largest size level 1.
        var body = letterCounts.Count == 0 ? 0 : letterCounts.MaxBy(p => p.Value).Key;
        bool IsHeading(PdfBlock b) => body > 0 && b.Size >= body * 1.2 && b.Lines <= 3 && b.Text.Length <= 200;
        var headingSizes = found.Where(IsHeading).Select(b => b.Size).Distinct().OrderByDescending(s => s).ToList();
        return found.Select(b => IsHeading(b)
                ? DocumentBlock.Heading(b.Text, Math.Min(6, headingSizes.IndexOf(b.Size) + 1), b.Page)
                : DocumentBlock.Paragraph(b.Text, b.Page))
            .ToList();
    }

    // ---- DOCX ----

    [GeneratedRegex(@"^heading\s*([1-9])$", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex HeadingStyleName();

    /// <summary>The characters of XML one part of a .docx may unpack to: ten times the text a document may have, and room for the boilerplate.</summary>
    long MaxMarkup => (long)_options.MaxCharacters * 10 + 100_000;

    List<DocumentBlock> Docx(byte[] bytes, string name, CancellationToken cancellationToken)
    {
        if (bytes.Length < 4 || bytes[0] != (byte)'P' || bytes[1] != (byte)'K')
            throw new DocumentExtractionException(DocumentProblem.Broken, bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0])
                ? $"{name} is an old Word document (.doc) or is protected by a password; save it as .docx without a password and upload that."
                : $"{name} is not a Word document (.docx); check that it is the right file.");
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            // The XML of a part is read with a cap: a few KB of zip can expand to gigabytes of markup (a zip bomb), which the text
            // cap would only see after it was all parsed. Markup runs to several times the text; the cap allows ten times.
            using var document = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxMarkup });
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new DocumentExtractionException(DocumentProblem.Broken, $"{name} is not a Word document: it has no document body.");
            var headingLevels = StyleHeadingLevels(document.MainDocumentPart!.StyleDefinitionsPart);
            var blocks = new List<DocumentBlock>();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var text = Clean(ParagraphText(paragraph));
                if (text.Length == 0) continue;
                var level = HeadingLevel(paragraph, headingLevels);
                blocks.Add(level is { } l ? DocumentBlock.Heading(text, l) : DocumentBlock.Paragraph(text));
            }
            return blocks;
        }
        catch (Exception e) when (e is not OperationCanceledException and not DocumentExtractionException)
        {
            for (var inner = e; inner is not null; inner = inner.InnerException)
                if (inner is System.Xml.XmlException && (inner.Message.Contains("MaxCharacters", StringComparison.Ordinal) || inner.Message.Contains("exceeded a limit", StringComparison.Ordinal)))
                    throw new DocumentExtractionException(DocumentProblem.TooLarge,
                        $"{name} unpacks to more than {MaxMarkup:N0} characters of document markup, far more than the {_options.MaxCharacters:N0} characters of text one document may have. Split it into smaller documents.", e);
            throw new DocumentExtractionException(DocumentProblem.Broken, $"{name} is damaged or not a valid Word document (.docx) and cannot be read.", e);
        }
    }

    /// <summary>Style id → heading level, from the style's name ("heading 2", "Title") or its outline level, following basedOn.</summary>
    static Dictionary<string, int> StyleHeadingLevels(StyleDefinitionsPart? stylesPart)
    {
        var levels = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var styles = stylesPart?.Styles?.Elements<Style>().Where(s => s.StyleId?.Value is not null).ToDictionary(s => s.StyleId!.Value!, StringComparer.OrdinalIgnoreCase)
            ?? new Dictionary<string, Style>(StringComparer.OrdinalIgnoreCase);
        int? Level(Style style, int depth)
        {
            var styleName = style.StyleName?.Val?.Value ?? "";
            if (HeadingStyleName().Match(styleName) is { Success: true } m) return int.Parse(m.Groups[1].Value);
            if (styleName.Equals("Title", StringComparison.OrdinalIgnoreCase)) return 1;
            if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 9) return outline + 1;
            if (depth < 10 && style.BasedOn?.Val?.Value is { } parent && styles.TryGetValue(parent, out var parentStyle)) return Level(parentStyle, depth + 1);
            return null;
        }
        foreach (var (id, style) in styles)
            if (Level(style, 0) is { } level) levels[id] = level;
        // Documents without a styles part still name the built-in styles by id.
        for (var i = 1; i <= 9; i++) levels.TryAdd($"Heading{i}", i);
        levels.TryAdd("Title", 1);
        return levels;
    }

    static int? HeadingLevel(Paragraph paragraph, Dictionary<string, int> styleLevels)
    {
        var properties = paragraph.ParagraphProperties;
        if (properties?.OutlineLevel?.Val?.Value is { } outline && outline < 9) return outline + 1;
        return properties?.ParagraphStyleId?.Val?.Value is { } styleId && styleLevels.TryGetValue(styleId, out var level) ? level : null;
    }

    /// <summary>The visible text of a paragraph: its text runs, tabs as spaces, breaks as new lines; deleted revisions left out.</summary>
    static string ParagraphText(Paragraph paragraph)
    {
        var builder = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case WordText t: builder.Append(t.Text); break;
                case TabChar: builder.Append(' '); break;
                case Break or CarriageReturn: builder.Append('\n'); break;
            }
        }
        return builder.ToString().Replace('\n', ' ');
    }
}
