using System.Text.Json;
using Builder.Domain.Access;
using Builder.Domain.Mcp;
using Builder.Web.Tests.Api;
using Builder.Web.Tests.Poweruser.AutessaDb;
using Microsoft.Extensions.DependencyInjection;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.Mcp;

/// <summary>
/// <c>/autessa_poweruser/mcp/servers/{all, get}</c> × System, Admin, User, Guest (by key and by session) and another
/// organization's admin; read-only (create, update and delete are 403 human oversight, nothing changes); header values never
/// appear in an answer.
/// </summary>
public sealed class McpServerPoweruserTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string Servers = "/autessa_poweruser/mcp/servers";
    private const string Canary = "mcp-API-CANARY-5d1c";
    private readonly AutessaDbApi _api = AutessaDbApi.For(factory);

    /// <summary>An MCP server of Acme, made through the service as Acme's admin (the console's path; the API cannot create one).</summary>
    private async Task<McpServerView> CreateAsync(string? name = null)
    {
        var seed = await factory.SeedAsync();
        var admin = await factory.ActorAsync(Callers.AdminEmail);
        using var scope = _api.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<McpServerService>().CreateAsync(admin, seed.Acme,
            new McpServerInput(name ?? Arrange.Unique("Orders"), "https://mcp.example.com/mcp", "The order service",
                Headers: [new McpHeaderInput("Authorization", "Bearer " + Canary), new McpHeaderInput("X-Tenant", "acme-" + Canary)]));
    }

    public static TheoryData<string, Caller, bool, int> Cases()
    {
        var data = new TheoryData<string, Caller, bool, int>();
        foreach (var endpoint in new[] { "all", "get" })
        foreach (var row in Callers.Expect(Permissions.EntitiesRead, 200, 200, 200, 200, endpoint == "all" ? 200 : 404))
        foreach (var byKey in new[] { true, false })
            data.Add(endpoint, (Caller)row[0], byKey, (int)row[1]);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Every_caller_reads_as_the_matrix_says_and_another_organization_sees_nothing(string endpoint, Caller caller, bool byKey, int status)
    {
        var server = await CreateAsync();
        var (client, query) = await _api.CallerAsync(caller, byKey);

        var response = await client.PostJsonAsync($"{Servers}/{endpoint}{query}", endpoint == "all" ? new { } : new { serverId = server.ServerId })
            .ExpectJson(status);

        Assert.DoesNotContain(Canary, response.GetRawText());
        if (status != 200)
        {
            AssertErrors(response, "not_found");
            return;
        }
        Assert.Empty(response.GetProperty("errors").EnumerateArray());
        var dto = endpoint == "all"
            ? response.GetProperty("mcpServers").EnumerateArray().SingleOrDefault(s => s.GetProperty("serverId").GetInt32() == server.ServerId)
            : response.GetProperty("mcpServer");
        if (caller == Caller.Outsider)
        {
            Assert.Equal(JsonValueKind.Undefined, dto.ValueKind); // Globex's list has none of Acme's servers
            return;
        }
        Assert.Equal(server.Name, dto.Str("name"));
        Assert.Equal("https://mcp.example.com/mcp", dto.Str("url"));
        Assert.Equal("STREAMABLE_HTTP", dto.Str("transport"));
        Assert.Equal(["Authorization", "X-Tenant"], dto.GetProperty("headers").EnumerateArray().Select(h => h.Str("name")));
        Assert.All(dto.GetProperty("headers").EnumerateArray(), h =>
        {
            Assert.True(h.GetProperty("hasValue").GetBoolean());
            Assert.Equal(["name", "hasValue"], h.EnumerateObject().Select(p => p.Name));
        });
    }

    [Theory]
    [InlineData("create")]
    [InlineData("update")]
    [InlineData("delete")]
    [InlineData("DELETE/")]
    public async Task Writing_is_refused_with_the_human_oversight_message_and_nothing_changes(string operation)
    {
        var server = await CreateAsync();
        foreach (var byKey in new[] { true, false })
        {
            var (client, query) = await _api.CallerAsync(Caller.Admin, byKey);

            var error = await client.PostJsonAsync($"{Servers}/{operation}{query}", new { serverId = server.ServerId, name = "Renamed", url = "https://x.example/mcp" })
                .ExpectErrors(403, "human_oversight_required");

            Assert.Contains("requires human oversight in the Builder UI", error.Str("message"));
            var after = await client.PostJsonAsync($"{Servers}/get{query}", new { serverId = server.ServerId }).ExpectJson(200);
            Assert.Equal(server.Name, after.GetProperty("mcpServer").Str("name"));
        }
    }

    [Fact]
    public async Task Bad_ids_are_a_400_naming_the_field_and_an_unknown_one_is_404()
    {
        var admin = await _api.AdminAsync();

        await admin.PostJsonAsync($"{Servers}/get", new { }).ExpectErrors(400, "invalid_value", "serverId");
        await admin.PostRawAsync($"{Servers}/get", """{ "serverId": "5" }""").ExpectErrors(400, "invalid_id", "serverId");
        await admin.PostRawAsync($"{Servers}/get", """{ "serverId": 0 }""").ExpectErrors(400, "invalid_id", "serverId");
        await admin.PostJsonAsync($"{Servers}/get", new { serverId = int.MaxValue }).ExpectErrors(404, "not_found");
        await admin.PostJsonAsync($"{Servers}/get", new { serverId = long.MaxValue }).ExpectErrors(404, "not_found");
    }

    [Fact]
    public async Task The_list_is_by_name_and_both_endpoints_are_documented()
    {
        await CreateAsync("zz " + Arrange.Unique("last"));
        await CreateAsync("AA " + Arrange.Unique("first"));

        var all = await (await _api.AdminAsync()).PostJsonAsync($"{Servers}/all", new { }).ExpectJson(200);
        var names = all.GetProperty("mcpServers").EnumerateArray().Select(s => s.Str("name")).ToList();
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);

        var document = await factory.As((string?)null).GetAsync("/openapi/v1.json").ExpectJson(200);
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md"));
        foreach (var name in new[] { "all", "get" })
        {
            var post = document.GetProperty("paths").GetProperty($"{Servers}/{name}").GetProperty("post");
            Assert.Equal("Poweruser: MCP servers", post.GetProperty("tags")[0].GetString());
            Assert.False(string.IsNullOrWhiteSpace(post.Str("summary")));
            Assert.Contains($"`POST …/mcp/servers/{name}`", readme);
        }
        foreach (var excluded in new[] { "create", "update", "delete" })
            Assert.False(document.GetProperty("paths").TryGetProperty($"{Servers}/{excluded}", out _));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "README.md"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("README.md not found above the test's folder.");
    }
}
