using System.Diagnostics;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Files;
using Builder.Domain.Sharing;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tests.Support;
using Builder.Domain.Tests.Tables.Rows;

namespace Builder.Domain.Tests.Tables.Hostile;

/// <summary>
/// A hostile caller against the row service on real SQLite: strings that would be SQL, keys that name physical or system
/// columns, file keys and link targets of another organization, filters built to exhaust the server, values at the edges.
/// </summary>
public class HostileRowTests : IAsyncLifetime
{
    private const string Drop = "x\"; DROP TABLE adb_1; --";
    private FileTestDatabase _db = null!;
    private RowService _rows = null!;
    private Guid _acme, _globex;
    private Actor _admin = null!, _builder = null!, _globexAdmin = null!;
    private AutessaTable _orders = null!, _secrets = null!;

    public async Task InitializeAsync()
    {
        _db = await FileTestDatabase.CreateAsync();
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _globex = await _db.OrganizationIdAsync("Globex");
        _admin = await _db.ActorAsync("admin@acme.test");
        _builder = await _db.ActorAsync("builder@acme.test");
        _globexAdmin = await _db.ActorAsync("admin@globex.test");
        _secrets = await RowTestTables.CreateAsync(_db, _acme, _admin.UserId, "secrets", new RowTestTables.Column("password", ColumnType.Text));
        _orders = await RowTestTables.CreateAsync(_db, _acme, _admin.UserId, "orders",
            new RowTestTables.Column("title", ColumnType.Text), new RowTestTables.Column("amount", ColumnType.Decimal),
            new RowTestTables.Column("due", ColumnType.Date), new RowTestTables.Column("doc", ColumnType.File),
            new RowTestTables.Column("secret", ColumnType.Link, LinkTableId: _secrets.Id), new RowTestTables.Column("code", ColumnType.Text, Unique: true));
        _rows = new RowService(_db, _db.Clock);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static JsonObject Data(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("c1")]
    [InlineData("c2")]
    [InlineData("id")]
    [InlineData("created_by")]
    [InlineData("createdBy")]
    [InlineData("createdAt")]
    [InlineData("updated_at")]
    [InlineData(Drop)]
    [InlineData("TITLE")]
    [InlineData("t.c1")]
    public async Task A_key_naming_a_physical_or_system_column_is_refused_and_nothing_is_written(string key)
    {
        var id = (await _rows.InsertAsync(_admin, _orders.Number, Data("""{ "title": "kept" }"""))).RowId;
        var insert = await Assert.ThrowsAsync<ValidationException>(() => _rows.InsertAsync(_admin, _orders.Number, new JsonObject { [key] = 5, ["title"] = "x" }));
        Assert.Contains($"data.{key}", insert.Errors.Keys);
        var update = await Assert.ThrowsAsync<ValidationException>(() => _rows.UpdateAsync(_admin, _orders.Number, id, new JsonObject { [key] = 5 }));
        Assert.Contains($"data.{key}", update.Errors.Keys);
        Assert.Equal(1, await RowTestTables.CountAsync(_db, _orders));
        var row = await _rows.GetAsync(_admin, _orders.Number, id);
        Assert.Equal(_admin.UserId, row.CreatedBy);
        Assert.Equal("kept", row.Data["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sql_in_sort_keys_filter_columns_operators_and_values_never_runs()
    {
        await _rows.InsertAsync(_admin, _orders.Number, Data("""{ "title": "a" }"""));
        foreach (var column in new[] { Drop, "c1", "t.c1", "id; DROP TABLE adb_1", "secret.password", "title --" })
        {
            await Assert.ThrowsAsync<ValidationException>(() => _rows.QueryAsync(_admin, _orders.Number, new RowQuery(Sort: [new RowSort(column)])));
            await Assert.ThrowsAsync<ValidationException>(() => _rows.QueryAsync(_admin, _orders.Number,
                new RowQuery(JsonNode.Parse($$"""[{ "column": {{JsonValue.Create(column).ToJsonString()}}, "operator": "equals", "value": "a" }]"""))));
        }
        foreach (var op in new[] { "= 1 OR 1 = 1 --", "LIKE", "equals)", "EQUALS", "greater_than" })
            await Assert.ThrowsAsync<ValidationException>(() => _rows.QueryAsync(_admin, _orders.Number,
                new RowQuery(JsonNode.Parse($$"""[{ "column": "title", "operator": {{JsonValue.Create(op).ToJsonString()}}, "value": "a" }]"""))));
        await Assert.ThrowsAsync<ValidationException>(() => _rows.QueryAsync(_admin, _orders.Number, new RowQuery(FilterOperator: JsonValue.Create("OR 1=1"))));
        foreach (var op in new[] { "equals", "not_equals", "contains", "starts_with", "ends_with" })
        {
            var page = await _rows.QueryAsync(_admin, _orders.Number,
                new RowQuery(JsonNode.Parse($$"""[{ "column": "title", "operator": "{{op}}", "value": "' OR '1'='1" }]""")));
            Assert.Equal(op is "not_equals" ? 1 : 0, page.Total); // compared as text, never as SQL
        }
        Assert.Equal(1, (await _rows.QueryAsync(_admin, _orders.Number, new RowQuery())).Total);
        Assert.Equal(1, await RowTestTables.CountAsync(_db, _orders));
    }

    [Fact]
    public async Task Like_wildcards_in_a_value_are_literal_and_a_pathological_pattern_is_cheap()
    {
        await _rows.InsertManyAsync(_admin, _orders.Number, Enumerable.Range(0, 500).Select(i => (JsonObject?)new JsonObject { ["title"] = new string('a', 400) + i }).ToList());
        await _rows.InsertAsync(_admin, _orders.Number, Data("""{ "title": "100%_off\\" }"""));
        Assert.Equal(1, (await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(JsonNode.Parse("""[{ "column": "title", "operator": "contains", "value": "%_o" }]""")))).Total);
        Assert.Equal(1, (await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(JsonNode.Parse("""[{ "column": "title", "operator": "ends_with", "value": "\\" }]""")))).Total);
        Assert.Equal(0, (await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(JsonNode.Parse("""[{ "column": "title", "operator": "contains", "value": "f_" }]""")))).Total);

        var pattern = string.Concat(Enumerable.Repeat("%a_", 3000));
        var watch = Stopwatch.StartNew();
        var page = await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(
            new JsonArray(new JsonObject { ["column"] = "title", ["operator"] = "contains", ["value"] = pattern }),
            Sort: [new RowSort("title", Descending: true)]));
        Assert.Equal(0, page.Total);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Filters_built_to_exhaust_the_server_are_refused_before_any_sql()
    {
        JsonObject In(int n) => new() { ["column"] = "id", ["operator"] = "in", ["value"] = new JsonArray(Enumerable.Range(1, n).Select(i => (JsonNode?)i).ToArray()) };
        var wide = new JsonArray(Enumerable.Range(0, 100).Select(_ => (JsonNode?)In(1_000)).ToArray());
        var error = await Assert.ThrowsAsync<ValidationException>(() => _rows.QueryAsync(_admin, _orders.Number, new RowQuery(wide)));
        Assert.Contains("2,000", error.Details);
        await Assert.ThrowsAsync<ValidationException>(() => _rows.QueryAsync(_admin, _orders.Number, new RowQuery(new JsonArray(In(1_001)))));
        var many = new JsonArray(Enumerable.Range(0, 101).Select(_ => (JsonNode?)new JsonObject { ["column"] = "title", ["operator"] = "exists" }).ToArray());
        await Assert.ThrowsAsync<ValidationException>(() => _rows.QueryAsync(_admin, _orders.Number, new RowQuery(many)));

        JsonNode nested = new JsonArray(new JsonObject { ["column"] = "title", ["operator"] = "exists" });
        for (var i = 0; i < 40; i++) nested = new JsonArray(new JsonObject { ["filterOperator"] = "OR", ["filters"] = nested });
        var deep = await Assert.ThrowsAsync<ValidationException>(() => _rows.QueryAsync(_admin, _orders.Number, new RowQuery(nested)));
        Assert.Contains("nest at most", deep.Details);

        // At the limits it runs: 100 conditions, 2,000 values in all (SQL Server's 2,100 parameters hold them and the two of paging).
        var full = new JsonArray([In(1_000), In(902), .. Enumerable.Range(0, 98).Select(_ => (JsonNode?)new JsonObject { ["column"] = "title", ["operator"] = "not_equals", ["value"] = "z" })]);
        try { Assert.Equal(0, (await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(full))).Total); }
        catch (ValidationException e) { Assert.Fail(e.Details); }
    }

