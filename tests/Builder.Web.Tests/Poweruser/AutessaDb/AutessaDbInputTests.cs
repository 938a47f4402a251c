using System.Text.Json;
using Builder.Web.Tests.Api;
using static Builder.Web.Tests.Poweruser.AutessaDb.AutessaDbApi;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.AutessaDb;

/// <summary>
/// Bad input to the AutessaDB poweruser endpoints: a clear 4xx in the errors form naming the field, and nothing changed
/// (the row count, the cells and the columns stay as they were). Human-only operations are 403.
/// </summary>
public sealed class AutessaDbInputTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private readonly AutessaDbApi _api = AutessaDbApi.For(factory);

    private async Task<(HttpClient Admin, int TableId, long RowId)> ArrangeAsync()
    {
        var tableId = await _api.CreateTableAsync();
        var rowId = await _api.InsertAsync(tableId, new { name = "Alice", amount = 5 });
        await _api.InsertAsync(tableId, new { name = "Bob", amount = 7 });
        return (await _api.AdminAsync(), tableId, rowId);
    }

    private async Task AssertUnchangedAsync(HttpClient admin, int tableId, long rowId, int columns = 3)
    {
        Assert.Equal(2, await _api.CountAsync(tableId));
        var row = await admin.PostJsonAsync($"{Query}/get-single-row", new { tableId, rowId }).ExpectJson(200);
        Assert.Equal(5, row.GetProperty("row").GetProperty("data").GetProperty("amount").GetInt32());
        Assert.Equal("Alice", row.GetProperty("row").GetProperty("data").Str("name"));
        Assert.Equal(columns, (await _api.TableAsync(tableId)).GetProperty("columns").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_column_or_a_wrong_type_is_400_naming_it_and_writes_nothing()
    {
        var (admin, tableId, rowId) = await ArrangeAsync();

        var unknown = await admin.PostJsonAsync($"{Query}/insert", new { tableId, data = new { name = "Carol", colour = "red" } }).ExpectErrors(400, "invalid_value");
        Assert.Contains("colour", unknown.Str("message") + unknown.GetProperty("field"));
        var wrong = await admin.PostJsonAsync($"{Query}/insert", new { tableId, data = new { name = "Carol", amount = "lots" } }).ExpectErrors(400, "invalid_value");
        Assert.Contains("amount", wrong.Str("field"));
        await admin.PostJsonAsync($"{Query}/insert", new { tableId, data = new { amount = 3 } }).ExpectErrors(400, "invalid_value"); // name is required
        await admin.PostJsonAsync($"{Query}/insert", new { tableId }).ExpectErrors(400, "invalid_value", "data");
        await admin.PostJsonAsync($"{Query}/update", new { tableId, rowId, data = new { amount = 1.5 } }).ExpectErrors(400, "invalid_value");
        // One bad row of a batch: nothing of the batch is written.
        await admin.PostJsonAsync($"{Query}/batch-update", new
        {
            tableId, rows = new object[] { new { rowId, data = new { amount = 9 } }, new { rowId = rowId + 1, data = new { amount = "x" } } },
        }).ExpectErrors(400, "invalid_value");

        await AssertUnchangedAsync(admin, tableId, rowId);
    }

    [Fact]
    public async Task A_batch_of_ten_thousand_rows_is_refused_whole()
    {
        var (admin, tableId, rowId) = await ArrangeAsync();

        var rows = Enumerable.Range(0, 10_000).Select(_ => new { rowId, data = new { amount = 1 } }).ToArray();
        var update = await admin.PostJsonAsync($"{Query}/batch-update", new { tableId, rows }).ExpectErrors(400, "invalid_value", "rows");
        Assert.Contains("1,000", update.Str("message"));
        var delete = await admin.PostJsonAsync($"{Query}/batch-delete", new { tableId, rowIds = Enumerable.Repeat(rowId, 10_000).ToArray() })
            .ExpectErrors(400, "invalid_value", "rowIds");
        Assert.Contains("1,000", delete.Str("message"));

        await AssertUnchangedAsync(admin, tableId, rowId);
    }

    [Fact]
    public async Task A_malformed_filter_or_sort_is_400_naming_the_part()
    {
        var (admin, tableId, rowId) = await ArrangeAsync();

        await admin.PostJsonAsync($"{Query}/query", new { tableId, filters = new[] { new { column = "amount", @operator = "like", value = 1 } } }).ExpectErrors(400, "invalid_value");
        await admin.PostJsonAsync($"{Query}/query", new { tableId, filters = new[] { new { column = "nope", @operator = "equals", value = 1 } } }).ExpectErrors(400, "invalid_value");
        await admin.PostJsonAsync($"{Query}/query", new { tableId, filters = new[] { new { column = "amount", @operator = "greater_than", value = "x" } } }).ExpectErrors(400, "invalid_value");
        await admin.PostJsonAsync($"{Query}/query", new { tableId, filters = "amount > 1" }).ExpectErrors(400, "invalid_value");
        await admin.PostJsonAsync($"{Query}/query", new { tableId, filters = Array.Empty<object>(), filterOperator = "XOR" }).ExpectErrors(400, "invalid_value");
        await admin.PostJsonAsync($"{Query}/query", new { tableId, limit = 100_000 }).ExpectErrors(400, "invalid_value", "limit");
        await admin.PostJsonAsync($"{Query}/get-data", new { tableId, sort = new { column = "amount", direction = "sideways" } }).ExpectErrors(400, "invalid_value");
        await admin.PostJsonAsync($"{Query}/join-query", new { tableId, joins = new[] { "amount" } }).ExpectErrors(400, "invalid_value");
        // A hostile value is a parameter: it matches nothing and the table is intact.
        var hostile = await admin.PostJsonAsync($"{Query}/query", new { tableId, filters = new[] { new { column = "name", @operator = "equals", value = "x'; DROP TABLE users; --" } } }).ExpectJson(200);
        Assert.Equal(0, hostile.GetProperty("total").GetInt64());

        await AssertUnchangedAsync(admin, tableId, rowId);
    }

    [Fact]
    public async Task Ids_as_strings_decimals_or_zero_are_400_naming_the_field()
    {
        var (admin, tableId, rowId) = await ArrangeAsync();

        await admin.PostRawAsync($"{Query}/get-single-row", $$"""{ "tableId": "{{tableId}}", "rowId": {{rowId}} }""").ExpectErrors(400, "invalid_id", "tableId");
        await admin.PostRawAsync($"{Query}/delete-row", $$"""{ "tableId": {{tableId}}, "rowId": "{{rowId}}" }""").ExpectErrors(400, "invalid_id", "rowId");
        await admin.PostRawAsync($"{Query}/delete-row", $$"""{ "tableId": {{tableId}}, "rowId": {{rowId}}.0 }""").ExpectErrors(400, "invalid_id", "rowId");
        await admin.PostRawAsync($"{Query}/batch-delete", $$"""{ "tableId": {{tableId}}, "rowIds": [{{rowId}}, "2"] }""").ExpectErrors(400, "invalid_id", "rowIds[1]");
        await admin.PostRawAsync($"{Query}/batch-update", $$"""{ "tableId": {{tableId}}, "rows": [{ "rowId": "{{rowId}}", "data": {} }] }""").ExpectErrors(400, "invalid_id");
        await admin.PostRawAsync($"{Tables}/get", """{ "tableId": 0 }""").ExpectErrors(400, "invalid_id", "tableId");
        await admin.PostJsonAsync($"{Query}/get-single-row", new { tableId }).ExpectErrors(400, "invalid_value", "rowId");
        await admin.PostJsonAsync($"{Query}/get-single-row", new { rowId }).ExpectErrors(400, "invalid_value", "tableId");
        await admin.PostJsonAsync($"{Query}/get-single-row", new { tableId = 2_000_000_000, rowId }).ExpectErrors(404, "not_found");
        await admin.PostJsonAsync($"{Query}/get-single-row", new { tableId = 9_000_000_000L, rowId }).ExpectErrors(404, "not_found");
        await admin.PostJsonAsync($"{Query}/delete-row", new { tableId, rowId = 987_654 }).ExpectErrors(404, "not_found");

        await AssertUnchangedAsync(admin, tableId, rowId);
    }

    [Fact]
    public async Task A_bad_table_definition_creates_nothing()
    {
        var admin = await _api.AdminAsync();
        var name = Name("bad");

        await admin.PostJsonAsync($"{Tables}/create", new { tableName = name, columns = new object[] { new { name = "ok", type = "text" }, new { name = "b", type = "money" } } })
            .ExpectErrors(400, "invalid_value", "columns[1].type");
        await admin.PostJsonAsync($"{Tables}/create", new { tableName = name, columns = new object[] { new { name = "l", type = "link", link = 999_999 } } })
            .ExpectErrors(400, "invalid_value", "columns[0].link");
        await admin.PostRawAsync($"{Tables}/create", $$"""{ "tableName": "{{name}}", "columns": [{ "name": "x", "type": "text", "required": "yes" }] }""")
            .ExpectErrors(400, "invalid_type");
        await admin.PostJsonAsync($"{Tables}/create", new { tableName = "Not An Identifier" }).ExpectErrors(400, "invalid_value");

        var all = await admin.PostJsonAsync($"{Tables}/all", new { }).ExpectJson(200);
        Assert.DoesNotContain(all.GetProperty("ownedTables").EnumerateArray(), t => t.Str("tableName") == name);
    }

    [Fact]
    public async Task Dropping_a_column_or_the_table_is_human_only_and_changes_nothing()
    {
        var (admin, tableId, rowId) = await ArrangeAsync();

        var drop = await admin.PostJsonAsync($"{Tables}/update-schema", new
        {
            tableId, operations = new object[] { new { op = "add_column", column = new { name = "extra", type = "text" } }, new { op = "drop_column", column = "amount" } },
        }).ExpectErrors(403, "human_oversight_required");
        Assert.Contains("requires human oversight in the Builder UI", drop.Str("message"));
        await admin.PostJsonAsync($"{Tables}/delete", new { tableId }).ExpectErrors(403, "human_oversight_required");
        await admin.PostJsonAsync($"{Tables}/confirm-delete", new { tableId }).ExpectErrors(403, "human_oversight_required");
        var (session, query) = await _api.CallerAsync(Caller.Admin, byKey: false);
        await session.PostJsonAsync($"{Tables}/delete{query}", new { tableId }).ExpectErrors(403, "human_oversight_required");

        await AssertUnchangedAsync(admin, tableId, rowId);
    }

    [Fact]
    public async Task A_schema_update_is_checked_whole_before_anything_runs()
    {
        var (admin, tableId, rowId) = await ArrangeAsync();

        await admin.PostJsonAsync($"{Tables}/update-schema", new
        {
            tableId, operations = new object[]
            {
                new { op = "add_column", column = new { name = "extra", type = "text" } },
                new { op = "rename_column", column = "missing", name = "other" },
            },
        }).ExpectErrors(400, "invalid_value", "operations[1].column");
        await admin.PostJsonAsync($"{Tables}/update-schema", new { tableId, operations = new object[] { new { op = "explode" } } })
            .ExpectErrors(400, "invalid_value", "operations[0].op");
        await admin.PostJsonAsync($"{Tables}/update-schema", new { tableId, operations = new object[] { new { op = "change_type", column = "amount", type = "money" } } })
            .ExpectErrors(400, "invalid_value", "operations[0].type");
        await admin.PostJsonAsync($"{Tables}/update-schema", new { tableId, operations = new object[] { new { op = "add_column", column = new { name = "name", type = "text" } } } })
            .ExpectErrors(400, "invalid_value", "operations[0].column.name");
        await admin.PostJsonAsync($"{Tables}/update-schema", new { tableId, operations = new object[] { new { op = "reorder_columns", order = new[] { "name" } } } })
            .ExpectErrors(400, "invalid_value", "operations[0].order");
        await admin.PostJsonAsync($"{Tables}/update-schema", new { tableId }).ExpectErrors(400, "invalid_value", "operations");
        // Values that do not convert are refused without emptyUnconvertible: the column keeps its type and values.
        await admin.PostJsonAsync($"{Tables}/update-schema", new { tableId, operations = new object[] { new { op = "change_type", column = "name", type = "integer" } } })
            .ExpectErrors(400, "invalid_value");

        await AssertUnchangedAsync(admin, tableId, rowId);
        Assert.Equal("text", (await _api.TableAsync(tableId)).GetProperty("columns")[0].Str("type"));
    }

    [Fact]
    public async Task An_operation_the_rows_refuse_names_itself_and_undoes_the_operations_before_it()
    {
        var (admin, tableId, rowId) = await ArrangeAsync();

        var refused = await admin.PostJsonAsync($"{Tables}/update-schema", new
        {
            tableId, operations = new object[]
            {
                new { op = "add_column", column = new { name = "extra", type = "text" } },
                new { op = "update_column", column = "attachment", required = true },
            },
        }).ExpectErrors(400, "invalid_value");

        Assert.StartsWith("operations[1]", refused.Str("field"));
        Assert.Contains("Nothing was changed", refused.Str("message"));
        Assert.Contains("operations[0..0] were undone", refused.Str("message"));
        var columns = (await _api.TableAsync(tableId)).GetProperty("columns");
        Assert.Equal(["name", "amount", "attachment"], columns.EnumerateArray().Select(c => c.Str("name")));
        Assert.False(columns[2].GetProperty("required").GetBoolean());
        await AssertUnchangedAsync(admin, tableId, rowId);
    }

    [Fact]
    public async Task A_request_of_several_operations_is_all_or_nothing_for_the_schema_and_the_data()
    {
        var (admin, tableId, rowId) = await ArrangeAsync();

        // A type change rewrites every cell, a rename and an index follow; the last operation is refused by the rows.
        await admin.PostJsonAsync($"{Tables}/update-schema", new
        {
            tableId, operations = new object[]
            {
                new { op = "change_type", column = "amount", type = "text" },
                new { op = "rename_column", column = "amount", name = "quantity" },
                new { op = "update_column", column = "name", unique = true, indexed = true },
                new { op = "add_column", column = new { name = "flag", type = "boolean", required = true, @default = true } },
                new { op = "change_type", column = "name", type = "integer" },
            },
        }).ExpectErrors(400, "invalid_value");

        var table = await _api.TableAsync(tableId);
        var columns = table.GetProperty("columns");
        Assert.Equal(["name", "amount", "attachment"], columns.EnumerateArray().Select(c => c.Str("name")));
        Assert.Equal("integer", columns[1].Str("type"));
        Assert.False(columns[0].GetProperty("unique").GetBoolean());
        Assert.False(columns[0].GetProperty("indexed").GetBoolean());
        await AssertUnchangedAsync(admin, tableId, rowId);
        // The rows still take integers in amount (the physical column is the integer one) and repeated names (no unique index).
        await _api.InsertAsync(tableId, new { name = "Alice", amount = 11 });
        Assert.Equal(3, await _api.CountAsync(tableId));
    }

    [Fact]
    public async Task Schema_operations_add_rename_reorder_flag_preview_and_change_a_type()
    {
        var (admin, tableId, rowId) = await ArrangeAsync();
        await _api.InsertAsync(tableId, new { name = "12", amount = 1 });

        var body = await admin.PostJsonAsync($"{Tables}/update-schema", new
        {
            tableId, operations = new object[]
            {
                new { op = "add_column", column = new { name = "status", type = "single_select", options = new[] { "new", "done" }, @default = "new" } },
                new { op = "rename_column", column = "amount", name = "quantity" },
                new { op = "reorder_columns", order = new[] { "status", "name", "quantity", "attachment" } },
                new { op = "update_column", column = "quantity", required = true },
                new { op = "preview_type_change", column = "name", type = "integer" },
            },
        }).ExpectJson(200);
        Assert.Equal(5, body.GetProperty("applied").GetArrayLength());
        var preview = body.GetProperty("previews")[0];
        Assert.Equal((2, 3), (preview.GetProperty("unconvertible").GetInt32(), preview.GetProperty("total").GetInt32()));
        var columns = body.GetProperty("table").GetProperty("columns");
        Assert.Equal(["status", "name", "quantity", "attachment"], columns.EnumerateArray().Select(c => c.Str("name")));
        Assert.True(columns[2].GetProperty("required").GetBoolean());
        Assert.Equal("text", columns[1].Str("type"));

        // Converting with emptyUnconvertible (the column is not required any more first).
        var converted = await admin.PostJsonAsync($"{Tables}/update-schema", new
        {
            tableId, operations = new object[]
            {
                new { op = "update_column", column = "name", required = false },
                new { op = "change_type", column = "name", type = "integer", emptyUnconvertible = true },
            },
        }).ExpectJson(200);
        Assert.Equal("integer", converted.GetProperty("table").GetProperty("columns")[1].Str("type"));
        var rows = await admin.PostJsonAsync($"{Query}/get-data", new { tableId }).ExpectJson(200);
        Assert.Equal([null, null, "12"], rows.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("data").GetProperty("name").ValueKind == JsonValueKind.Null ? null : r.GetProperty("data").GetProperty("name").GetRawText()));
    }

    [Fact]
    public async Task Update_column_renames_select_options_and_removes_one_in_use_only_when_confirmed()
    {
        var (admin, tableId, rowId) = await ArrangeAsync();
        async Task<JsonElement> Status()
        {
            var row = await admin.PostJsonAsync($"{Query}/get-single-row", new { tableId, rowId }).ExpectJson(200);
            return row.GetProperty("row").GetProperty("data").GetProperty("status");
        }
        object Update(object change) => new { tableId, operations = new[] { change } };
        await admin.PostJsonAsync($"{Tables}/update-schema", Update(new { op = "add_column", column = new { name = "status", type = "single_select", options = new[] { "new", "done" } } }))
            .ExpectJson(200);
        await admin.PostJsonAsync($"{Query}/update", new { tableId, rowId, data = new { status = "done" } }).ExpectJson(200);

        var refused = await admin.PostJsonAsync($"{Tables}/update-schema", Update(new { op = "update_column", column = "status", options = new[] { "new" } }))
            .ExpectErrors(400, "invalid_value");
        Assert.Contains("“done” is used by 1 row", refused.Str("message"));
        Assert.Equal("done", (await Status()).GetString());

        var renamed = await admin.PostJsonAsync($"{Tables}/update-schema",
            Update(new { op = "update_column", column = "status", renameOptions = new Dictionary<string, string> { ["done"] = "finished" } })).ExpectJson(200);
        Assert.Equal(["new", "finished"], renamed.GetProperty("table").GetProperty("columns")[3].GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("finished", (await Status()).GetString());

        await admin.PostJsonAsync($"{Tables}/update-schema", Update(new { op = "update_column", column = "status", options = new[] { "new" }, emptyRemovedOptions = true }))
            .ExpectJson(200);
        Assert.Equal(JsonValueKind.Null, (await Status()).ValueKind);
    }

    [Fact]
    public async Task Table_options_list_types_operators_and_limits()
    {
        var admin = await _api.AdminAsync();
        var body = await admin.PostJsonAsync($"{Tables}/table-options", new { }).ExpectJson(200);
        var options = body.GetProperty("options");
        var types = options.GetProperty("types").EnumerateArray().Select(t => t.Str("type")).ToList();
        Assert.Equal(["boolean", "date", "datetime", "decimal", "file", "integer", "json", "link", "long_text", "multi_select", "single_select", "text"], types.Order());
        Assert.Empty(body.GetProperty("errors").EnumerateArray());
    }
}
