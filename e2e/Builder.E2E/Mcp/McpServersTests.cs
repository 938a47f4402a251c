using Builder.E2E.Infrastructure;
using Builder.TestServers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Mcp;

/// <summary>
/// An admin adds an MCP server (a real one: <see cref="LocalMcpServer"/>, ModelContextProtocol.AspNetCore) with an auth
/// header in the console, connects and sees its tools with their input schemas; the header's value is sent to the server and
/// never shown. At 1440 px light and 390 px dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class McpServersTests(BuilderAppFixture app) : IAsyncLifetime
{
    private const string Secret = "Bearer e2e-MCP-CANARY-93af";
    private LocalMcpServer _mcp = null!;

    public async Task InitializeAsync() => _mcp = await LocalMcpServer.StartAsync(("Authorization", Secret));

    public async Task DisposeAsync() => await _mcp.DisposeAsync();

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task An_admin_creates_a_server_connects_and_sees_its_tools_with_their_schemas(int width, int height, string theme)
    {
        var org = await app.OrganizationIdAsync(SeededData.Acme);
        var name = $"Orders {width}";
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.UseScreenAsync(app, width, height, theme);
        var result = await page.AddMcpServerAndConnectAsync(org, name, _mcp.Url, ("Authorization", Secret), $"{width}-{theme}");
        await Expect(page.Locator(".mud-table-body tr", new() { HasText = name })).ToContainTextAsync("Authorization");
        await Expect(result).ToContainTextAsync("3 tools");
        await result.GetByTestId("tool").Filter(new() { HasText = "Adds two numbers" }).ClickAsync();
        var schema = result.GetByTestId("tool-schema").First;
        await Expect(schema).ToContainTextAsync("\"required\"");
        await Expect(schema).ToContainTextAsync("\"number\"");
        await Expect(schema).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(400); // the panel's opening transition, for the screenshot
        await page.SaveScreenshotAsync($"mcp-tools-{width}-{theme}");
        await page.AssertFitsAsync(width);

        Assert.Contains(_mcp.Requests, r => r.Headers.TryGetValue("Authorization", out var sent) && sent == Secret);
        Assert.DoesNotContain("e2e-MCP-CANARY", await page.ContentAsync());

        // Create tool: an MCP tool from one of the server's tools, opened in the tool editor with the server chosen by name.
        var toolName = width > 600 ? LocalMcpServer.Add : LocalMcpServer.LookupOrder;
        await result.GetByRole(AriaRole.Button, new() { Name = $"Create a tool from {toolName}" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"/orgs/{org}/tools/\\d+$"), new() { Timeout = 30_000 });
        var load = page.GetByRole(AriaRole.Button, new() { Name = "Load the server's tools" });
        await page.WaitForInteractiveAsync(load);
        await Expect(page.Locator(".field-mcp-server input").First).ToHaveValueAsync(name);
        await load.ClickAsync();
        await Expect(page.GetByTestId("mcp-tools-result")).ToContainTextAsync("Pick one of its 3 tools", new() { Timeout = 30_000 });
        await page.SaveScreenshotAsync($"mcp-tool-editor-{width}-{theme}");
        await page.AssertFitsAsync(width);
        Assert.DoesNotContain("e2e-MCP-CANARY", await page.ContentAsync());
        await page.CloseAsync();
    }
}
