using Builder.Domain.Approvals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Api.Approvals;

/// <summary>The background sweep: registered with the app, it expires what is past its time (audited) and reads its interval from configuration.</summary>
public sealed class ApprovalExpirySweepTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    [Fact]
    public async Task The_sweep_expires_requests_past_their_time_and_leaves_the_others()
    {
        var (due, _) = await factory.RequestWorkflowDeletionAsync();
        var (fresh, _) = await factory.RequestWorkflowDeletionAsync();
        await factory.QueryAsync(db => db.ApprovalRequests.Where(r => r.Id == due)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));

        var sweep = factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Builder.Web.Features.Approvals.ApprovalExpirySweep>().Single();
        Assert.Equal(TimeSpan.FromMinutes(5), sweep.Interval);
        Assert.Equal(1, await sweep.SweepOnceAsync(CancellationToken.None));

        Assert.Equal("expired", (await factory.RequestJsonAsync(due)).Str("status"));
        Assert.Equal("pending", (await factory.RequestJsonAsync(fresh)).Str("status"));
        Assert.Equal(1, await factory.AuditCountAsync(due, ApprovalAuditActions.Expired));
        await factory.As(Caller.Admin).PostJsonAsync($"/api/approval-requests/{due}/approve", new { }).Expect(409);
    }
}
