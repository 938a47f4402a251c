using Builder.Domain.Agents;
using Builder.Domain.Common;
using Builder.Domain.Managers;
using Builder.Domain.Tools;
using Builder.Domain.Versioning;
using Microsoft.EntityFrameworkCore;
using System.Text.Json;

namespace Builder.Domain.Tests.Versioning;

/// <summary>What an edit must be: lengths, shapes, and references visible in the same organization (400 naming the field, nothing saved).</summary>
public sealed class ValidationTests : VersioningTestContext
{
    private async Task<int> RowsAsync()
    {
        await using var db = Db.Context();
        return await db.Agents.CountAsync() + await db.Tools.CountAsync() + await db.Managers.CountAsync() + await db.ResourceVersions.CountAsync();
    }

    [Fact]
    public async Task An_agent_refuses_unknown_types_long_names_bad_variable_names_and_duplicates_and_saves_nothing()
    {
        var before = await RowsAsync();
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Agents.CreateAsync(Admin, Acme,
            new AgentInput(new string('x', 201), AgentType: "ROBOT", EnvironmentVariables: ["OK_NAME", "9bad", "OK_NAME"])));
        Assert.Contains("name", refused.Errors.Keys);
        Assert.Contains("CONVERSATIONAL, VOICE, TASK", refused.Errors["agentType"][0]);
        Assert.Contains("environmentVariables[1]", refused.Errors.Keys);
        Assert.Contains("environmentVariables[2]", refused.Errors.Keys);
        Assert.Equal(before, await RowsAsync());

