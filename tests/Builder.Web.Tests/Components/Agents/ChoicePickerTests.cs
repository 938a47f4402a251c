using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Agents;
using Builder.Domain.Managers;
using Builder.Domain.Tools;
using Builder.Domain.Variables;
using Builder.Domain.Versioning;
using Builder.Web.Features.Agents;
using Builder.Web.Features.Managers;

namespace Builder.Web.Tests.Components.Agents;

/// <summary>
/// The agent and manager editors' pickers search on the server as the person types: in an organization with 150 tools,
/// agents or variables, the 150th (past any first page) is found by typing part of its name and chosen with a click; what a
/// draft already holds is named as a chip even when no search page shows it; an organization with nothing to choose says so.
/// </summary>
public sealed class ChoicePickerTests : ConsoleTestContext
{
    private const int Many = 150;
    private Guid _org;
    private Actor _admin = default!;

    private async Task SignInAdminAsync()
    {
        _admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderEditor<TPage>(int number) where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var page = RenderWithProviders<TPage>(new() { ["OrgId"] = _org, ["Number"] = number });
        page.WaitForElement("[data-testid='draft-banner']");
        return page;
    }

    /// <summary>Types into the picker's field and waits for the option <paramref name="name"/> among the search's results.</summary>
    private static AngleSharp.Dom.IElement TypeAndFind(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string field, string text, string name)
    {
        page.WaitForElement($"{field} input");
        page.InvokeAsync(() => page.Find($"{field} input").Input(text)).GetAwaiter().GetResult();
        AngleSharp.Dom.IElement? option = null;
        page.WaitForAssertion(() =>
        {
            option = page.FindAll(".choice-popover .mud-list-item").FirstOrDefault(o => o.QuerySelector(".choice-option-name")?.TextContent == name);
            Assert.NotNull(option);
        }, TimeSpan.FromSeconds(10));
        return option!;
    }

    private static void Click(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, AngleSharp.Dom.IElement element) =>
        page.InvokeAsync(() => element.Click()).GetAwaiter().GetResult();

    private static void Click(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector) =>
        page.InvokeAsync(() => page.Find(selector).Click()).GetAwaiter().GetResult();

    [Fact]
    public async Task The_tools_picker_finds_the_150th_tool_by_typing_and_the_saved_draft_names_it_as_a_chip()
    {
        await SignInAdminAsync();
        var tools = Service<ToolService>();
        for (var i = 1; i <= Many; i++) await tools.CreateAsync(_admin, _org, new ToolInput($"tool_{i:000}", "A tool", Kind: "HTTP"));
        var agent = await Service<AgentService>().CreateAsync(_admin, _org, new AgentInput("Support", "", "CONVERSATIONAL"));

        var page = RenderEditor<AgentEditorPage>(agent.Number);
        var option = TypeAndFind(page, ".field-tools", "150", "tool_150");
        Click(page, option);
        page.WaitForAssertion(() => Assert.Equal(["tool_150"],
            page.FindAll("[data-testid='tools-picker'] .choice-chip .choice-chip-name").Select(c => c.TextContent)));
        Click(page, "[data-testid='save-draft']");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='unsaved-note']")));

        var draft = (await Service<AgentService>().GetAsync(_admin, agent.Id, VersionSelector.Draft)).Definition;
        var tool150 = (await tools.ListAsync(_admin, _org, new Domain.Common.PageRequest(1, 1, "tool_150"))).Items.Single();
        Assert.Equal([tool150.Id], draft.ToolIds);

