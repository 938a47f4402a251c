using System.Text.Json.Nodes;
using Builder.Web.Api;
using Builder.Web.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Builder.Web.Tests.Api.Workflows.WorkflowArrange;

namespace Builder.Web.Tests.Api.Workflows;

/// <summary>
/// The test helpers and dry runs share one allowance per person (API keys count as their owner): past it, 429 with
/// Retry-After, the X-RateLimit-* headers and the API's error body. The limit comes from configuration; here it is 3.
/// </summary>
public sealed class TestHelperRateLimitTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string ConditionUrl = "/api/workflows/test-condition";

    private static readonly object Request = new
    {
        condition = Group("AND", Rule("message.type", "equals", "user.signup")),
        context = new JsonObject { ["message"] = new JsonObject { ["type"] = "user.signup" } },
    };

    private WebApplicationFactory<Program> Limited() => factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:TestHelpers:PermitLimit", "3"));

    [Fact]
    public async Task Past_the_limit_a_person_gets_429_with_Retry_After_and_the_rate_limit_headers()
    {
        var app = Limited();
        var user = app.As(Callers.UserEmail);

        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var ok = await user.PostJsonAsync(ConditionUrl, Request).Expect(200);
            Assert.Equal("3", ok.Header("X-RateLimit-Limit"));
            remaining.Add(ok.Header("X-RateLimit-Remaining"));
            Assert.Equal(ok.Header("X-RateLimit-Remaining"), ok.Header("X-RateLimit-Remaining-Minute"));
        }
        Assert.Equal(["2", "1", "0"], remaining);

        var refused = await user.PostJsonAsync(ConditionUrl, Request).Expect(429);
        var body = await refused.JsonAsync();
        Assert.Equal("Too many requests", body.Error());
        Assert.Contains("limited to 3 per minute per person", body.Str("details"));
        Assert.InRange(int.Parse(refused.Header("Retry-After")), 1, 60);
        Assert.Equal(("3", "0", "3", "0"), (refused.Header("X-RateLimit-Limit"), refused.Header("X-RateLimit-Remaining"),
            refused.Header("X-RateLimit-Limit-Minute"), refused.Header("X-RateLimit-Remaining-Minute")));
        Assert.InRange(int.Parse(refused.Header("X-RateLimit-Reset")), 1, 60);
    }

    [Fact]
    public async Task The_helpers_and_dry_runs_share_one_allowance_per_person_and_others_are_not_affected()
    {
        var app = Limited();
        var admin = app.As(Callers.AdminEmail);
        await admin.PostJsonAsync(ConditionUrl, Request).Expect(200);
        await admin.PostJsonAsync("/api/workflows/test-substitution", new { parameters = new { a = "{{x}}" }, context = new { x = 1 } }).Expect(200);
        await admin.PostJsonAsync(ConditionUrl, Request).Expect(200);

        var refusedDryRun = await admin.PostJsonAsync($"/api/workflows/{Guid.NewGuid()}/dry-run", new { message = new { } }).Expect(429);
        Assert.Equal("0", refusedDryRun.Header("X-RateLimit-Remaining"));
        await admin.PostJsonAsync("/api/workflows/test-substitution", new { parameters = new { a = "{{x}}" }, context = new { x = 1 } }).Expect(429);

        // Someone else keeps their own allowance; other endpoints are not limited.
        await app.As(Callers.GuestEmail).PostJsonAsync(ConditionUrl, Request).Expect(200);
        await admin.GetAsync("/api/auth/session").Expect(200);
    }

    /// <summary>
    /// A server-wide cap on evaluations at once (here 2), whoever runs them: while two run, a third person is refused at
    /// once with 429, Retry-After and a sentence saying why; when one ends, the next gets through.
    /// </summary>
    [Fact]
    public async Task Over_the_server_wide_cap_on_evaluations_at_once_anyone_gets_429_with_Retry_After()
    {
        var app = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:Concurrency:PermitLimit", "2"));
        var guest = app.As(Callers.GuestEmail);
        await guest.PostJsonAsync(ConditionUrl, Request).Expect(200);
        var concurrency = app.Services.GetRequiredService<EvaluationConcurrency>();
        Assert.Equal(2, concurrency.Limit);
        using var first = concurrency.TryEnter(); // two evaluations running, say another person's dry runs
        var second = concurrency.TryEnter();
        Assert.NotNull(second);

        var refused = await guest.PostJsonAsync(ConditionUrl, Request).Expect(429);
        Assert.Equal("1", refused.Header("Retry-After"));
        var body = await refused.JsonAsync();
        Assert.Equal("Server busy", body.Error());
        Assert.Contains("as many condition tests, substitution tests and dry runs as it can at once (2, for everyone together)", body.Str("details"));
        await app.As(Callers.AdminEmail).PostJsonAsync($"/api/workflows/{Guid.NewGuid()}/dry-run", new { message = new { } }).Expect(429);

        second!.Dispose();
        await guest.PostJsonAsync(ConditionUrl, Request).Expect(200);
        Assert.NotNull(concurrency.TryEnter()); // the answered requests gave their permits back
    }

    [Theory]
    [InlineData(null, 2, 4, 8)]
    [InlineData(null, 2, 1, 2)]
    [InlineData(5, 2, 4, 5)]
    [InlineData(null, 0, 4, 1)]
    public void The_cap_is_per_CPU_unless_a_limit_is_set(int? limit, int perCpu, int processors, int expected) =>
        Assert.Equal(expected, new EvaluationConcurrencyOptions { PermitLimit = limit, PermitsPerCpu = perCpu }.LimitFor(processors));
}
