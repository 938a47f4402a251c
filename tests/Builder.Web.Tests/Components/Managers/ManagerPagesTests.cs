using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Agents;
using Builder.Domain.Managers;
using Builder.Domain.Models;
using Builder.Domain.Versioning;
using Builder.TestServers;
using Builder.Web.Features.Managers;
using MudBlazor;

namespace Builder.Web.Tests.Components.Managers;

/// <summary>
/// The managers pages over the real services: the list's empty state (for a builder and for a reader), the editor's
/// validation (the service's messages on the routing model, the agents and each agent row; nothing saved or published), the
/// agent picker (no agents yet says where to create one; a chosen agent is saved with what it handles), and the test chat,
/// where each turn names the agent the manager's model routed it to (<see cref="LocalOpenAiServer"/> scripts the routing).
/// </summary>
public sealed class ManagerPagesTests : ConsoleTestContext, IAsyncLifetime
{
    private LocalOpenAiServer _model = null!;
    private Guid _org;
    private Actor _admin = default!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _model = await LocalOpenAiServer.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _model.DisposeAsync();
        await DisposeAsync();
    }

    private async Task SignInAdminAsync()
    {
        _admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
    }

    private async Task<Guid> ModelAsync(string name, string wire) => (await Service<ModelService>().CreateAsync(_admin, _org,
        new ModelInput(name, _model.ChatCompletionsUrl, wire, Token: LocalOpenAiServer.DefaultToken))).Id;

    private async Task<VersionedView<AgentDefinition>> AgentAsync(string name, Guid? model = null) =>
        await Service<AgentService>().CreateAsync(_admin, _org, new AgentInput(name, $"{name} agent", "CONVERSATIONAL", $"You are {name}.", model));

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderEditor(int number)
    {
        var page = RenderWithProviders<ManagerEditorPage>(new() { ["OrgId"] = _org, ["Number"] = number });
        page.WaitForElement("[data-testid='draft-banner']");
        return page;
    }

    private static void Click(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector) =>
        page.InvokeAsync(() => page.Find(selector).Click()).GetAwaiter().GetResult();

    /// <summary>Types into a row's agent picker (it searches the organization's agents on the server) and waits for the option <paramref name="name"/>.</summary>
    private static AngleSharp.Dom.IElement TypeAgent(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, int index, string text, string name)
    {
        var field = $".managed-agent-row[data-index='{index}'] .managed-agent input";
        page.InvokeAsync(() => page.Find(field).Input(text)).GetAwaiter().GetResult();
        AngleSharp.Dom.IElement? option = null;
        page.WaitForAssertion(() =>
        {
            option = page.FindAll(".choice-popover .mud-list-item").FirstOrDefault(o => o.QuerySelector(".choice-option-name")?.TextContent == name);
            Assert.NotNull(option);
        }, TimeSpan.FromSeconds(10));
        return option!;
    }

    [Fact]
    public async Task The_list_without_managers_says_what_a_manager_is_and_how_to_create_one()
    {
        await SignInAdminAsync();
        var page = RenderWithProviders<ManagersPage>(new() { ["OrgId"] = _org });
        page.WaitForAssertion(() => Assert.Contains("No managers yet", page.Markup));
        Assert.Contains("Create one with New manager", page.Markup);
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Contains("New manager"));
    }

    [Fact]
    public async Task A_reader_sees_who_creates_managers_and_no_create_button()
    {
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        await SignInAsync("guest@acme.test");
        var forGuest = RenderWithProviders<ManagersPage>(new() { ["OrgId"] = _org });
        forGuest.WaitForAssertion(() => Assert.Contains("No managers yet", forGuest.Markup));
        Assert.Contains("An Admin creates them", forGuest.Markup);
        Assert.DoesNotContain("Create one with New manager", forGuest.Markup);
        Assert.Empty(forGuest.FindAll("button").Where(b => b.TextContent.Contains("New manager")));
    }

    [Fact]
    public async Task Publishing_without_a_model_or_agents_shows_both_messages_on_their_fields_and_publishes_nothing()
    {
        await SignInAdminAsync();
        await AgentAsync("Billing");
        var manager = await Service<ManagerService>().CreateAsync(_admin, _org, new ManagerInput("Front desk", "Routes questions"));
        var page = RenderEditor(manager.Number);
        Assert.Contains("No agents yet. Publishing needs at least one.", page.Find("[data-testid='managed-agents']").TextContent);

        Click(page, "[data-testid='publish']");
        page.WaitForElement("[data-testid='publish-confirm']");
        Click(page, "[data-testid='publish-confirm']");

        page.WaitForAssertion(() => Assert.Contains("needs a routing model", page.Find(".field-model").TextContent));
        Assert.Contains("needs at least one agent", page.Find("[data-testid='managed-agents']").TextContent);
        Assert.Null((await Service<ManagerService>().GetAsync(_admin, manager.Id, VersionSelector.Draft)).PublishedVersion);
    }

    [Fact]
    public async Task An_agent_row_without_an_agent_or_what_it_handles_is_refused_on_that_row_and_nothing_is_saved()
    {
        await SignInAdminAsync();
        await AgentAsync("Billing");
        var manager = await Service<ManagerService>().CreateAsync(_admin, _org, new ManagerInput("Front desk"));
        var page = RenderEditor(manager.Number);

        Click(page, "[data-testid='add-agent']");
        page.WaitForElement(".managed-agent-row[data-index='0']");
        Click(page, "[data-testid='save-draft']");

        page.WaitForAssertion(() => Assert.Contains("names an agent", page.Find(".managed-agent-row[data-index='0']").TextContent));
        Assert.Empty((await Service<ManagerService>().GetAsync(_admin, manager.Id, VersionSelector.Draft)).Definition.Agents);
        Assert.NotEmpty(page.FindAll("[data-testid='unsaved-note']"));
    }

    [Fact]
    public async Task Without_agents_the_picker_says_where_to_create_one()
    {
        await SignInAdminAsync();
        var manager = await Service<ManagerService>().CreateAsync(_admin, _org, new ManagerInput("Front desk"));
        var page = RenderEditor(manager.Number);
        var add = page.Find("[data-testid='add-agent']");
        Assert.True(add.HasAttribute("disabled"));
        Assert.Contains("No agents to add yet: create one under Agents", add.TextContent);
    }

    [Fact]
    public async Task The_agent_picker_offers_the_organizations_agents_and_saves_the_chosen_one_with_what_it_handles()
    {
        await SignInAdminAsync();
        var billing = await AgentAsync("Billing");
        var shipping = await AgentAsync("Shipping");
        var manager = await Service<ManagerService>().CreateAsync(_admin, _org, new ManagerInput("Front desk"));
        var page = RenderEditor(manager.Number);

        Click(page, "[data-testid='add-agent']");
        page.WaitForElement(".managed-agent-row[data-index='0']");
        TypeAgent(page, 0, "Bill", "Billing");
        var option = TypeAgent(page, 0, "Ship", "Shipping");
        page.InvokeAsync(() => option.Click()).GetAwaiter().GetResult();
        page.InvokeAsync(() => page.Find(".managed-agent-row[data-index='0'] .managed-handles input").Change("Deliveries and parcels")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Equal("Shipping", page.Find(".managed-agent-row[data-index='0'] .managed-agent input").GetAttribute("value")));
        Click(page, "[data-testid='save-draft']");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='unsaved-note']")));

        var saved = (await Service<ManagerService>().GetAsync(_admin, manager.Id, VersionSelector.Draft)).Definition.Agents;
        Assert.Equal([(shipping.Id, "Deliveries and parcels")], saved.Select(a => (a.AgentId, a.Handles)));
    }

    [Fact]
    public async Task Each_turn_of_the_test_chat_names_the_agent_the_manager_routed_it_to()
    {
        await SignInAdminAsync();
        var router = await ModelAsync("Router", "bunit-router");
        var answers = await ModelAsync("Answers", "bunit-answers");
        var billing = await AgentAsync("Billing", answers);
        var shipping = await AgentAsync("Shipping", answers);
        var manager = await Service<ManagerService>().CreateAsync(_admin, _org, new ManagerInput("Front desk", null, "Route by topic.", router,
            Agents: [new ManagedAgentInput(billing.Id, "Invoices"), new ManagedAgentInput(shipping.Id, "Parcels")]));
        _model.Script("bunit-router",
            ScriptedTurn.Say($$"""{"agent":"{{billing.Number}}","reason":"A charge."}"""),
            ScriptedTurn.Say($$"""{"agent":"{{shipping.Number}}","reason":"A parcel."}"""));
        _model.Script("bunit-answers", ScriptedTurn.Say("Charged once."), ScriptedTurn.Say("It ships today."));
        var page = RenderEditor(manager.Number);

        void Say(string text)
        {
            page.InvokeAsync(() => page.Find(".chat-input textarea").Input(text)).GetAwaiter().GetResult();
            page.WaitForAssertion(() => Assert.False(page.Find("[data-testid='chat-send']").HasAttribute("disabled")));
            Click(page, "[data-testid='chat-send']");
        }
        Say("Why was I charged twice?");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='test-chat'] [data-testid='routed-agent']")), TimeSpan.FromSeconds(20));
        Say("Where is my parcel?");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='test-chat'] [data-testid='routed-agent']").Count), TimeSpan.FromSeconds(20));

        var routed = page.FindAll("[data-testid='test-chat'] [data-testid='routed-agent']").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["Billing", "Shipping"], routed);
        var texts = page.FindAll("[data-testid='test-chat'] [data-testid='chat-message'][data-role='assistant'] .chat-text").Select(t => t.TextContent.Trim());
        Assert.Equal(["Charged once.", "It ships today."], texts);
    }
}
