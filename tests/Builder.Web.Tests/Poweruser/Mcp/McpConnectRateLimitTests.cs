using Builder.Domain.Mcp;
using Builder.TestServers;
using Builder.Web.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.Mcp;

/// <summary>
/// <c>create-from-mcp</c> connects to an MCP server on every call: it counts against the per-person allowance of connections
/// and test runs (<c>RateLimits:TestHelpers</c>), with the <c>X-RateLimit-*</c> headers; past it the answer is 429 in the errors
/// form with <c>Retry-After</c>, and the server is not contacted. Another person keeps their own allowance.
/// </summary>
public sealed class McpConnectRateLimitTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    private const string Endpoint = "/autessa_poweruser/tools/create-from-mcp";
    private LocalMcpServer _mcp = null!;

    public async Task InitializeAsync() => _mcp = await LocalMcpServer.StartAsync();

    public async Task DisposeAsync() => await _mcp.DisposeAsync();

    [Fact]
    public async Task Past_the_per_person_limit_create_from_mcp_is_429_with_Retry_After_and_connects_to_nothing()
    {
        var seed = await factory.SeedAsync();
        var admin = await factory.ActorAsync(Callers.AdminEmail);
        McpServerView server;
        var app = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:TestHelpers:PermitLimit", "2"));
        using (var scope = app.Services.CreateScope())
            server = await scope.ServiceProvider.GetRequiredService<McpServerService>().CreateAsync(admin, seed.Acme,
                new McpServerInput(Arrange.Unique("Limited MCP"), _mcp.Url));
        var client = app.As(Callers.AdminEmail);
        var url = $"{Endpoint}?organizationId={seed.Acme}";

        var first = await client.PostJsonAsync(url, new { mcpServerId = server.ServerId, toolName = LocalMcpServer.Add }).Expect(200);
        Assert.Equal("2", first.Header("X-RateLimit-Limit"));
        Assert.Equal("1", first.Header("X-RateLimit-Remaining"));
        await client.PostJsonAsync(url, new { mcpServerId = server.ServerId, toolName = LocalMcpServer.LookupOrder }).Expect(200);
        _mcp.Clear();

        var refused = await client.PostJsonAsync(url, new { mcpServerId = server.ServerId, toolName = LocalMcpServer.Add }).Expect(429);

        Assert.NotEqual("(missing)", refused.Header("Retry-After"));
        Assert.Equal("0", refused.Header("X-RateLimit-Remaining"));
        var error = AssertErrors(await refused.JsonAsync(), "rate_limited");
        Assert.Contains("MCP server connections are limited to 2 per minute per person", error.Str("message"));
        Assert.Empty(_mcp.Requests);
        // The allowance is per person: the System user still connects.
        await app.As(Callers.SystemEmail).PostJsonAsync(url, new { mcpServerId = server.ServerId, toolName = "no_such_tool" }).Expect(400);
        Assert.NotEmpty(_mcp.Requests);
    }
}