    [Fact]
    public async Task A_file_cell_naming_another_organizations_file_is_refused()
    {
        var foreign = BlobKey.New(_globex).ToString();
        var error = await Assert.ThrowsAsync<ValidationException>(() => _rows.InsertAsync(_admin, _orders.Number,
            new JsonObject { ["doc"] = new JsonObject { ["key"] = foreign, ["name"] = "payroll.pdf", ["size"] = 10, ["contentType"] = "application/pdf" } }));
        Assert.Contains("data.doc", error.Errors.Keys);
        Assert.DoesNotContain(foreign, error.Details);
        Assert.Equal(0, await RowTestTables.CountAsync(_db, _orders));

        var id = (await _rows.InsertAsync(_admin, _orders.Number, Data("""{ "title": "t" }"""))).RowId;
        foreach (var key in new[] { foreign, "../../../etc/passwd", "k/1", BlobKey.New(_acme).ToString().ToUpperInvariant() })
            await Assert.ThrowsAsync<ValidationException>(() => _rows.BatchUpdateAsync(_admin, _orders.Number,
                [new RowUpdate(id, new JsonObject { ["doc"] = new JsonObject { ["key"] = key, ["name"] = "a.pdf", ["size"] = 1 } })]));
        Assert.Null((await _rows.GetAsync(_admin, _orders.Number, id)).Data["doc"]);

        // A key of the table's own organization is a file cell.
        var own = BlobKey.New(_acme).ToString();
        var row = await _rows.UpdateAsync(_admin, _orders.Number, id, new JsonObject { ["doc"] = new JsonObject { ["key"] = own, ["name"] = "a.pdf", ["size"] = 1 } });
        Assert.Equal(own, row.Data["doc"]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_link_value_naming_a_row_of_another_organizations_table_is_refused()
    {
        var theirs = await RowTestTables.CreateAsync(_db, _globex, _globexAdmin.UserId, "payroll", new RowTestTables.Column("salary", ColumnType.Integer));
        var theirRow = (await _rows.InsertAsync(_globexAdmin, theirs.Number, Data("""{ "salary": 99000 }"""))).RowId;
        var error = await Assert.ThrowsAsync<ValidationException>(() => _rows.InsertAsync(_admin, _orders.Number, new JsonObject { ["secret"] = theirRow }));
        Assert.Contains("does not exist in the linked table", error.Details);
        Assert.DoesNotContain("99000", error.Details);
        // Their table by number: 404, its rows unreachable, nothing of it in the message.
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => _rows.GetAsync(_admin, theirs.Number, theirRow));
        Assert.Equal("Table not found", missing.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.QueryAsync(_admin, theirs.Number, new RowQuery()));
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.BatchDeleteAsync(_admin, theirs.Number, [theirRow]));
        Assert.Equal(1, await RowTestTables.CountAsync(_db, theirs));
    }

