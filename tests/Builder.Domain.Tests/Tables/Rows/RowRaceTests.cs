using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tests.Support;

namespace Builder.Domain.Tests.Tables.Rows;

/// <summary>Concurrent writers, each on its own connection as in the app: a unique value goes to exactly one of them.</summary>
public class RowRaceTests
{
    [Fact]
    public async Task Parallel_inserts_of_one_unique_value_let_exactly_one_win()
    {
        await using var db = await FileTestDatabase.CreateAsync();
        var acme = await db.OrganizationIdAsync("Acme Corp");
        var admin = await db.ActorAsync("admin@acme.test");
        var table = await RowTestTables.CreateAsync(db, acme, admin.UserId, "accounts",
            new RowTestTables.Column("email", ColumnType.Text, Unique: true), new RowTestTables.Column("n", ColumnType.Integer));
        var rows = new RowService(db, db.Clock);

        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await rows.InsertAsync(admin, table.Number, new JsonObject { ["email"] = "same@example.com", ["n"] = i });
                return "won";
            }
            catch (ConflictException e)
            {
                Assert.Contains("Column \"email\"", e.Message);
                return "conflict";
            }
        })).ToList();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(o => o == "won"));
        Assert.Equal(7, outcomes.Count(o => o == "conflict"));
        Assert.Equal(1, await RowTestTables.CountAsync(db, table));
    }
}
