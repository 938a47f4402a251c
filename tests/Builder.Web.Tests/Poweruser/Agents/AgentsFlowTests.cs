using System.Text.Json;
using Builder.Web.Tests.Api;
using static Builder.Web.Tests.Poweruser.Agents.AgentsApi;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.Agents;

/// <summary>A script with an admin key builds, publishes, edits, rolls back and reads agents, tools and managers by version.</summary>
public sealed class AgentsFlowTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private readonly AgentsApi _api = AgentsApi.For(factory);

    private static JsonElement Agent(JsonElement body) => body.GetProperty("agent");

    [Fact]
    public async Task An_agent_with_a_tool_and_a_knowledge_base_goes_through_draft_publish_edit_rollback_and_reads_by_version()
    {
        var toolId = await _api.CreateToolAsync();
        var kb = await _api.PostAsync("/autessadb/tables/create-knowledge-base", new { tableName = "kb_" + Guid.NewGuid().ToString("N")[..10] });
        var tableId = kb.GetProperty("tableId").GetInt32();
        var created = await _api.PostAsync("/agents/create", new
        {
            agentName = Name("Support"), agentDescription = "Answers customers", agentType = "VOICE", systemPrompt = "Be brief.",
            modelId = await _api.ModelAsync(), toolIds = new[] { toolId }, knowledgeBaseIds = new[] { tableId }, environmentVariables = new[] { "CRM_TOKEN" },
        });
        var agentId = created.GetProperty("agentId").GetInt32();
        Assert.Equal(("VOICE", toolId, tableId, "CRM_TOKEN"), (Agent(created).Str("agentType"), Agent(created).GetProperty("toolIds")[0].GetInt32(),
            Agent(created).GetProperty("knowledgeBaseIds")[0].GetInt32(), Agent(created).GetProperty("environmentVariables")[0].GetString()));

        var unpublished = await (await _api.AdminAsync()).PostJsonAsync($"{Prefix}/agents/get", new { agentId }).ExpectErrors(404, "not_found");
        Assert.Contains("no published version", unpublished.Str("message"));

        var v1 = await _api.PostAsync("/agents/publish", new { agentId, note = "first" });
        Assert.Equal(1, v1.GetProperty("versionNumber").GetInt32());
        await _api.PostAsync("/agents/update", new { agentId, systemPrompt = "Be thorough." });
        Assert.Equal("Be brief.", Agent(await _api.PostAsync("/agents/get", new { agentId })).Str("systemPrompt"));
        Assert.Equal("Be thorough.", Agent(await _api.PostAsync("/agents/get", new { agentId, version = new { versionState = "DRAFT" } })).Str("systemPrompt"));
        await _api.PostAsync("/agents/publish", new { agentId });
        await _api.PostAsync("/agents/publish", new { agentId }, 409);

        var rolled = await _api.PostAsync("/agents/rollback", new { agentId });
        Assert.Equal((3, "Be brief."), (rolled.GetProperty("versionNumber").GetInt32(), Agent(rolled).Str("systemPrompt")));
        var again = await _api.PostAsync("/agents/rollback", new { agentId, versionNumber = 2, note = "the thorough one" });
        Assert.Equal((4, 2, "the thorough one"), (again.GetProperty("versionNumber").GetInt32(),
            Agent(again).GetProperty("version").GetProperty("restoredFrom").GetInt32(), Agent(again).GetProperty("version").Str("note")));

        var versions = await _api.PostAsync("/agents/versions", new { agentId });
        Assert.Equal([("DRAFT", 0), ("PUBLISHED", 4), ("ARCHIVED", 3), ("ARCHIVED", 2), ("ARCHIVED", 1)], versions.GetProperty("versions").EnumerateArray()
            .Select(v => (v.Str("versionState"), v.GetProperty("versionNumber").ValueKind == JsonValueKind.Null ? 0 : v.GetProperty("versionNumber").GetInt32())));
        Assert.Equal("first", versions.GetProperty("versions")[4].Str("note"));
        var old = Agent(await _api.PostAsync("/agents/get", new { agentId, version = new { versionState = "ARCHIVED", versionNumber = 1 } }));
        Assert.Equal("Be brief.", old.Str("systemPrompt"));
        await (await _api.AdminAsync()).PostJsonAsync($"{Prefix}/agents/get", new { agentId, version = new { versionNumber = 9 } }).ExpectErrors(404, "not_found");
        await (await _api.AdminAsync()).PostJsonAsync($"{Prefix}/agents/get", new { agentId, version = new { versionState = "LIVE" } })
            .ExpectErrors(400, "invalid_value", "version.versionState");
    }

    [Fact]
    public async Task A_tool_secret_header_canary_never_appears_in_any_answer()
    {
        const string canary = "canary-tool-header-91d2";
        var admin = await _api.AdminAsync();
        var created = await _api.PostAsync("/tools/create", new
        {
            toolName = Name("Tool"), kind = "HTTP", http = new { method = "POST", url = "https://api.example.com/orders", body = "{\"id\": \"{{input.id}}\"}" },
            inputSchema = "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}",
            secretHeaders = new[] { new { name = "Authorization", value = "Bearer " + canary } },
        });
        var toolId = created.GetProperty("toolId").GetInt32();
        var answers = new List<string> { created.GetRawText() };
        answers.Add((await _api.PostAsync("/tools/publish", new { toolId })).GetRawText());
        answers.Add((await _api.PostAsync("/tools/get", new { toolId })).GetRawText());
        answers.Add((await _api.PostAsync("/tools/versions", new { toolId })).GetRawText());
        answers.Add((await _api.PostAsync("/tools/all", new { })).GetRawText());
        answers.Add((await _api.PostAsync("/tools/update", new { toolId, toolDescription = "orders" })).GetRawText());
        answers.Add(await (await admin.GetAsync($"/api/audit?organizationId={(await factory.SeedAsync()).Acme}&limit=100")).Content.ReadAsStringAsync());

        Assert.All(answers, a => Assert.DoesNotContain(canary, a));
        var tool = (await _api.PostAsync("/tools/get", new { toolId, version = new { versionState = "DRAFT" } })).GetProperty("tool");
        Assert.Equal("Authorization", tool.GetProperty("secretHeaders")[0].Str("name"));
        Assert.True(tool.GetProperty("secretHeaders")[0].GetProperty("hasValue").GetBoolean());
        Assert.Equal("string", tool.GetProperty("inputSchema").GetProperty("properties").GetProperty("id").Str("type"));
    }

    [Fact]
    public async Task A_manager_names_its_agents_by_agentId_and_publishes_and_rolls_back_like_an_agent()
    {
        var first = await _api.CreateAgentAsync();
        var second = await _api.CreateAgentAsync();
        var managerId = await _api.CreateManagerAsync(first);
        await _api.PostAsync("/managers/publish", new { managerId });
        await _api.PostAsync("/managers/update", new
        {
            managerId, agents = new object[] { new { agentId = first, handles = "Billing" }, new { agentId = second, handles = "Shipping" } },
        });
        await _api.PostAsync("/managers/publish", new { managerId });

        var manager = (await _api.PostAsync("/managers/get", new { managerId })).GetProperty("manager");
        Assert.Equal([(first, "Billing"), (second, "Shipping")], manager.GetProperty("agents").EnumerateArray()
            .Select(a => (a.GetProperty("agentId").GetInt32(), a.Str("handles"))));
        var rolled = await _api.PostAsync("/managers/rollback", new { managerId });
        Assert.Single(rolled.GetProperty("manager").GetProperty("agents").EnumerateArray());
        var all = await _api.PostAsync("/managers/get-all", new { });
        Assert.Contains(all.GetProperty("ownedManagers").EnumerateArray(), m => m.GetProperty("managerId").GetInt32() == managerId && m.GetProperty("publishedVersion").GetInt32() == 3);
    }
}
