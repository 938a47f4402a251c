// AutessaDB tables benchmark on a fresh SQLite database: imports a generated CSV of N rows (default 100,000) through the CSV
// import job (time, rows per second, peak live heap and peak working set while it runs), then on that table: the first data
// page (100 rows, default order, with its total), a filter on an indexed column, a sort on an unindexed column, and the
// type-change preview (text → integer) over every row. Server time only (domain calls, no HTTP). Prints JSON.
// Options: --rows N (100000), --repeat N (how many times each read is timed; the median is reported, default 5).
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Data;
using Builder.Domain;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Import;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var rowCount = Arg("--rows", 100_000);
var repeat = Arg("--repeat", 5);

var dir = Directory.CreateTempSubdirectory("bench-tables-");
try
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Builder"] = $"Data Source={Path.Combine(dir.FullName, "bench.db")}",
    }).Build();
    await using var services = new ServiceCollection()
        .AddSingleton<IConfiguration>(configuration)
        .AddLogging()
        .AddBuilderData(configuration, dir.FullName)
        .AddBuilderDomain()
        .BuildServiceProvider();
    await services.InitializeDatabaseAsync(seed: true);

    Actor admin;
    Guid org;
    await using (var db = services.GetRequiredService<IBuilderDbContextFactory>().Create())
    {
        var userId = await db.Users.Where(u => u.Email == "admin@acme.test").Select(u => u.Id).SingleAsync();
        org = await db.Organizations.Where(o => o.Name == "Acme Corp").Select(o => o.Id).SingleAsync();
        await using var scope0 = services.CreateAsyncScope();
        admin = (await scope0.ServiceProvider.GetRequiredService<UserAccountService>().BuildActorAsync(userId))!;
    }

    await using var scope = services.CreateAsyncScope();
    var tables = scope.ServiceProvider.GetRequiredService<TableService>();
    var rows = scope.ServiceProvider.GetRequiredService<RowService>();
    var table = await tables.CreateAsync(admin, org, new TableInput("bench_orders", null,
    [
        new ColumnInput("customer", "text", Indexed: true), new ColumnInput("amount", "decimal"), new ColumnInput("qty", "integer"),
        new ColumnInput("status", "single_select", Options: ["open", "paid", "shipped", "cancelled"]), new ColumnInput("note", "text"),
        new ColumnInput("ordered_on", "date"), new ColumnInput("code", "text"),
    ]));

    // The CSV file, written to disk first (its size is reported).
    var path = Path.Combine(dir.FullName, "orders.csv");
    string[] statuses = ["open", "paid", "shipped", "cancelled"];
    await using (var w = new StreamWriter(path))
    {
        await w.WriteLineAsync("customer,amount,qty,status,note,ordered_on,code");
        var random = new Random(7);
        for (var i = 0; i < rowCount; i++)
            await w.WriteLineAsync($"customer {random.Next(10_000)},{random.Next(100_000) / 100m},{random.Next(1, 50)},{statuses[i % 4]}," +
                                   $"note number {random.Next()},2024-{i % 12 + 1:00}-{i % 28 + 1:00},{(i % 10 == 0 ? "x" + i : i.ToString())}");
    }
    var fileBytes = new FileInfo(path).Length;

    // Reading and converting alone (the coercion report over the whole file): how much of the import is CSV work.
    var reportCpu = Process.GetCurrentProcess().TotalProcessorTime;
    var reportWatch = Stopwatch.StartNew();
    await using (var stream = File.OpenRead(path))
        await Builder.Domain.Tables.Csv.CsvCoercion.ReportAsync(stream, Enumerable.Range(0, 7).Select(i => new Builder.Domain.Tables.Csv.CsvColumnMapping(i,
            new ColumnShape(ColumnTypes.FromWireName(table.Columns[i].Type)!.Value, table.Columns[i].Options.Count > 0 ? table.Columns[i].Options : null))).ToArray());
    var reportMs = reportWatch.Elapsed.TotalMilliseconds;
    var reportCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - reportCpu).TotalMilliseconds;

    // The import, through the queue and its worker as the app runs it.
    var queue = services.GetRequiredService<ImportQueue>();
    var worker = services.GetServices<IHostedService>().OfType<ImportWorker>().Single();
    var done = new TaskCompletionSource<ImportProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
    long peakHeap = 0, peakWorkingSet = 0;
    var process = Process.GetCurrentProcess();
    GC.Collect();
    var heapBefore = GC.GetTotalMemory(true);
    queue.Changed += p =>
    {
        peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
        process.Refresh();
        peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
        if (p.IsFinished) done.TrySetResult(p);
    };
    await worker.StartAsync(CancellationToken.None);
    var cpuBefore = process.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    var started = await scope.ServiceProvider.GetRequiredService<TableImportService>().StartAsync(admin, new TableImportRequest(org, table.TableId, path, "orders.csv",
        Enumerable.Range(0, 7).Select(i => new ImportColumn(i, table.Columns[i].Name)).ToArray()));
    var result = await done.Task;
    var importMs = sw.Elapsed.TotalMilliseconds;
    process.Refresh();
    var importCpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
    await worker.StopAsync(CancellationToken.None);
    if (result.Imported != rowCount) throw new InvalidOperationException($"imported {result.Imported} of {rowCount}: {result.Message}");

    async Task<double> MedianAsync(Func<Task> run)
    {
        await run(); // warm
        var times = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var t = Stopwatch.StartNew();
            await run();
            times.Add(t.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return Math.Round(times[times.Count / 2], 1);
    }

    var firstPage = await MedianAsync(() => rows.QueryAsync(admin, table.TableId, new RowQuery(Limit: 100)));
    var indexedFilter = await MedianAsync(() => rows.QueryAsync(admin, table.TableId, new RowQuery(
        JsonNode.Parse("""[{"column":"customer","operator":"equals","value":"customer 42"}]"""), Limit: 100)));
    var unindexedSort = await MedianAsync(() => rows.QueryAsync(admin, table.TableId, new RowQuery(Sort: [new RowSort("note", true)], Limit: 100)));
    var code = table.Columns.Single(c => c.Name == "code").Id;
    var previewMs = await MedianAsync(() => tables.PreviewTypeChangeAsync(admin, table.Id, code, new TypeChange("integer")));
    var preview = await tables.PreviewTypeChangeAsync(admin, table.Id, code, new TypeChange("integer"));

    Console.WriteLine(JsonSerializer.Serialize(new
    {
        rows = rowCount,
        csvBytes = fileBytes,
        import = new
        {
            ms = Math.Round(importMs),
            cpuMs = Math.Round(importCpuMs), // the process's CPU time (all threads): steadier than wall time on a busy machine
            rowsPerSecond = Math.Round(rowCount / (importMs / 1000)),
            liveHeapBeforeBytes = heapBefore,
            peakLiveHeapBytes = peakHeap,
            peakWorkingSetBytes = peakWorkingSet,
            goalMs = 20_000,
        },
        coercionReport = new { ms = Math.Round(reportMs), cpuMs = Math.Round(reportCpuMs) },
        firstPageMs = firstPage, firstPageGoalMs = 150,
        indexedFilterMs = indexedFilter, indexedFilterGoalMs = 100,
        unindexedSortMs = unindexedSort, unindexedSortGoalMs = 500,
        typeChangePreviewMs = previewMs, typeChangePreviewGoalMs = 2_000,
        typeChangePreview = new { preview.Total, preview.Unconvertible },
        repeat,
    }, new JsonSerializerOptions { WriteIndented = true }));
}
finally
{
    try { dir.Delete(true); } catch (IOException) { }
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
