using System.Data;
using System.Text.Json.Nodes;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;

namespace Builder.Domain.Tests.Tables.Rows;

/// <summary>Every type's .NET value to what each provider stores and back (the storage contract's table).</summary>
public class CellStorageTests
{
    public static TheoryData<ColumnType, object, object, object> Values => new()
    {
        // type, .NET value, SQLite value, SQL Server value
        { ColumnType.Text, "héllo", "héllo", "héllo" },
        { ColumnType.LongText, "a\nb", "a\nb", "a\nb" },
        { ColumnType.SingleSelect, "open", "open", "open" },
        { ColumnType.Integer, -9_007_199_254_740_993L, -9_007_199_254_740_993L, -9_007_199_254_740_993L },
        { ColumnType.Link, 12L, 12L, 12L },
        { ColumnType.Decimal, 12345678901.2345m, 12345678901.2345d, 12345678901.2345m },
        { ColumnType.Boolean, true, 1L, true },
        { ColumnType.Boolean, false, 0L, false },
        { ColumnType.Date, new DateOnly(2026, 2, 28), "2026-02-28", new DateTime(2026, 2, 28) },
        { ColumnType.DateTime, new DateTime(2026, 2, 28, 23, 59, 59, 123, DateTimeKind.Utc).AddTicks(4567),
            "2026-02-28T23:59:59.1234567Z", new DateTime(2026, 2, 28, 23, 59, 59, 123, DateTimeKind.Utc).AddTicks(4567) },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Scalars_round_trip_on_both_providers(ColumnType type, object value, object sqlite, object sqlServer)
    {
        var lite = CellStorage.ToProvider(SqlProvider.Sqlite, type, value);
        Assert.Equal(sqlite, lite.Value);
        Assert.Equal(value, CellStorage.FromProvider(type, lite.Value));
        var server = CellStorage.ToProvider(SqlProvider.SqlServer, type, value);
        Assert.Equal(sqlServer, server.Value);
        Assert.Equal(value, CellStorage.FromProvider(type, server.Value));
    }

    [Fact]
    public void Decimals_of_fifteen_significant_digits_survive_sqlite_real()
    {
        foreach (var value in new[] { 0.1m, 99999999999999.9m, 0.000000000123456m, -123456789.012345m, 0.333333333333333m })
            Assert.Equal(value, CellStorage.FromProvider(ColumnType.Decimal, CellStorage.ToProvider(SqlProvider.Sqlite, ColumnType.Decimal, value).Value));
    }

    [Fact]
    public void A_datetime_is_stored_in_utc_whatever_its_kind()
    {
        var local = new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Local);
        Assert.Equal(local.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"),
            CellStorage.ToProvider(SqlProvider.Sqlite, ColumnType.DateTime, local).Value);
        var read = (DateTime)CellStorage.FromProvider(ColumnType.DateTime, "2026-06-01T10:00:00.0000000Z")!;
        Assert.Equal(DateTimeKind.Utc, read.Kind);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)CellStorage.FromProvider(ColumnType.DateTime, new DateTime(2026, 1, 1))!).Kind);
    }

    [Fact]
    public void Json_multi_select_and_file_are_compact_json_text()
    {
        foreach (var provider in new[] { SqlProvider.Sqlite, SqlProvider.SqlServer })
        {
            var tags = CellStorage.ToProvider(provider, ColumnType.MultiSelect, new List<string> { "red", "blue" });
            Assert.Equal("""["red","blue"]""", tags.Value);
            Assert.Equal(["red", "blue"], (IReadOnlyList<string>)CellStorage.FromProvider(ColumnType.MultiSelect, tags.Value)!);

            var json = CellStorage.ToProvider(provider, ColumnType.Json, JsonNode.Parse("""{ "a": [1, 2.5, null], "b": "x" }""")!);
            Assert.Equal("""{"a":[1,2.5,null],"b":"x"}""", json.Value);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":[1,2.5,null],"b":"x"}"""), (JsonNode)CellStorage.FromProvider(ColumnType.Json, json.Value)!));

            var file = new FileCell("tables/42/abc", "report.pdf", 1234, "application/pdf");
            var stored = CellStorage.ToProvider(provider, ColumnType.File, file);
            Assert.Equal("""{"key":"tables/42/abc","name":"report.pdf","size":1234,"contentType":"application/pdf"}""", stored.Value);
            Assert.Equal(file, CellStorage.FromProvider(ColumnType.File, stored.Value));
        }
    }

    [Fact]
    public void Null_and_an_empty_multi_select_are_an_empty_cell()
    {
        foreach (var type in ColumnTypes.All)
        {
            Assert.Equal(DBNull.Value, CellStorage.ToProvider(SqlProvider.Sqlite, type, null).Value);
            Assert.Null(CellStorage.FromProvider(type, DBNull.Value));
            Assert.Null(CellStorage.FromProvider(type, null));
        }
        Assert.Equal(DBNull.Value, CellStorage.ToProvider(SqlProvider.SqlServer, ColumnType.MultiSelect, new List<string>()).Value);
    }

    [Fact]
    public void Parameter_types_follow_the_provider()
    {
        Assert.Equal(DbType.Double, CellStorage.DbTypeOf(SqlProvider.Sqlite, ColumnType.Decimal));
        Assert.Equal(DbType.Decimal, CellStorage.DbTypeOf(SqlProvider.SqlServer, ColumnType.Decimal));
        Assert.Equal(DbType.Boolean, CellStorage.DbTypeOf(SqlProvider.SqlServer, ColumnType.Boolean));
        Assert.Equal(DbType.DateTime2, CellStorage.DbTypeOf(SqlProvider.SqlServer, ColumnType.DateTime));
        Assert.Equal(DbType.Guid, CellStorage.Member(SqlProvider.SqlServer, Guid.NewGuid()).Type);
        Assert.Equal(DbType.String, CellStorage.Member(SqlProvider.Sqlite, Guid.NewGuid()).Type);
    }

    [Fact]
    public void A_value_of_the_wrong_shape_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => CellStorage.ToProvider(SqlProvider.Sqlite, ColumnType.Integer, "7"));
        Assert.Throws<ArgumentException>(() => CellStorage.ToProvider(SqlProvider.Sqlite, ColumnType.Date, new DateTime(2026, 1, 1)));
    }
}
