using Builder.Data;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.Tests.Support;
using Builder.Domain.Tests.Trash;
using Builder.Domain.Trash;
using Builder.Domain.Variables;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Variables;

/// <summary>
/// A page of an environment's variables takes its total from the environment's LiveVariableCount, which triggers in the
/// database keep. These tests change variables every way the application can and check the total against the rows.
/// </summary>
public class VariableCountTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private Guid _acme, _development;
    private Actor _admin = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _development = await _db.EnvironmentIdAsync("Acme Corp", "Development");
        _admin = await _db.ActorAsync("admin@acme.test");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private VariableService Variables => new(_db, _db.Protector, _clock);
    private EnvironmentService Environments => new(_db, _clock);
    private TrashService Trash => new(_db, _clock, _db.Actors);

    /// <summary>The total a full first page reports (the one-statement path), and the rows really there.</summary>
    private async Task<(int Reported, int Rows)> TotalsAsync(Guid environmentId)
    {
        var page = await Variables.ListAsync(_admin, new VariableFilter(_acme, environmentId), new PageRequest(Limit: 1));
        await using var context = _db.Context();
        return (page.Total, await context.Variables.CountAsync(v => v.EnvironmentId == environmentId));
    }

    private async Task AssertEveryEnvironmentCountsItsRowsAsync()
    {
        // IgnoreQueryFilters reaches the subquery too: environments in the trash are checked, and the rows counted are
        // the variables not in the trash, which is what LiveVariableCount counts.
        await using var context = _db.Context();
        var wrong = await context.Environments.IgnoreQueryFilters()
            .Select(e => new { e.Name, e.LiveVariableCount, Rows = context.Variables.Count(v => v.EnvironmentId == e.Id && v.DeletedAt == null) })
            .Where(e => e.LiveVariableCount != e.Rows).ToListAsync();
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
    }

    [Fact]
    public async Task The_total_follows_create_trash_restore_and_purge()
    {
        var (seeded, _) = await TotalsAsync(_development);
        var a = await Variables.CreateAsync(_admin, _development, new VariableInput("COUNT_A", "1"));
        await Variables.CreateAsync(_admin, _development, new VariableInput("COUNT_B", "2"));
        Assert.Equal((seeded + 2, seeded + 2), await TotalsAsync(_development));

        await Variables.DeleteAsync(_admin, a.Id, a.Version);
        Assert.Equal((seeded + 1, seeded + 1), await TotalsAsync(_development));

        var item = Assert.Single((await Trash.ListAsync(_admin, _acme, new PageRequest())).Items);
        await Trash.RestoreAsync(_admin, item.Id, null);
        Assert.Equal((seeded + 2, seeded + 2), await TotalsAsync(_development));

        var again = await Variables.GetAsync(_admin, a.Id);
        await Variables.DeleteAsync(_admin, a.Id, again.Version);
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(1, await Trash.PurgeExpiredAsync());
        Assert.Equal((seeded + 1, seeded + 1), await TotalsAsync(_development));
        await AssertEveryEnvironmentCountsItsRowsAsync();
    }

    [Fact]
    public async Task An_environment_in_the_trash_and_back_keeps_its_count()
    {
        var staging = await Environments.CreateAsync(_admin, _acme, new EnvironmentInput("Staging", null));
        for (var i = 0; i < 3; i++) await Variables.CreateAsync(_admin, staging.Id, new VariableInput($"STAGE_{i}", "v"));
        Assert.Equal((3, 3), await TotalsAsync(staging.Id));

        await Environments.DeleteAsync(_admin, staging.Id, (await Environments.GetAsync(_admin, staging.Id)).Version);
        await AssertEveryEnvironmentCountsItsRowsAsync();

        var item = Assert.Single((await Trash.ListAsync(_admin, _acme, new PageRequest())).Items);
        await Trash.RestoreAsync(_admin, item.Id, null);
        Assert.Equal((3, 3), await TotalsAsync(staging.Id));
        await AssertEveryEnvironmentCountsItsRowsAsync();
    }

    [Fact]
    public async Task A_page_past_the_end_and_a_searched_page_report_the_same_total()
    {
        for (var i = 0; i < 5; i++) await Variables.CreateAsync(_admin, _development, new VariableInput($"PAGE_{i}", "v"));
        var (total, _) = await TotalsAsync(_development);
        var past = await Variables.ListAsync(_admin, new VariableFilter(_acme, _development), new PageRequest(Page: 1000, Limit: 10));
        var sorted = await Variables.ListAsync(_admin, new VariableFilter(_acme, _development), new PageRequest(Limit: 10, Sort: "updatedAt"));
        Assert.Equal((total, total), (past.Total, sorted.Total));
        var searched = await Variables.ListAsync(_admin, new VariableFilter(_acme, _development), new PageRequest(Limit: 10, Search: "PAGE_"));
        Assert.Equal(5, searched.Total);
    }

    [Fact]
    public async Task The_migrated_database_has_the_triggers()
    {
        // A later migration that makes SQLite rebuild the Variables table drops its triggers; this says so at once.
        await using var context = _db.Context();
        var triggers = await context.Database.SqlQueryRaw<string>(
            "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Variables' ORDER BY name").ToListAsync();
        Assert.Equal(VariableCountTriggers.SqliteCreate.Length, triggers.Count(t => t.StartsWith(VariableCountTriggers.Name)));
    }
}

/// <summary>Writers racing each other on a real file database: no increment is lost.</summary>
public class VariableCountRaceTests : IAsyncLifetime
{
    private FileTestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await FileTestDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Twenty_concurrent_creates_and_deletes_leave_the_count_equal_to_the_rows()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var acme = await _db.OrganizationIdAsync("Acme Corp");
        Guid development;
        await using (var db = (BuilderDbContext)_db.Create())
            development = await db.Environments.Where(e => e.OrganizationId == acme && e.Name == "Development").Select(e => e.Id).SingleAsync();
        var variables = new VariableService(_db, new DataProtectionSecretProtector(
            new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()), TimeProvider.System);
        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => variables.CreateAsync(admin, development, new VariableInput($"RACE_{i:00}", "v")))));
        await Task.WhenAll(created.Take(10).Select(v => Task.Run(() => variables.DeleteAsync(admin, v.Id, v.Version))));

        var page = await variables.ListAsync(admin, new VariableFilter(acme, development), new PageRequest(Limit: 1));
        await using var context = (BuilderDbContext)_db.Create();
        Assert.Equal(await context.Variables.CountAsync(v => v.EnvironmentId == development), page.Total);
        Assert.Equal(10, await context.Variables.CountAsync(v => v.EnvironmentId == development && v.Name.StartsWith("RACE_")));
    }
}
