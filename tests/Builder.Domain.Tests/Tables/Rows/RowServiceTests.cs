using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Tables.Rows;

/// <summary>
/// RowService on a real SQLite database: every operation reads and writes the physical table, validates everything before it
/// writes, answers 400/404/409 that change nothing, audits once per request, and pages, sorts and joins correctly.
/// </summary>
public class RowServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private RowService _rows = null!;
    private RecordingObserver _observer = null!;
    private Actor _admin = null!;
    private Guid _acme;
    private AutessaTable _customers = null!, _orders = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _observer = new RecordingObserver();
        _rows = new RowService(_db, _db.Clock, _observer);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _admin = await _db.ActorAsync("admin@acme.test");
        _customers = await RowTestTables.CreateAsync(_db, _acme, _admin.UserId, "customers",
            new("name", ColumnType.Text, Required: true),
            new("email", ColumnType.Text, Unique: true),
            new("country", ColumnType.SingleSelect, Options: ["NL", "DE", "FR"], Default: "\"NL\""),
            new("bio", ColumnType.LongText, Searchable: true));
        _orders = await RowTestTables.CreateAsync(_db, _acme, _admin.UserId, "orders",
            new("title", ColumnType.Text),
            new("amount", ColumnType.Integer),
            new("price", ColumnType.Decimal),
            new("paid", ColumnType.Boolean, Default: "false"),
            new("due", ColumnType.Date),
            new("at", ColumnType.DateTime),
            new("tags", ColumnType.MultiSelect, Options: ["red", "blue"]),
            new("meta", ColumnType.Json),
            new("doc", ColumnType.File),
            new("customer", ColumnType.Link, LinkTableId: _customers.Id),
            new("notes", ColumnType.LongText));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static JsonObject Data(string json) => JsonNode.Parse(json)!.AsObject();

    private Task<RowView> Customer(string name, string? email = null, string? country = null) =>
        _rows.InsertAsync(_admin, _customers.Number, new JsonObject { ["name"] = name, ["email"] = email, ["country"] = country ?? "NL" });

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = _db.Context();
        return await db.AuditEntries.Where(a => a.ResourceId == _customers.Id || a.ResourceId == _orders.Id).OrderBy(a => a.At).ToListAsync();
    }

    [Fact]
    public async Task An_inserted_row_reads_back_with_every_type_defaults_and_stamps()
    {
        var alice = await Customer("Alice", "alice@example.com");
        var before = DateTime.UtcNow.AddSeconds(-5);
        var row = await _rows.InsertAsync(_admin, _orders.Number, Data("""
            { "title": "First", "amount": 3, "price": 19.99, "due": "2026-03-01", "at": "2026-03-01T10:15:00+01:00",
              "tags": ["red", "blue"], "meta": { "a": [1, 2] }, "doc": { "key": "k/1", "name": "a.pdf", "size": 10, "contentType": "application/pdf" },
              "customer": 1, "notes": "line 1\nline 2" }
            """));

        Assert.True(row.RowId > 0);
        Assert.Equal("First", row.Data["title"]!.GetValue<string>());
        Assert.Equal(3, row.Data["amount"]!.GetValue<long>());
        Assert.Equal(19.99m, row.Data["price"]!.GetValue<decimal>());
        Assert.False(row.Data["paid"]!.GetValue<bool>()); // the default
        Assert.Equal("2026-03-01", row.Data["due"]!.GetValue<string>());
        Assert.StartsWith("2026-03-01T09:15:00", row.Data["at"]!.GetValue<string>());
        Assert.Equal("""["red","blue"]""", row.Data["tags"]!.ToJsonString());
        Assert.Equal("""{"a":[1,2]}""", row.Data["meta"]!.ToJsonString());
        Assert.Equal("a.pdf", row.Data["doc"]!["name"]!.GetValue<string>());
        Assert.Equal(alice.RowId, row.Data["customer"]!.GetValue<long>());
        Assert.Equal("line 1\nline 2", row.Data["notes"]!.GetValue<string>());
        Assert.Equal(_admin.UserId, row.CreatedBy);
        Assert.InRange(row.CreatedAt, before, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(row.CreatedAt, row.UpdatedAt);
        Assert.Equal(DateTimeKind.Utc, row.CreatedAt.Kind);

        var read = await _rows.GetAsync(_admin, _orders.Number, row.RowId);
        Assert.True(JsonNode.DeepEquals(row.Data, read.Data));
        Assert.Equal("NL", alice.Data["country"]!.GetValue<string>()); // select default
    }

    [Fact]
    public async Task Every_missing_column_reads_as_null()
    {
        var row = await _rows.InsertAsync(_admin, _orders.Number, new JsonObject());
        Assert.Equal(11, row.Data.Count);
        Assert.All(row.Data.Where(p => p.Key != "paid"), p => Assert.Null(p.Value));
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_each_column_and_writes_nothing()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => _rows.InsertAsync(_admin, _orders.Number, Data("""
            { "nope": 1, "id": 5, "amount": "many", "due": "01/03/2026", "tags": ["green"], "customer": 0 }
            """)));
        Assert.Contains("Unknown column \"nope\"", error.Errors["data.nope"][0]);
        Assert.Contains("system column", error.Errors["data.id"][0]);
        Assert.Contains("amount", error.Errors["data.amount"][0]);
        Assert.Contains("due", error.Errors["data.due"][0]);
        Assert.Contains("green", error.Errors["data.tags"][0]);
        Assert.Contains("customer", error.Errors["data.customer"][0]);
        Assert.Equal(0, await RowTestTables.CountAsync(_db, _orders));
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task A_required_column_must_have_a_value_on_insert_and_update()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => _rows.InsertAsync(_admin, _customers.Number, Data("""{ "email": "x@y" }""")));
        Assert.Equal("Column \"name\" is required.", error.Errors["data.name"][0]);
        var alice = await Customer("Alice");
        error = await Assert.ThrowsAsync<ValidationException>(() => _rows.UpdateAsync(_admin, _customers.Number, alice.RowId, Data("""{ "name": null }""")));
        Assert.Equal("Column \"name\" is required.", error.Errors["data.name"][0]);
    }

    [Fact]
    public async Task A_unique_value_taken_is_a_409_naming_the_column_and_value()
    {
        var alice = await Customer("Alice", "a@example.com");
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => Customer("Other", "a@example.com"));
        Assert.Contains("Column \"email\"", conflict.Message);
        Assert.Contains("\"a@example.com\"", conflict.Message);
        Assert.Contains($"row {alice.RowId}", conflict.Message);
        Assert.Equal(1, await RowTestTables.CountAsync(_db, _customers));

        // Updating a row to its own value is no conflict; to another row's is.
        await _rows.UpdateAsync(_admin, _customers.Number, alice.RowId, Data("""{ "email": "a@example.com" }"""));
        var bob = await Customer("Bob", "b@example.com");
        await Assert.ThrowsAsync<ConflictException>(() => _rows.UpdateAsync(_admin, _customers.Number, bob.RowId, Data("""{ "email": "a@example.com" }""")));
        // Empty cells never conflict.
        await Customer("C");
        await Customer("D");
    }

    [Fact]
    public async Task A_link_must_point_at_a_row_of_the_linked_table()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => _rows.InsertAsync(_admin, _orders.Number, Data("""{ "customer": 99 }""")));
        Assert.Contains("row 99 does not exist", error.Errors["data.customer"][0]);
        var alice = await Customer("Alice");
        var order = await _rows.InsertAsync(_admin, _orders.Number, new JsonObject { ["customer"] = alice.RowId });
        Assert.Equal(alice.RowId, order.Data["customer"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_update_changes_only_the_given_columns_and_stamps_updated_at()
    {
        var row = await _rows.InsertAsync(_admin, _orders.Number, Data("""{ "title": "A", "amount": 1 }"""));
        await Task.Delay(20);
        var updated = await _rows.UpdateAsync(_admin, _orders.Number, row.RowId, Data("""{ "amount": 2, "notes": null }"""));
        Assert.Equal("A", updated.Data["title"]!.GetValue<string>());
        Assert.Equal(2, updated.Data["amount"]!.GetValue<long>());
        Assert.Equal(row.CreatedAt, updated.CreatedAt);
        Assert.True(updated.UpdatedAt > row.UpdatedAt);

        var missing = await Assert.ThrowsAsync<NotFoundException>(() => _rows.UpdateAsync(_admin, _orders.Number, 999, Data("""{ "amount": 2 }""")));
        Assert.Equal("Row 999 not found", missing.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.GetAsync(_admin, _orders.Number, 999));
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.DeleteAsync(_admin, _orders.Number, 999));
    }

    [Fact]
    public async Task A_batch_update_is_all_or_nothing()
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add((await _rows.InsertAsync(_admin, _orders.Number, new JsonObject { ["amount"] = i })).RowId);

        var error = await Assert.ThrowsAsync<ValidationException>(() => _rows.BatchUpdateAsync(_admin, _orders.Number,
        [
            new RowUpdate(ids[0], Data("""{ "amount": 100 }""")),
            new RowUpdate(ids[1], Data("""{ "amount": "lots" }""")),
            new RowUpdate(ids[2], Data("""{ "amount": 300 }""")),
        ]));
        Assert.True(error.Errors.ContainsKey("rows[1].data.amount"));
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.BatchUpdateAsync(_admin, _orders.Number,
            [new RowUpdate(ids[0], Data("""{ "amount": 100 }""")), new RowUpdate(12345, Data("""{ "amount": 1 }"""))]));
        var page = await _rows.QueryAsync(_admin, _orders.Number, new RowQuery());
        Assert.Equal([0L, 1L, 2L], page.Rows.Select(r => r.Data["amount"]!.GetValue<long>()));

        var updated = await _rows.BatchUpdateAsync(_admin, _orders.Number,
            [new RowUpdate(ids[0], Data("""{ "amount": 100 }""")), new RowUpdate(ids[2], Data("""{ "title": "x" }"""))]);
        Assert.Equal(2, updated.Count);
        page = await _rows.QueryAsync(_admin, _orders.Number, new RowQuery());
        Assert.Equal([100L, 1L, 2L], page.Rows.Select(r => r.Data["amount"]!.GetValue<long>()));
        Assert.Single(await AuditAsync(), a => a.Action == RowService.RowsUpdated);
    }

    [Fact]
    public async Task A_batch_that_gives_two_rows_one_unique_value_is_a_409_and_changes_nothing()
    {
        var a = await Customer("A", "a@x");
        var b = await Customer("B", "b@x");
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => _rows.BatchUpdateAsync(_admin, _customers.Number,
            [new RowUpdate(a.RowId, Data("""{ "email": "same@x" }""")), new RowUpdate(b.RowId, Data("""{ "email": "same@x" }"""))]));
        Assert.Contains("more than one row", conflict.Message);
        Assert.Equal("a@x", (await _rows.GetAsync(_admin, _customers.Number, a.RowId)).Data["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_ten_thousand_row_batch_is_refused_and_changes_nothing()
    {
        var row = await _rows.InsertAsync(_admin, _orders.Number, new JsonObject { ["amount"] = 1 });
        var updates = Enumerable.Range(0, 10_000).Select(_ => new RowUpdate(row.RowId, Data("""{ "amount": 2 }"""))).ToList();
        var error = await Assert.ThrowsAsync<ValidationException>(() => _rows.BatchUpdateAsync(_admin, _orders.Number, updates));
        Assert.Contains("at most 1,000 rows; this one has 10,000", error.Errors["rows"][0]);
        error = await Assert.ThrowsAsync<ValidationException>(() => _rows.BatchDeleteAsync(_admin, _orders.Number, Enumerable.Repeat(row.RowId, 10_000).ToList()));
        Assert.Contains("at most 1,000", error.Errors["rowIds"][0]);
        error = await Assert.ThrowsAsync<ValidationException>(() => _rows.InsertManyAsync(_admin, _orders.Number, Enumerable.Repeat<JsonObject?>(new JsonObject(), 10_000).ToList()));
        Assert.Contains("at most 1,000", error.Errors["rows"][0]);
        Assert.Equal(1, await RowTestTables.CountAsync(_db, _orders));
        Assert.Equal(1, (await _rows.GetAsync(_admin, _orders.Number, row.RowId)).Data["amount"]!.GetValue<long>());
        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task A_batch_delete_is_all_or_nothing_and_audited_once()
    {
        var ids = new List<long>();
        for (var i = 0; i < 4; i++) ids.Add((await _rows.InsertAsync(_admin, _orders.Number, new JsonObject())).RowId);
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => _rows.BatchDeleteAsync(_admin, _orders.Number, [ids[0], 777, 778]));
        Assert.Contains("777, 778", missing.Message);
        Assert.Equal(4, await RowTestTables.CountAsync(_db, _orders));

        Assert.Equal(3, await _rows.BatchDeleteAsync(_admin, _orders.Number, [ids[0], ids[1], ids[2]]));
        await _rows.DeleteAsync(_admin, _orders.Number, ids[3]);
        Assert.Equal(0, await RowTestTables.CountAsync(_db, _orders));
        var audit = await AuditAsync();
        Assert.Equal(4, audit.Count(a => a.Action == RowService.RowsInserted));
        Assert.Equal(2, audit.Count(a => a.Action == RowService.RowsDeleted));
        Assert.All(audit, a => Assert.Equal(_orders.Name, a.ResourceName));
    }

    [Fact]
    public async Task Insert_many_is_one_audit_record_and_one_transaction()
    {
        var rows = await _rows.InsertManyAsync(_admin, _customers.Number,
            [Data("""{ "name": "A", "email": "a@x" }"""), Data("""{ "name": "B", "email": "b@x" }""")]);
        Assert.Equal(["A", "B"], rows.Select(r => r.Data["name"]!.GetValue<string>()));
        await Assert.ThrowsAsync<ConflictException>(() => _rows.InsertManyAsync(_admin, _customers.Number,
            [Data("""{ "name": "C", "email": "c@x" }"""), Data("""{ "name": "D", "email": "a@x" }""")]));
        Assert.Equal(2, await RowTestTables.CountAsync(_db, _customers));
        var audit = Assert.Single(await AuditAsync());
        Assert.Equal(RowService.RowsInserted, audit.Action);
        Assert.Equal("name,email,country,bio", audit.ChangedFields);
    }

    [Fact]
    public async Task Pages_count_the_matching_rows_and_cap_the_limit()
    {
        for (var i = 1; i <= 25; i++) await _rows.InsertAsync(_admin, _orders.Number, new JsonObject { ["amount"] = i });
        var page = await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(Page: 3, Limit: 10));
        Assert.Equal(25, page.Total);
        Assert.Equal([21L, 22L, 23L, 24L, 25L], page.Rows.Select(r => r.Data["amount"]!.GetValue<long>()));
        var filtered = await _rows.QueryAsync(_admin, _orders.Number, RowQuery.FromJson(Data("""
            { "filters": [ { "column": "amount", "operator": "greater_than", "value": 20 } ], "limit": 2, "page": 2 }
            """)));
        Assert.Equal(5, filtered.Total);
        Assert.Equal([23L, 24L], filtered.Rows.Select(r => r.Data["amount"]!.GetValue<long>()));
        var past = await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(Page: 99, Limit: 10));
        Assert.Empty(past.Rows);
        Assert.Equal(25, past.Total);

        var error = await Assert.ThrowsAsync<ValidationException>(() => _rows.QueryAsync(_admin, _orders.Number, new RowQuery(Limit: 1_001)));
        Assert.Contains("between 1 and 1,000", error.Errors["limit"][0]);
        await Assert.ThrowsAsync<ValidationException>(() => _rows.QueryAsync(_admin, _orders.Number, new RowQuery(Page: 0)));
        await Assert.ThrowsAsync<ValidationException>(() => _rows.QueryAsync(_admin, _orders.Number,
            RowQuery.FromJson(Data("""{ "filters": [ { "column": "nope", "operator": "exists" } ] }"""))));
    }

    [Theory]
    [InlineData("title")]
    [InlineData("amount")]
    [InlineData("price")]
    [InlineData("paid")]
    [InlineData("due")]
    [InlineData("at")]
    [InlineData("notes")]
    [InlineData("customer")]
    [InlineData("tags")]
    [InlineData("meta")]
    [InlineData("id")]
    [InlineData("createdAt")]
    [InlineData("updatedAt")]
    public async Task Sorting_by_each_type_orders_values_with_empty_cells_first_and_the_id_breaking_ties(string column)
    {
        var c1 = await Customer("c1");
        var c2 = await Customer("c2");
        // Row values in ascending order, one repeated (ids 2 and 3 tie) and one empty (id 5).
        string[] rows =
        [
            """{ "title": "apple", "amount": -3, "price": 0.5, "paid": false, "due": "2025-12-31", "at": "2026-01-01T00:00:00Z", "notes": "a", "customer": C1, "tags": ["blue"], "meta": 1 }""",
            """{ "title": "banana", "amount": 7, "price": 2.25, "paid": true, "due": "2026-01-02", "at": "2026-01-01T00:00:01Z", "notes": "b", "customer": C2, "tags": ["red"], "meta": 2 }""",
            """{ "title": "banana", "amount": 7, "price": 2.25, "paid": true, "due": "2026-01-02", "at": "2026-01-01T00:00:01Z", "notes": "b", "customer": C2, "tags": ["red"], "meta": 2 }""",
            """{ "title": "cherry", "amount": 100, "price": 10, "paid": true, "due": "2026-02-01", "at": "2026-06-01T12:00:00Z", "notes": "c", "customer": C2, "tags": ["red","blue"], "meta": 3 }""",
            """{ "paid": null }""",
        ];
        foreach (var json in new[] { rows[3], rows[1], rows[4], rows[0], rows[2] })
        {
            await _rows.InsertAsync(_admin, _orders.Number, Data(json.Replace("C1", c1.RowId.ToString()).Replace("C2", c2.RowId.ToString())));
            await Task.Delay(2);
        }
        // Inserted as: id1=cherry, id2=banana, id3=empty, id4=apple, id5=banana. The rank of each id's value (ties share one):
        var rank = column switch
        {
            "id" or "createdAt" or "updatedAt" => new Dictionary<long, int> { [1] = 1, [2] = 2, [3] = 3, [4] = 4, [5] = 5 },
            "paid" or "customer" => new() { [3] = 0, [4] = 1, [1] = 2, [2] = 2, [5] = 2 }, // false < true; customer c1 < c2
            "tags" => new() { [3] = 0, [4] = 1, [1] = 2, [2] = 3, [5] = 3 }, // as JSON text: ["blue"] < ["red","blue"] < ["red"]
            _ => new() { [3] = 0, [4] = 1, [2] = 2, [5] = 2, [1] = 3 },
        };
        var asc = await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(Sort: [new RowSort(column)]));
        Assert.Equal(rank.Keys.OrderBy(id => rank[id]).ThenBy(id => id), asc.Rows.Select(r => r.RowId));
        var desc = await _rows.QueryAsync(_admin, _orders.Number, RowQuery.FromJson(Data($$"""{ "sort": [{ "column": "{{column}}", "direction": "desc" }] }""")));
        // Descending reverses the values; ties still go by id ascending.
        Assert.Equal(rank.Keys.OrderByDescending(id => rank[id]).ThenBy(id => id), desc.Rows.Select(r => r.RowId));
    }

    [Fact]
    public async Task A_join_nests_the_linked_row_under_the_link_column_and_filters_and_sorts_by_its_columns()
    {
        var alice = await Customer("Alice", "a@x", "DE");
        var bob = await Customer("Bob", "b@x", "NL");
        await _rows.InsertAsync(_admin, _orders.Number, new JsonObject { ["title"] = "o1", ["customer"] = bob.RowId });
        await _rows.InsertAsync(_admin, _orders.Number, new JsonObject { ["title"] = "o2", ["customer"] = alice.RowId });
        await _rows.InsertAsync(_admin, _orders.Number, new JsonObject { ["title"] = "o3" });

        var page = await _rows.JoinQueryAsync(_admin, _orders.Number, JoinQuery.FromJson(Data("""
            { "joins": [ { "column": "customer", "columns": ["name", "country"] } ],
              "sort": [ { "column": "customer.name", "direction": "asc" } ] }
            """)));
        Assert.Equal(3, page.Total);
        Assert.Equal(["o3", "o2", "o1"], page.Rows.Select(r => r.Data["title"]!.GetValue<string>()));
        Assert.Null(page.Rows[0].Data["customer"]);
        var linked = page.Rows[1].Data["customer"]!.AsObject();
        Assert.Equal(alice.RowId, linked["rowId"]!.GetValue<long>());
        Assert.Equal("""{"name":"Alice","country":"DE"}""", linked["data"]!.ToJsonString());
        Assert.NotNull(linked["createdAt"]);

        var filtered = await _rows.JoinQueryAsync(_admin, _orders.Number, JoinQuery.FromJson(Data("""
            { "join": "customer", "filters": [ { "column": "customer.country", "operator": "equals", "value": "NL" } ] }
            """)));
        var only = Assert.Single(filtered.Rows);
        Assert.Equal("o1", only.Data["title"]!.GetValue<string>());
        Assert.Equal("b@x", only.Data["customer"]!["data"]!["email"]!.GetValue<string>());
        Assert.Equal(1, filtered.Total);

        // A linked row that is gone reads as its id with no data.
        await _rows.DeleteAsync(_admin, _customers.Number, bob.RowId);
        var dangling = await _rows.JoinQueryAsync(_admin, _orders.Number, new JoinQuery(new RowQuery(), [new RowJoin("customer")]));
        Assert.Equal("""{"rowId":BOB,"data":null}""".Replace("BOB", bob.RowId.ToString()), dangling.Rows[0].Data["customer"]!.ToJsonString());
    }

    [Fact]
    public async Task A_join_through_something_other_than_a_link_column_is_a_400()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => _rows.JoinQueryAsync(_admin, _orders.Number, new JoinQuery(new RowQuery(), [new RowJoin("title")])));
        Assert.Contains("not a link", error.Errors["joins[0].column"][0]);
        error = await Assert.ThrowsAsync<ValidationException>(() => _rows.JoinQueryAsync(_admin, _orders.Number, new JoinQuery(new RowQuery(), [new RowJoin("nope")])));
        Assert.Contains("Link columns: customer", error.Errors["joins[0].column"][0]);
        error = await Assert.ThrowsAsync<ValidationException>(() => _rows.JoinQueryAsync(_admin, _orders.Number, new JoinQuery(new RowQuery(), [new RowJoin("customer", ["nope"])])));
        Assert.Contains("no column \"nope\"", error.Errors["joins[0].columns"][0]);
        await Assert.ThrowsAsync<ValidationException>(() => _rows.JoinQueryAsync(_admin, _orders.Number, new JoinQuery(new RowQuery(), [])));
        await Assert.ThrowsAsync<ValidationException>(() => _rows.JoinQueryAsync(_admin, _orders.Number,
            JoinQuery.FromJson(Data("""{ "join": "customer", "filters": [ { "column": "customer.nope", "operator": "exists" } ] }"""))));
    }

    [Fact]
    public async Task Hostile_filter_values_match_literally_and_leave_the_table_alone()
    {
        await _rows.InsertAsync(_admin, _orders.Number, Data("""{ "title": "'; drop table x; --" }"""));
        await _rows.InsertAsync(_admin, _orders.Number, Data("""{ "title": "100% [sure]_" }"""));
        await _rows.InsertAsync(_admin, _orders.Number, Data("""{ "title": "plain" }"""));
        async Task<string[]> Titles(string op, string value) =>
            (await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(new JsonArray(new JsonObject { ["column"] = "title", ["operator"] = op, ["value"] = value }))))
            .Rows.Select(r => r.Data["title"]!.GetValue<string>()).ToArray();
        Assert.Equal(["'; drop table x; --"], await Titles("equals", "'; drop table x; --"));
        Assert.Equal(["100% [sure]_"], await Titles("contains", "%"));
        Assert.Equal(["100% [sure]_"], await Titles("ends_with", "_"));
        Assert.Equal(["100% [sure]_"], await Titles("contains", "[sure]"));
        Assert.Empty(await Titles("contains", "x'); DELETE FROM adb_" + _orders.Number + "; --"));
        Assert.Equal(3, await RowTestTables.CountAsync(_db, _orders));
    }

    [Fact]
    public async Task The_observer_hears_about_rows_of_tables_with_searchable_columns_after_they_are_written()
    {
        var alice = await Customer("Alice");
        await _rows.UpdateAsync(_admin, _customers.Number, alice.RowId, Data("""{ "name": "Alice B" }""")); // no searchable column written
        await _rows.UpdateAsync(_admin, _customers.Number, alice.RowId, Data("""{ "bio": "likes tea" }"""));
        await _rows.DeleteAsync(_admin, _customers.Number, alice.RowId);
        await _rows.InsertAsync(_admin, _orders.Number, new JsonObject()); // no searchable column at all
        Assert.Equal([RowChangeKind.Inserted, RowChangeKind.Updated, RowChangeKind.Deleted], _observer.Changes.Select(c => c.Kind));
        Assert.All(_observer.Changes, c => Assert.Equal([alice.RowId], c.RowIds));
        Assert.All(_observer.Changes, c => Assert.Equal(_customers.Number, c.TableNumber));
        Assert.Equal(["bio"], _observer.Changes[1].Columns);
    }

    [Fact]
    public async Task A_failing_observer_does_not_fail_the_write()
    {
        var rows = new RowService(_db, _db.Clock, new ThrowingObserver());
        var row = await rows.InsertAsync(_admin, _customers.Number, Data("""{ "name": "A" }"""));
        Assert.Equal("A", (await rows.GetAsync(_admin, _customers.Number, row.RowId)).Data["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_table_in_the_trash_or_unknown_is_404()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.GetAsync(_admin, 987_654, 1));
        await using (var db = _db.Context())
        {
            var stored = await db.AutessaTables.SingleAsync(t => t.Id == _orders.Id);
            stored.DeletedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        }
        var error = await Assert.ThrowsAsync<NotFoundException>(() => _rows.QueryAsync(_admin, _orders.Number, new RowQuery()));
        Assert.Equal("Table not found", error.Message);
    }

    private sealed class RecordingObserver : ITableRowsObserver
    {
        public List<TableRowsChange> Changes { get; } = [];

        public Task RowsChangedAsync(TableRowsChange change, CancellationToken ct = default)
        {
            Changes.Add(change);
            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingObserver : ITableRowsObserver
    {
        public Task RowsChangedAsync(TableRowsChange change, CancellationToken ct = default) => throw new InvalidOperationException("index down");
    }
}
