using System.Text.Json.Nodes;
using Builder.Domain.Workflows;
using Builder.Web.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Builder.Web.Tests.Api.Workflows.WorkflowArrange;

namespace Builder.Web.Tests.Api.Workflows;

/// <summary>
/// Condition evaluation is bounded per request: at most <see cref="ConditionLimits.MaxParts"/> rules and groups, one
/// time budget for the whole evaluation, and linear-time patterns. So one request's work is bounded by design, and
/// other requests stay fast while such requests run.
/// </summary>
public sealed class ConditionLimitEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string ConditionUrl = "/api/workflows/test-condition";

    private static readonly JsonObject Context = new() { ["message"] = new JsonObject { ["text"] = new string('a', 38) + "!" } };

    private static JsonObject Catastrophic(int rules) =>
        Group("AND", Enumerable.Range(0, rules).Select(_ => (JsonNode)Rule("message.text", "matches", "^(a+)+$")).ToArray());

    /// <summary>The probe: a Guest posting 999 rules of ^(a+)+$ ran 101 s; it is now refused before any rule runs.</summary>
    [Fact]
    public async Task A_guest_posting_999_catastrophic_rules_gets_400_naming_the_cap()
    {
        var body = await factory.As(Caller.Guest).PostJsonAsync(ConditionUrl, new { condition = Catastrophic(999), context = Context.DeepClone() })
            .ExpectJson(400);

        var problems = body.GetProperty("errors").GetProperty("condition").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains(problems, p => p.Contains("at most 100 rules and groups in all, nested groups included"));
        Assert.Contains("at most 100 rules and groups", body.Str("details"));
    }

    [Fact]
    public async Task Catastrophic_patterns_within_the_cap_run_in_linear_time_and_just_do_not_match()
    {
        var body = await factory.As(Caller.Guest).PostJsonAsync(ConditionUrl, new { condition = Catastrophic(99), context = Context.DeepClone() })
            .ExpectJson(200);

        Assert.False(body.GetProperty("result").GetBoolean());
        Assert.All(body.GetProperty("rules").EnumerateArray(), r => Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("error").ValueKind));
    }

    /// <summary>A clock where every reading costs 300 ms stands in for slow patterns: the budget runs out part-way.</summary>
    [Fact]
    public async Task A_condition_within_the_cap_that_exhausts_the_budget_gets_the_over_budget_error()
    {
        var slow = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton(new ConditionLimits { Clock = new SteppingClock(TimeSpan.FromMilliseconds(300)) })));
        var client = slow.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, Callers.GuestEmail);

        var body = await client.PostJsonAsync(ConditionUrl, new { condition = Catastrophic(50), context = Context.DeepClone() }).ExpectJson(400);

        var problem = Assert.Single(body.GetProperty("errors").GetProperty("condition").EnumerateArray()).GetString();
        Assert.Contains("took longer than its 2 seconds budget to evaluate and was stopped", problem);
    }

    /// <summary>
    /// While many worst-case evaluations run at once, the session endpoint still answers. Not a timing assertion: the
    /// bound is by design (each evaluation is capped in rules and time, and its patterns are linear, and the server runs
    /// only a few at once: the rest are told it is busy).
    /// </summary>
    [Fact]
    public async Task Other_requests_are_answered_while_evaluations_run()
    {
        var guest = factory.As(Caller.Guest);
        var condition = Catastrophic(97); // with the OR group and its rule: 100 parts, the cap
        condition["conditions"]!.AsArray().Add(Group("OR", Rule("message.text", "matches", "^(?=a)(a+)+$")));
        var evaluations = Enumerable.Range(0, 8)
            .Select(_ => factory.As(Caller.User).PostJsonAsync(ConditionUrl, new { condition = condition.DeepClone(), context = Context.DeepClone() }))
            .ToList();

        var session = await guest.GetAsync("/api/auth/session").ExpectJson(200);

        Assert.Equal(Callers.GuestEmail, session.GetProperty("user").Str("email"));
        var statuses = (await Task.WhenAll(evaluations)).Select(r => (int)r.StatusCode).ToList();
        Assert.All(statuses, status => Assert.Contains(status, new[] { 200, 429 }));
        Assert.Contains(200, statuses);
    }
}
