using System.Text;
using System.Text.Json.Nodes;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Csv;
using Builder.Domain.Tables.Values;
using Builder.Domain.Tests.Tables.Values;

namespace Builder.Domain.Tests.Tables.Csv;

public class CsvWriterTests
{
    private static async Task<byte[]> Write(CsvWriteOptions? options, params string?[][] rows)
    {
        var stream = new MemoryStream();
        await using (var writer = new CsvWriter(stream, options with { LeaveOpen = true } ?? new CsvWriteOptions { LeaveOpen = true }))
            foreach (var row in rows) await writer.WriteRecordAsync(row);
        return stream.ToArray();
    }

    [Fact]
    public async Task Quotes_only_when_needed_with_a_BOM_and_CRLF()
    {
        var bytes = await Write(new CsvWriteOptions(), ["plain", "a,b", "say \"hi\"", "two\nlines", " padded", null, ""]);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",,\r\n", Encoding.UTF8.GetString(bytes[3..]));
        var noBom = await Write(new CsvWriteOptions { ByteOrderMark = false, Delimiter = ';', NewLine = "\n" }, ["a;b", "a,b"]);
        Assert.Equal("\"a;b\";a,b\n", Encoding.UTF8.GetString(noBom));
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=x", "'\t=x")]
    [InlineData("-", "'-")]
    [InlineData("'=x", "''=x")]
    [InlineData("-5", "-5")]
    [InlineData("+3.25", "+3.25")]
    [InlineData("-1e-7", "-1e-7")]
    [InlineData("'-5", "''-5")]
    [InlineData("'abc", "'abc")]
    [InlineData("a=b", "a=b")]
    [InlineData("2024-01-02", "2024-01-02")]
    public void Guards_cells_a_spreadsheet_would_run_as_formulas_but_not_numbers(string value, string written)
    {
        Assert.Equal(written, CsvFormulaGuard.Guard(value));
        Assert.Equal(value, CsvFormulaGuard.Unguard(written));
    }

    [Fact]
    public async Task An_export_imports_back_to_the_same_values_for_every_type()
    {
        var options = new[] { "red", "green", "blue, dark", "[x]" };
        var shapes = ColumnTypes.All.Select(t => new ColumnShape(t, t.HasOptions() ? options : null)).ToArray();
        object?[][] rows =
        [
            ["=HYPERLINK(\"http://x\")", "line 1\r\nline \"2\"\n-3", -5L, -2.5m, true, new DateOnly(2024, 2, 29),
                new DateTime(2024, 3, 31, 14, 30, 0, DateTimeKind.Utc), "blue, dark", new[] { "red", "[x]" },
                JsonNode.Parse("""{"a":"=1+2","b":[1,null]}"""), new FileCell("k/1", "a,b.pdf", 12, "application/pdf"), 3L],
            ["'@x", "", long.MinValue, 0.0000000001m, false, new DateOnly(1999, 12, 31),
                new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1), "red", new[] { "green" },
                JsonNode.Parse("\"-1\""), null, null],
            [null, null, null, null, null, null, null, null, null, null, null, null],
        ];

        foreach (var delimiter in new[] { ',', ';', '\t', '|' })
        {
            var stream = new MemoryStream();
            await using (var writer = new CsvWriter(stream, new CsvWriteOptions { Delimiter = delimiter, LeaveOpen = true }))
            {
                await writer.WriteRecordAsync(ColumnTypes.All.Select(t => t.Label()));
                foreach (var row in rows) await writer.WriteRecordAsync(row.Select((v, i) => ColumnValues.ToText(shapes[i], v)));
            }
            stream.Position = 0;

            var records = new List<CsvRecord>();
            await foreach (var r in CsvReader.ReadAsync(stream)) records.Add(r);

            Assert.Equal(ColumnTypes.All.Select(t => t.Label()), records[0].Fields);
            Assert.Equal(rows.Length + 1, records.Count);
            for (var r = 0; r < rows.Length; r++)
            {
                Assert.True(records[r + 1].Ok, records[r + 1].Problem);
                for (var c = 0; c < shapes.Length; c++)
                {
                    var expected = rows[r][c] is "" ? null : rows[r][c]; // an empty text and an empty cell are one
                    ValueAssert.Valid(expected, ColumnValues.FromText(shapes[c], records[r + 1].Fields[c]));
                }
            }
        }
    }
}
