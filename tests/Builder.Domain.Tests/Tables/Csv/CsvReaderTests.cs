using System.Text;
using Builder.Domain.Tables.Csv;

namespace Builder.Domain.Tests.Tables.Csv;

public class CsvReaderTests
{
    internal static MemoryStream Utf8(string text, bool bom = false) =>
        new((bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray());

    internal static async Task<List<CsvRecord>> Read(string text, CsvReadOptions? options = null, bool bom = false)
    {
        var records = new List<CsvRecord>();
        await foreach (var r in CsvReader.ReadAsync(Utf8(text, bom), options)) records.Add(r);
        return records;
    }

    private static string[][] Cells(IEnumerable<CsvRecord> records) => records.Select(r => r.Fields.ToArray()).ToArray();

    [Fact]
    public async Task Reads_quoted_cells_with_doubled_quotes_delimiters_and_newlines_inside()
    {
        var records = await Read("name,note\r\n\"Smith, Jo\",\"said \"\"hi\"\"\"\r\n\"two\r\nlines\",\"a\nb\"\r\nlast,\"\"\r\n");
        Assert.Equal([["name", "note"], ["Smith, Jo", "said \"hi\""], ["two\r\nlines", "a\nb"], ["last", ""]], Cells(records));
        Assert.Equal([1L, 2L, 3L, 6L], records.Select(r => r.Line)); // record 3 holds two line ends
        Assert.All(records, r => Assert.True(r.Ok, r.Problem));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public async Task Reads_every_line_end_and_counts_lines_across_blank_lines(string nl)
    {
        var records = await Read($"a,b{nl}1,2{nl}{nl}   {nl}\"x{nl}y\",3{nl}4,5");
        Assert.Equal([["a", "b"], ["1", "2"], ["x" + nl + "y", "3"], ["4", "5"]], Cells(records));
        Assert.Equal([1L, 2L, 5L, 7L], records.Select(r => r.Line));
    }

    [Fact]
    public async Task Strips_a_UTF8_byte_order_mark()
    {
        var records = await Read("id;naïve\n1;é\n", bom: true);
        Assert.Equal("id", records[0].Fields[0]);
        Assert.Equal([["id", "naïve"], ["1", "é"]], Cells(records));
    }

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    public async Task Detects_each_delimiter_from_the_first_lines(char d)
    {
        // A comma inside a cell must not win: the decimals use commas in the semicolon and tab files.
        var text = $"name{d}price{d}note\n\"A{d}B\"{d}3,5{d}x\nC{d}4,25{d}\"y, z\"\n";
        await using var reader = await CsvReader.OpenAsync(Utf8(text));
        Assert.Equal(d, reader.Delimiter);
        var records = new List<CsvRecord>();
        await foreach (var r in reader.ReadRecordsAsync()) records.Add(r);
        if (d == ',') return; // "3,5" splits in a comma file: that file is ragged, which the next test covers
        Assert.Equal([["name", "price", "note"], [$"A{d}B", "3,5", "x"], ["C", "4,25", "y, z"]], Cells(records));
    }

    [Fact]
    public async Task Uses_a_given_delimiter_and_falls_back_to_a_comma_for_one_column()
    {
        Assert.Equal([["a;b", "c"]], Cells(await Read("a;b,c", new CsvReadOptions { Delimiter = ',' })));
        await using var single = await CsvReader.OpenAsync(Utf8("name\nAda\n"));
        Assert.Equal(',', single.Delimiter);
    }

    [Fact]
    public async Task Reports_ragged_rows_without_throwing_and_goes_on()
    {
        var records = await Read("a,b,c\n1,2,3\n1,2\n1,2,3,4\n\"x\ny\"\n7,8,9\n");
        Assert.Equal(6, records.Count);
        Assert.Null(records[1].Problem);
        Assert.Equal("The row has 2 cells; the header has 3", records[2].Problem);
        Assert.Equal(3, records[2].Line);
        Assert.Equal("The row has 4 cells; the header has 3", records[3].Problem);
        Assert.Equal("The row has 1 cell; the header has 3", records[4].Problem);
        Assert.Equal(5, records[4].Line);
        Assert.True(records[5].Ok);
        Assert.Equal(7, records[5].Line);
        Assert.Null(records[2].Field(2));
    }

    [Fact]
    public async Task Caps_a_cell_and_the_number_of_cells()
    {
        var options = new CsvReadOptions { MaxFieldLength = 10, MaxColumns = 3 };
        var records = await Read("a,b,c\n12345678901,2,3\n1,2,3,4,5\n\"1234567890\",2,3\n", options);
        Assert.Equal("A cell is longer than 10 characters", records[1].Problem);
        Assert.Equal("The row has more than 3 cells", records[2].Problem);
        Assert.True(records[3].Ok);
        Assert.Equal("1234567890", records[3].Fields[0]);
    }

    [Fact]
    public async Task Reports_an_unclosed_quote_and_keeps_text_after_a_closing_quote()
    {
        var records = await Read("a,b\n\"x\"y,2\n1,\"never closed\n3,4\n");
        Assert.Equal(["xy", "2"], records[1].Fields);
        Assert.True(records[1].Ok);
        Assert.Equal(3, records[2].Line);
        Assert.Contains("A quoted cell is not closed", records[2].Problem);
        Assert.Equal(3, records.Count);
    }

    [Fact]
    public async Task An_empty_file_has_no_records_and_a_last_line_needs_no_line_end()
    {
        Assert.Empty(await Read(""));
        Assert.Empty(await Read("\r\n\r\n"));
        Assert.Equal([["a"], ["b"]], Cells(await Read("a\nb")));
        Assert.Equal([["a", ""], ["", ""]], Cells(await Read("a,\n,")));
    }

    [Fact]
    public async Task Reads_records_across_the_buffer_boundary()
    {
        // Cells of 40,000 characters with quotes and newlines: records straddle the 64 K buffer many times.
        var big = new string('x', 40_000);
        var sb = new StringBuilder("a,b\n");
        for (var i = 0; i < 10; i++) sb.Append('"').Append(big).Append("\"\"\n").Append(i).Append("\",").Append(i).Append('\n');
        var records = await Read(sb.ToString());
        Assert.Equal(11, records.Count);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(big + "\"\n" + i, records[i + 1].Fields[0]);
            Assert.Equal(2 + 2 * i, records[i + 1].Line);
        }
    }
}
