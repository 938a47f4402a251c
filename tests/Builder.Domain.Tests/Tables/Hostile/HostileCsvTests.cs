using System.Diagnostics;
using System.Text;
using Builder.Domain.Tables.Csv;

namespace Builder.Domain.Tests.Tables.Hostile;

/// <summary>CSV built to exhaust the reader: an unclosed quote at the start of a 10 MB file, a million cells in one line.</summary>
public class HostileCsvTests
{
    private static async Task<(List<CsvRecord> Records, long HeapGrowth, TimeSpan Took)> ReadAllAsync(Stream stream)
    {
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var watch = Stopwatch.StartNew();
        var records = new List<CsvRecord>();
        long peak = 0;
        await foreach (var record in CsvReader.ReadAsync(stream))
        {
            records.Add(record);
            peak = Math.Max(peak, GC.GetTotalMemory(false) - before);
        }
        return (records, peak, watch.Elapsed);
    }

    private static MemoryStream Bytes(Action<StringBuilder> write)
    {
        var text = new StringBuilder();
        write(text);
        return new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
    }

    [Fact]
    public async Task An_unclosed_quote_at_the_start_of_a_10_mb_file_is_one_bounded_problem_record()
    {
        using var stream = Bytes(t =>
        {
            t.Append("name,amount\n\"");
            while (t.Length < 10_000_000) t.Append("abcdefghij,12345\n");
        });
        var (records, _, took) = await ReadAllAsync(stream);
        Assert.True(records[0].Ok);
        Assert.Equal(["name", "amount"], records[0].Fields);
        var bad = records[1];
        Assert.False(bad.Ok);
        Assert.Equal(2, bad.Line);
        Assert.True(bad.Fields.Sum(f => f.Length) <= CsvReadOptions.Default.MaxFieldLength * 2, "the problem record holds the cell whole");
        Assert.True(took < TimeSpan.FromSeconds(5), $"took {took}");
    }

    [Fact]
    public async Task A_million_cells_in_one_line_is_a_problem_record_and_the_next_line_reads()
    {
        using var stream = Bytes(t =>
        {
            t.Append("a,b\n");
            t.Append(',', 1_000_000).Append('\n');
            t.Append("1,2\n");
        });
        var (records, _, took) = await ReadAllAsync(stream);
        Assert.Equal(3, records.Count);
        Assert.False(records[1].Ok);
        Assert.Contains("1,000", records[1].Problem);
        Assert.True(records[1].Fields.Count <= CsvReadOptions.Default.MaxColumns);
        Assert.Equal(["1", "2"], records[2].Fields);
        Assert.Equal(3, records[2].Line);
        Assert.True(took < TimeSpan.FromSeconds(5), $"took {took}");
    }
}
