using Builder.Domain.Common;
using Builder.Domain.Connectors;
using Builder.Domain.Mcp;
using Builder.Domain.Tests.Connectors;
using Builder.Domain.Tests.Versioning;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Common;

/// <summary>
/// The one allocation of integer public ids (<see cref="PublicNumbers"/>): a number lost to a create at the same instant is
/// tried again with the next one, a name lost at the same instant is a 409 duplicate at once, and after
/// <see cref="PublicNumbers.Attempts"/> lost numbers the create is a 409 "try again".
/// </summary>
public sealed class PublicNumbersTests : VersioningTestContext
{
    private async Task<(Builder.Data.SqliteBuilderDbContext Db, IQueryable<Connector> Names)> NamesAsync()
    {
        await Get<ConnectorService>().CreateAsync(Admin, Acme, "GMAIL", ConnectorTestContext.Complete("GMAIL", "Work"));
        var db = Db.Context();
        return (db, db.Connectors.Where(c => c.OrganizationId == Acme));
    }

    [Fact]
    public async Task A_number_taken_at_the_same_instant_is_tried_again_with_the_next()
    {
        var (db, names) = await NamesAsync();
        await using var _ = db;
        var record = new Connector { Name = "Other" };
        var offered = 40;
        var tried = new List<int>();
        await record.SaveNumberedAsync(db.Connectors, names, _ =>
        {
            tried.Add(record.Number);
            return tried.Count < 3 ? throw new DbUpdateException("unique index") : Task.CompletedTask;
        }, "duplicate", "conflict", default, _ => Task.FromResult(++offered));

        Assert.Equal([41, 42, 43], tried);
        Assert.Equal(43, record.Number);
    }

    [Fact]
    public async Task A_name_taken_at_the_same_instant_is_the_duplicate_409_at_once()
    {
        var (db, names) = await NamesAsync();
        await using var _ = db;
        var attempts = 0;
        var error = await Assert.ThrowsAsync<ConflictException>(() => new Connector { Name = "WORK" }.SaveNumberedAsync(db.Connectors, names,
            _ => { attempts++; throw new DbUpdateException("unique index"); },
            "A connector named 'WORK' already exists", "conflict", default, _ => Task.FromResult(1)));
        Assert.Equal("A connector named 'WORK' already exists", error.Message);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Every_attempt_losing_its_number_is_a_409_that_says_try_again()
    {
        var (db, names) = await NamesAsync();
        await using var _ = db;
        var attempts = 0;
        var error = await Assert.ThrowsAsync<ConflictException>(() => new Connector { Name = "Other" }.SaveNumberedAsync(db.Connectors, names,
            _ => { attempts++; throw new DbUpdateException("unique index"); },
            "duplicate", "The connector could not be saved.", default, _ => Task.FromResult(attempts + 1)));
        Assert.Equal("The connector could not be saved.", error.Message);
        Assert.Equal("Try again.", error.Details);
        Assert.Equal(PublicNumbers.Attempts, attempts);
    }
}

/// <summary>Creates at the same instant, through every service that allocates a public number: each gets its own.</summary>
public sealed class PublicNumberRaceTests : VersioningTestContext
{
    private const int Parallel = 6;

    private static async Task<List<int>> AllAsync(Func<int, Task<int>> create) =>
        [.. await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => Task.Run(() => create(i))))];

    private static void AssertDistinct(List<int> numbers)
    {
        Assert.Equal(Parallel, numbers.Count);
        Assert.Equal(Parallel, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.True(n > 0));
    }

    [Fact]
    public async Task Connectors_created_at_once_each_get_their_own_connectorId() =>
        AssertDistinct(await AllAsync(async i =>
            (await Get<ConnectorService>().CreateAsync(Admin, Acme, "GMAIL", ConnectorTestContext.Complete("GMAIL", $"Mailbox {i}"))).ConnectorId));

    [Fact]
    public async Task Mcp_servers_created_at_once_each_get_their_own_serverId() =>
        AssertDistinct(await AllAsync(async i =>
            (await Get<McpServerService>().CreateAsync(Admin, Acme, new McpServerInput($"Server {i}", "https://mcp.example.com/mcp"))).ServerId));

    [Fact]
    public async Task Agents_and_tools_created_at_once_each_get_their_own_number()
    {
        var model = await ModelAsync();
        AssertDistinct(await AllAsync(async i =>
            (await Agents.CreateAsync(Admin, Acme, new Builder.Domain.Agents.AgentInput($"Agent {i}", null, "CONVERSATIONAL", "Hi", model))).Number));
        AssertDistinct(await AllAsync(async _ => (await ToolAsync()).Number));
    }

    [Fact]
    public async Task Tables_created_at_once_each_get_their_own_tableId() =>
        AssertDistinct(await AllAsync(async i =>
            (await Tables.CreateAsync(Admin, Acme, new Builder.Domain.Tables.TableInput($"orders_{i}", null, [Column("title")]))).TableId));
}
