using System.Text.Json.Nodes;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Filters;
using Builder.Domain.Tables.Rows;
using Microsoft.Data.Sqlite;

namespace Builder.Domain.Tests.Tables.Rows;

/// <summary>
/// The filters run on a real SQLite table laid out as the storage contract says (values written by <see cref="CellStorage"/>):
/// every operator of every type returns exactly the rows it should, and hostile values match literally.
/// </summary>
public sealed class FilterSqliteTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private static readonly RowTable Table = FilterTranslationTests.Table;
    private static readonly Guid Alice = Guid.Parse("00000000-0000-4000-8000-00000000000a");

    public FilterSqliteTests()
    {
        _connection.Open();
        var columns = string.Join(", ", Table.Columns.Select(c => $"c{c.Key} {(c.Type switch
        {
            ColumnType.Integer or ColumnType.Link or ColumnType.Boolean => "INTEGER",
            ColumnType.Decimal => "REAL",
            _ => "TEXT",
        })}"));
        Run($"CREATE TABLE adb_42 (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT, {columns})");
        // 1: everything set; 2: other values; 3: hostile text; 4: empty.
        Insert(new()
        {
            ["name"] = "Alice", ["notes"] = "likes 50% off", ["amount"] = 10L, ["price"] = 9.99m, ["paid"] = true,
            ["due"] = new DateOnly(2026, 1, 15), ["at"] = new DateTime(2026, 1, 15, 9, 0, 0, DateTimeKind.Utc), ["status"] = "open",
            ["tags"] = new List<string> { "red", "blue" }, ["meta"] = JsonNode.Parse("""{"a":1}"""), ["doc"] = new FileCell("k", "a.pdf", 1, "application/pdf"),
            ["customer"] = 7L,
        }, Alice);
        Insert(new()
        {
            ["name"] = "bob", ["notes"] = "plain", ["amount"] = -5L, ["price"] = 100.5m, ["paid"] = false,
            ["due"] = new DateOnly(2026, 3, 1), ["at"] = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), ["status"] = "closed",
            ["tags"] = new List<string> { "blue" }, ["customer"] = 8L,
        }, Guid.NewGuid());
        Insert(new() { ["name"] = "'; drop table x; --", ["notes"] = "under_score [bracket] back\\slash", ["amount"] = 0L }, Guid.NewGuid());
        Insert(new(), Guid.NewGuid());
    }

    public void Dispose() => _connection.Dispose();

    private void Run(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void Insert(Dictionary<string, object?> values, Guid by)
    {
        var parameters = new SqlParameters();
        var now = CellStorage.Timestamp(SqlProvider.Sqlite, DateTime.UtcNow);
        var columns = new List<string> { "created_at", "updated_at", "created_by" };
        var placeholders = new List<string> { parameters.Add(now), parameters.Add(now), parameters.Add(CellStorage.Member(SqlProvider.Sqlite, by)) };
        foreach (var (name, value) in values)
        {
            var column = Table.Column(name)!;
            columns.Add(column.Physical);
            placeholders.Add(parameters.Add(CellStorage.ToProvider(SqlProvider.Sqlite, column.Type, value)));
        }
        using var command = _connection.CreateCommand();
        command.CommandText = $"INSERT INTO adb_42 ({string.Join(", ", columns)}) VALUES ({string.Join(", ", placeholders)})";
        parameters.ApplyTo(command);
        command.ExecuteNonQuery();
    }

    private long[] Ids(string filters)
    {
        var filter = FilterParser.Parse(JsonNode.Parse($$"""{"filters":{{filters}}}""")!.AsObject(), new TableColumnResolver(Table));
        var parameters = new SqlParameters();
        var where = FilterSql.Where(filter, SqlDialect.Sqlite, parameters);
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT \"t\".\"id\" FROM \"adb_42\" AS \"t\" WHERE {where} ORDER BY \"t\".\"id\"";
        parameters.ApplyTo(command);
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids.ToArray();
    }

    private static string One(string column, string op, string? value = null) =>
        value is null ? $$"""[{"column":"{{column}}","operator":"{{op}}"}]""" : $$"""[{"column":"{{column}}","operator":"{{op}}","value":{{value}}}]""";

    [Theory]
    // text
    [InlineData("name", "equals", "\"Alice\"", new long[] { 1 })]
    [InlineData("name", "not_equals", "\"Alice\"", new long[] { 2, 3, 4 })]
    [InlineData("name", "contains", "\"LIC\"", new long[] { 1 })]
    [InlineData("name", "starts_with", "\"b\"", new long[] { 2 })]
    [InlineData("name", "ends_with", "\"--\"", new long[] { 3 })]
    [InlineData("name", "in", "[\"bob\",\"Alice\",\"nobody\"]", new long[] { 1, 2 })]
    [InlineData("name", "exists", null, new long[] { 1, 2, 3 })]
    [InlineData("name", "not_exists", null, new long[] { 4 })]
    [InlineData("name", "equals", "\"'; drop table x; --\"", new long[] { 3 })]
    // long text: wildcards match literally
    [InlineData("notes", "contains", "\"%\"", new long[] { 1 })]
    [InlineData("notes", "contains", "\"_\"", new long[] { 3 })]
    [InlineData("notes", "contains", "\"[bracket]\"", new long[] { 3 })]
    [InlineData("notes", "contains", "\"back\\\\slash\"", new long[] { 3 })]
    [InlineData("notes", "contains", "\"50% off\"", new long[] { 1 })]
    [InlineData("notes", "contains", "\"5_%\"", new long[0])]
    // integer
    [InlineData("amount", "equals", "0", new long[] { 3 })]
    [InlineData("amount", "greater_than", "-5", new long[] { 1, 3 })]
    [InlineData("amount", "less_than", "0", new long[] { 2 })]
    [InlineData("amount", "in", "[10,-5]", new long[] { 1, 2 })]
    [InlineData("amount", "not_equals", "10", new long[] { 2, 3, 4 })]
    // decimal
    [InlineData("price", "equals", "9.99", new long[] { 1 })]
    [InlineData("price", "greater_than", "10", new long[] { 2 })]
    [InlineData("price", "less_than", "100.5", new long[] { 1 })]
    // boolean
    [InlineData("paid", "equals", "true", new long[] { 1 })]
    [InlineData("paid", "equals", "false", new long[] { 2 })]
    [InlineData("paid", "not_equals", "true", new long[] { 2, 3, 4 })]
    // date and datetime
    [InlineData("due", "greater_than", "\"2026-01-15\"", new long[] { 2 })]
    [InlineData("due", "equals", "\"2026-01-15\"", new long[] { 1 })]
    [InlineData("at", "less_than", "\"2026-01-15T10:00:00+01:00\"", new long[0])]
    [InlineData("at", "less_than", "\"2026-01-15T10:00:01+01:00\"", new long[] { 1 })]
    [InlineData("at", "equals", "\"2026-01-15T10:00:00+01:00\"", new long[] { 1 })]
    [InlineData("at", "greater_than", "\"2026-02-01T00:00:00Z\"", new long[] { 2 })]
    // selects
    [InlineData("status", "equals", "\"open\"", new long[] { 1 })]
    [InlineData("status", "in", "[\"open\",\"closed\"]", new long[] { 1, 2 })]
    [InlineData("tags", "contains", "\"blue\"", new long[] { 1, 2 })]
    [InlineData("tags", "contains", "\"red\"", new long[] { 1 })]
    [InlineData("tags", "not_exists", null, new long[] { 3, 4 })]
    [InlineData("tags", "equals", "[\"red\",\"blue\"]", new long[] { 1 })]
    [InlineData("tags", "equals", "[\"blue\"]", new long[] { 2 })]
    [InlineData("tags", "not_equals", "[\"blue\"]", new long[] { 1, 3, 4 })]
    [InlineData("tags", "in", "[\"red\"]", new long[] { 1 })]
    [InlineData("tags", "in", "[\"red\",\"blue\"]", new long[] { 1, 2 })]
    [InlineData("paid", "in", "[true]", new long[] { 1 })]
    [InlineData("notes", "in", "[\"plain\"]", new long[] { 2 })]
    // json, file, link
    [InlineData("meta", "exists", null, new long[] { 1 })]
    [InlineData("doc", "not_exists", null, new long[] { 2, 3, 4 })]
    [InlineData("customer", "equals", "8", new long[] { 2 })]
    [InlineData("customer", "in", "[7,8]", new long[] { 1, 2 })]
    // system columns
    [InlineData("id", "greater_than", "2", new long[] { 3, 4 })]
    [InlineData("createdBy", "equals", "\"00000000-0000-4000-8000-00000000000A\"", new long[] { 1 })]
    [InlineData("createdAt", "less_than", "\"2000-01-01T00:00:00Z\"", new long[0])]
    public void Each_operator_of_each_type_returns_the_right_rows(string column, string op, string? value, long[] expected) =>
        Assert.Equal(expected, Ids(One(column, op, value)));

    [Fact]
    public void Nested_groups_return_the_right_rows()
    {
        Assert.Equal([1L, 3L], Ids("""
            [{"filterOperator":"OR","filters":[
               {"column":"amount","operator":"equals","value":0},
               {"filterOperator":"AND","filters":[{"column":"paid","operator":"equals","value":true},{"column":"status","operator":"equals","value":"open"}]}]}]
            """));
        Assert.Equal([2L], Ids("""[{"column":"amount","operator":"exists"},{"column":"price","operator":"greater_than","value":50}]"""));
    }

    [Fact]
    public void The_table_is_still_there_after_hostile_filters()
    {
        Ids(One("name", "contains", "\"'); DROP TABLE adb_42; --\""));
        Ids(One("name", "in", "[\"x\\\" OR 1=1 --\"]"));
        Assert.Equal([1L, 2L, 3L, 4L], Ids("[]"));
    }
}
