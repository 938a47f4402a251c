using Builder.Domain.Mcp;
using Builder.TestServers;
using Builder.Web.Tests.Api;
using Builder.Web.Tests.Poweruser.AutessaDb;
using Microsoft.Extensions.DependencyInjection;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.Mcp;

/// <summary>
/// <c>/autessa_poweruser/tools/create-from-mcp</c> against a real MCP server (<see cref="LocalMcpServer"/>): the tool's name,
/// description and schema come from the server, the tool is an MCP tool bound to it (serverId both ways); every caller as the
/// matrix says; unclear or unreachable cases are 400 naming the field, and nothing is created.
/// </summary>
public sealed class CreateToolFromMcpTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    private const string Endpoint = "/autessa_poweruser/tools/create-from-mcp";
    private const string Secret = "Bearer from-mcp-CANARY-0c9e";
    private readonly AutessaDbApi _api = AutessaDbApi.For(factory);
    private LocalMcpServer _mcp = null!;

    public async Task InitializeAsync() => _mcp = await LocalMcpServer.StartAsync(("Authorization", Secret));

    public async Task DisposeAsync() => await _mcp.DisposeAsync();

    private async Task<McpServerView> ServerAsync(string? url = null, string authorization = Secret)
    {
        var seed = await factory.SeedAsync();
        var admin = await factory.ActorAsync(Callers.AdminEmail);
        using var scope = _api.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<McpServerService>().CreateAsync(admin, seed.Acme,
            new McpServerInput(Arrange.Unique("Local MCP"), url ?? _mcp.Url, Headers: [new McpHeaderInput("Authorization", authorization)]));
    }

    [Fact]
    public async Task A_tool_of_the_server_becomes_an_MCP_tool_with_its_description_and_schema()
    {
        var server = await ServerAsync();
        var admin = await _api.AdminAsync();

        var created = await admin.PostJsonAsync(Endpoint, new { mcpServerId = server.ServerId, toolName = LocalMcpServer.Add }).ExpectJson(200);

        var tool = created.GetProperty("tool");
        Assert.Equal(created.GetProperty("toolId").GetInt32(), tool.GetProperty("toolId").GetInt32());
        Assert.Equal("add", tool.Str("toolName"));
        Assert.Equal("Adds two numbers and returns the sum.", tool.Str("toolDescription"));
        Assert.Equal("MCP", tool.Str("kind"));
        Assert.Equal(server.ServerId, tool.GetProperty("mcp").GetProperty("serverId").GetInt32());
        Assert.Equal("add", tool.GetProperty("mcp").Str("toolName"));
        Assert.Equal("number", tool.GetProperty("inputSchema").GetProperty("properties").GetProperty("a").Str("type"));
        Assert.DoesNotContain("CANARY", created.GetRawText());
        // The tools API reads it back with the same binding.
        var read = await admin.PostJsonAsync("/autessa_poweruser/tools/get",
            new { toolId = created.GetProperty("toolId").GetInt32(), version = new { versionState = "DRAFT" } }).ExpectJson(200);
        Assert.Equal(server.ServerId, read.GetProperty("tool").GetProperty("mcp").GetProperty("serverId").GetInt32());
    }

    [Theory]
    [InlineData(Caller.System, true, 200)]
    [InlineData(Caller.Admin, true, 200)]
    [InlineData(Caller.User, true, 403)]
    [InlineData(Caller.Guest, true, 403)]
    [InlineData(Caller.Outsider, true, 404)]
    [InlineData(Caller.Admin, false, 200)]
    [InlineData(Caller.Guest, false, 403)]
    [InlineData(Caller.Outsider, false, 404)]
    public async Task Every_caller_as_the_matrix_says_and_a_refusal_connects_to_nothing(Caller caller, bool byKey, int status)
    {
        var server = await ServerAsync();
        var (client, query) = await _api.CallerAsync(caller, byKey);
        // A tool's name is unique in the organization: an earlier case's lookup_order steps aside (its stored name only).
        await factory.QueryAsync(async db =>
        {
            foreach (var tool in db.Tools.Where(t => t.Name == LocalMcpServer.LookupOrder)) tool.Name = Arrange.Unique("earlier");
            return await db.SaveChangesAsync();
        });
        _mcp.Clear();

        var body = await client.PostJsonAsync($"{Endpoint}{query}", new { mcpServerId = server.ServerId, toolName = LocalMcpServer.LookupOrder })
            .ExpectJson(status);

        if (status == 200) Assert.Equal("lookup_order", body.GetProperty("tool").Str("toolName"));
        else
        {
            AssertErrors(body, status == 404 ? "not_found" : "forbidden");
            Assert.Empty(_mcp.Requests);
        }
    }

    [Fact]
    public async Task Unclear_or_unreachable_cases_are_400_naming_the_field()
    {
        var server = await ServerAsync();
        var admin = await _api.AdminAsync();

        var several = await admin.PostJsonAsync(Endpoint, new { mcpServerId = server.ServerId }).ExpectErrors(400, "invalid_value", "toolName");
        Assert.Contains("add, always_fails, lookup_order", several.Str("message"));
        var unknown = await admin.PostJsonAsync(Endpoint, new { mcpServerId = server.ServerId, toolName = "nope" }).ExpectErrors(400, "invalid_value", "toolName");
        Assert.Contains("no tool named 'nope'", unknown.Str("message"));
        await admin.PostJsonAsync(Endpoint, new { toolName = "add" }).ExpectErrors(400, "invalid_value", "mcpServerId");
        await admin.PostJsonAsync(Endpoint, new { mcpServerId = int.MaxValue }).ExpectErrors(404, "not_found");
        var refused = await ServerAsync(authorization: "Bearer wrong-CANARY");
        var error = await admin.PostJsonAsync(Endpoint, new { mcpServerId = refused.ServerId, toolName = "add" }).ExpectErrors(400, "invalid_value", "mcpServerId");
        Assert.Contains("refused the credentials (401)", error.Str("message"));
        Assert.DoesNotContain("CANARY", error.Str("message"));
    }

    [Fact]
    public async Task The_endpoint_is_documented()
    {
        var document = await factory.As((string?)null).GetAsync("/openapi/v1.json").ExpectJson(200);
        var post = document.GetProperty("paths").GetProperty(Endpoint).GetProperty("post");
        Assert.Equal("Poweruser: Tools", post.GetProperty("tags")[0].GetString());
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md"));
        Assert.Contains("`POST …/tools/create-from-mcp`", readme);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "README.md"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("README.md not found above the test's folder.");
    }
}
