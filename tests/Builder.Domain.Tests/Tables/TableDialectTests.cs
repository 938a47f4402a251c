using System.Text.Json.Nodes;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;

namespace Builder.Domain.Tests.Tables;

/// <summary>
/// The DDL each provider gets, as text (SQL Server is not on this machine: its SQL is checked here, SQLite's also runs in
/// <see cref="TableSchemaStoreTests"/>), the physical types of the contract's table, and that nothing but a physical name
/// ever becomes SQL text.
/// </summary>
public class TableDialectTests
{
    private static readonly SqlDialect Sqlite = SqlDialect.Sqlite, SqlServer = SqlDialect.SqlServer;

    [Fact]
    public void The_provider_name_of_the_context_chooses_the_dialect()
    {
        Assert.Same(Sqlite, SqlDialect.ForProviderName("Microsoft.EntityFrameworkCore.Sqlite"));
        Assert.Same(SqlServer, SqlDialect.ForProviderName("Microsoft.EntityFrameworkCore.SqlServer"));
        Assert.Throws<NotSupportedException>(() => SqlDialect.ForProviderName("Npgsql.EntityFrameworkCore.PostgreSQL"));
    }

    [Theory]
    [InlineData(ColumnType.Text, "TEXT", "nvarchar(500)")]
    [InlineData(ColumnType.SingleSelect, "TEXT", "nvarchar(500)")]
    [InlineData(ColumnType.LongText, "TEXT", "nvarchar(max)")]
    [InlineData(ColumnType.Integer, "INTEGER", "bigint")]
    [InlineData(ColumnType.Decimal, "REAL", "decimal(38,10)")]
    [InlineData(ColumnType.Boolean, "INTEGER", "bit")]
    [InlineData(ColumnType.Date, "TEXT", "date")]
    [InlineData(ColumnType.DateTime, "TEXT", "datetime2(7)")]
    [InlineData(ColumnType.MultiSelect, "TEXT", "nvarchar(max)")]
    [InlineData(ColumnType.Json, "TEXT", "nvarchar(max)")]
    [InlineData(ColumnType.File, "TEXT", "nvarchar(max)")]
    [InlineData(ColumnType.Link, "INTEGER", "bigint")]
    public void Each_type_has_the_contracts_physical_type(ColumnType type, string sqlite, string sqlServer)
    {
        Assert.Equal(sqlite, Sqlite.TypeName(type));
        Assert.Equal(sqlServer, SqlServer.TypeName(type));
    }

    [Fact]
    public void Create_table_has_the_system_columns_then_the_user_columns_all_nullable()
    {
        (string, ColumnType)[] columns = [("c1", ColumnType.Text), ("c2", ColumnType.Decimal)];

        Assert.Equal(
            "CREATE TABLE \"adb_7\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"created_at\" TEXT NOT NULL, \"updated_at\" TEXT NOT NULL, "
            + "\"created_by\" TEXT NULL, \"c1\" TEXT NULL, \"c2\" REAL NULL)",
            Sqlite.CreateTable("adb_7", columns));
        Assert.Equal(
            "CREATE TABLE [adb_7] ([id] bigint IDENTITY(1,1) NOT NULL PRIMARY KEY, [created_at] datetime2(7) NOT NULL, [updated_at] datetime2(7) NOT NULL, "
            + "[created_by] uniqueidentifier NULL, [c1] nvarchar(500) NULL, [c2] decimal(38,10) NULL)",
            SqlServer.CreateTable("adb_7", columns));
    }

    [Fact]
    public void Columns_are_added_and_dropped_by_their_physical_names()
    {
        Assert.Equal("ALTER TABLE \"adb_7\" ADD COLUMN \"c12\" INTEGER NULL", Sqlite.AddColumn("adb_7", "c12", ColumnType.Boolean));
        Assert.Equal("ALTER TABLE [adb_7] ADD [c12] bit NULL", SqlServer.AddColumn("adb_7", "c12", ColumnType.Boolean));
        Assert.Equal("ALTER TABLE \"adb_7\" DROP COLUMN \"c12\"", Sqlite.DropColumn("adb_7", "c12"));
        Assert.Equal("ALTER TABLE [adb_7] DROP COLUMN [c12]", SqlServer.DropColumn("adb_7", "c12"));
    }

