using Builder.Domain.Approvals;

namespace Builder.Web.Features.Approvals;

/// <summary>
/// Marks approval requests whose time is up as expired (audited, and the badges of open circuits recount), every
/// <c>Approvals:ExpirySweepMinutes</c> minutes (default 5; 0 turns the sweep off). A vote on a request past its time expires it
/// too, so the sweep only keeps lists and badges honest between votes.
/// </summary>
public sealed class ApprovalExpirySweep(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock,
    ILogger<ApprovalExpirySweep> log) : BackgroundService
{
    public const string IntervalKey = "Approvals:ExpirySweepMinutes";
    public const double DefaultMinutes = 5;

    public TimeSpan Interval => TimeSpan.FromMinutes(configuration.GetValue(IntervalKey, DefaultMinutes));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            await SweepOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One sweep; a failure is logged and the next tick tries again.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var expired = await scope.ServiceProvider.GetRequiredService<ApprovalService>().ExpireDueAsync(ct);
            if (expired > 0) log.LogInformation("Approval requests expired: {Count}", expired);
            return expired;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            log.LogError(error, "The approval expiry sweep failed; it runs again in {Interval}", Interval);
            return 0;
        }
    }
}
