using System.Text.Json;
using Builder.Domain.Chat;
using Builder.Domain.Models;

namespace Builder.Domain.Tests.Chat;

public sealed class ManagerRouterTests
{
    static readonly RoutableAgent Billing = new("1", "Billing", "invoices, refunds and payments");
    static readonly RoutableAgent Support = new("2", "Support", "technical problems with the product");

    static Task<RoutingDecision> Route(FakeGateway gateway, string message = "I was charged twice") =>
        new ManagerRouter(gateway).RouteAsync(FakeGateway.Endpoint, "Route customer messages.", [Billing, Support], [ModelMessage.User("hello"), ModelMessage.Assistant("hi")], message);

    [Fact]
    public async Task Routes_to_the_agent_the_model_names_by_key()
    {
        var gateway = new FakeGateway().Say("""{"agent":"2","reason":"A technical problem."}""");
        var decision = await Route(gateway, "The app crashes");

        Assert.Equal(Support, decision.Agent);
        Assert.False(decision.FellBack);
        Assert.Equal("A technical problem.", decision.Reason);

        var (messages, options) = gateway.Calls.Single();
        Assert.Contains("Route customer messages.", messages[0].Content);
        Assert.Contains("invoices, refunds and payments", messages[0].Content);
        Assert.Contains("The app crashes", messages[1].Content);
        Assert.Contains("user: hello", messages[1].Content);
        var keys = options!.JsonSchema!.Value.GetProperty("properties").GetProperty("agent").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        Assert.Equal(["1", "2", "none"], keys);
    }

    [Fact]
    public async Task An_agent_named_by_its_name_counts_too()
    {
        var decision = await Route(new FakeGateway().Say("""{"agent":"billing","reason":"money"}"""));
        Assert.Equal(Billing, decision.Agent);
        Assert.False(decision.FellBack);
    }

    [Theory]
    [InlineData("""{"agent":"none","reason":"nothing fits"}""", "answered \"none\"")]
    [InlineData("""{"agent":"7","reason":"?"}""", "\"7\", which is not one of its agents")]
    [InlineData("Billing, I think", "not the JSON asked for")]
    public async Task An_answer_naming_no_agent_falls_back_to_the_first_and_says_so(string answer, string said)
    {
        var decision = await Route(new FakeGateway().Say(answer));
        Assert.Equal(Billing, decision.Agent);
        Assert.True(decision.FellBack);
        Assert.Contains(said, decision.Reason);
        Assert.Contains("went to the first agent, Billing", decision.Reason);
    }

    [Fact]
    public async Task A_failing_routing_call_falls_back_with_the_reason()
    {
        var decision = await Route(new FakeGateway().Fail("timed out after 10 s"));
        Assert.True(decision.FellBack);
        Assert.Contains("timed out after 10 s", decision.Reason);
    }

    [Fact]
    public async Task A_manager_without_agents_routes_nowhere()
    {
        var decision = await new ManagerRouter(new FakeGateway()).RouteAsync(FakeGateway.Endpoint, "", [], [], "hi");
        Assert.Null(decision.Agent);
        Assert.Contains("no agents", decision.Reason);
    }
}