    [Fact]
    public async Task A_join_through_a_link_into_a_table_the_caller_cannot_read_returns_nothing_of_it()
    {
        var secret = (await _rows.InsertAsync(_admin, _secrets.Number, Data("""{ "password": "hunter2" }"""))).RowId;
        await _rows.InsertAsync(_admin, _orders.Number, new JsonObject { ["title"] = "o", ["secret"] = secret });
        await RowTestTables.ShareAsync(_db, _secrets, SharingLevel.Private); // orders visible to every member (the default); secrets private
        Assert.Equal(1, (await _rows.QueryAsync(_builder, _orders.Number, new RowQuery())).Total);

        var error = await Assert.ThrowsAnyAsync<DomainException>(() => _rows.JoinQueryAsync(_builder, _orders.Number, new JoinQuery(new RowQuery(), [new RowJoin("secret")])));
        Assert.DoesNotContain("hunter2", error.Message + error.Details);
        Assert.DoesNotContain("password", error.Message + error.Details);
        foreach (var column in new[] { "secret.password", "secret.id" })
        {
            var filter = await Assert.ThrowsAsync<ValidationException>(() => _rows.QueryAsync(_builder, _orders.Number,
                new RowQuery(JsonNode.Parse($$"""[{ "column": "{{column}}", "operator": "starts_with", "value": "h" }]"""))));
            Assert.DoesNotContain("secret.password,", filter.Details);
        }
    }