        // Opened again, the draft's tool (on no first page: tool_001… come first) is a chip with its name.
        await Context.DisposeComponentsAsync();
        var again = RenderEditor<AgentEditorPage>(agent.Number);
        again.WaitForAssertion(() => Assert.Equal(["tool_150"],
            again.FindAll("[data-testid='tools-picker'] .choice-chip .choice-chip-name").Select(c => c.TextContent)));
    }

    [Fact]
    public async Task Opening_the_tools_picker_lists_a_first_page_and_says_how_to_find_the_rest()
    {
        await SignInAdminAsync();
        var tools = Service<ToolService>();
        for (var i = 1; i <= 60; i++) await tools.CreateAsync(_admin, _org, new ToolInput($"tool_{i:000}", "A tool", Kind: "HTTP"));
        var agent = await Service<AgentService>().CreateAsync(_admin, _org, new AgentInput("Support", "", "CONVERSATIONAL"));

        var page = RenderEditor<AgentEditorPage>(agent.Number);
        TypeAndFind(page, ".field-tools", "tool", "tool_001");
        page.WaitForAssertion(() => Assert.Contains("Showing 50 of 60: type to narrow", page.Find("[data-testid='choice-more']").TextContent));
        Assert.Equal(50, page.FindAll(".choice-popover .mud-list-item").Count);
    }

    [Fact]
    public async Task The_keyboard_picks_a_tool_arrow_down_and_enter_and_a_chip_is_removed_with_its_button()
    {
        await SignInAdminAsync();
        var tools = Service<ToolService>();
        foreach (var name in new[] { "get_weather", "get_orders" }) await tools.CreateAsync(_admin, _org, new ToolInput(name, "", Kind: "HTTP"));
        var agent = await Service<AgentService>().CreateAsync(_admin, _org, new AgentInput("Support", "", "CONVERSATIONAL"));

        var page = RenderEditor<AgentEditorPage>(agent.Number);
        TypeAndFind(page, ".field-tools", "get_", "get_orders");
        var input = page.Find(".field-tools input");
        page.InvokeAsync(() => input.KeyUp(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "ArrowDown" })).GetAwaiter().GetResult();
        page.InvokeAsync(() => page.Find(".field-tools input").KeyUp(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" })).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='tools-picker'] .choice-chip")));
        var chosen = page.Find("[data-testid='tools-picker'] .choice-chip .choice-chip-name").TextContent;
        Assert.StartsWith("get_", chosen);

        Click(page, $"button[aria-label='Remove {chosen}']");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='tools-picker'] .choice-chip")));
    }

    [Fact]
    public async Task With_nothing_to_choose_the_picker_says_what_to_do_and_a_search_without_matches_says_so()
    {
        await SignInAdminAsync();
        var agent = await Service<AgentService>().CreateAsync(_admin, _org, new AgentInput("Support", "", "CONVERSATIONAL"));
        var page = RenderEditor<AgentEditorPage>(agent.Number);

        page.InvokeAsync(() => page.Find(".field-tools input").Input("weather")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("Nothing matches “weather”", page.Find("[data-testid='choice-none']").TextContent), TimeSpan.FromSeconds(10));
        Assert.Contains("No tools: the agent only answers.", page.Find("[data-testid='tools-picker']").TextContent);
    }

    [Fact]
    public async Task The_manager_agent_picker_finds_the_150th_agent_by_typing()
    {
        await SignInAdminAsync();
        var agents = Service<AgentService>();
        for (var i = 1; i <= Many; i++) await agents.CreateAsync(_admin, _org, new AgentInput($"Agent {i:000}", "", "CONVERSATIONAL"));
        var manager = await Service<ManagerService>().CreateAsync(_admin, _org, new ManagerInput("Router", ""));

        var page = RenderEditor<ManagerEditorPage>(manager.Number);
        Click(page, "[data-testid='add-agent']");
        var option = TypeAndFind(page, ".managed-agent", "agent 150", "Agent 150");
        Click(page, option);
        page.WaitForAssertion(() => Assert.Equal("Agent 150", page.Find(".managed-agent input").GetAttribute("value")));
        page.InvokeAsync(() => page.Find(".managed-handles input").Change("Everything")).GetAwaiter().GetResult();
        Click(page, "[data-testid='save-draft']");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='unsaved-note']")));

        var draft = (await Service<ManagerService>().GetAsync(_admin, manager.Id, VersionSelector.Draft)).Definition;
        var agent150 = (await agents.ListAsync(_admin, _org, new Domain.Common.PageRequest(1, 1, "Agent 150"))).Items.Single();
        Assert.Equal(agent150.Id, Assert.Single(draft.Agents).AgentId);
    }

    [Fact]
    public async Task The_variable_names_picker_suggests_the_150th_variable_by_typing()
    {
        await SignInAdminAsync();
        var environment = await EnvironmentIdAsync(_org, "Development");
        var variables = Service<VariableService>();
        for (var i = 1; i <= Many; i++) await variables.CreateAsync(_admin, _org, environment, new VariableInput($"VAR_{i:000}", "x"));
        var agent = await Service<AgentService>().CreateAsync(_admin, _org, new AgentInput("Support", "", "CONVERSATIONAL"));

        var page = RenderEditor<AgentEditorPage>(agent.Number);
        page.WaitForAssertion(() => Assert.Contains("Known variables:", page.Find("[data-testid='names-suggestions']").TextContent));
        Assert.Empty(page.FindAll("button[aria-label='Add VAR_150']"));
        page.InvokeAsync(() => page.Find(".names-input input").Input("VAR_15")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("button[aria-label='Add VAR_150']")), TimeSpan.FromSeconds(10));
        Click(page, "button[aria-label='Add VAR_150']");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".name-chip[data-name='VAR_150']")));
    }
}
