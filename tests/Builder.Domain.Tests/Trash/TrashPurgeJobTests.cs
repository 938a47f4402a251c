using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Tests.Support;
using Builder.Domain.Trash;
using Builder.Domain.Variables;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Builder.Domain.Tests.Trash;

/// <summary>The hosted purge job on the app's clock: nothing before the window ends, everything due after, once per pass.</summary>
public class TrashPurgeJobTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = new ServiceCollection()
            .AddSingleton<IBuilderDbContextFactory>(_db)
            .AddSingleton<TimeProvider>(_clock)
            .AddSingleton(_db.Actors)
            .AddScoped<TrashService>()
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private TrashPurgeJob Job() => new(_services.GetRequiredService<IServiceScopeFactory>(), _clock,
        Options.Create(new TrashPurgeOptions()), NullLogger<TrashPurgeJob>.Instance);

    private async Task<Guid> TrashedVariableAsync(string name)
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var variables = new VariableService(_db, _db.Protector, _clock);
        var variable = await variables.CreateAsync(admin, await _db.EnvironmentIdAsync("Acme Corp", "Development"), new VariableInput(name));
        await variables.DeleteAsync(admin, variable.Id, null);
        return variable.Id;
    }

    private async Task<bool> StoredAsync(Guid id)
    {
        await using var context = _db.Context();
        return await context.Variables.IgnoreQueryFilters().AnyAsync(v => v.Id == id);
    }

    [Fact]
    public async Task A_pass_purges_only_what_the_clock_says_is_due()
    {
        var id = await TrashedVariableAsync("JOB_PURGED");

        _clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await Job().RunOnceAsync());
        Assert.True(await StoredAsync(id));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Job().RunOnceAsync());
        Assert.False(await StoredAsync(id));
        Assert.Equal(0, await Job().RunOnceAsync());
    }

    [Fact]
    public async Task The_job_runs_a_pass_as_soon_as_the_app_starts()
    {
        var id = await TrashedVariableAsync("JOB_AT_START");
        _clock.Advance(TimeSpan.FromDays(31));

        var job = Job();
        await job.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 100 && await StoredAsync(id); i++) await Task.Delay(100);
            Assert.False(await StoredAsync(id));
        }
        finally
        {
            await job.StopAsync(CancellationToken.None);
        }
    }
}
