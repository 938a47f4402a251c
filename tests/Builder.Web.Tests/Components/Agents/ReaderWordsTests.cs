using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Agents;
using Builder.Domain.Mcp;
using Builder.Domain.Tools;
using Builder.Domain.Versioning;
using Builder.Web.Features.Agents;
using Builder.Web.Features.Connectors;
using Builder.Web.Features.Mcp;
using Builder.Web.Features.Tools;

namespace Builder.Web.Tests.Components.Agents;

/// <summary>
/// What the issue-10 pages say to someone who may only read them, and the tool editor's MCP server picker: the read-only note
/// names the page's own resource ("change agents", not "workflow entities"); the sharing line says what the reader may do
/// ("you can view", not the company's "edit"); the Versions tab offers rolling back only to those who may; and the MCP server
/// of an MCP tool is searched on the server as the person types, so the 120th server is found.
/// </summary>
public sealed class ReaderWordsTests : ConsoleTestContext
{
    private Guid _org;
    private Actor _admin = default!;

    private async Task SeedAsync()
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

    [Fact]
    public async Task A_guest_reads_that_only_admins_change_agents_what_they_may_do_and_no_offer_to_roll_back()
    {
        await SeedAsync();
        var agent = await Service<AgentService>().CreateAsync(_admin, _org, new AgentInput("Support", "", "CONVERSATIONAL"));
        await SignInAsync("guest@acme.test");

        var page = RenderEditor<AgentEditorPage>(agent.Number);

        var note = page.Find("[data-testid='read-only-note']").TextContent;
        Assert.Contains("Only organization Admins can change agents.", note);
        Assert.DoesNotContain("workflow entities", note);
        page.WaitForAssertion(() => Assert.Equal("Shared company-wide (you can view)", page.Find("[data-testid='sharing-line']").TextContent.Trim()));
        Assert.Contains("compare any two.", page.Markup);
        Assert.DoesNotContain("roll back to an earlier one", page.Markup);
    }

    [Fact]
    public async Task An_admin_is_offered_the_rollback_and_manages_the_sharing()
    {
        await SeedAsync();
        var agent = await Service<AgentService>().CreateAsync(_admin, _org, new AgentInput("Support", "", "CONVERSATIONAL"));

        var page = RenderEditor<AgentEditorPage>(agent.Number);

        Assert.Contains("compare any two, roll back to an earlier one.", page.Markup);
        Assert.Empty(page.FindAll("[data-testid='read-only-note']"));
        page.WaitForElement("[data-testid='sharing-button']");
    }

    [Fact]
    public async Task A_user_reads_that_only_admins_change_tools_and_create_mcp_servers_and_connectors()
    {
        await SeedAsync();
        var tool = await Service<ToolService>().CreateAsync(_admin, _org, new ToolInput("get_weather", "Weather", Kind: "HTTP"));
        await SignInAsync("builder@acme.test");

        var editor = RenderEditor<ToolEditorPage>(tool.Number);
        Assert.Contains("Only organization Admins can change tools.", editor.Find("[data-testid='read-only-note']").TextContent);
        Assert.Contains("Secret headers are not versioned.", editor.Markup);
        Assert.DoesNotContain("roll back to an earlier one", editor.Markup);
        await Context.DisposeComponentsAsync();

        var servers = RenderWithProviders<McpServersPage>(new() { ["OrgId"] = _org });
        servers.WaitForAssertion(() => Assert.Contains("Only organization Admins can create MCP servers.", servers.Find("[data-testid='read-only-note']").TextContent));
        await Context.DisposeComponentsAsync();

        var connectors = RenderWithProviders<ConnectorsPage>(new() { ["OrgId"] = _org });
        connectors.WaitForAssertion(() => Assert.Contains("Only organization Admins can create connectors.", connectors.Find("[data-testid='read-only-note']").TextContent));
    }

    [Fact]
    public async Task The_tool_editor_finds_the_120th_mcp_server_by_typing_and_names_the_chosen_one()
    {
        await SeedAsync();
        var mcp = Service<McpServerService>();
        McpServerView? first = null;
        for (var i = 1; i <= 120; i++)
        {
            var server = await mcp.CreateAsync(_admin, _org, new McpServerInput($"Server {i:000}", $"https://mcp{i}.example.com/mcp"));
            first ??= server;
        }
        var tool = await Service<ToolService>().CreateAsync(_admin, _org, new ToolInput("lookup", "Looks up", null, "MCP",
            Mcp: new McpBindingInput(first!.Id, "lookup_order")));

        var page = RenderEditor<ToolEditorPage>(tool.Number);
        Assert.Equal("Server 001", page.Find(".field-mcp-server input").GetAttribute("value"));

        page.InvokeAsync(() => page.Find(".field-mcp-server input").Input("120")).GetAwaiter().GetResult();
        AngleSharp.Dom.IElement? option = null;
        page.WaitForAssertion(() =>
        {
            option = page.FindAll(".choice-popover .mud-list-item").FirstOrDefault(o => o.QuerySelector(".choice-option-name")?.TextContent == "Server 120");
            Assert.NotNull(option);
        }, TimeSpan.FromSeconds(10));
        Assert.Contains("server ", option!.QuerySelector(".choice-option-detail")!.TextContent);
        page.InvokeAsync(() => option.Click()).GetAwaiter().GetResult();
        page.InvokeAsync(() => page.Find("[data-testid='save-draft']").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='unsaved-note']")));

        var saved = (await Service<ToolService>().GetAsync(_admin, tool.Id, VersionSelector.Draft)).Definition;
        var server120 = (await mcp.ListAsync(_admin, _org, new Domain.Common.PageRequest(1, 1, "Server 120"))).Items.Single();
        Assert.Equal(server120.Id, saved.Mcp!.McpServerId);
    }
}
