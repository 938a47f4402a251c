using Builder.Web.Tests.Api;
using static Builder.Web.Tests.Poweruser.Agents.AgentsApi;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.Agents;

/// <summary>Bad input to the agents, tools and managers endpoints: a clear 4xx naming the field the caller sent, and nothing changed.</summary>
public sealed class AgentsInputTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private readonly AgentsApi _api = AgentsApi.For(factory);

    private async Task<string> DraftAsync(string family, string key, int id) =>
        (await _api.PostAsync($"/{family}/get", new Dictionary<string, object> { [key] = id, ["version"] = new { versionState = "DRAFT" } })).GetRawText();

    [Fact]
    public async Task Creating_with_bad_fields_names_them_as_sent_and_creates_nothing()
    {
        var admin = await _api.AdminAsync();
        var before = (await _api.PostAsync("/agents/all", new { })).GetProperty("ownedAgents").GetArrayLength();

        await admin.PostJsonAsync($"{Prefix}/agents/create", new { agentType = "CONVERSATIONAL" }).ExpectErrors(400, "invalid_value", "agentName");
        await admin.PostJsonAsync($"{Prefix}/agents/create", new { agentName = Name("A"), agentType = "ROBOT" }).ExpectErrors(400, "invalid_value", "agentType");
        await admin.PostJsonAsync($"{Prefix}/agents/create", new { agentName = Name("A"), toolIds = new[] { 999999 } }).ExpectErrors(400, "invalid_value", "toolIds[0]");
        await admin.PostJsonAsync($"{Prefix}/agents/create", new { agentName = Name("A"), toolIds = new[] { "1" } }).ExpectErrors(400, "invalid_id", "toolIds[0]");
        await admin.PostJsonAsync($"{Prefix}/agents/create", new { agentName = Name("A"), modelId = Guid.NewGuid() }).ExpectErrors(400, "invalid_value", "modelId");
        await admin.PostJsonAsync($"{Prefix}/agents/create", new { agentName = Name("A"), modelId = "gpt-4o" }).ExpectErrors(400, "invalid_type", "modelId");
        await admin.PostJsonAsync($"{Prefix}/agents/create", new { agentName = Name("A"), environmentVariables = new[] { "has space" } })
            .ExpectErrors(400, "invalid_value", "environmentVariables[0]");
        await admin.PostJsonAsync($"{Prefix}/tools/create", new { toolName = Name("T"), inputSchema = new[] { 1 } }).ExpectErrors(400, "invalid_value", "inputSchema");
        await admin.PostJsonAsync($"{Prefix}/tools/create", new { toolName = Name("T"), inputSchema = "{\"type\": \"array\"}" }).ExpectErrors(400, "invalid_value", "inputSchema");
        await admin.PostJsonAsync($"{Prefix}/tools/create", new { toolName = Name("T"), http = new { url = "file:///etc/passwd" } }).ExpectErrors(400, "invalid_value", "http.url");
        await admin.PostJsonAsync($"{Prefix}/tools/create", new { toolName = Name("T"), kind = "MCP", mcp = new { serverId = 1, toolName = "search" } })
            .ExpectErrors(400, "invalid_value", "mcp.serverId");
        await admin.PostJsonAsync($"{Prefix}/managers/create", new { managerName = Name("M"), agents = new[] { new { agentId = 999999, handles = "x" } } })
            .ExpectErrors(400, "invalid_value", "agents[0].agentId");

        Assert.Equal(before, (await _api.PostAsync("/agents/all", new { })).GetProperty("ownedAgents").GetArrayLength());
    }

    [Fact]
    public async Task Bad_updates_publishes_and_rollbacks_are_refused_clearly_and_change_nothing()
    {
        var admin = await _api.AdminAsync();
        var agentId = await _api.CreateAgentAsync();
        var draft = await DraftAsync("agents", "agentId", agentId);

        await admin.PostJsonAsync($"{Prefix}/agents/update", new { agentName = "no id" }).ExpectErrors(400, "invalid_value", "agentId");
        await admin.PostJsonAsync($"{Prefix}/agents/update", new { agentId = 0 }).ExpectErrors(400, "invalid_id", "agentId");
        await admin.PostJsonAsync($"{Prefix}/agents/update", new { agentId = 999999, agentName = "x" }).ExpectErrors(404, "not_found");
        await admin.PostJsonAsync($"{Prefix}/agents/update", new { agentId, agentName = new string('x', 201) }).ExpectErrors(400, "invalid_value", "agentName");
        var rollback = await admin.PostJsonAsync($"{Prefix}/agents/rollback", new { agentId }).ExpectErrors(409, "conflict");
        Assert.Contains("never been published", rollback.Str("message"));
        await admin.PostJsonAsync($"{Prefix}/agents/publish", new { agentId, note = new string('n', 501) }).ExpectErrors(400, "invalid_value", "note");
        await admin.PostJsonAsync($"{Prefix}/agents/rollback", new { agentId, versionNumber = 1.5 }).ExpectErrors(400, "invalid_type", "versionNumber");

        Assert.Equal(draft, await DraftAsync("agents", "agentId", agentId));
        Assert.Single((await _api.PostAsync("/agents/versions", new { agentId })).GetProperty("versions").EnumerateArray());

        var toolId = (await _api.PostAsync("/tools/create", new { toolName = Name("T") })).GetProperty("toolId").GetInt32();
        var publish = await admin.PostJsonAsync($"{Prefix}/tools/publish", new { toolId }).ExpectErrors(400, "invalid_value", "http.url");
        Assert.Contains("needs a URL", publish.Str("message"));
    }
}
