using System.Globalization;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Csv;
using Xunit.Abstractions;

namespace Builder.Domain.Tests.Tables.Csv;

[CollectionDefinition(nameof(CsvMemory), DisableParallelization = true)]
public sealed class CsvMemory;

/// <summary>
/// A generated 100,000-row file is read with flat memory: the bytes allocated per row are bounded (the row's own strings and
/// array, not a growing share of the file) and the live heap does not grow with the rows read. Bytes, not time. Runs alone
/// (GC.GetTotalAllocatedBytes counts every thread).
/// </summary>
[Collection(nameof(CsvMemory))]
public sealed class CsvLargeFileTests(ITestOutputHelper output) : IDisposable
{
    private const int Rows = 100_000;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"csv-100k-{Guid.NewGuid():N}.csv");

    private async Task<long> Generate()
    {
        await using (var file = File.Create(_path))
        await using (var writer = new CsvWriter(file))
        {
            await writer.WriteRecordAsync(["id", "name", "price", "day", "active", "note"]);
            for (var i = 1; i <= Rows; i++)
            {
                var bad = i % 25_000 == 0; // four rows whose price is not a number
                await writer.WriteRecordAsync([
                    i.ToString(CultureInfo.InvariantCulture), $"Customer {i}", bad ? "n/a" : (i / 100m).ToString(CultureInfo.InvariantCulture),
                    new DateOnly(2024, 1, 1).AddDays(i % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i % 2 == 0 ? "yes" : "no",
                    i % 10 == 0 ? "said \"hi\",\nthen left" : "",
                ]);
            }
        }
        return new FileInfo(_path).Length;
    }

    [Fact]
    public async Task Reads_100000_rows_with_bounded_allocation_per_row_and_a_flat_heap()
    {
        var size = await Generate();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long heapGrowth = 0;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var count = 0;
        long lastLine = 0;
        await using (var file = File.OpenRead(_path))
        await foreach (var record in CsvReader.ReadAsync(file))
        {
            Assert.True(record.Ok, record.Problem);
            count++;
            lastLine = record.Line;
            if (count == Rows / 2) heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var perRow = allocated / Rows;
        output.WriteLine($"file {size:N0} bytes; allocated {allocated:N0} bytes, {perRow:N0} per row; heap growth at row 50,000: {heapGrowth:N0} bytes");

        Assert.Equal(Rows + 1, count);
        Assert.Equal(1 + Rows + (Rows - 1) / 10, lastLine); // every tenth row holds a newline inside a cell
        Assert.True(perRow < 600, $"{perRow} bytes allocated per row");
        Assert.True(heapGrowth < 1_000_000, $"the heap grew by {heapGrowth:N0} bytes while reading a {size:N0}-byte file");
    }

    [Fact]
    public async Task Reports_the_coercion_of_100000_rows_with_the_failing_lines()
    {
        await Generate();
        await using var file = File.OpenRead(_path);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var report = await CsvCoercion.ReportAsync(file, [
            new CsvColumnMapping(0, new ColumnShape(ColumnType.Integer)),
            new CsvColumnMapping(2, new ColumnShape(ColumnType.Decimal)),
            new CsvColumnMapping(3, new ColumnShape(ColumnType.Date)),
            new CsvColumnMapping(4, new ColumnShape(ColumnType.Boolean)),
            new CsvColumnMapping(5, new ColumnShape(ColumnType.LongText)),
        ]);
        var perRow = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / Rows;
        output.WriteLine($"coercion: {perRow:N0} bytes allocated per row");

        Assert.Equal(Rows, report.Rows);
        Assert.Equal(0, report.BadRows);
        Assert.Equal(Rows, report.Columns[0].Converted);
        var price = report.Columns[1];
        Assert.Equal("price", price.Header);
        Assert.Equal((Rows - 4, 0L, 4L), (price.Converted, price.Empty, price.Failed));
        // row i starts on line 1 (the header) + i + the newlines inside the notes of the rows before it
        Assert.Equal([27_500L, 55_000L, 82_500L, 110_000L], price.Failures.Select(f => f.Line));
        Assert.All(price.Failures, f => Assert.Equal(("n/a", "“n/a” is not a number"), (f.Value, f.Reason)));
        Assert.Equal((Rows / 10L, Rows - Rows / 10L), (report.Columns[4].Converted, report.Columns[4].Empty));
        Assert.True(perRow < 2_000, $"{perRow} bytes allocated per row");
    }

    public void Dispose() => File.Delete(_path);
}
