using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Common;
using Builder.Domain.Mcp;
using Builder.TestServers;
using Builder.Web.Features.Mcp;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Components.Mcp;

/// <summary>
/// The MCP servers page: the list (header names only), the editor's write-only header values, connect and list tools against
/// a real MCP server (<see cref="LocalMcpServer"/>) with each tool's schema, a clear error, the empty state and a guest's view.
/// </summary>
public sealed class McpServersPageTests : ConsoleTestContext, IAsyncLifetime
{
    private const string Canary = "mcp-PAGE-CANARY-DO-NOT-RENDER-41b7";
    private const string Name = "Order service";
    private LocalMcpServer _mcp = null!;
    private Guid _org;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _mcp = await LocalMcpServer.StartAsync(("Authorization", "Bearer " + Canary));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _mcp.DisposeAsync();
        await DisposeAsync();
    }

    private async Task<McpServerView> SeedAsync(string? authorization = "Bearer " + Canary)
    {
        var admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        return await Service<McpServerService>().CreateAsync(admin, _org, new McpServerInput(Name, _mcp.Url, "Orders and shipping",
            Headers: authorization is null ? [] : [new McpHeaderInput("Authorization", authorization)]));
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPage()
    {
        var page = RenderWithProviders<McpServersPage>(new() { ["OrgId"] = _org });
        page.WaitForAssertion(() => Assert.Contains(Name, page.Find(".mud-table-body").TextContent));
        return page;
    }

    private async Task<McpServer> StoredAsync(string name)
    {
        await using var db = Service<IBuilderDbContextFactory>().Create();
        return await db.Set<McpServer>().AsNoTracking().SingleAsync(s => s.Name == name);
    }

    [Fact]
    public async Task The_list_shows_the_url_and_header_names_but_never_a_header_value()
    {
        var server = await SeedAsync();

        var page = RenderPage();

        var row = page.Find(".mud-table-body tr");
        Assert.Contains(_mcp.Url, row.TextContent);
        Assert.Contains(server.ServerId.ToString(), row.TextContent);
        Assert.Contains("Authorization", row.QuerySelector("[data-testid='headers']")!.TextContent);
        Assert.DoesNotContain(Canary, page.Markup);
    }

    [Fact]
    public async Task An_empty_organization_shows_the_empty_state()
    {
        await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);

        var page = RenderWithProviders<McpServersPage>(new() { ["OrgId"] = _org });

        page.WaitForAssertion(() => Assert.Contains("No MCP servers yet", page.Markup));
    }

    [Fact]
    public async Task Creating_a_server_with_a_header_stores_the_value_encrypted_and_never_renders_it()
    {
        await SeedAsync();
        var page = RenderPage();

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New MCP server").Click();
        page.WaitForElement(".mud-dialog");
        page.Find(".mud-dialog input").Change("Billing");
        page.Find(".mud-dialog input[type='url']").Change("https://billing.example.com/mcp");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Add header").Click();
        ChangeWhenShown(page, ".mud-dialog input[placeholder='Authorization']", "X-Api-Key");
        var password = page.WaitForElement(".mud-dialog input[type='password']");
        Assert.True(string.IsNullOrEmpty(password.GetAttribute("value")));
        ChangeWhenShown(page, ".mud-dialog input[type='password']", "typed-" + Canary);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        var stored = await StoredAsync("Billing");
        var header = stored.ReadHeaders().Single();
        Assert.Equal(("X-Api-Key", "typed-" + Canary), (header.Name, Service<ISecretProtector>().Unprotect(header.Value)));
        page.WaitForAssertion(() => Assert.Contains("Billing", page.Find(".mud-table-body").TextContent));
        Assert.DoesNotContain(Canary, page.Markup);
    }

    [Fact]
    public async Task A_header_without_a_value_and_a_bad_url_show_the_domain_messages_and_save_nothing()
    {
        await SeedAsync();
        var page = RenderPage();

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New MCP server").Click();
        page.WaitForElement(".mud-dialog");
        page.Find(".mud-dialog input").Change("Broken");
        page.Find(".mud-dialog input[type='url']").Change("mcp.example.com");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Add header").Click();
        ChangeWhenShown(page, ".mud-dialog input[placeholder='Authorization']", "Authorization");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click();

        page.WaitForAssertion(() => Assert.Contains("URL must be an absolute http or https URL", page.Find(".mud-dialog").TextContent));
        Assert.Contains("Enter a value for the header Authorization", page.Find(".mud-dialog").TextContent);
        await using var db = Service<IBuilderDbContextFactory>().Create();
        Assert.False(await db.Set<McpServer>().AnyAsync(s => s.Name == "Broken"));
    }

    [Fact]
    public async Task The_editor_keeps_or_replaces_a_stored_header_value_without_showing_it()
    {
        await SeedAsync();
        var page = RenderPage();

        page.Find($"button[aria-label='Edit {Name}']").Click();
        page.WaitForElement(".mud-dialog");
        Assert.Empty(page.FindAll(".mud-dialog input[type='password']"));
        Assert.Contains("A value is stored", page.Find(".mud-dialog").TextContent);
        page.Find(".mud-dialog .mud-radio-group").QuerySelectorAll("input[type='radio']")[1].Click();
        ChangeWhenShown(page, ".mud-dialog input[type='password']", "Bearer rotated-" + Canary);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        var header = (await StoredAsync(Name)).ReadHeaders().Single();
        Assert.Equal("Bearer rotated-" + Canary, Service<ISecretProtector>().Unprotect(header.Value));
        Assert.DoesNotContain(Canary, page.Markup);
    }

    [Fact]
    public async Task Connect_lists_the_tools_with_their_schemas_through_the_MCP_client()
    {
        await SeedAsync();
        var page = RenderPage();

        page.Find($"button[aria-label='Connect to {Name} and list its tools']").Click();

        page.WaitForAssertion(() => Assert.Contains("3 tools", page.Find("[data-testid='tools-result']").TextContent), TimeSpan.FromSeconds(30));
        var tools = page.FindAll("[data-testid='tool']").Select(t => t.TextContent).ToList();
        Assert.Contains(tools, t => t.Contains("add") && t.Contains("Adds two numbers"));
        Assert.Contains(tools, t => t.Contains("lookup_order"));
        Assert.Contains("\"required\"", page.Find("[data-testid='tool-list']").InnerHtml);
        Assert.All(_mcp.Requests, r => Assert.Equal("Bearer " + Canary, r.Headers["Authorization"]));
        Assert.DoesNotContain(Canary, page.Markup);
    }

    [Fact]
    public async Task Refused_credentials_show_a_clear_error_without_the_servers_echo()
    {
        await SeedAsync(authorization: "Bearer wrong-" + Canary);
        var page = RenderPage();

        page.Find($"button[aria-label='Connect to {Name} and list its tools']").Click();

        page.WaitForAssertion(() => Assert.Contains("refused the credentials (401)", page.Find("[data-testid='connect-error']").TextContent), TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(Canary, page.Markup);
    }

    [Fact]
    public async Task Deleting_asks_a_reviewer_and_keeps_the_server_until_approved()
    {
        var server = await SeedAsync();
        var page = RenderPage();

        page.Find($"button[aria-label='Delete {Name}']").Click();
        page.WaitForAssertion(() => Assert.Contains("Tools made from its tools stop working", page.Find(".mud-dialog").TextContent));
        SendDeletionRequest(page);

        page.WaitForAssertion(() => Assert.Contains("Deletion requested", page.Find(".mud-table-body").TextContent));
        Assert.Equal(Builder.Domain.Approvals.ApprovalStatus.Executed, (await ApproveDeletionAsync(server.Id)).Status);
        await using var db = Service<IBuilderDbContextFactory>().Create();
        Assert.False(await db.Set<McpServer>().AnyAsync(s => s.Name == Name));
    }

    [Fact]
    public async Task A_guest_sees_the_servers_and_may_connect_but_has_no_buttons_to_change_them()
    {
        await SeedAsync();
        await SignInAsync("guest@acme.test");

        var page = RenderPage();

        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New MCP server"));
        Assert.Empty(page.FindAll("button[aria-label^='Edit']"));
        Assert.Empty(page.FindAll("button[aria-label^='Delete']"));
        Assert.NotEmpty(page.FindAll("button[aria-label^='Connect to']"));
        Assert.DoesNotContain(Canary, page.Markup);
    }
}
