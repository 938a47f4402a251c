using Builder.Data;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Mcp;
using Builder.Domain.Outbound;
using Builder.Domain.Tests.Support;
using Builder.Domain.Tools;
using Builder.TestServers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Mcp;

/// <summary>
/// <see cref="McpToolImport"/> against a real MCP server (<see cref="LocalMcpServer"/>): it creates an MCP tool with the server
/// tool's description and schema; entities:create is checked before anything connects; another organization's server is 404;
/// a missing or unknown tool name is a 400 that names the tools on offer and creates nothing.
/// </summary>
public sealed class McpToolImportTests : IAsyncLifetime
{
    private FileTestDatabase _db = null!;
    private LocalMcpServer _mcp = null!;
    private ServiceProvider _provider = null!;
    private IServiceProvider _services = null!;
    private Guid _acme, _globex;
    private Actor _admin = null!, _guest = null!;
    private McpServerView _server = null!;

    public async Task InitializeAsync()
    {
        _db = await FileTestDatabase.CreateAsync();
        _mcp = await LocalMcpServer.StartAsync();
        (_acme, _globex) = (await _db.OrganizationIdAsync("Acme Corp"), await _db.OrganizationIdAsync("Globex"));
        _admin = await _db.ActorAsync("admin@acme.test");
        _guest = await _db.ActorAsync("guest@acme.test");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBuilderDomain();
        services.AddOutboundHttp(new ConfigurationBuilder().Build(), true);
        services.AddSingleton<IBuilderDbContextFactory>(_db);
        services.AddSingleton<ISecretProtector>(new DataProtectionSecretProtector(new EphemeralDataProtectionProvider()));
        _provider = services.BuildServiceProvider();
        _services = _provider.CreateScope().ServiceProvider;
        _server = await _services.GetRequiredService<McpServerService>().CreateAsync(_admin, _acme, new McpServerInput("Orders", _mcp.Url));
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _mcp.DisposeAsync();
        await _db.DisposeAsync();
    }

    private McpToolImport Import => _services.GetRequiredService<McpToolImport>();

    private async Task<int> ToolCountAsync() =>
        (await _services.GetRequiredService<ToolService>().ListAsync(_admin, _acme, new PageRequest(1, PageRequest.MaxLimit))).Total;

    [Fact]
    public async Task Creates_an_MCP_tool_draft_with_the_server_tools_description_and_schema()
    {
        var created = await Import.CreateToolAsync(_admin, _acme, _server.Id, $"  {LocalMcpServer.Add} ");

        Assert.Equal((LocalMcpServer.Add, ToolKind.Mcp), (created.Definition.Name, created.Definition.Kind));
        Assert.Equal((_server.Id, LocalMcpServer.Add), (created.Definition.Mcp!.McpServerId, created.Definition.Mcp.ToolName));
        Assert.Equal("Adds two numbers and returns the sum.", created.Definition.Description);
        Assert.Equal("number", created.Definition.InputSchema["properties"]!["a"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_guest_is_refused_before_anything_connects()
    {
        _mcp.Clear();

        await Assert.ThrowsAnyAsync<ForbiddenException>(() => Import.CreateToolAsync(_guest, _acme, _server.Id, LocalMcpServer.Add));

        Assert.Empty(_mcp.Requests);
        Assert.Equal(0, await ToolCountAsync());
    }

    [Fact]
    public async Task Another_organizations_server_is_not_found()
    {
        var globexAdmin = await _db.ActorAsync("admin@globex.test");

        await Assert.ThrowsAsync<NotFoundException>(() => Import.CreateToolAsync(globexAdmin, _globex, _server.Id, LocalMcpServer.Add));
    }

    [Fact]
    public async Task A_missing_or_unknown_tool_name_names_the_tools_on_offer_and_creates_nothing()
    {
        var missing = await Assert.ThrowsAsync<ValidationException>(() => Import.CreateToolAsync(_admin, _acme, _server.Id));
        var unknown = await Assert.ThrowsAsync<ValidationException>(() => Import.CreateToolAsync(_admin, _acme, _server.Id, "nope"));

        Assert.Contains("offers 3 tools", missing.Errors[McpToolImport.ToolField].Single());
        Assert.Contains("no tool named 'nope'", unknown.Errors[McpToolImport.ToolField].Single());
        Assert.Contains(LocalMcpServer.LookupOrder, unknown.Errors[McpToolImport.ToolField].Single());
        Assert.Equal(0, await ToolCountAsync());
    }
}

/// <summary>A server that offers a huge tool list (or huge names) does not make a 400 the size of its list.</summary>
public sealed class McpToolImportPickTests
{
    static readonly McpServerView Server = new(Guid.NewGuid(), 7, Guid.NewGuid(), "Big", null, "https://mcp.example.com/mcp", "STREAMABLE_HTTP", [], 30,
        DateTime.UtcNow, DateTime.UtcNow, "a@b.c", Guid.NewGuid());

    static IReadOnlyList<McpToolInfo> Offered(int count, int nameLength = 12) =>
        Enumerable.Range(0, count).Select(i => new McpToolInfo(i.ToString("D6") + new string('t', nameLength), null, null, new System.Text.Json.Nodes.JsonObject())).ToList();

    [Fact]
    public void The_error_names_a_few_of_many_tools_and_says_how_many_there_are()
    {
        var unnamed = Assert.Throws<ValidationException>(() => McpToolImport.Pick(Server, Offered(50_000), null));
        var unknown = Assert.Throws<ValidationException>(() => McpToolImport.Pick(Server, Offered(50_000), "nope"));
        var longNames = Assert.Throws<ValidationException>(() => McpToolImport.Pick(Server, Offered(3, 100_000), new string('x', 100_000)));

        static string Text(ValidationException e) => string.Join(" ", e.Errors[McpToolImport.ToolField]);
        foreach (var error in new[] { unnamed, unknown, longNames })
            Assert.True(Text(error).Length < 4_000, $"{Text(error).Length} characters");
        Assert.Contains("50,000 tools", Text(unnamed));
        Assert.Contains("and 49,980 more", Text(unknown));
    }
}