    [Theory]
    [InlineData("1e28")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("1234567890123456")]
    [InlineData("0.00000000001")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"-0x1\"")]
    [InlineData("\"1e400\"")]
    public async Task A_decimal_beyond_fifteen_digits_or_not_a_number_is_refused(string json)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => _rows.InsertAsync(_admin, _orders.Number, Data($$"""{ "amount": {{json}} }""")));
        Assert.Contains("data.amount", error.Errors.Keys);
        Assert.Equal(0, await RowTestTables.CountAsync(_db, _orders));
    }

    [Fact]
    public async Task Decimals_and_dates_at_the_edges_round_trip_and_sort()
    {
        var values = new[] { "-0", "999999999999999", "-999999999999999", "0.0000000001", "1e14" };
        foreach (var value in values)
            try { await _rows.InsertAsync(_admin, _orders.Number, Data($$"""{ "amount": {{value}} }""")); }
            catch (ValidationException e) { Assert.Fail(value + ": " + e.Details); }
        var amounts = (await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(Sort: [new RowSort("amount")]))).Rows
            .Select(r => r.Data["amount"]!.GetValue<decimal>()).ToList();
        Assert.Equal([-999999999999999m, 0m, 0.0000000001m, 100000000000000m, 999999999999999m], amounts);

        await _rows.InsertAsync(_admin, _orders.Number, Data("""{ "due": "9999-12-31" }"""));
        await _rows.InsertAsync(_admin, _orders.Number, Data("""{ "due": "0001-01-01" }"""));
        var dates = await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(JsonNode.Parse("""[{ "column": "due", "operator": "exists" }]"""),
            Sort: [new RowSort("due", Descending: true)]));
        Assert.Equal(["9999-12-31", "0001-01-01"], dates.Rows.Select(r => r.Data["due"]!.GetValue<string>()));
        Assert.Equal(1, (await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(JsonNode.Parse("""[{ "column": "due", "operator": "less_than", "value": "0002-01-01" }]""")))).Total);
        await Assert.ThrowsAsync<ValidationException>(() => _rows.InsertAsync(_admin, _orders.Number, Data("""{ "due": "10000-01-01" }""")));
        await Assert.ThrowsAsync<ValidationException>(() => _rows.InsertAsync(_admin, _orders.Number, Data("""{ "due": "0000-01-01" }""")));
    }

    [Fact]
    public async Task A_batch_update_racing_a_delete_is_all_or_nothing()
    {
        var ids = (await _rows.InsertManyAsync(_admin, _orders.Number, Enumerable.Range(0, 200).Select(i => (JsonObject?)new JsonObject { ["title"] = "old" }).ToList()))
            .Select(r => r.RowId).ToList();
        var update = Task.Run(() => _rows.BatchUpdateAsync(_admin, _orders.Number, ids.Select(id => new RowUpdate(id, new JsonObject { ["title"] = "new" })).ToList()));
        var delete = Task.Run(() => _rows.BatchDeleteAsync(_admin, _orders.Number, [ids[150]]));
        Exception? updateError = null;
        try { await update; } catch (Exception e) { updateError = e; }
        await delete;

        var titles = (await _rows.QueryAsync(_admin, _orders.Number, new RowQuery(Limit: 1000))).Rows.Select(r => r.Data["title"]!.GetValue<string>()).Distinct().ToList();
        Assert.Equal(199, await RowTestTables.CountAsync(_db, _orders));
        if (updateError is null) Assert.Equal(["new"], titles);
        else
        {
            Assert.IsType<NotFoundException>(updateError);
            Assert.Equal(["old"], titles);
        }
    }

    [Fact]
    public async Task Parallel_batches_with_one_unique_value_leave_exactly_one_row_holding_it()
    {
        var batches = Enumerable.Range(0, 6).Select(b => Task.Run(async () =>
        {
            try
            {
                await _rows.InsertManyAsync(_admin, _orders.Number,
                    Enumerable.Range(0, 50).Select(i => (JsonObject?)new JsonObject { ["code"] = i == 25 ? "SAME" : $"b{b}-{i}" }).ToList());
                return true;
            }
            catch (ConflictException) { return false; }
        })).ToList();
        var won = (await Task.WhenAll(batches)).Count(w => w);
        Assert.Equal(1, won);
        Assert.Equal(50, await RowTestTables.CountAsync(_db, _orders));
    }
}
