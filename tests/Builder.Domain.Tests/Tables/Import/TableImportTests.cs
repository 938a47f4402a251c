using System.Text;
using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Csv;
using Builder.Domain.Tables.Export;
using Builder.Domain.Tables.Import;
using Builder.Domain.Tables.Rows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Builder.Domain.Tests.Tables.Import;

/// <summary>Runs apart from the other tests (<see cref="Csv.CsvMemory"/>): the 100,000-row import measures the live heap, which parallel tests would grow.</summary>
[Collection(nameof(Csv.CsvMemory))]
public sealed class TableImportTests : TableTestContext, IAsyncLifetime
{
    private readonly List<string> _files = [];

    private string File(string text)
    {
        var path = Path.GetTempFileName();
        global::System.IO.File.WriteAllText(path, text, new UTF8Encoding(false));
        _files.Add(path);
        return path;
    }

    private async Task<ImportProgress> RunAsync(TableImportRequest request, Action<ImportProgress>? watch = null, Action<TableImportService, Guid>? whileQueued = null)
    {
        var queue = Get<ImportQueue>();
        var worker = Get<IEnumerable<IHostedService>>().OfType<ImportWorker>().Single();
        var service = Get<TableImportService>();
        var started = await service.StartAsync(Admin, request);
        whileQueued?.Invoke(service, started.JobId);
        var done = new TaskCompletionSource<ImportProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Changed += p =>
        {
            if (p.JobId != started.JobId) return;
            watch?.Invoke(p);
            if (p.IsFinished) done.TrySetResult(p);
        };
        await worker.StartAsync(CancellationToken.None);
        try
        {
            return await done.Task.WaitAsync(TimeSpan.FromMinutes(3));
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private async Task<List<JsonObject>> RowsAsync(TableView table)
    {
        var page = await Get<RowService>().QueryAsync(Admin, table.TableId, new RowQuery(Limit: 1000));
        return page.Rows.Select(r => r.Data).ToList();
    }

    private static TableImportRequest Request(TableView table, string path, BadRowPolicy policy, params ImportColumn[] columns) =>
        new(table.OrganizationId, table.TableId, path, "data.csv", columns, policy);

    [Fact]
    public async Task Skip_imports_the_good_rows_and_reports_each_bad_one_by_line_and_reason()
    {
        var table = await CreateAsync("orders", Column("title", required: true), Column("amount", "integer"));
        var csv = "title,amount\nfirst,1\nsecond,two\n\"multi\nline\",3\n,4\nragged\nlast,5\n";
        var result = await RunAsync(Request(table, File(csv), BadRowPolicy.Skip, new ImportColumn(0, "title"), new ImportColumn(1, "amount")));

        Assert.Equal(ImportState.Completed, result.State);
        Assert.Equal(6, result.RowsRead);
        Assert.Equal(3, result.Imported);
        Assert.Equal(3, result.Skipped);
        Assert.Equal([3L, 6, 7], result.Problems.Select(p => p.Line));
        Assert.Contains("amount", result.Problems[0].Reason);
        Assert.Contains("required", result.Problems[1].Reason);
        Assert.Contains("cell", result.Problems[2].Reason);
        Assert.Equal(["first", "multi\nline", "last"], (await RowsAsync(table)).Select(r => r["title"]!.GetValue<string>()));
        Assert.Equal(100, result.Percent);
    }

    [Theory]
    [InlineData(BadRowPolicy.Stop)]
    [InlineData(BadRowPolicy.Skip)]
    public async Task A_bad_row_after_whole_batches_stops_with_nothing_imported_or_is_skipped_with_the_rest_kept(BadRowPolicy policy)
    {
        var table = await CreateAsync("orders", Column("n", "integer"));
        var sb = new StringBuilder("n\n");
        for (var i = 1; i <= 2500; i++) sb.Append(i == 1600 ? "x" : i.ToString()).Append('\n');
        var result = await RunAsync(Request(table, File(sb.ToString()), policy, new ImportColumn(0, "n")));

        Assert.Equal(1601, Assert.Single(result.Problems).Line);
        var page = await Get<RowService>().QueryAsync(Admin, table.TableId, new RowQuery(Limit: 1));
        if (policy == BadRowPolicy.Skip)
        {
            Assert.Equal((ImportState.Completed, 2499L, 2499L), (result.State, result.Imported, page.Total));
            return;
        }
        Assert.Equal((ImportState.Stopped, 0L, 0L), (result.State, result.Imported, page.Total));
        Assert.Contains("line 1,601", result.Message);
        Assert.Contains("Nothing was imported", result.Message);
    }

    [Fact]
    public async Task Stop_on_a_row_the_store_refuses_in_a_later_batch_imports_nothing_and_names_the_line()
    {
        var table = await CreateAsync("people", Column("email", unique: true));
        await Get<RowService>().InsertAsync(Admin, table.TableId, new JsonObject { ["email"] = "taken@x.test" });
        var sb = new StringBuilder("email\n");
        for (var i = 1; i <= 1500; i++) sb.Append(i == 1200 ? "taken@x.test" : $"p{i}@x.test").Append('\n');
        var result = await RunAsync(Request(table, File(sb.ToString()), BadRowPolicy.Stop, new ImportColumn(0, "email")));

        Assert.Equal(ImportState.Stopped, result.State);
        Assert.Equal(1201, Assert.Single(result.Problems).Line);
        Assert.Contains("unique", result.Problems[0].Reason);
        var page = await Get<RowService>().QueryAsync(Admin, table.TableId, new RowQuery(Limit: 1));
        Assert.Equal(1, page.Total); // the row that was there before, only
    }

    [Fact]
    public async Task A_unique_value_taken_skips_only_that_row_of_its_batch()
    {
        var table = await CreateAsync("people", Column("email", unique: true));
        await Get<RowService>().InsertAsync(Admin, table.TableId, new JsonObject { ["email"] = "taken@x.test" });
        var csv = "email\na@x.test\ntaken@x.test\nb@x.test\n";
        var result = await RunAsync(Request(table, File(csv), BadRowPolicy.Skip, new ImportColumn(0, "email")));

        Assert.Equal(2, result.Imported);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("unique", problem.Reason);
    }

    [Fact]
    public async Task Fields_created_from_the_header_get_the_guessed_types()
    {
        var table = await CreateAsync("orders", Column("title"));
        var csv = "Customer Name,Unit price,Paid?,Ordered on\nAda,1.5,yes,2024-01-02\nBob,2.25,no,2024-02-03\n";
        var path = File(csv);
        IReadOnlyList<CsvFieldSuggestion> fields;
        await using (var stream = global::System.IO.File.OpenRead(path)) fields = await CsvTypeGuess.SuggestAsync(stream);
        var columns = fields.Select(f => new ImportColumn(f.CsvColumn, NewColumn: new ColumnInput(f.Name, f.Shape.Type.WireName(), Options: f.Shape.Options))).ToArray();
        var result = await RunAsync(Request(table, path, BadRowPolicy.Skip, columns));

        Assert.Equal(ImportState.Completed, result.State);
        var view = await Tables.GetAsync(Admin, table.Id);
        Assert.Equal(["title", "customer_name", "unit_price", "paid", "ordered_on"], view.Columns.Select(c => c.Name));
        Assert.Equal(["text", "text", "decimal", "boolean", "date"], view.Columns.Select(c => c.Type));
        var rows = await RowsAsync(table);
        Assert.Equal(2.25m, rows[1]["unit_price"]!.GetValue<decimal>());
        Assert.False(rows[1]["paid"]!.GetValue<bool>());
        Assert.Equal("2024-02-03", rows[1]["ordered_on"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cancelled_job_stops_and_says_what_stays()
    {
        var table = await CreateAsync("orders", Column("title"));
        var result = await RunAsync(Request(table, File("title\na\nb\n"), BadRowPolicy.Skip, new ImportColumn(0, "title")),
            whileQueued: (service, id) => service.Cancel(Admin, id));
        Assert.Equal(ImportState.Cancelled, result.State);
        Assert.Equal(0, result.Imported);
        Assert.Contains("Cancelled", result.Message);
    }

    [Fact]
    public async Task Starting_needs_edit_on_the_table_and_another_organization_is_404()
    {
        var table = await CreateAsync("orders", Column("title"));
        var request = Request(table, File("title\na\n"), BadRowPolicy.Skip, new ImportColumn(0, "title"));
        await Assert.ThrowsAsync<NotFoundException>(() => Get<TableImportService>().StartAsync(GlobexAdmin, request));
        await Assert.ThrowsAnyAsync<DomainException>(() => Get<TableImportService>().StartAsync(Guest, request));
        var bad = request with { Columns = [new ImportColumn(0, "nope")] };
        var e = await Assert.ThrowsAsync<ValidationException>(() => Get<TableImportService>().StartAsync(Admin, bad));
        Assert.Contains("columns[0].column", e.Errors.Keys);
    }

    [Fact]
    public async Task A_job_is_only_visible_to_the_member_who_started_it()
    {
        var table = await CreateAsync("orders", Column("title"));
        var service = Get<TableImportService>();
        var started = await service.StartAsync(Admin, Request(table, File("title\na\n"), BadRowPolicy.Skip, new ImportColumn(0, "title")));
        Assert.Equal(started.JobId, service.Get(Admin, started.JobId).JobId);
        Assert.Throws<NotFoundException>(() => service.Get(Builder, started.JobId));
        Assert.Throws<NotFoundException>(() => service.Cancel(GlobexAdmin, started.JobId));
    }

    [Fact]
    public async Task An_export_imports_back_unchanged()
    {
        ColumnInput[] columns =
        [
            Column("title"), Column("notes", "long_text"), Column("qty", "integer"), Column("price", "decimal"), Column("paid", "boolean"),
            Column("day", "date"), Column("at", "datetime"), Column("tags", "multi_select", options: ["a", "b"]), Column("meta", "json"),
        ];
        var source = await CreateAsync("source", columns);
        var rows = Get<RowService>();
        await rows.InsertManyAsync(Admin, source.TableId,
        [
            JsonNode.Parse("""{"title":"=SUM(A1)","notes":"two\nlines, \"quoted\"","qty":-5,"price":12.5,"paid":true,"day":"2024-03-04","at":"2024-03-04T05:06:07Z","tags":["a","b"],"meta":{"k":[1,2]}}""")!.AsObject(),
            JsonNode.Parse("""{"title":" spaced ","qty":0}""")!.AsObject(),
        ]);
        var export = await Get<TableExportService>().OpenAsync(Admin, Acme, source.TableId);
        var path = Path.GetTempFileName();
        _files.Add(path);
        await using (var file = global::System.IO.File.Create(path)) await export.WriteAsync(file, CancellationToken.None);

        var target = await CreateAsync("target", columns);
        var result = await RunAsync(Request(target, path, BadRowPolicy.Stop, columns.Select((c, i) => new ImportColumn(i + 3, c.Name)).ToArray()));

        Assert.Equal(ImportState.Completed, result.State);
        Assert.Equal(2, result.Imported);
        Assert.Equal((await RowsAsync(source)).Select(r => r.ToJsonString()), (await RowsAsync(target)).Select(r => r.ToJsonString()));
    }

    [Fact]
    public async Task Export_needs_view_and_another_organization_is_404()
    {
        var table = await CreateAsync("orders", Column("title"));
        await Assert.ThrowsAsync<NotFoundException>(() => Get<TableExportService>().OpenAsync(GlobexAdmin, Acme, table.TableId));
        await Assert.ThrowsAsync<NotFoundException>(() => Get<TableExportService>().OpenAsync(GlobexAdmin, Globex, table.TableId));
    }

    [Theory]
    [InlineData(BadRowPolicy.Skip)]
    [InlineData(BadRowPolicy.Stop)]
    public async Task A_100000_row_file_is_streamed_with_flat_memory(BadRowPolicy policy)
    {
        var table = await CreateAsync("big", Column("title"), Column("qty", "integer"), Column("note", "long_text"));
        var path = Path.GetTempFileName();
        _files.Add(path);
        await using (var w = new StreamWriter(path))
        {
            await w.WriteLineAsync("title,qty,note");
            var filler = new string('x', 300);
            for (var i = 0; i < 100_000; i++) await w.WriteLineAsync($"row {i},{i},{filler}");
        }
        var size = new FileInfo(path).Length;
        Assert.True(size > 30_000_000, $"the file is {size:N0} bytes");

        GC.Collect();
        var baseline = GC.GetTotalMemory(true);
        long peak = 0;
        var result = await RunAsync(Request(table, path, policy, new ImportColumn(0, "title"), new ImportColumn(1, "qty"), new ImportColumn(2, "note")),
            watch: _ => peak = Math.Max(peak, GC.GetTotalMemory(true) - baseline));

        Assert.Equal(ImportState.Completed, result.State);
        Assert.Equal(100_000, result.Imported);
        // The file as strings would be about 2 bytes a character: over 60 MB. A batch of 1,000 rows is well under 10 MB.
        Assert.True(peak < 20_000_000, $"the live heap grew by {peak:N0} bytes during the import");
    }

    public new async Task DisposeAsync()
    {
        foreach (var f in _files) global::System.IO.File.Delete(f);
        await base.DisposeAsync();
    }
}
