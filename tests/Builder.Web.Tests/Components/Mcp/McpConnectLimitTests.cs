using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Mcp;
using Builder.TestServers;
using Builder.Web.Api;
using Builder.Web.Features.Mcp;

namespace Builder.Web.Tests.Components.Mcp;

/// <summary>
/// "Connect and list tools" and "Create tool" in the console draw on the same per-person allowance as the API's
/// create-from-mcp and the test runs: past it the dialog says so in plain words (what is limited, how many, when to try
/// again) and does not connect; before it, a connection takes one permit.
/// </summary>
public sealed class McpConnectLimitTests : ConsoleTestContext, IAsyncLifetime
{
    private const string Name = "Order service";
    private LocalMcpServer _mcp = null!;
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

    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> PageAsync()
    {
        _admin = await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        await Service<McpServerService>().CreateAsync(_admin, org, new McpServerInput(Name, _mcp.Url));
        var page = RenderWithProviders<McpServersPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains(Name, page.Find(".mud-table-body").TextContent));
        return page;
    }

    [Fact]
    public async Task Past_the_limit_connect_and_list_tools_says_why_and_connects_to_nothing()
    {
        var page = await PageAsync();
        var limiter = Service<UserRateLimiter>();
        while (limiter.TryAcquire(_admin.UserId).Allowed) { }

        page.InvokeAsync(() => page.Find($"button[aria-label='Connect to {Name} and list its tools']").Click()).GetAwaiter().GetResult();

        page.WaitForAssertion(() => Assert.Contains($"MCP server connections are limited to {limiter.Limit} per minute per person",
            page.Find("[data-testid='connect-limited']").TextContent));
        Assert.Contains("try again in", page.Find("[data-testid='connect-limited']").TextContent);
        Assert.Empty(page.FindAll("[data-testid='connect-error']"));
        Assert.Empty(_mcp.Requests);
    }

    [Fact]
    public async Task A_connection_takes_one_permit_of_the_shared_allowance()
    {
        var page = await PageAsync();
        var limiter = Service<UserRateLimiter>();
        var before = limiter.Peek(_admin.UserId).Remaining;

        page.InvokeAsync(() => page.Find($"button[aria-label='Connect to {Name} and list its tools']").Click()).GetAwaiter().GetResult();

        page.WaitForAssertion(() => Assert.Contains("3 tools", page.Find("[data-testid='tools-result']").TextContent), TimeSpan.FromSeconds(30));
        Assert.Equal(before - 1, limiter.Peek(_admin.UserId).Remaining);
    }
}
