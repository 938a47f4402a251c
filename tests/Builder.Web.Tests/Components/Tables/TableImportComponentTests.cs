using System.Text;
using Bunit;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Csv;
using Builder.Web.Features.Tables.Import;

namespace Builder.Web.Tests.Components.Tables;

/// <summary>The import page's pieces: the draft's mapping rules, the mapping table and the coercion report.</summary>
public sealed class TableImportComponentTests : ConsoleTestContext
{
    private static readonly ColumnView Title = new(Guid.NewGuid(), "title", "text", "Text", 0, true, false, false, false, [], null, null);
    private static readonly ColumnView Qty = new(Guid.NewGuid(), "qty", "integer", "Integer", 1, false, false, false, false, [], null, null);

    private static async Task<ImportDraft> DraftAsync(string csv)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        var preview = await CsvPreview.ReadAsync(new MemoryStream(bytes));
        var suggestions = await CsvTypeGuess.SuggestAsync(new MemoryStream(bytes));
        return ImportDraft.Create(preview, suggestions, [Title, Qty]);
    }

    [Fact]
    public async Task Headers_that_name_a_column_map_to_it_and_create_fields_makes_the_rest_new_columns_of_the_guessed_type()
    {
        var draft = await DraftAsync("Title,QTY,Unit price\na,1,1.5\nb,2,2.5\n");
        Assert.Equal(["title", "qty", ImportMappingRow.Skip], draft.Rows.Select(r => r.Target));
        draft.CreateFieldsFromHeader();
        var created = draft.Rows[2];
        Assert.Equal(ImportMappingRow.New, created.Target);
        Assert.Equal(("unit_price", ColumnType.Decimal), (created.NewName, created.NewType));
        Assert.Empty(draft.Problems());
        Assert.Equal("decimal", draft.ImportColumns()[2].NewColumn!.Type);

        created.NewName = "qty";
        Assert.Contains(draft.Problems(), p => p.Contains("\"qty\""));
        foreach (var row in draft.Rows) row.Target = ImportMappingRow.Skip;
        Assert.Contains("Map at least one CSV column to a table column.", draft.Problems());
    }

    [Fact]
    public async Task The_mapping_table_shows_each_csv_column_its_first_value_and_the_suggested_type_of_a_new_column()
    {
        var draft = await DraftAsync("Title,Ordered on\na,2024-01-02\n");
        draft.Rows[1].Target = ImportMappingRow.New;
        var page = RenderWithProviders<ImportMapping>(new() { ["Draft"] = draft });
        var rows = page.FindAll("[data-testid^=mapping-]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("Title", rows[0].TextContent);
        Assert.Contains("2024-01-02", rows[1].TextContent);
        Assert.Contains("suggested", rows[1].TextContent);
        Assert.Contains("Date", rows[1].TextContent);
        Assert.DoesNotContain("suggested", rows[0].TextContent);
    }

    [Fact]
    public async Task The_coercion_report_counts_per_column_and_lists_the_first_failures_by_line()
    {
        var csv = "title,qty\na,1\nb,two\nc,\nd\ne,3.5\n";
        var report = await CsvCoercion.ReportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)),
            [new CsvColumnMapping(0, new ColumnShape(ColumnType.Text)), new CsvColumnMapping(1, new ColumnShape(ColumnType.Integer))]);
        var page = Context.Render<CoercionReportView>(p => p.Add(c => c.Report, report));
        var qty = page.Find("[data-testid=coercion-1]").TextContent;
        Assert.Contains("Integer", qty);
        Assert.Contains("line 3:", qty);
        Assert.Contains("line 6:", qty);
        Assert.Contains("line 5", page.Find("[data-testid=malformed-rows]").TextContent);
        Assert.Contains("5 rows read; 2 cells do not convert.", page.Find("[data-testid=coercion-summary]").TextContent);
    }
}
