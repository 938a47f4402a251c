using System.Text;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Csv;

namespace Builder.Domain.Tests.Tables.Csv;

/// <summary>The preview, the coercion report per mapped column and the suggested fields, as the import page shows them.</summary>
public class CsvInspectionTests
{
    private static MemoryStream Utf8(string text) => CsvReaderTests.Utf8(text);

    [Fact]
    public async Task A_preview_is_the_header_and_the_first_rows_only()
    {
        var text = "name;age\n" + string.Concat(Enumerable.Range(1, 50).Select(i => $"n{i};{i}\n"));
        var preview = await CsvPreview.ReadAsync(Utf8(text), rows: 3);
        Assert.Equal(';', preview.Delimiter);
        Assert.Equal(["name", "age"], preview.Header);
        Assert.Equal([2L, 3L, 4L], preview.Rows.Select(r => r.Line));
        Assert.Equal(["n1", "1"], preview.Rows[0].Fields);
        Assert.True(preview.HasMoreRows);

        var all = await CsvPreview.ReadAsync(Utf8("a\n1\n2\n"), rows: 2);
        Assert.False(all.HasMoreRows);
        var empty = await CsvPreview.ReadAsync(Utf8(""));
        Assert.Empty(empty.Header);
        Assert.Empty(empty.Rows);
    }

    [Fact]
    public async Task The_coercion_report_counts_per_column_and_lists_failures_with_their_lines()
    {
        var text = new StringBuilder("name,age,member,plan\n");
        text.Append("Ada,36,yes,pro\n");          // line 2
        text.Append("Bob,,no,free\n");            // line 3: empty age
        text.Append("\"Cy\nJr\",abc,maybe,pro\n"); // line 4-5: age and member fail
        text.Append("Di,4.5,Y,gold\n");           // line 6: age and plan fail
        text.Append("Ed,40\n");                   // line 7: ragged
        for (var i = 0; i < 30; i++) text.Append($"F{i},x{i},1,free\n"); // lines 8-37: age fails
        var report = await CsvCoercion.ReportAsync(Utf8(text.ToString()), [
            new CsvColumnMapping(1, new ColumnShape(ColumnType.Integer)),
            new CsvColumnMapping(2, new ColumnShape(ColumnType.Boolean)),
            new CsvColumnMapping(3, new ColumnShape(ColumnType.SingleSelect, ["free", "pro"])),
            new CsvColumnMapping(0, new ColumnShape(ColumnType.Text)),
        ]);

        Assert.Equal(35, report.Rows);
        Assert.Equal(1, report.BadRows);
        Assert.Equal([new CsvRowProblem(7, "The row has 2 cells; the header has 4")], report.RowProblems);

        var age = report.Columns[0];
        Assert.Equal(("age", 1L, 1L, 32L), (age.Header, age.Converted, age.Empty, age.Failed));
        Assert.Equal(CsvCoercion.MaxListed, age.Failures.Count);
        Assert.Equal(new CsvCellFailure(4, "abc", "“abc” is not a whole number"), age.Failures[0]);
        Assert.Equal(new CsvCellFailure(6, "4.5", "“4.5” is not a whole number"), age.Failures[1]);
        Assert.Equal(new CsvCellFailure(8, "x0", "“x0” is not a whole number"), age.Failures[2]);

        var member = report.Columns[1];
        Assert.Equal((33L, 0L, 1L), (member.Converted, member.Empty, member.Failed));
        Assert.Equal(4, member.Failures.Single().Line);
        Assert.StartsWith("“maybe” is not a yes/no value", member.Failures.Single().Reason);

        var plan = report.Columns[2];
        Assert.Equal(new CsvCellFailure(6, "gold", "“gold” is not one of the options (free, pro)"), plan.Failures.Single());
        Assert.Equal(34L, report.Columns[3].Converted);
        Assert.Equal(34, report.FailedCells);
    }

    [Fact]
    public async Task A_failure_keeps_at_most_200_characters_of_the_value()
    {
        var report = await CsvCoercion.ReportAsync(Utf8("n\n" + new string('x', 1_000) + "\n"), [new CsvColumnMapping(0, new ColumnShape(ColumnType.Integer))]);
        Assert.Equal(201, report.Columns[0].Failures.Single().Value.Length);
    }

    [Fact]
    public async Task Suggests_a_type_and_a_name_for_each_column()
    {
        var text = new StringBuilder("Id,Unit price (€),Active?,Day,When,Zip,Status,Payload,Notes,Empty,id,2024 Total,Flag\n");
        for (var i = 0; i < 12; i++)
            text.Append($"{i + 1},{i}.5,{(i % 2 == 0 ? "yes" : "no")},2024-01-{i + 1:00},2024-01-02T10:{i:00}:00Z,0{i}123,")
                .Append(i % 3 == 0 ? "open" : "closed").Append(",\"{\"\"a\"\":").Append(i).Append("}\",")
                .Append(i == 5 ? new string('n', 600) : "short").Append(",,").Append(i * 2).Append(',').Append(i * 3).Append(',').Append(i % 2).Append('\n');
        var fields = await CsvTypeGuess.SuggestAsync(Utf8(text.ToString()));

        Assert.Equal(
            ["id_2", "unit_price", "active", "day", "when", "zip", "status", "payload", "notes", "empty", "id_3", "c_2024_total", "flag"],
            fields.Select(f => f.Name));
        Assert.Equal(
            [ColumnType.Integer, ColumnType.Decimal, ColumnType.Boolean, ColumnType.Date, ColumnType.DateTime, ColumnType.Text,
                ColumnType.SingleSelect, ColumnType.Json, ColumnType.LongText, ColumnType.Text, ColumnType.Integer, ColumnType.Integer, ColumnType.Integer],
            fields.Select(f => f.Shape.Type));
        Assert.Equal(["open", "closed"], fields[6].Shape.Options);
        Assert.Equal("Unit price (€)", fields[1].Header);
    }

    [Fact]
    public void Column_names_follow_the_identifier_rule()
    {
        var names = CsvTypeGuess.ColumnNames(["Crème brûlée", "", "ID", "created_at", "a", "A", new string('x', 80), "___", "Straße №1"]);
        Assert.Equal(["creme_brulee", "column_2", "id_2", "created_at_2", "a", "a_2", new string('x', 63), "column_8", "stra_e_1"], names);
        Assert.All(names, n => Assert.Matches("^[a-z][a-z0-9_]{0,62}$", n));
    }
}
