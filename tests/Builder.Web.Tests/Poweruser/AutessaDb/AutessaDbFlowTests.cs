using System.Text.Json;
using Builder.Domain.Knowledge;
using Builder.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using static Builder.Web.Tests.Poweruser.AutessaDb.AutessaDbApi;

namespace Builder.Web.Tests.Poweruser.AutessaDb;

/// <summary>What a script does with an admin key: create tables, insert, query with a filter, join, update, delete; search by meaning.</summary>
public sealed class AutessaDbFlowTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private readonly AutessaDbApi _api = AutessaDbApi.For(factory);

    [Fact]
    public async Task A_script_creates_tables_inserts_queries_joins_updates_and_deletes()
    {
        var key = await _api.AdminAsync();
        var customers = await key.PostJsonAsync($"{Tables}/create", new
        {
            tableName = Name("customers"),
            columns = new object[] { new { name = "name", type = "text", required = true }, new { name = "country", type = "text", indexed = true } },
        }).ExpectJson(200);
        var customersId = customers.GetProperty("tableId").GetInt32();
        Assert.Empty(customers.GetProperty("errors").EnumerateArray());
        var orders = await key.PostJsonAsync($"{Tables}/create", new
        {
            tableName = Name("orders"),
            columns = new object[]
            {
                new { name = "customer", type = "link", link = customersId },
                new { name = "total", type = "decimal" },
                new { name = "placed", type = "date" },
                new { name = "tags", type = "multi_select", options = new[] { "rush", "gift" } },
            },
        }).ExpectJson(200);
        var ordersId = orders.GetProperty("tableId").GetInt32();
        Assert.Equal(customersId, orders.GetProperty("table").GetProperty("columns")[0].GetProperty("link").GetInt32());

        var ada = (await key.PostJsonAsync($"{Query}/insert", new { tableId = customersId, data = new { name = "Ada", country = "NL" } }).ExpectJson(200)).GetProperty("rowId").GetInt64();
        var bob = (await key.PostJsonAsync($"{Query}/insert", new { tableId = customersId, data = new { name = "Bob", country = "FR" } }).ExpectJson(200)).GetProperty("rowId").GetInt64();
        var first = await key.PostJsonAsync($"{Query}/insert", new { tableId = ordersId, data = new { customer = ada, total = 12.5, placed = "2026-01-02", tags = new[] { "rush" } } }).ExpectJson(200);
        var firstId = first.GetProperty("rowId").GetInt64();
        Assert.Equal(firstId, first.GetProperty("row").GetProperty("rowId").GetInt64());
        await key.PostJsonAsync($"{Query}/insert", new { tableId = ordersId, data = new { customer = bob, total = 99, placed = "2026-02-03" } }).Expect(200);
        await key.PostJsonAsync($"{Query}/insert", new { tableId = ordersId, data = new { customer = ada, total = 40, placed = "2026-03-04" } }).Expect(200);

        var big = await key.PostJsonAsync($"{Query}/query", new
        {
            tableId = ordersId, filters = new[] { new { column = "total", @operator = "greater_than", value = 20 } }, sort = "total", order = "desc", limit = 10,
        }).ExpectJson(200);
        Assert.Equal(2, big.GetProperty("total").GetInt64());
        Assert.Equal([99m, 40m], big.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("data").GetProperty("total").GetDecimal()));

        var dutch = await key.PostJsonAsync($"{Query}/join-query", new
        {
            tableId = ordersId, joins = new[] { new { column = "customer", columns = new[] { "name" } } },
            filters = new[] { new { column = "customer.country", @operator = "equals", value = "NL" } }, sort = "placed",
        }).ExpectJson(200);
        Assert.Equal(2, dutch.GetProperty("total").GetInt64());
        var linked = dutch.GetProperty("rows")[0].GetProperty("data").GetProperty("customer");
        Assert.Equal((ada, "Ada"), (linked.GetProperty("rowId").GetInt64(), linked.GetProperty("data").Str("name")));

        var updated = await key.PostJsonAsync($"{Query}/update", new { tableId = ordersId, rowId = firstId, data = new { total = 13 } }).ExpectJson(200);
        Assert.Equal(13m, updated.GetProperty("row").GetProperty("data").GetProperty("total").GetDecimal());
        Assert.Equal("2026-01-02", updated.GetProperty("row").GetProperty("data").Str("placed"));
        var batch = await key.PostJsonAsync($"{Query}/batch-update", new
        {
            tableId = customersId, rows = new object[] { new { rowId = ada, data = new { country = "BE" } }, new { rowId = bob, data = new { country = "BE" } } },
        }).ExpectJson(200);
        Assert.Equal([ada, bob], batch.GetProperty("rowIds").EnumerateArray().Select(r => r.GetInt64()));

        await key.PostJsonAsync($"{Query}/delete-row", new { tableId = ordersId, rowId = firstId }).Expect(200);
        var page = await key.PostJsonAsync($"{Query}/get-data", new { tableId = ordersId, page = 1, limit = 1 }).ExpectJson(200);
        Assert.Equal((2L, 1), (page.GetProperty("total").GetInt64(), page.GetProperty("rows").GetArrayLength()));
        await key.PostJsonAsync($"{Query}/get-single-row", new { tableId = ordersId, rowId = firstId }).Expect(404);
        var all = await key.PostJsonAsync($"{Query}/get-data", new { tableId = ordersId }).ExpectJson(200);
        var removed = await key.PostJsonAsync($"{Query}/batch-delete", new
        {
            tableId = ordersId, rowIds = all.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("rowId").GetInt64()).ToArray(),
        }).ExpectJson(200);
        Assert.Equal(2, removed.GetProperty("count").GetInt32());
        Assert.Equal(0, await _api.CountAsync(ordersId));
        Assert.Equal(2, await _api.CountAsync(customersId));
    }

    [Fact]
    public async Task Indexed_rows_are_found_by_meaning_best_first()
    {
        var key = await _api.AdminAsync();
        var tableId = await _api.CreateTableAsync("notes", [new { name = "note", type = "long_text", searchable = true }]);
        var rows = new List<long>();
        foreach (var note in new[] { "The invoice was charged twice to my credit card.", "Our cat sleeps on the warm windowsill all afternoon.", "The train to Amsterdam leaves at nine." })
            rows.Add(await _api.InsertAsync(tableId, new { note }));
        var queue = _api.App.Services.GetRequiredService<IndexingQueue>();
        foreach (var rowId in rows)
        {
            var job = await key.PostJsonAsync($"{Query}/index-record", new { tableId, rowId }).ExpectJson(200);
            Assert.Equal(1, job.GetProperty("texts").GetInt32());
            var jobId = job.GetProperty("jobId").GetGuid();
            for (var i = 0; i < 600 && queue.Get(jobId) is { IsFinished: false }; i++) await Task.Delay(100);
            Assert.Equal(IndexingJobState.Completed, queue.Get(jobId)!.State);
        }

        var found = await key.PostJsonAsync($"{Query}/search", new { tableId, query = "billing problem with a payment", limit = 3 }).ExpectJson(200);

        var results = found.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal(rows[0], results[0].GetProperty("rowId").GetInt64());
        Assert.Contains("invoice", results[0].GetProperty("data").Str("note"));
        var scores = results.Select(r => r.GetProperty("score").GetSingle()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Empty(found.GetProperty("errors").EnumerateArray());
        await key.PostJsonAsync($"{Query}/search", new { tableId, query = "" }).Expect(400);
    }
    [Fact]
    public async Task A_knowledge_base_ingests_a_document_in_one_upload_and_finds_its_passage_by_meaning()
    {
        var key = await _api.AdminAsync();
        var created = await key.PostJsonAsync($"{Tables}/create-knowledge-base", new { tableName = Name("kb") }).ExpectJson(200);
        var tableId = created.GetProperty("tableId").GetInt32();
        Assert.Equal("knowledge_base", created.GetProperty("table").Str("kind"));
        Assert.Equal(["title", "document"], created.GetProperty("table").GetProperty("columns").EnumerateArray().Select(c => c.Str("name")));

        var links = await key.PostJsonAsync($"{Tables}/generate-knowledge-base-upload-links", new { tableId }).ExpectJson(200);
        var link = links.GetProperty("links")[0];
        Assert.Contains("text/markdown", link.GetProperty("contentTypes").EnumerateArray().Select(t => t.GetString()));
        var markdown = "# Travel\n\nThe night train to Vienna leaves from platform four.\n\n# Money\n\nRefunds for double charges on a card are paid within five days.\n";
        var upload = new HttpRequestMessage(new HttpMethod(link.Str("method")), link.Str("url") + "?name=Guide.md") { Content = new StringContent(markdown) };
        upload.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/markdown");
        var uploaded = await _api.App.CreateClient().SendAsync(upload);
        Assert.Equal(201, (int)uploaded.StatusCode);

        // The upload was the whole ingestion: it inserted the document's row and queued its indexing.
        var answer = System.Text.Json.JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Guide.md", answer.Str("name"));
        Assert.Equal(tableId, answer.GetProperty("tableId").GetInt32());
        var rowId = answer.GetProperty("rowId").GetInt64();
        var row = (await key.PostJsonAsync($"{Query}/get-single-row", new { tableId, rowId }).ExpectJson(200)).GetProperty("row").GetProperty("data");
        Assert.Equal("Guide", row.Str("title"));
        Assert.Equal(answer.Str("key"), row.GetProperty("document").Str("key"));
        var queue = _api.App.Services.GetRequiredService<IndexingQueue>();
        var jobId = answer.GetProperty("jobId").GetGuid();
        for (var i = 0; i < 600 && queue.Get(jobId) is { IsFinished: false }; i++) await Task.Delay(100);
        Assert.Equal(IndexingJobState.Completed, queue.Get(jobId)!.State);
        Assert.Equal(1, await _api.CountAsync(tableId));

        // The link is used: a second upload to it is refused and adds no row.
        var again = new HttpRequestMessage(HttpMethod.Put, link.Str("url") + "?name=other.md") { Content = new StringContent("# Other\n\nText.") };
        again.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/markdown");
        Assert.Equal(409, (int)(await _api.App.CreateClient().SendAsync(again)).StatusCode);
        Assert.Equal(1, await _api.CountAsync(tableId));

        var found = await key.PostJsonAsync($"{Query}/search", new { tableId, query = "getting my money back after paying twice", limit = 2 }).ExpectJson(200);

        var best = found.GetProperty("results")[0];
        Assert.Equal(rowId, best.GetProperty("rowId").GetInt64());
        Assert.Contains("Refunds", best.Str("text"));
        Assert.Equal("Guide", best.GetProperty("data").Str("title"));
    }
}
