using System.Text;
using Builder.Domain.Knowledge;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Builder.Domain.Tests.Knowledge;

/// <summary>Text out of .txt, .md, real .pdf and .docx files made here, with headings kept, and clear refusals.</summary>
public class DocumentTextExtractorTests
{
    readonly DocumentTextExtractor _extractor = new();

    Task<ExtractedDocument> Extract(byte[] bytes, string name) => _extractor.ExtractAsync(new MemoryStream(bytes), name);

    static (DocumentBlockKind, string, int)[] Shape(ExtractedDocument document) => document.Blocks.Select(b => (b.Kind, b.Text, b.Level)).ToArray();

    public static byte[] Pdf(params (string Text, double Size)[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            var y = 780.0;
            foreach (var (text, size) in lines)
            {
                // A blank line's worth of space before a heading and between paragraphs: separate blocks.
                if (size > 12 || y < 780) y -= size * 1.8;
                page.AddText(text, size, new PdfPoint(60, y), font);
                y -= size * 1.2;
            }
        }
        return builder.Build();
    }

    public static byte[] Docx(params (string? Style, string Text)[] paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                new Style(new StyleName { Val = "heading 1" }) { Type = StyleValues.Paragraph, StyleId = "Heading1" },
                // A localised id ("Überschrift 2" in German Word) still carries the built-in name.
                new Style(new StyleName { Val = "heading 2" }) { Type = StyleValues.Paragraph, StyleId = "berschrift2" },
                new Style(new StyleName { Val = "Title" }) { Type = StyleValues.Paragraph, StyleId = "Title" });
            var body = new Body();
            foreach (var (style, text) in paragraphs)
            {
                var paragraph = new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
                if (style is not null) paragraph.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = style }));
                body.Append(paragraph);
            }
            body.Append(new Table(new TableRow(new TableCell(new Paragraph(new Run(new Text("A cell of a table.")))))));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    [Fact]
    public async Task Markdown_keeps_atx_headings_with_their_levels_and_paragraphs_and_leaves_code_alone()
    {
        var md = "# Guide\n\nFirst line\ncontinues here.\n\n## Install ##\n\n```\n# not a heading\n```\n\n#NoSpace is text\n\n### C#\n####### seven is text\n";

        var document = await Extract(Encoding.UTF8.GetBytes(md), "guide.md");

        Assert.Equal("md", document.Format);
        Assert.Equal([(DocumentBlockKind.Heading, "Guide", 1), (DocumentBlockKind.Paragraph, "First line continues here.", 0),
            (DocumentBlockKind.Heading, "Install", 2), (DocumentBlockKind.Paragraph, "# not a heading", 0),
            (DocumentBlockKind.Paragraph, "#NoSpace is text", 0), (DocumentBlockKind.Heading, "C#", 3),
            (DocumentBlockKind.Paragraph, "####### seven is text", 0)], Shape(document));
    }

    [Fact]
    public async Task Text_is_paragraphs_between_blank_lines_with_a_bom_and_windows_line_endings()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("One\r\ntwo.\r\n\r\n\r\nThree.")).ToArray();

        var document = await Extract(bytes, "notes.TXT");

        Assert.Equal([(DocumentBlockKind.Paragraph, "One two.", 0), (DocumentBlockKind.Paragraph, "Three.", 0)], Shape(document));
    }

    [Fact]
    public async Task A_pdf_made_with_PdfPig_reads_back_page_by_page_and_a_larger_font_is_a_heading()
    {
        var pdf = Pdf(
            [("Cats and their habits", 20), ("The cat sleeps on the mat most of the afternoon.", 11), ("It wakes up for dinner.", 11)],
            [("Dogs", 20), ("A dog fetches the ball in the park.", 11)]);

        var document = await Extract(pdf, "animals.pdf");

        Assert.Equal("pdf", document.Format);
        var text = document.ToText();
        Assert.Contains("The cat sleeps on the mat most of the afternoon.", text);
        Assert.Contains("A dog fetches the ball in the park.", text);
        var headings = document.Blocks.Where(b => b.Kind == DocumentBlockKind.Heading).Select(b => (b.Text, b.Level, b.Page)).ToList();
        Assert.Equal([("Cats and their habits", 1, (int?)1), ("Dogs", 1, 2)], headings);
        Assert.Equal(2, document.Blocks.Single(b => b.Text.Contains("dog fetches")).Page);

        var chunks = new TextChunker().Chunk(document);
        Assert.Equal(["Cats and their habits", "Dogs"], chunks.Select(c => c.HeadingLine));
    }

    [Fact]
    public async Task A_docx_made_with_OpenXml_keeps_title_and_heading_styles_and_table_cells()
    {
        var docx = Docx(("Title", "Handbook"), (null, "Welcome to the team."), ("Heading1", "Holidays"),
            ("berschrift2", "Booking"), (null, "Book holidays two weeks ahead."), (null, "   "));

        var document = await Extract(docx, "handbook.docx");

        Assert.Equal("docx", document.Format);
        Assert.Equal([(DocumentBlockKind.Heading, "Handbook", 1), (DocumentBlockKind.Paragraph, "Welcome to the team.", 0),
            (DocumentBlockKind.Heading, "Holidays", 1), (DocumentBlockKind.Heading, "Booking", 2),
            (DocumentBlockKind.Paragraph, "Book holidays two weeks ahead.", 0), (DocumentBlockKind.Paragraph, "A cell of a table.", 0)], Shape(document));
        Assert.Equal("Holidays › Booking", new TextChunker().Chunk(document)[1].HeadingLine);
    }

    [Theory]
    [InlineData("slides.pptx", "not supported")]
    [InlineData("old.doc", "save it as .docx")]
    [InlineData("README", "no extension")]
    public async Task An_unsupported_file_is_refused_by_name_with_what_to_upload(string name, string hint)
    {
        var e = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extract([1, 2, 3], name));
        Assert.Equal(DocumentProblem.Unsupported, e.Problem);
        Assert.Contains(hint, e.Message);
    }

    [Fact]
    public async Task Broken_files_say_what_is_wrong()
    {
        var notPdf = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extract(Encoding.UTF8.GetBytes("hello"), "report.pdf"));
        Assert.Equal(DocumentProblem.Broken, notPdf.Problem);
        Assert.Contains("report.pdf is not a PDF", notPdf.Message);

        var truncated = Pdf([("Some text here.", 11)])[..200];
        var damaged = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extract(truncated, "cut.pdf"));
        Assert.Equal(DocumentProblem.Broken, damaged.Problem);
        Assert.Contains("damaged", damaged.Message);

        var docx = Docx((null, "text"));
        var brokenZip = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extract(docx[..(docx.Length / 2)], "half.docx"));
        Assert.Equal(DocumentProblem.Broken, brokenZip.Problem);
        Assert.Contains("half.docx is damaged", brokenZip.Message);

        var binary = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extract([0x41, 0x00, 0x42], "data.txt"));
        Assert.Contains("not a text file", binary.Message);

        var latin1 = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extract([0x63, 0x61, 0x66, 0xE9], "cafe.txt"));
        Assert.Contains("not UTF-8", latin1.Message);
    }

    [Fact]
    public async Task A_file_over_the_size_cap_is_refused_before_it_is_read_whole()
    {
        var extractor = new DocumentTextExtractor(new DocumentExtractionOptions { MaxBytes = 1024 });
        var e = await Assert.ThrowsAsync<DocumentExtractionException>(() =>
            extractor.ExtractAsync(new NonSeekableStream(new MemoryStream(new byte[10_000])), "big.txt"));
        Assert.Equal(DocumentProblem.TooLarge, e.Problem);
        Assert.Contains("larger than 1 KB", e.Message);

        var tooMuchText = new DocumentTextExtractor(new DocumentExtractionOptions { MaxCharacters = 10 });
        var text = await Assert.ThrowsAsync<DocumentExtractionException>(() => tooMuchText.ExtractAsync(new MemoryStream("eleven chars"u8.ToArray()), "t.txt"));
        Assert.Equal(DocumentProblem.TooLarge, text.Problem);
    }

    [Fact]
    public async Task A_file_without_text_says_so_and_a_pdf_without_text_mentions_OCR()
    {
        var empty = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extract([], "empty.md"));
        Assert.Equal(DocumentProblem.NoText, empty.Problem);

        var blankPdf = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extract(Pdf([]), "scan.pdf"));
        Assert.Equal(DocumentProblem.NoText, blankPdf.Problem);
        Assert.Contains("OCR", blankPdf.Message);
    }

    sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
