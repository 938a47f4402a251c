using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Knowledge;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tests.Knowledge;
using Builder.Domain.Tests.Support;
using Builder.Domain.Tests.Tables.Rows;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Builder.Domain.Tests.Tables.Hostile;

/// <summary>Holes found by a hostile pass over AutessaDB rows and knowledge-base documents; each test failed before its fix.</summary>
public class HostilePassTests
{
    private static JsonNode Nested(int depth)
    {
        var text = new string('[', depth) + "1" + new string(']', depth);
        return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 512 })!;
    }

    [Fact]
    public async Task A_json_cell_nested_deeper_than_the_store_reads_back_is_refused_and_the_table_stays_readable()
    {
        await using var db = await FileTestDatabase.CreateAsync();
        var acme = await db.OrganizationIdAsync("Acme Corp");
        var admin = await db.ActorAsync("admin@acme.test");
        var table = await RowTestTables.CreateAsync(db, acme, admin.UserId, "events", new RowTestTables.Column("payload", ColumnType.Json));
        var rows = new RowService(db, db.Clock);
        await rows.InsertAsync(admin, table.Number, new JsonObject { ["payload"] = Nested(64) });

        // The poweruser API reads bodies nested up to 256 levels; a cell deeper than 64 would be stored and then break every read
        // of the table (the stored JSON is parsed with the default depth of 64).
        var error = await Assert.ThrowsAsync<ValidationException>(() => rows.InsertAsync(admin, table.Number, new JsonObject { ["payload"] = Nested(200) }));
        Assert.Contains("data.payload", error.Errors.Keys);
        Assert.Contains("64", error.Errors["data.payload"][0]);
        var id = (await rows.QueryAsync(admin, table.Number, new RowQuery())).Rows.Single().RowId;
        await Assert.ThrowsAsync<ValidationException>(() => rows.UpdateAsync(admin, table.Number, id, new JsonObject { ["payload"] = Nested(65) }));

        Assert.Equal(1, (await rows.QueryAsync(admin, table.Number, new RowQuery())).Total);
    }

    [Fact]
    public async Task A_docx_whose_xml_expands_far_beyond_its_text_is_refused_as_too_large_before_it_is_parsed_whole()
    {
        // A few KB zipped, hundreds of thousands of characters of markup unzipped (a zip bomb in miniature), with one letter of text.
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var paragraph = new Paragraph(new Run(new Text("a")));
            for (var i = 0; i < 40_000; i++) paragraph.Append(new Run());
            main.Document = new Document(new Body(paragraph));
        }
        var bytes = stream.ToArray();
        Assert.True(bytes.Length < 50_000, $"{bytes.Length} bytes");

        var extractor = new DocumentTextExtractor(new DocumentExtractionOptions { MaxCharacters = 1_000 });
        var e = await Assert.ThrowsAsync<DocumentExtractionException>(() => extractor.ExtractAsync(new MemoryStream(bytes), "bomb.docx"));
        Assert.Equal(DocumentProblem.TooLarge, e.Problem);
        Assert.Contains("bomb.docx", e.Message);

        // An ordinary document under the same limit still reads.
        var fine = await extractor.ExtractAsync(new MemoryStream(DocumentTextExtractorTests.Docx((null, "Short and sweet."))), "fine.docx");
        Assert.Contains(fine.Blocks, b => b.Text == "Short and sweet.");
    }
}