        var agent = await AgentAsync();
        var duplicate = await Assert.ThrowsAsync<ConflictException>(() => Agents.CreateAsync(Admin, Acme, new AgentInput(agent.Definition.Name.ToUpperInvariant())));
        Assert.Contains("already exists", duplicate.Message);
    }

    [Fact]
    public async Task An_agent_refuses_another_organizations_model_tool_and_knowledge_base_and_a_table_that_is_not_a_knowledge_base()
    {
        var globexModel = await ModelAsync(Globex);
        var globexTool = await Tools.CreateAsync(GlobexAdmin, Globex, new ToolInput(Unique("Tool")));
        var globexKb = await KnowledgeBaseAsync(Globex, GlobexAdmin);
        var plainTable = await CreateAsync("plain_" + Guid.NewGuid().ToString("N")[..8]);
        var before = await RowsAsync();

        var refused = await Assert.ThrowsAsync<ValidationException>(() => Agents.CreateAsync(Admin, Acme, new AgentInput(Unique("Agent"),
            ModelId: globexModel, ToolIds: [globexTool.Id], KnowledgeBaseIds: [plainTable.Id, globexKb.Id])));

        Assert.Equal(["knowledgeBaseIds[0]", "knowledgeBaseIds[1]", "modelId", "toolIds[0]"], refused.Errors.Keys.Order());
        Assert.Contains("not a knowledge base", refused.Errors["knowledgeBaseIds[0]"][0]);
        Assert.Equal(before, await RowsAsync());

        var ours = await Agents.CreateAsync(Admin, Acme, new AgentInput(Unique("Agent"), ModelId: await ModelAsync(),
            ToolIds: [(await ToolAsync()).Id], KnowledgeBaseIds: [(await KnowledgeBaseAsync()).Id]));
        Assert.Single(ours.Definition.ToolIds);
        Assert.Single(ours.Definition.KnowledgeBaseIds);
    }

    [Fact]
    public async Task A_tool_schema_must_be_a_json_object_schema_with_a_clear_message()
    {
        async Task<string> Problem(string schema) =>
            (await Assert.ThrowsAsync<ValidationException>(() => Tools.CreateAsync(Admin, Acme, new ToolInput(Unique("Tool"), InputSchema: schema))))
            .Errors["inputSchema"][0];

        Assert.Contains("not valid JSON", await Problem("{\"type\": "));
        Assert.Contains("JSON Schema object", await Problem("[1, 2]"));
        Assert.Contains("\"type\": \"object\"", await Problem("{\"type\": \"string\"}"));
        Assert.Contains("\"properties\" must be an object", await Problem("{\"type\": \"object\", \"properties\": []}"));
        Assert.Contains("requires \"b\"", await Problem("{\"type\": \"object\", \"properties\": {\"a\": {}}, \"required\": [\"b\"]}"));
        var tool = await Tools.CreateAsync(Admin, Acme, new ToolInput(Unique("Tool")));
        Assert.Equal("object", tool.Definition.InputSchema["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tool_template_checks_method_url_headers_and_placeholders()
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Tools.CreateAsync(Admin, Acme, new ToolInput(Unique("Tool"),
            InputSchema: """{"type":"object","properties":{"city":{"type":"string"}}}""", Kind: "HTTP",
            Http: new HttpTemplateInput("FETCH", "ftp://x/{{input.town}}", new Dictionary<string, string> { ["Bad Header"] = "v", ["X-Key"] = "{{secret.X}}" }, "{}"))));

        Assert.Contains("http.method", refused.Errors.Keys);
        Assert.Contains("https://", refused.Errors["http.url"][0]);
        Assert.Contains("http.headers.Bad Header", refused.Errors.Keys);
        Assert.Contains("{{secret.X}} is not a placeholder", refused.Errors["http.headers.X-Key"][0]);

        var url = await Assert.ThrowsAsync<ValidationException>(() => Tools.CreateAsync(Admin, Acme, new ToolInput(Unique("Tool"),
            InputSchema: """{"type":"object","properties":{"city":{"type":"string"}}}""", Kind: "HTTP", Http: new HttpTemplateInput("GET", "https://x.test/{{input.town}}"))));
        Assert.Contains("no property \"town\"", url.Errors["http.url"][0]);

        var ok = await ToolAsync("https://api.example.com/w?city={{input.city}}&key={{env.WEATHER_KEY}}");
        Assert.Equal(("GET", ToolKind.Http), (ok.Definition.Http!.Method, ok.Definition.Kind));
    }

    [Fact]
    public async Task A_tool_of_an_mcp_server_needs_a_known_server_which_no_lookup_knows_until_the_mcp_feature_lands()
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Tools.CreateAsync(Admin, Acme,
            new ToolInput(Unique("Tool"), Kind: "MCP", Mcp: new McpBindingInput(Guid.NewGuid(), "search"))));
        Assert.Contains("does not exist", refused.Errors["mcp.mcpServerId"][0]);
        var draft = await Tools.CreateAsync(Admin, Acme, new ToolInput(Unique("Tool")));
        var publish = await Assert.ThrowsAsync<ValidationException>(() => Tools.PublishAsync(Admin, draft.Id));
        Assert.Contains("needs a URL", publish.Errors["http.url"][0]);
    }

    [Fact]
    public async Task Tool_secret_headers_are_write_only_never_in_a_view_a_version_or_the_audit_and_survive_publishing()
    {
        const string canary = "canary-secret-7f3c";
        var tool = await Tools.CreateAsync(Admin, Acme, new ToolInput(Unique("Tool"), Kind: "HTTP", Http: new HttpTemplateInput("GET", "https://api.example.com/"),
            SecretHeaders: [new SecretHeaderInput("Authorization", "Bearer " + canary)]));

        Assert.Equal([new SecretHeaderView("Authorization", true)], tool.SecretHeaders);
        Assert.DoesNotContain(canary, JsonSerializer.Serialize(tool));
        var published = await Tools.PublishAsync(Admin, tool.Id);
        Assert.Equal("Bearer " + canary, (await Tools.SecretHeadersForRunAsync(Admin, tool.Id))["Authorization"]);
        await using (var db = Db.Context())
        {
            Assert.DoesNotContain(await db.ResourceVersions.Where(v => v.ResourceId == tool.Id).Select(v => v.DefinitionJson).ToListAsync(), j => j.Contains(canary) || j.Contains("Authorization"));
            Assert.DoesNotContain(await db.AuditEntries.Where(a => a.ResourceId == tool.Id).Select(a => a.ChangedFields + a.ResourceName).ToListAsync(), a => a.Contains(canary));
            Assert.DoesNotContain(canary, (await db.Tools.SingleAsync(t => t.Id == tool.Id)).SecretHeadersJson);
        }
        // Secret headers are not versioned: changing one makes no unpublished changes.
        var cleared = await Tools.UpdateAsync(Admin, tool.Id, new ToolInput(SecretHeaders: [new SecretHeaderInput("Authorization", Clear: true)]));
        Assert.Empty(cleared.SecretHeaders!);
        Assert.False(cleared.HasUnpublishedChanges);
        Assert.Equal(published.Version.Number, (await Tools.GetAsync(Admin, tool.Id)).Version.Number);

        var clash = await Assert.ThrowsAsync<ValidationException>(() => Tools.UpdateAsync(Admin, tool.Id, new ToolInput(
            Http: new HttpTemplateInput(Headers: new Dictionary<string, string> { ["X-Api-Key"] = "plain" }),
            SecretHeaders: [new SecretHeaderInput("x-api-key", "s")])));
        Assert.Contains("also a plain header", clash.Errors["secretHeaders[0].name"][0]);
    }

    [Fact]
    public async Task A_manager_routes_only_to_visible_agents_of_its_organization_and_needs_a_model_and_an_agent_to_publish()
    {
        var globexAgent = await Agents.CreateAsync(GlobexAdmin, Globex, new AgentInput(Unique("Agent")));
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Managers.CreateAsync(Admin, Acme, new ManagerInput(Unique("Manager"),
            Agents: [new ManagedAgentInput(globexAgent.Id, "billing"), new ManagedAgentInput(Guid.NewGuid(), "")])));
        Assert.Equal(["agents[0].agentId", "agents[1].agentId", "agents[1].handles"], refused.Errors.Keys.Order());

        var manager = await Managers.CreateAsync(Admin, Acme, new ManagerInput(Unique("Manager"), RoutingPrompt: "Route well."));
        var publish = await Assert.ThrowsAsync<ValidationException>(() => Managers.PublishAsync(Admin, manager.Id));
        Assert.Equal(["agents", "modelId"], publish.Errors.Keys.Order());

        var agent = await AgentAsync();
        await Managers.UpdateAsync(Admin, manager.Id, new ManagerInput(ModelId: await ModelAsync(), Agents: [new ManagedAgentInput(agent.Id, "Questions about billing")]));
        var published = await Managers.PublishAsync(Admin, manager.Id);
        Assert.Equal("Questions about billing", published.Definition.Agents.Single().Handles);
    }

    [Fact]
    public async Task Publishing_checks_every_reference_again_so_a_tool_trashed_meanwhile_blocks_it()
    {
        var tool = await ToolAsync();
        var agent = await Agents.CreateAsync(Admin, Acme, new AgentInput(Unique("Agent"), ModelId: await ModelAsync(), ToolIds: [tool.Id]));
        await using (var db = Db.Context())
        {
            var row = await db.Tools.SingleAsync(t => t.Id == tool.Id);
            row.DeletedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        }
        // Renaming still works (the reference is not new) …
        await Agents.UpdateAsync(Admin, agent.Id, new AgentInput(Name: agent.Definition.Name + "2"));
        // … publishing does not.
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Agents.PublishAsync(Admin, agent.Id));
        Assert.Contains("toolIds[0]", refused.Errors.Keys);
    }
}