    [Fact]
    public void Indexes_are_named_after_table_and_column_and_a_unique_one_lets_empty_cells_repeat_on_sql_server()
    {
        Assert.Equal("CREATE INDEX \"ix_adb_7_c3\" ON \"adb_7\" (\"c3\")", Sqlite.CreateIndex("adb_7", "c3", unique: false));
        Assert.Equal("CREATE UNIQUE INDEX \"ux_adb_7_c3\" ON \"adb_7\" (\"c3\")", Sqlite.CreateIndex("adb_7", "c3", unique: true));
        Assert.Equal("CREATE INDEX [ix_adb_7_c3] ON [adb_7] ([c3])", SqlServer.CreateIndex("adb_7", "c3", unique: false));
        Assert.Equal("CREATE UNIQUE INDEX [ux_adb_7_c3] ON [adb_7] ([c3]) WHERE [c3] IS NOT NULL", SqlServer.CreateIndex("adb_7", "c3", unique: true));
        Assert.Equal("DROP INDEX \"ux_adb_7_c3\"", Sqlite.DropIndex("adb_7", "c3", unique: true));
        Assert.Equal("DROP INDEX [ix_adb_7_c3] ON [adb_7]", SqlServer.DropIndex("adb_7", "c3", unique: false));
        Assert.Equal("DROP TABLE \"adb_7\"", Sqlite.DropTable("adb_7"));
        Assert.Equal("DROP TABLE [adb_7]", SqlServer.DropTable("adb_7"));
    }

    [Theory]
    [InlineData("customers")]
    [InlineData("adb_1; DROP TABLE Users")]
    [InlineData("c1]")]
    [InlineData("c1\"")]
    [InlineData("email")]
    [InlineData("")]
    public void Only_physical_names_become_sql_text(string identifier)
    {
        Assert.Throws<ArgumentException>(() => Sqlite.Quote(identifier));
        Assert.Throws<ArgumentException>(() => SqlServer.Quote(identifier));
        Assert.Throws<ArgumentException>(() => Sqlite.AddColumn("adb_1", identifier, ColumnType.Text));
        Assert.Throws<ArgumentException>(() => SqlServer.DropColumn(identifier, "c1"));
    }

    public static TheoryData<ColumnType, object> Cells() => new()
    {
        { ColumnType.Text, "héllo" },
        { ColumnType.LongText, new string('x', 5000) },
        { ColumnType.SingleSelect, "Red" },
        { ColumnType.Integer, long.MaxValue },
        { ColumnType.Decimal, 12345.678901234m },
        { ColumnType.Boolean, true },
        { ColumnType.Date, new DateOnly(2026, 2, 28) },
        { ColumnType.DateTime, new DateTime(2026, 12, 2, 17, 5, 1, DateTimeKind.Utc).AddTicks(1234567) },
        { ColumnType.Link, 42L },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public void A_cell_comes_back_from_either_provider_as_it_was_written(ColumnType type, object value)
    {
        foreach (var dialect in new[] { Sqlite, SqlServer })
        {
            var back = dialect.FromDb(type, dialect.ToDb(type, value));
            Assert.Equal(value, back);
            if (back is DateTime t) Assert.Equal(DateTimeKind.Utc, t.Kind);
        }
    }

    [Fact]
    public void Sqlite_stores_sortable_text_for_dates_and_0_or_1_for_booleans()
    {
        Assert.Equal("2026-02-28", Sqlite.ToDb(ColumnType.Date, new DateOnly(2026, 2, 28)));
        Assert.Equal("2026-12-02T17:05:01.1234567Z", Sqlite.ToDb(ColumnType.DateTime, new DateTime(2026, 12, 2, 17, 5, 1, DateTimeKind.Utc).AddTicks(1234567)));
        Assert.Equal(1L, Sqlite.ToDb(ColumnType.Boolean, true));
        Assert.Equal(DBNull.Value, Sqlite.ToDb(ColumnType.Text, null));
        Assert.Null(Sqlite.FromDb(ColumnType.Integer, DBNull.Value));
    }

    [Fact]
    public void Json_multi_select_and_file_cells_are_compact_json_text()
    {
        foreach (var dialect in new[] { Sqlite, SqlServer })
        {
            Assert.Equal("[\"a\",\"b\"]", dialect.ToDb(ColumnType.MultiSelect, new List<string> { "a", "b" }));
            Assert.Equal(["a", "b"], (IEnumerable<string>)dialect.FromDb(ColumnType.MultiSelect, "[\"a\",\"b\"]")!);
            Assert.Equal("{\"x\":[1,2]}", dialect.ToDb(ColumnType.Json, JsonNode.Parse("{ \"x\": [1, 2] }")));
            Assert.Equal(2, ((JsonNode)dialect.FromDb(ColumnType.Json, "{\"x\":[1,2]}")!)["x"]![1]!.GetValue<int>());
            var file = new FileCell("k/1", "a.pdf", 10, "application/pdf");
            Assert.Equal(file, dialect.FromDb(ColumnType.File, dialect.ToDb(ColumnType.File, file)));
        }
    }

    [Fact]
    public void A_value_of_the_wrong_shape_is_refused_rather_than_stored()
    {
        Assert.Throws<ArgumentException>(() => Sqlite.ToDb(ColumnType.Boolean, "yes"));
        Assert.Throws<ArgumentException>(() => SqlServer.ToDb(ColumnType.Date, "2026-01-01"));
    }
}
