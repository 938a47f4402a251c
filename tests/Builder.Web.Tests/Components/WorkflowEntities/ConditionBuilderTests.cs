using System.Text.Json.Nodes;
using Bunit;
using Builder.Web.Features.WorkflowEntities;

namespace Builder.Web.Tests.Components.WorkflowEntities;

/// <summary>The visual condition builder, driven the way a person does: buttons, inputs and the comparison picker.</summary>
public sealed class ConditionBuilderTests : ConsoleTestContext
{
    private readonly ConditionDraft _draft = new();

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Render(bool readOnly = false) =>
        RenderWithProviders<ConditionBuilder>(new() { ["Draft"] = _draft, ["ReadOnly"] = readOnly });

    private static void Type(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string label, string text) =>
        page.Find($"input[aria-label='{label}']").Change(text);

    private static void Click(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string label) =>
        page.Find($"button[aria-label='{label}']").Click();

    private static void Pick(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string label, string option)
    {
        page.Find($".mud-select:has(input[aria-label='{label}']) .mud-input-control").MouseDown();
        page.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == option).Click();
    }

    private void AssertJson(string expected) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), _draft.ToJson()), $"Got {_draft.ToJson()?.ToJsonString()}");

    [Fact]
    public void Adding_rules_and_a_nested_group_produces_the_condition_json()
    {
        var page = Render();

        page.FindAll("button").Single(b => b.TextContent.Contains("Add a condition")).Click();
        Type(page, "Field of rule 1", "message.type");
        Type(page, "Value of rule 1", "user.signup");
        Click(page, "Add group to the condition");
        Type(page, "Field of rule 2.1", "message.user.plan");
        Pick(page, "Comparison of rule 2.1", "is one of");
        Type(page, "Value of rule 2.1", "pro, team");
        Click(page, "Add rule to group 2");
        Type(page, "Field of rule 2.2", "message.user.vip");
        Pick(page, "Comparison of rule 2.2", "exists");

        AssertJson("""
            {"type":"group","operator":"AND","conditions":[
              {"type":"rule","field":"message.type","comparison":"equals","value":"user.signup"},
              {"type":"group","operator":"OR","conditions":[
                {"type":"rule","field":"message.user.plan","comparison":"in","value":"pro, team"},
                {"type":"rule","field":"message.user.vip","comparison":"exists"}
              ]}
            ]}
            """);
        Assert.Single(page.FindAll("section[aria-label='Group 2']"));
    }

    [Fact]
    public void Switching_a_group_to_OR_and_reordering_and_removing_rules_updates_the_json()
    {
        var root = _draft.Start();
        ((ConditionRuleDraft)root.Items[0]).Field = "message.a";
        root.AddRule("message.b");
        root.AddRule("message.c");
        var page = Render();

        page.FindAll(".operator-toggle > *").Single(b => b.TextContent.Contains("ANY (OR)")).Click();
        Click(page, "Move rule 3 up");
        Click(page, "Move rule 1 down");
        Click(page, "Remove rule 3");

        AssertJson("""
            {"type":"group","operator":"OR","conditions":[
              {"type":"rule","field":"message.c","comparison":"equals","value":""},
              {"type":"rule","field":"message.a","comparison":"equals","value":""}
            ]}
            """);
        Assert.Equal("message.c", page.Find("input[aria-label='Field of rule 1']").GetAttribute("value"));
        Assert.True(page.Find("button[aria-label='Move rule 1 up']").HasAttribute("disabled"));
        Assert.True(page.Find("button[aria-label='Move rule 2 down']").HasAttribute("disabled"));
    }

    [Fact]
    public void Removing_a_nested_group_and_the_whole_condition()
    {
        var root = _draft.Start();
        ((ConditionRuleDraft)root.Items[0]).Field = "message.a";
        root.AddGroup();
        var page = Render();

        Click(page, "Remove group 2");
        Assert.Empty(page.FindAll("section[aria-label='Group 2']"));
        page.FindAll("button").Single(b => b.TextContent.Contains("Remove condition")).Click();

        Assert.Null(_draft.ToJson());
        Assert.Contains("No condition: this entity always runs.", page.Markup);
    }

    [Fact]
    public void The_value_input_is_hidden_for_exists_and_not_exists()
    {
        _draft.Start();
        var page = Render();
        Assert.NotNull(page.Find("input[aria-label='Value of rule 1']"));

        Pick(page, "Comparison of rule 1", "exists");
        Assert.Empty(page.FindAll("input[aria-label='Value of rule 1']"));
        Assert.Contains("no value needed", page.Markup);

        Pick(page, "Comparison of rule 1", "does not exist");
        Assert.Empty(page.FindAll("input[aria-label='Value of rule 1']"));

        Pick(page, "Comparison of rule 1", "contains");
        Assert.NotNull(page.Find("input[aria-label='Value of rule 1']"));
    }

    [Fact]
    public void An_invalid_rule_shows_its_message_on_the_input_it_is_about()
    {
        _draft.Start();
        var page = Render();

        Type(page, "Field of rule 1", "message..type");
        Pick(page, "Comparison of rule 1", "is greater than");
        Type(page, "Value of rule 1", "soon");

        var rule = page.Find("[aria-label='Rule 1']");
        Assert.Contains("'message..type' is not a field path", rule.TextContent);
        Assert.Contains("greater_than needs a number or an ISO date", rule.TextContent);
        Assert.Contains("2 problems in the condition", page.Markup);

        Type(page, "Field of rule 1", "message.total");
        Type(page, "Value of rule 1", "10");
        Assert.DoesNotContain("problem", page.Find("[aria-label='Rule 1']").TextContent);
        Assert.DoesNotContain("problems in the condition", page.Markup);
    }

    [Fact]
    public void Read_only_shows_the_condition_without_ways_to_change_it()
    {
        _draft.Start().AddGroup();
        var page = Render(readOnly: true);

        Assert.All(page.FindAll("input"), i => Assert.True(i.HasAttribute("disabled")));
        Assert.Empty(page.FindAll("button[aria-label^='Remove']"));
        Assert.Empty(page.FindAll("button[aria-label^='Add rule']"));
        Assert.DoesNotContain("Remove condition", page.Markup);
    }
}
