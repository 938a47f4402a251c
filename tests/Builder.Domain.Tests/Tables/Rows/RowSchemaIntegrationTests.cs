using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tests.Support;

namespace Builder.Domain.Tests.Tables.Rows;

/// <summary>
/// Rows on tables made by the schema's own TableService (its DDL, its unique indexes): what RowService writes the schema's
/// type change reads, and what the type change writes RowService reads.
/// </summary>
public class RowSchemaIntegrationTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Rows_round_trip_on_tables_the_schema_service_created()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var acme = await _db.OrganizationIdAsync("Acme Corp");
        var tables = new TableService(_db, _db.Clock);
        var rows = new RowService(_db, _db.Clock);
        var customers = await tables.CreateAsync(admin, acme, new TableInput("customers", null,
        [
            new ColumnInput("email", "text", Unique: true), new ColumnInput("score", "decimal"), new ColumnInput("since", "date"),
            new ColumnInput("seen", "datetime"), new ColumnInput("vip", "boolean"), new ColumnInput("tags", "multi_select", Options: ["a", "b"]),
            new ColumnInput("code", "text"),
        ]));
        var orders = await tables.CreateAsync(admin, acme, new TableInput("orders", null,
            [new ColumnInput("customer", "link", LinkTableId: customers.Id), new ColumnInput("total", "integer")]));

        var alice = await rows.InsertAsync(admin, customers.TableId, JsonNode.Parse("""
            { "email": "a@x", "score": 12.5, "since": "2024-02-29", "seen": "2026-01-01T08:00:00Z", "vip": true, "tags": ["b"], "code": "42" }
            """)!.AsObject());
        await rows.InsertAsync(admin, customers.TableId, new JsonObject { ["email"] = "b@x", ["code"] = "x1" });
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => rows.InsertAsync(admin, customers.TableId, new JsonObject { ["email"] = "a@x" }));
        Assert.Contains("\"a@x\"", conflict.Message);
        await rows.InsertAsync(admin, orders.TableId, new JsonObject { ["customer"] = alice.RowId, ["total"] = 3 });

        var read = await rows.GetAsync(admin, customers.TableId, alice.RowId);
        Assert.True(JsonNode.DeepEquals(alice.Data, read.Data));
        Assert.Equal(12.5m, read.Data["score"]!.GetValue<decimal>());

        var joined = await rows.JoinQueryAsync(admin, orders.TableId, JoinQuery.FromJson(JsonNode.Parse("""
            { "join": "customer", "filters": [ { "column": "customer.vip", "operator": "equals", "value": true } ] }
            """)!.AsObject()));
        Assert.Equal("a@x", joined.Rows.Single().Data["customer"]!["data"]!["email"]!.GetValue<string>());

        // The schema changes "code" from text to integer, emptying what does not convert; the rows read the new column.
        var code = customers.Columns.Single(c => c.Name == "code");
        await tables.ChangeTypeAsync(admin, customers.Id, code.Id, new TypeChange("integer"), emptyUnconvertible: true);
        var page = await rows.QueryAsync(admin, customers.TableId, new RowQuery(Sort: [new RowSort("code", Descending: true)]));
        Assert.Equal([42L, null], page.Rows.Select(r => r.Data["code"]?.GetValue<long>()));
        var filtered = await rows.QueryAsync(admin, customers.TableId, RowQuery.FromJson(JsonNode.Parse("""
            { "filters": [ { "column": "code", "operator": "greater_than", "value": 40 } ] }
            """)!.AsObject()));
        Assert.Equal(1, filtered.Total);
    }
}
