using System.Data;
using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;

namespace Builder.Domain.Tests.Tables.Rows;

/// <summary>
/// The whole page and join statements per provider, as text and parameters: generated identifiers only, a LEFT JOIN per link,
/// filters and sorts on linked columns, the id breaking ties, offset and limit as parameters.
/// </summary>
public class RowStatementTests
{
    private static readonly RowTable Customers = new(Guid.NewGuid(), 7, "customers", Guid.NewGuid(),
        [new RowColumn("name", 1, ColumnType.Text), new RowColumn("country", 3, ColumnType.Text)]);

    private static readonly RowTable Orders = new(Guid.NewGuid(), 42, "orders", Guid.NewGuid(),
        [new RowColumn("title", 1, ColumnType.Text), new RowColumn("customer", 4, ColumnType.Link, LinkTableNumber: 7)]);

    private static (SqlStatement Count, SqlStatement Page) Join(SqlDialect dialect, string json)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        var select = new RowService.Select(Orders, [new RowService.Joined(Orders.Column("customer")!, Customers, "j0", [Customers.Column("name")!])]);
        var columns = new CombinedColumnResolver(new TableColumnResolver(Orders), new TableColumnResolver(Customers, "j0", "customer"));
        return RowService.PageStatements(select, columns, RowQuery.FromJson(body), dialect);
    }

    private const string Request = """
        { "filters": [ { "column": "customer.country", "operator": "equals", "value": "NL'; --" } ],
          "sort": [ { "column": "customer.name", "direction": "desc" } ], "page": 3, "limit": 20 }
        """;

    [Fact]
    public void A_join_query_on_sql_server_is_one_parameterised_statement()
    {
        var (count, page) = Join(SqlDialect.SqlServer, Request);
        Assert.Equal("SELECT COUNT(*) FROM [adb_42] AS [t] LEFT JOIN [adb_7] AS [j0] ON [j0].[id] = [t].[c4] WHERE ([j0].[c3] = @p0)", count.Sql);
        Assert.Equal("NL'; --", Assert.Single(count.Parameters).Value);
        Assert.Equal(
            "SELECT [t].[id], [t].[created_at], [t].[updated_at], [t].[created_by], [t].[c1], [t].[c4], "
            + "[j0].[id], [j0].[created_at], [j0].[updated_at], [j0].[created_by], [j0].[c1] "
            + "FROM [adb_42] AS [t] LEFT JOIN [adb_7] AS [j0] ON [j0].[id] = [t].[c4] WHERE ([j0].[c3] = @p0) "
            + "ORDER BY [j0].[c1] DESC, [t].[id] ASC OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY", page.Sql);
        Assert.Equal(["NL'; --", 40L, 20L], page.Parameters.Select(p => p.Value));
        Assert.Equal([DbType.String, DbType.Int64, DbType.Int64], page.Parameters.Select(p => p.Type));
    }

    [Fact]
    public void The_same_join_on_sqlite_uses_limit_and_offset()
    {
        var (_, page) = Join(SqlDialect.Sqlite, Request);
        Assert.EndsWith("FROM \"adb_42\" AS \"t\" LEFT JOIN \"adb_7\" AS \"j0\" ON \"j0\".\"id\" = \"t\".\"c4\" WHERE (\"j0\".\"c3\" = @p0) "
            + "ORDER BY \"j0\".\"c1\" DESC, \"t\".\"id\" ASC LIMIT @p2 OFFSET @p1", page.Sql);
    }

    [Fact]
    public void Sorting_by_the_id_needs_no_tie_breaker_and_no_filter_matches_everything()
    {
        var (count, page) = Join(SqlDialect.SqlServer, """{ "sort": [{ "column": "id", "direction": "desc" }] }""");
        Assert.EndsWith("WHERE 1 = 1", count.Sql);
        Assert.Empty(count.Parameters);
        Assert.EndsWith("WHERE 1 = 1 ORDER BY [t].[id] DESC OFFSET @p0 ROWS FETCH NEXT @p1 ROWS ONLY", page.Sql);
        Assert.Equal([0L, 100L], page.Parameters.Select(p => p.Value));
    }

    [Theory]
    [InlineData("""{ "sort": [{ "column": "nope" }] }""", "sort[0].column", "Unknown column \"nope\" to sort by")]
    [InlineData("""{ "sort": [{ "column": "title", "direction": "up" }] }""", "sort[0].direction", "\"asc\" or \"desc\"")]
    [InlineData("""{ "sort": 5 }""", "sort", "column name")]
    [InlineData("""{ "page": "two" }""", "page", "whole number")]
    public void A_bad_sort_or_page_is_a_400(string json, string field, string expected)
    {
        var error = Assert.Throws<ValidationException>(() => Join(SqlDialect.Sqlite, json));
        Assert.Contains(expected, error.Errors[field][0]);
    }

    [Fact]
    public void Sort_takes_a_column_name_with_an_order_too()
    {
        var query = RowQuery.FromJson(JsonNode.Parse("""{ "sort": "title", "order": "desc" }""")!.AsObject());
        Assert.Equal([new RowSort("title", true)], query.Sort);
        var join = JoinQuery.FromJson(JsonNode.Parse("""{ "join": { "column": "customer", "columns": ["name"] } }""")!.AsObject());
        Assert.Equal("customer", Assert.Single(join.Joins).Column);
        Assert.Equal(["name"], join.Joins[0].Columns);
    }
}
