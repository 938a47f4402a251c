using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Common;
using Builder.Domain.Connectors;
using Builder.Web.Features.Connectors;

namespace Builder.Web.Tests.Components.Connectors;

/// <summary>
/// The Connectors page: the empty state, the searchable type picker, a form generated from the catalogue for every type with
/// write-only credential inputs, the list with its type filter, edit without ever showing a stored credential, activate and
/// deactivate, delete through approval, and what a Guest sees.
/// </summary>
public sealed class ConnectorsPageTests : ConsoleTestContext
{
    private const string Canary = "CANARY-page-connector-0c9e77d3-do-not-leak";

    public static TheoryData<string> Types() => new(ConnectorCatalog.Types);

    private async Task<ConnectorView> CreateAsync(Guid org, string type, string name, bool active = true)
    {
        var definition = ConnectorCatalog.Find(type)!;
        var fields = definition.Fields.ToDictionary(f => f.Key, f => (string?)(f.Kind switch
        {
            ConnectorFieldKind.Email => "ops@example.com",
            ConnectorFieldKind.Url => "https://erp.example.com",
            ConnectorFieldKind.Choice => f.Choices![0],
            ConnectorFieldKind.Digits => "4242",
            ConnectorFieldKind.Subdomain => "acme",
            _ => "acme_1",
        }));
        return await Service<ConnectorService>().CreateAsync(await ActorAsync("admin@acme.test"), org, type,
            new ConnectorInput(name, fields, definition.Credentials.ToDictionary(c => c.Key, c => (string?)Canary), IsActive: active));
    }

    [Fact]
    public async Task An_admin_picks_a_type_fills_its_form_and_sees_the_connector_listed_without_its_token()
    {
        await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var page = RenderWithProviders<ConnectorsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("No connectors yet", page.Markup));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New connector").Click();
        page.WaitForElement("[data-testid='connector-type-search'] input, input[data-testid='connector-type-search']");
        Assert.Equal(22, page.FindAll(".connector-type-card").Count);
        page.InvokeAsync(() => page.Find("input[data-testid='connector-type-search']").Input("hub")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Equal(["HUBSPOT"], page.FindAll(".connector-type-card").Select(c => c.GetAttribute("data-type"))));
        page.Find(".connector-type-card[data-type='HUBSPOT']").Click();

        page.WaitForAssertion(() => Assert.Contains("New HubSpot connector", page.Markup));
        var token = page.Find("[data-testid='credential-accessToken'] input");
        Assert.Equal("password", token.GetAttribute("type"));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click();
        page.WaitForAssertion(() => Assert.Contains("Name is required.", page.Find(".mud-dialog").TextContent));
        Assert.Contains("Private app access token is required for HubSpot connectors.", page.Find(".mud-dialog").TextContent);

