using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Agents;
using Builder.Domain.Connectors;
using Builder.Domain.Managers;
using Builder.Web.Features.Agents;
using Builder.Web.Features.Connectors;
using Builder.Web.Features.Managers;

namespace Builder.Web.Tests.Components.Agents;

/// <summary>
/// What a newcomer's walk through the issue-10 pages found: a person who may only read is told they are viewing the draft
/// (not editing it), the connectors page explains to a User why there is no New button, the type picker's cards are buttons
/// (a button given role="listitem" was announced as a list item), each list keeps its row actions in view, and the pickers
/// of a read-only editor offer no search.
/// </summary>
public sealed class WalkthroughFixesTests : ConsoleTestContext
{
    private Guid _org;
    private Actor _admin = default!;

    private async Task SeedAsync()
    {
        _admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
    }

    [Fact]
    public async Task A_guest_is_told_they_view_the_draft_and_an_admin_that_they_edit_it()
    {
        await SeedAsync();
        var agent = await Service<AgentService>().CreateAsync(_admin, _org, new AgentInput("Support", "", "CONVERSATIONAL"));
        var admin = RenderWithProviders<AgentEditorPage>(new() { ["OrgId"] = _org, ["Number"] = agent.Number });
        admin.WaitForAssertion(() => Assert.Contains("You are editing the draft", admin.Find("[data-testid='draft-banner']").TextContent));
        await Context.DisposeComponentsAsync();

        await SignInAsync("guest@acme.test");
        var guest = RenderWithProviders<AgentEditorPage>(new() { ["OrgId"] = _org, ["Number"] = agent.Number });
        guest.WaitForAssertion(() => Assert.Contains("You are viewing the draft; nothing is published yet.", guest.Find("[data-testid='draft-banner']").TextContent));
        var banner = guest.Find("[data-testid='draft-banner']").TextContent;
        Assert.DoesNotContain("editing", banner);
        Assert.DoesNotContain("publish before", banner);
        // A read-only picker shows what is chosen, with no search to type into.
        Assert.Empty(guest.FindAll("[data-testid='tools-picker'] input"));
        Assert.Empty(guest.FindAll("[data-testid='model-picker'] .mud-input-adornment"));
    }

    [Fact]
    public async Task A_read_only_manager_names_its_agents_without_a_remove_button()
    {
        await SeedAsync();
        var agent = await Service<AgentService>().CreateAsync(_admin, _org, new AgentInput("Billing", "", "CONVERSATIONAL"));
        var manager = await Service<ManagerService>().CreateAsync(_admin, _org,
            new ManagerInput("Router", "", Agents: [new ManagedAgentInput(agent.Id, "Invoices")]));
        await SignInAsync("builder@acme.test");

        var page = RenderWithProviders<ManagerEditorPage>(new() { ["OrgId"] = _org, ["Number"] = manager.Number });
        page.WaitForAssertion(() => Assert.Equal("Billing", page.Find(".managed-agent input").GetAttribute("value")));
        Assert.Contains("You are viewing the draft", page.Find("[data-testid='draft-banner']").TextContent);
        Assert.Empty(page.FindAll("button[aria-label^='Remove']"));
        Assert.Empty(page.FindAll("[data-testid='add-agent']"));
    }

    [Fact]
    public async Task A_user_reads_why_there_is_no_new_connector_and_the_row_actions_stay_in_view()
    {
        await SeedAsync();
        await Service<ConnectorService>().CreateAsync(_admin, _org, "HUBSPOT",
            new ConnectorInput("Sales CRM", new Dictionary<string, string?> { ["accountEmail"] = "ops@example.com" },
                new Dictionary<string, string?> { ["accessToken"] = "t" }, SharingLevel: "COMPANY"));
        var admin = RenderWithProviders<ConnectorsPage>(new() { ["OrgId"] = _org });
        admin.WaitForAssertion(() => Assert.Contains("Sales CRM", admin.Find(".mud-table-body").TextContent));
        Assert.Empty(admin.FindAll("[data-testid='read-only-note']"));
        Assert.Contains("cell-sticky", admin.Find("button[aria-label='Edit Sales CRM']").Closest("td")!.ClassName);
        await Context.DisposeComponentsAsync();

        await SignInAsync("builder@acme.test");
        var user = RenderWithProviders<ConnectorsPage>(new() { ["OrgId"] = _org });
        user.WaitForAssertion(() => Assert.Contains("Sales CRM", user.Find(".mud-table-body").TextContent));
        Assert.Contains("You can see these connectors but not change them", user.Find("[data-testid='read-only-note']").TextContent);
        Assert.DoesNotContain(user.FindAll("button"), b => b.TextContent.Trim() == "New connector");
    }

    [Fact]
    public async Task The_connector_type_cards_are_buttons_inside_list_items()
    {
        await SeedAsync();
        var page = RenderWithProviders<ConnectorsPage>(new() { ["OrgId"] = _org });
        page.WaitForAssertion(() => Assert.Contains("No connectors yet", page.Markup));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "New connector").Click();
        page.WaitForAssertion(() => Assert.Equal(22, page.FindAll(".connector-type-card").Count));

        Assert.All(page.FindAll(".connector-type-card"), card =>
        {
            Assert.Equal("BUTTON", card.TagName);
            Assert.Null(card.GetAttribute("role"));
            Assert.Equal("listitem", card.ParentElement!.GetAttribute("role"));
        });
        Assert.Equal(22, page.FindAll("[role='list'] > [role='listitem'] > button.connector-type-card").Count);
    }
}
