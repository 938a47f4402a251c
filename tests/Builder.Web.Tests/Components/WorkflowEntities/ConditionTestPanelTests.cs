using System.Text.Json.Nodes;
using Bunit;
using Builder.Web.Api;
using Builder.Web.Features.WorkflowEntities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Builder.Web.Tests.Components.WorkflowEntities;

/// <summary>"Test this condition": results as the tree they are, sample errors in plain words that clear once fixed, and the per-person limit.</summary>
public sealed class ConditionTestPanelTests : ConsoleTestContext
{
    private const string Condition = """
        {"type":"group","operator":"AND","conditions":[
          {"type":"rule","field":"message.type","comparison":"equals","value":"user.signup"},
          {"type":"group","operator":"OR","conditions":[
            {"type":"rule","field":"message.user.plan","comparison":"in","value":["team","enterprise"]},
            {"type":"rule","field":"message.user.plan","comparison":"equals","value":"pro"}
          ]}
        ]}
        """;

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Render() =>
        RenderWithProviders<ConditionTestPanel>(new() { ["Draft"] = ConditionDraft.FromJson(JsonNode.Parse(Condition)) });

    private static void TypeSample(IRenderedComponent<Bunit.Rendering.ContainerFragment> panel, string sample) =>
        panel.Find("textarea[aria-label='Sample message']").Input(sample);

    private static void RunTest(IRenderedComponent<Bunit.Rendering.ContainerFragment> panel) =>
        panel.FindAll("button").Single(b => b.TextContent.Contains("Run test")).Click();

    [Fact]
    public async Task A_passing_OR_group_shows_its_own_pass_with_its_rules_nested_under_it()
    {
        await SignInAsync("builder@acme.test");
        var panel = Render();

        TypeSample(panel, """{"type":"user.signup","user":{"plan":"pro"}}""");
        RunTest(panel);

        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid='group-result']").Count));
        var root = panel.Find(".outcome-tree > [data-testid='group-result']");
        Assert.Equal("pass", root.GetAttribute("data-result"));
        Assert.Contains("All of these (AND)", root.QuerySelector(".outcome-line")!.TextContent);
        var or = root.QuerySelector(".outcome-children > [data-testid='group-result']")!;
        Assert.Equal("pass", or.GetAttribute("data-result"));
        Assert.Contains("Any of these (OR)", or.QuerySelector(".outcome-line")!.TextContent);
        Assert.Contains("1 of 2 hold", or.QuerySelector(".outcome-line")!.TextContent);
        Assert.Equal(["fail", "pass"], or.QuerySelectorAll(".outcome-children > [data-testid='rule-result']").Select(r => r.GetAttribute("data-result")));
        Assert.Contains("The condition holds", panel.Find("[data-testid='test-result']").TextContent);
    }

    [Fact]
    public async Task Invalid_JSON_reads_in_plain_words_with_line_and_column_and_clears_once_fixed()
    {
        await SignInAsync("builder@acme.test");
        var panel = Render();

        TypeSample(panel, """{"type": user}""");
        RunTest(panel);

        panel.WaitForAssertion(() => Assert.Contains(
            "The sample JSON is not valid: unexpected character 'u' at line 1, column 10.", panel.Find(".mud-input-helper-text").TextContent));
        Assert.DoesNotContain("BytePositionInLine", panel.Markup);

        TypeSample(panel, """{"type": "user.signup"}""");

        panel.WaitForAssertion(() => Assert.DoesNotContain("not valid", panel.Markup));
        Assert.Empty(panel.FindAll(".mud-input-error"));
    }

    [Fact]
    public async Task Past_the_per_person_limit_the_panel_says_so_and_runs_nothing()
    {
        var actor = await SignInAsync("builder@acme.test");
        var limiter = Service<UserRateLimiter>();
        while (limiter.TryAcquire(actor.UserId).Allowed) { }
        var panel = Render();

        TypeSample(panel, """{"type":"user.signup"}""");
        RunTest(panel);

        panel.WaitForAssertion(() => Assert.Contains("limited to 30 per minute per person", panel.Find("[data-testid='test-limited']").TextContent));
        Assert.Empty(panel.FindAll("[data-testid='group-result']"));
    }
}