        ChangeWhenShown(page, "input[data-testid='connector-name']", "Sales CRM");
        ChangeWhenShown(page, "input[data-testid='field-accountEmail']", "not an email");
        ChangeWhenShown(page, "[data-testid='credential-accessToken'] input", Canary);
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("Account email must be an email address", page.Find(".mud-dialog").TextContent));
        ChangeWhenShown(page, "input[data-testid='field-accountEmail']", "sales@example.com");
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click()).GetAwaiter().GetResult();

        page.WaitForAssertion(() => Assert.Contains("Sales CRM", page.Find(".mud-table-body").TextContent));
        var row = page.Find(".mud-table-body").TextContent;
        Assert.Contains("HubSpot", row);
        Assert.Contains("sales@example.com", row);
        Assert.Contains("Active", row);
        Assert.DoesNotContain(Canary, page.Markup);
        var saved = Assert.Single((await Service<ConnectorService>().ListAsync(await ActorAsync("admin@acme.test"), org, new ConnectorQuery(), new PageRequest())).Items);
        Assert.Equal(["accessToken"], saved.CredentialsSet);
    }

    [Theory, MemberData(nameof(Types))]
    public async Task Every_type_has_a_form_with_its_fields_and_a_write_only_input_per_credential(string type)
    {
        await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var page = RenderWithProviders<ConnectorsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("No connectors yet", page.Markup));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New connector").Click();
        page.WaitForElement($".connector-type-card[data-type='{type}']").Click();

        var definition = ConnectorCatalog.Find(type)!;
        page.WaitForAssertion(() => Assert.Contains($"New {definition.DisplayName} connector", page.Markup));
        var dialog = page.Find(".connector-dialog").TextContent;
        Assert.All(definition.Fields, f => Assert.Contains(f.Label, dialog));
        foreach (var credential in definition.Credentials)
        {
            Assert.Equal("password", page.Find($"[data-testid='credential-{credential.Key}'] input").GetAttribute("type"));
            Assert.Contains(credential.Label, page.Find($"[data-testid='credential-{credential.Key}']").TextContent);
        }
    }

    [Fact]
    public async Task Editing_shows_that_credentials_are_stored_but_never_their_value_and_replaces_one()
    {
        var admin = await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var connector = await CreateAsync(org, "ZENDESK", "Support");
        var page = RenderWithProviders<ConnectorsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Support", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Edit Support']").Click();
        page.WaitForAssertion(() => Assert.Contains("API token is stored. It cannot be shown", page.Find(".connector-dialog").TextContent));
        Assert.Equal("acme", page.Find("input[data-testid='field-subdomain']").GetAttribute("value"));
        Assert.DoesNotContain(Canary, page.Markup);
        page.FindAll("[data-testid='credential-apiToken'] input[type='radio']")[1].Click();
        ChangeWhenShown(page, "[data-testid='credential-apiToken'] input[type='password']", "replacement-token");
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Save").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));

        Assert.DoesNotContain(Canary, page.Markup);
        Assert.DoesNotContain("replacement-token", page.Markup);
        Assert.NotEqual(connector.Version, (await Service<ConnectorService>().GetAsync(admin, connector.Id)).Version);
    }

    [Fact]
    public async Task The_type_filter_narrows_the_list_and_deactivating_asks_first()
    {
        var admin = await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        await CreateAsync(org, "GMAIL", "Inbox");
        var crm = await CreateAsync(org, "HUBSPOT", "CRM");
        var page = RenderWithProviders<ConnectorsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Inbox", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Deactivate CRM']").Click();
        page.WaitForAssertion(() => Assert.Contains("Agents stop using it at once", page.Markup));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Deactivate").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("button[aria-label='Activate CRM']")));
        Assert.False((await Service<ConnectorService>().GetAsync(admin, crm.Id)).IsActive);
        Assert.Contains("Inactive", page.Find(".mud-table-body").TextContent);

        Assert.NotNull(page.Find("[data-testid='connector-type-filter']"));
        var grid = page.FindComponent<Builder.Web.Components.Shared.ServerGrid<ConnectorView>>();
        var filter = page.FindComponents<MudBlazor.MudSelect<string>>().Single();
        await page.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync("GMAIL"));
        page.WaitForAssertion(() => Assert.DoesNotContain("CRM", page.Find(".mud-table-body").TextContent));
        Assert.Contains("Inbox", page.Find(".mud-table-body").TextContent);
        _ = grid;
    }

    [Fact]
    public async Task A_delete_is_a_request_to_a_reviewer_and_the_connector_goes_once_approved()
    {
        await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var connector = await CreateAsync(org, "GMAIL", "Inbox");
        var page = RenderWithProviders<ConnectorsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Inbox", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Delete Inbox']").Click();
        page.WaitForAssertion(() => Assert.Contains("The Gmail connector “Inbox” with its settings and 2 stored credentials", page.Markup));
        SendDeletionRequest(page);
        page.WaitForAssertion(() => Assert.True(DeletionPendingAsync(connector.Id).GetAwaiter().GetResult()));

        await ApproveDeletionAsync(connector.Id);
        await Assert.ThrowsAsync<NotFoundException>(() => Service<ConnectorService>().GetAsync(ActorAsync("admin@acme.test").GetAwaiter().GetResult(), connector.Id));
    }

    [Fact]
    public async Task A_guest_reads_the_list_and_changes_nothing()
    {
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        await CreateAsync(org, "GMAIL", "Inbox");
        await SignInAsync("guest@acme.test");
        var page = RenderWithProviders<ConnectorsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Inbox", page.Find(".mud-table-body").TextContent));

        Assert.DoesNotContain("New connector", page.Markup);
        Assert.Empty(page.FindAll("button[aria-label='Edit Inbox']"));
        Assert.Empty(page.FindAll("button[aria-label='Delete Inbox']"));
        Assert.Empty(page.FindAll("button[aria-label='Deactivate Inbox']"));
        Assert.DoesNotContain(Canary, page.Markup);
    }
}
