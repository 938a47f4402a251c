using System.Text.Json.Nodes;
using Bunit;
using Builder.Domain.Workflows;
using Builder.Web.Features.Workflows.Editor;

namespace Builder.Web.Tests.Components.Workflows;

/// <summary>The dry run's "Path taken": a tree, a plain sentence when the root stops the walk, plain-words JSON errors.</summary>
public sealed class DryRunPanelTests : ConsoleTestContext
{
    private static DryRunStep Step(string path, string name, DryRunOutcome outcome, string? message = null) =>
        new(path, name, name, Guid.NewGuid(), name, "action", outcome, DryRunBranch.None, null, [], false, message);

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Render(DryRunResult? result, Func<JsonNode?, Task>? run = null) =>
        RenderWithProviders<DryRunPanel>(new() { ["Result"] = result, ["Run"] = run ?? (_ => Task.CompletedTask) });

    [Fact]
    public async Task The_path_taken_is_a_tree()
    {
        await SignInAsync("builder@acme.test");
        var result = new DryRunResult([
            Step("$.root", "Signup", DryRunOutcome.Continued),
            Step("$.root.children[0]", "Welcome", DryRunOutcome.Continued),
            Step("$.root.children[0].children[0]", "Done", DryRunOutcome.Continued),
            Step("$.root.children[1]", "Login only", DryRunOutcome.Stopped, "The condition is false; this branch stops here."),
        ], true);

        var panel = Render(result);

        var root = panel.Find(".path-tree > [data-testid='path-step']");
        Assert.Contains("Signup", root.QuerySelector(".path-line")!.TextContent);
        var children = root.QuerySelectorAll(":scope > .path-children > [data-testid='path-step']");
        Assert.Equal(["Welcome", "Login only"], children.Select(c => c.QuerySelector(".path-name")!.TextContent));
        Assert.Equal(["Welcome", "Done"], children[0].QuerySelectorAll(".path-name").Select(n => n.TextContent));
        Assert.Contains("stopped: condition false", children[1].TextContent);
        Assert.Empty(panel.FindAll("[data-testid='dryrun-stopped-at-root']"));
    }

    [Fact]
    public async Task A_root_whose_condition_is_false_says_the_walk_stopped_there()
    {
        await SignInAsync("builder@acme.test");

        var panel = Render(new DryRunResult([Step("$.root", "Signup", DryRunOutcome.Stopped, "The condition is false; this branch stops here.")], true));

        Assert.Equal("Stopped at the root: its condition was false.", panel.Find("[data-testid='dryrun-stopped-at-root']").TextContent.Trim());
        Assert.Single(panel.FindAll("[data-testid='path-step']"));
    }

    [Fact]
    public async Task Invalid_JSON_is_explained_with_line_and_column_and_clears_once_fixed()
    {
        await SignInAsync("builder@acme.test");
        JsonNode? ran = null;
        var panel = Render(null, message => { ran = message; return Task.CompletedTask; });

        panel.Find("#wf-dryrun-message").Input("{\n  \"type\": user\n}");
        panel.FindAll("button").Single(b => b.TextContent.Contains("Run dry run")).Click();

        panel.WaitForAssertion(() => Assert.Contains("The sample JSON is not valid: unexpected character 'u' at line 2, column 11.", panel.Markup));
        Assert.Null(ran);

        panel.Find("#wf-dryrun-message").Input("{\n  \"type\": \"user\"\n}");
        panel.WaitForAssertion(() => Assert.DoesNotContain("not valid", panel.Markup));
        panel.FindAll("button").Single(b => b.TextContent.Contains("Run dry run")).Click();
        panel.WaitForAssertion(() => Assert.Equal("user", ran?["type"]?.GetValue<string>()));
    }
}
