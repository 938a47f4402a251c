using Builder.Domain.Tables.Rows;

namespace Builder.Domain.Tests.Tables.Rows;

/// <summary>The statements that differ per provider, as text: quoting, paging, the insert that answers the new id.</summary>
public class RowDialectTests
{
    [Fact]
    public void Identifiers_are_quoted_per_provider_and_only_generated_ones_are_accepted()
    {
        Assert.Equal("\"t\".\"c12\"", SqlDialect.Sqlite.Column("t", "c12"));
        Assert.Equal("[j0].[created_at]", SqlDialect.SqlServer.Column("j0", "created_at"));
        Assert.Equal("[adb_7]", SqlDialect.SqlServer.Table(7));
        foreach (var bad in new[] { "a]b", "a\"b", "c1; drop", "", "1c", "c-1", new string('c', 129) })
        {
            Assert.Throws<ArgumentException>(() => SqlDialect.Sqlite.Quote(bad));
            Assert.Throws<ArgumentException>(() => SqlDialect.SqlServer.Quote(bad));
        }
    }

    [Fact]
    public void Paging_and_inserts_are_written_per_provider()
    {
        Assert.Equal(" LIMIT @p1 OFFSET @p0", SqlDialect.Sqlite.Paging("@p0", "@p1"));
        Assert.Equal(" OFFSET @p0 ROWS FETCH NEXT @p1 ROWS ONLY", SqlDialect.SqlServer.Paging("@p0", "@p1"));
        Assert.Equal("INSERT INTO \"adb_1\" (\"created_at\", \"c1\") VALUES (@p0, @p1) RETURNING \"id\"",
            SqlDialect.Sqlite.InsertReturningId("\"adb_1\"", ["\"created_at\"", "\"c1\""], ["@p0", "@p1"]));
        Assert.Equal("INSERT INTO [adb_1] ([created_at], [c1]) OUTPUT INSERTED.[id] VALUES (@p0, @p1)",
            SqlDialect.SqlServer.InsertReturningId("[adb_1]", ["[created_at]", "[c1]"], ["@p0", "@p1"]));
    }

    [Fact]
    public void The_provider_comes_from_the_ef_provider_name()
    {
        Assert.Same(SqlDialect.Sqlite, SqlDialect.ForProviderName("Microsoft.EntityFrameworkCore.Sqlite"));
        Assert.Same(SqlDialect.SqlServer, SqlDialect.ForProviderName("Microsoft.EntityFrameworkCore.SqlServer"));
        Assert.Throws<NotSupportedException>(() => SqlDialect.ForProviderName("Npgsql.EntityFrameworkCore.PostgreSQL"));
    }
}
