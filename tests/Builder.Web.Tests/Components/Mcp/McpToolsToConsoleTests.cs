using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Mcp;
using Builder.Domain.Tools;
using Builder.Domain.Versioning;
using Builder.TestServers;
using Builder.Web.Features.Mcp;
using Builder.Web.Features.Tools;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Components.Mcp;

/// <summary>
/// MCP servers → tools in the console, against a real MCP server (<see cref="LocalMcpServer"/>): the tools dialog's
/// "Create tool" creates an MCP tool through <see cref="McpToolImport"/> and opens its editor (only for entities:create; a
/// refusal stays in the dialog), and the tool editor chooses the server from the organization's list and loads its tools
/// (an unreachable server shows why and keeps the free-text name).
/// </summary>
public sealed class McpToolsToConsoleTests : ConsoleTestContext, IAsyncLifetime
{
    private const string Name = "Order service";
    private LocalMcpServer _mcp = null!;
    private Guid _org;
    private Actor _admin = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _mcp = await LocalMcpServer.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _mcp.DisposeAsync();
        await DisposeAsync();
    }

    private NavigationManager Navigation => Context.Services.GetRequiredService<NavigationManager>();

    private async Task<McpServerView> SeedAsync(string? url = null, string name = Name)
    {
        _admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        return await Service<McpServerService>().CreateAsync(_admin, _org, new McpServerInput(name, url ?? _mcp.Url, "Orders and shipping"));
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> OpenToolsDialog()
    {
        var page = RenderWithProviders<McpServersPage>(new() { ["OrgId"] = _org });
        page.WaitForAssertion(() => Assert.Contains(Name, page.Find(".mud-table-body").TextContent));
        page.Find($"button[aria-label='Connect to {Name} and list its tools']").Click();
        page.WaitForAssertion(() => Assert.Contains("3 tools", page.Find("[data-testid='tools-result']").TextContent), TimeSpan.FromSeconds(30));
        return page;
    }

    private async Task<IReadOnlyList<VersionedSummary>> ToolsAsync() =>
        (await Service<ToolService>().ListAsync(_admin, _org, new PageRequest(1, PageRequest.MaxLimit))).Items;

    [Fact]
    public async Task Create_tool_in_the_dialog_creates_an_MCP_tool_and_opens_its_editor()
    {
        var server = await SeedAsync();
        var page = OpenToolsDialog();

        page.InvokeAsync(() => page.Find($"button[aria-label='Create a tool from {LocalMcpServer.LookupOrder}']").Click()).GetAwaiter().GetResult();

        page.WaitForAssertion(() => Assert.Single(ToolsAsync().GetAwaiter().GetResult()), TimeSpan.FromSeconds(30));
        var created = (await ToolsAsync()).Single();
        var draft = await Service<ToolService>().GetAsync(_admin, created.Id, VersionSelector.Draft);
        Assert.Equal((ToolKind.Mcp, server.Id, LocalMcpServer.LookupOrder), (draft.Definition.Kind, draft.Definition.Mcp!.McpServerId, draft.Definition.Mcp.ToolName));
        page.WaitForAssertion(() => Assert.EndsWith(ToolLinks.Edit(_org, created.Number), Navigation.Uri));
    }

    [Fact]
    public async Task A_taken_name_is_shown_in_the_dialog_in_plain_words_and_nothing_navigates()
    {
        await SeedAsync();
        await Service<McpToolImport>().CreateToolAsync(_admin, _org, (await Service<McpServerService>().ListAllAsync(_admin, _org)).Single().Id, LocalMcpServer.Add);
        var before = Navigation.Uri;
        var page = OpenToolsDialog();

        page.InvokeAsync(() => page.Find($"button[aria-label='Create a tool from {LocalMcpServer.Add}']").Click()).GetAwaiter().GetResult();

        page.WaitForAssertion(() => Assert.Contains("already exists", page.Find("[data-testid='create-error']").TextContent), TimeSpan.FromSeconds(30));
        Assert.Equal(before, Navigation.Uri);
        Assert.Single(await ToolsAsync());
    }

    [Fact]
    public async Task A_guest_lists_the_tools_but_gets_no_create_button()
    {
        await SeedAsync();
        await SignInAsync("guest@acme.test");

        var page = OpenToolsDialog();

        Assert.NotEmpty(page.FindAll("[data-testid='tool']"));
        Assert.Empty(page.FindAll("button[aria-label^='Create a tool from']"));
    }

    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> RenderEditorAsync(McpServerView server, string toolName)
    {
        var tool = await Service<ToolService>().CreateAsync(_admin, _org, new ToolInput("order_lookup", "Looks up an order", null, "MCP",
            Mcp: new McpBindingInput(server.Id, toolName)));
        var page = RenderWithProviders<ToolEditorPage>(new() { ["OrgId"] = _org, ["Number"] = tool.Number });
        page.WaitForElement("[data-testid='draft-banner']");
        return page;
    }

    [Fact]
    public async Task The_editor_shows_the_server_by_name_and_loads_its_tools_to_pick_from()
    {
        var server = await SeedAsync();
        await SeedAsync(name: "Billing");
        var page = await RenderEditorAsync(server, LocalMcpServer.LookupOrder);

        var select = page.Find(".field-mcp-server");
        Assert.Equal(Name, select.QuerySelector("input")!.GetAttribute("value"));
        Assert.DoesNotContain(server.Id.ToString(), select.OuterHtml);

        page.InvokeAsync(() => page.Find("button[aria-label=\"Load the server's tools\"]").Click()).GetAwaiter().GetResult();

        page.WaitForAssertion(() => Assert.Contains("Pick one of its 3 tools", page.Find("[data-testid='mcp-tools-result']").TextContent), TimeSpan.FromSeconds(30));
        Assert.NotEmpty(_mcp.Requests);
    }

    [Fact]
    public async Task Picking_a_tool_from_the_server_brings_its_input_schema_and_description_into_a_new_tool()
    {
        var server = await SeedAsync();
        var created = await Service<ToolService>().CreateAsync(_admin, _org, new ToolInput("sum_numbers", null, null, "MCP",
            Mcp: new McpBindingInput(server.Id, LocalMcpServer.LookupOrder)));
        var page = RenderWithProviders<ToolEditorPage>(new() { ["OrgId"] = _org, ["Number"] = created.Number });
        page.WaitForElement("[data-testid='draft-banner']");
        Assert.Contains("no properties", page.Find("[data-testid='schema-problems']").TextContent, StringComparison.OrdinalIgnoreCase);
        page.InvokeAsync(() => page.Find("button[aria-label=\"Load the server's tools\"]").Click()).GetAwaiter().GetResult();
        page.WaitForElement("[data-testid='mcp-tool-select']", TimeSpan.FromSeconds(30));

        var pick = page.FindComponents<MudBlazor.MudSelect<string>>().Single(s => s.Instance.Class?.Contains("field-mcp-tool-pick") == true);
        await page.InvokeAsync(() => pick.Instance.ValueChanged.InvokeAsync(LocalMcpServer.Add));

        page.WaitForAssertion(() => Assert.Contains("2 properties: a, b", page.Find("[data-testid='schema-problems']").TextContent));
        Assert.Equal("Adds two numbers and returns the sum.", page.Find(".field-description textarea").GetAttribute("value") ?? page.Find(".field-description textarea").TextContent);
        Assert.Equal(LocalMcpServer.Add, page.Find(".field-mcp-tool input").GetAttribute("value"));
        page.InvokeAsync(() => page.Find("[data-testid='save-draft']").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='unsaved-note']")));
        var saved = (await Service<ToolService>().GetAsync(_admin, created.Id, VersionSelector.Draft)).Definition;
        Assert.Equal(["a", "b"], saved.InputSchema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Equal(LocalMcpServer.Add, saved.Mcp!.ToolName);
    }

    [Fact]
    public async Task Picking_a_tool_keeps_a_schema_the_builder_already_wrote()
    {
        var server = await SeedAsync();
        var written = await Service<ToolService>().CreateAsync(_admin, _org, new ToolInput("order_lookup", "Looks up an order",
            """{"type":"object","properties":{"orderId":{"type":"string"}}}""", "MCP", Mcp: new McpBindingInput(server.Id, LocalMcpServer.LookupOrder)));
        var page = RenderWithProviders<ToolEditorPage>(new() { ["OrgId"] = _org, ["Number"] = written.Number });
        page.WaitForElement("[data-testid='draft-banner']");
        var before = page.Find("[data-testid='schema-problems']").TextContent;
        Assert.Contains("orderId", before);
        page.InvokeAsync(() => page.Find("button[aria-label=\"Load the server's tools\"]").Click()).GetAwaiter().GetResult();
        page.WaitForElement("[data-testid='mcp-tool-select']", TimeSpan.FromSeconds(30));
        var pick = page.FindComponents<MudBlazor.MudSelect<string>>().Single(s => s.Instance.Class?.Contains("field-mcp-tool-pick") == true);
        await page.InvokeAsync(() => pick.Instance.ValueChanged.InvokeAsync(LocalMcpServer.Add));
        page.WaitForAssertion(() => Assert.Equal(LocalMcpServer.Add, page.Find(".field-mcp-tool input").GetAttribute("value")));
        Assert.Equal(before, page.Find("[data-testid='schema-problems']").TextContent);
        Assert.Equal("Looks up an order", page.Find(".field-description textarea").GetAttribute("value") ?? page.Find(".field-description textarea").TextContent);
    }

    [Fact]
    public async Task An_unreachable_server_shows_the_reason_and_keeps_the_free_text_name()
    {
        var server = await SeedAsync(url: "http://127.0.0.1:9/mcp");
        var page = await RenderEditorAsync(server, "typed_by_hand");

        page.InvokeAsync(() => page.Find("button[aria-label=\"Load the server's tools\"]").Click()).GetAwaiter().GetResult();

        page.WaitForAssertion(() => Assert.Contains("Could not list the server's tools", page.Find("[data-testid='mcp-tools-error']").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("[data-testid='mcp-tool-select']"));
        Assert.Equal("typed_by_hand", page.Find(".field-mcp-tool input").GetAttribute("value"));
    }
}
