using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Builder.Domain.Trash;

/// <summary>How often the purge job looks for trash items whose time is up (<c>Trash:PurgeIntervalMinutes</c>, default 60).</summary>
public sealed class TrashPurgeOptions
{
    public int PurgeIntervalMinutes { get; set; } = 60;
}

/// <summary>
/// The background job that empties the trash: at start-up and then every <see cref="TrashPurgeOptions.PurgeIntervalMinutes"/>,
/// it removes the items whose purge time has come (<see cref="TrashService.PurgeExpiredAsync"/>), on the app's
/// <see cref="TimeProvider"/> (so a test can move time on).
/// </summary>
public sealed class TrashPurgeJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<TrashPurgeOptions> options,
    ILogger<TrashPurgeJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(Math.Max(1, options.Value.PurgeIntervalMinutes));
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            await RunOnceAsync(stoppingToken);
        } while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>One pass; failures are logged and the next pass tries again.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var purged = await scope.ServiceProvider.GetRequiredService<TrashService>().PurgeExpiredAsync(ct);
            if (purged > 0) logger.LogInformation("Purged {Count} trash item(s) whose time was up.", purged);
            return purged;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The trash purge failed; it runs again at the next interval.");
            return 0;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
