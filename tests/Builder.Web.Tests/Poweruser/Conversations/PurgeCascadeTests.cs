using System.Text.Json;
using Builder.Domain.Agents;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Chat;
using Builder.Domain.Common;
using Builder.Domain.Conversations;
using Builder.Domain.Managers;
using Builder.Domain.Mcp;
using Builder.Domain.Models;
using Builder.Domain.Tools;
using Builder.Domain.Trash;
using Builder.Domain.Versioning;
using Builder.TestServers;
using Builder.Web.Tests.Api;
using Builder.Web.Tests.Poweruser.Agents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Builder.Web.Tests.Poweruser.Agents.AgentsApi;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.Conversations;

/// <summary>
/// What is left when an agent, manager, tool or MCP server is deleted for good (approved delete, then purged from the trash).
/// Before: an agent's or manager's conversations, messages and evaluations stayed in the database (keyed by its id, no
/// foreign key), readable by nobody and counted by nothing. Now they go with it. A chat whose agent uses a tool that is gone
/// (or whose MCP tool's server is gone, or a manager whose agents are all gone) tells the person what to do instead of
/// silently leaving the tool out or failing with an exception's name.
/// </summary>
public sealed class PurgeCascadeTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private readonly AgentsApi _api = AgentsApi.For(factory);

    private static readonly ChatTurnResult Hello = new("Hello.", ChatOutcome.Answered, null, [], new ModelUsage(10, 3), 120);

    private async Task<(Guid Acme, Builder.Domain.Access.Actor Admin)> ActorsAsync() =>
        ((await factory.SeedAsync()).Acme, await factory.ActorAsync(Callers.AdminEmail));

    /// <summary>A stored conversation with one turn and an evaluation.</summary>
    private async Task<long> ConversationAsync(ConversationResourceType type, Guid resourceId, RoutedTo? routed = null)
    {
        var (_, admin) = await ActorsAsync();
        using var scope = factory.Services.CreateScope();
        var conversations = scope.ServiceProvider.GetRequiredService<ConversationService>();
        var started = await conversations.StartAsync(admin, new NewConversation(type, resourceId, 0));
        await conversations.AddTurnAsync(admin, started.ConversationId, new ConversationTurn("Hi", Hello, routed));
        await conversations.EvaluateAsync(admin, started.ConversationId, new EvaluationInput(true, "good"), type, resourceId);
        return started.ConversationId;
    }

    /// <summary>Deletes through approval (Admin asks, the reviewer approves): it goes to the trash.</summary>
    private async Task DeleteAsync(string resourceType, Guid id)
    {
        var (_, admin) = await ActorsAsync();
        var reviewer = await factory.ActorAsync(Callers.ReviewerEmail);
        using var scope = factory.Services.CreateScope();
        var approvals = scope.ServiceProvider.GetRequiredService<ApprovalService>();
        var request = await approvals.RequestAsync(admin, ApprovalOperations.Delete, resourceType, id, "Gone", null, null);
        Assert.Equal(ApprovalStatus.Executed, (await approvals.ApproveAsync(reviewer, request.Id, "ok")).Status);
    }

    /// <summary>Purges a trashed resource's item for good (what the approved "delete permanently" and the purge job run).</summary>
    private async Task PurgeTrashedAsync(Guid id)
    {
        var (acme, admin) = await ActorsAsync();
        using var scope = factory.Services.CreateScope();
        var trash = scope.ServiceProvider.GetRequiredService<TrashService>();
        var item = (await trash.ListAsync(admin, acme, new PageRequest(1, 100))).Items.Single(i => i.ResourceId == id);
        await trash.PurgeAsync(admin, item.Id);
    }

    private async Task PurgeAsync(string resourceType, Guid id)
    {
        await DeleteAsync(resourceType, id);
        await PurgeTrashedAsync(id);
    }

    private async Task<(int Conversations, int Messages, int Evaluations, int Versions)> LeftOfAsync(Guid resourceId)
    {
        await using var db = factory.Services.GetRequiredService<IBuilderDbContextFactory>().Create();
        return (await db.Set<Conversation>().CountAsync(c => c.ResourceId == resourceId),
            await db.Set<ConversationMessage>().CountAsync(m => m.ResourceId == resourceId),
            await db.Set<ConversationEvaluation>().CountAsync(e => e.ResourceId == resourceId),
            await db.ResourceVersions.CountAsync(v => v.ResourceId == resourceId));
    }

    private async Task<Guid> IdOfAgentAsync(int number)
    {
        var (acme, admin) = await ActorsAsync();
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AgentService>().IdOfAsync(admin, acme, number);
    }

    private async Task<Guid> IdOfManagerAsync(int number)
    {
        var (acme, admin) = await ActorsAsync();
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ManagerService>().IdOfAsync(admin, acme, number);
    }

    private async Task<Guid> IdOfToolAsync(int number)
    {
        var (acme, admin) = await ActorsAsync();
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ToolService>().IdOfAsync(admin, acme, number);
    }

    [Fact]
    public async Task Purging_an_agent_removes_its_conversations_messages_evaluations_and_versions_and_keeps_the_others()
    {
        var gone = await IdOfAgentAsync(await _api.CreateAgentAsync());
        var kept = await IdOfAgentAsync(await _api.CreateAgentAsync());
        await ConversationAsync(ConversationResourceType.Agent, gone);
        await ConversationAsync(ConversationResourceType.Agent, kept);

        await DeleteAsync(ResourceTypes.Agent, gone);
        Assert.Equal((1, 2, 1, 1), await LeftOfAsync(gone)); // in the trash: kept, a restore brings them back
        await PurgeTrashedAsync(gone);

        Assert.Equal((0, 0, 0, 0), await LeftOfAsync(gone));
        Assert.Equal((1, 2, 1, 1), await LeftOfAsync(kept));
    }

    [Fact]
    public async Task Purging_a_manager_removes_its_conversations_and_a_purged_agent_leaves_the_managers_history_readable()
    {
        var agentNumber = await _api.CreateAgentAsync();
        var agent = await IdOfAgentAsync(agentNumber);
        var managerNumber = await _api.CreateManagerAsync(agentNumber);
        var manager = await IdOfManagerAsync(managerNumber);
        var managerConversation = await ConversationAsync(ConversationResourceType.Manager, manager, new RoutedTo(agent, "Billing", "invoices", false));
        await ConversationAsync(ConversationResourceType.Agent, agent);

        // The agent goes first: the manager's conversation that routed to it stays, with the agent's name.
        await PurgeAsync(ResourceTypes.Agent, agent);
        Assert.Equal((0, 0, 0, 0), await LeftOfAsync(agent));
        var read = await _api.PostAsync("/managers/conversation", new { managerId = managerNumber, conversationId = managerConversation });
        Assert.Equal("Billing", read.GetProperty("conversation").GetProperty("messages")[1].Str("routedAgent"));

        await PurgeAsync(ResourceTypes.Manager, manager);
        Assert.Equal((0, 0, 0, 0), await LeftOfAsync(manager));
    }

    [Fact]
    public async Task A_chat_with_an_agent_whose_tool_was_purged_says_so_and_still_answers()
    {
        await using var model = await LocalOpenAiServer.StartAsync();
        var (acme, admin) = await ActorsAsync();
        var modelId = (await factory.CreateModelAsync(acme, token: LocalOpenAiServer.DefaultToken, modelUrl: model.ChatCompletionsUrl)).Id();
        var goneTool = await _api.CreateToolAsync();
        var keptTool = await _api.CreateToolAsync();
        var agentNumber = (await _api.PostAsync("/agents/create", new
        {
            agentName = Name("Weather agent"), systemPrompt = "You report weather.", modelId, toolIds = new[] { goneTool, keptTool },
        })).GetProperty("agentId").GetInt32();
        var agent = await IdOfAgentAsync(agentNumber);
        await PurgeAsync(ResourceTypes.Tool, await IdOfToolAsync(goneTool));
        model.Script("gpt-4o-mini", ScriptedTurn.Say("No tool needed."));

        ConversationDetail detail;
        using (var scope = factory.Services.CreateScope())
            detail = await scope.ServiceProvider.GetRequiredService<AgentChatService>()
                .SendToAgentAsync(admin, agent, VersionSelector.Draft, null, null, "Weather?");

        var answer = detail.Messages[1];
        Assert.Equal(("No tool needed.", "Answered"), (answer.Text, answer.Outcome));
        var notice = Assert.Single(answer.Steps, s => s.Error is not null);
        Assert.Equal(ChatStepKind.Tool, notice.Kind);
        Assert.Equal("Tool 1 of this agent is no longer available (deleted, in the trash, or not shared with you), so the model was not offered it: " +
                     "remove it from the agent's tools, or restore it from the trash.", notice.Error);
        // The model was offered the other tool only.
        Assert.Single(JsonDocument.Parse(model.Requests[0].Body).RootElement.GetProperty("tools").EnumerateArray());
    }

    [Fact]
    public async Task An_mcp_tool_whose_server_was_purged_fails_with_a_clear_reason_and_a_manager_without_agents_says_what_to_do()
    {
        await using var model = await LocalOpenAiServer.StartAsync();
        await using var mcp = await LocalMcpServer.StartAsync();
        var (acme, admin) = await ActorsAsync();
        var modelId = (await factory.CreateModelAsync(acme, token: LocalOpenAiServer.DefaultToken, modelUrl: model.ChatCompletionsUrl)).Id();
        McpServerView server;
        using (var scope = factory.Services.CreateScope())
            server = await scope.ServiceProvider.GetRequiredService<McpServerService>().CreateAsync(admin, acme, new McpServerInput(Name("Local MCP"), mcp.Url));
        var toolName = Name("Adder");
        var tool = (await _api.PostAsync("/tools/create", new
        {
            toolName, toolDescription = "Adds two numbers",
            inputSchema = new { type = "object", properties = new { a = new { type = "number" }, b = new { type = "number" } }, required = new[] { "a", "b" } },
            kind = "MCP", mcp = new { serverId = server.ServerId, toolName = LocalMcpServer.Add },
        })).GetProperty("toolId").GetInt32();
        var agentNumber = (await _api.PostAsync("/agents/create", new { agentName = Name("Adding agent"), systemPrompt = "You add.", modelId, toolIds = new[] { tool } }))
            .GetProperty("agentId").GetInt32();
        await PurgeAsync(ResourceTypes.McpServer, server.Id);
        var modelToolName = new string(toolName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
        model.Script("gpt-4o-mini", ScriptedTurn.CallTool(modelToolName, new { a = 2, b = 3 }, "call_1"), ScriptedTurn.Say("Could not add."));

        ConversationDetail detail;
        using (var scope = factory.Services.CreateScope())
            detail = await scope.ServiceProvider.GetRequiredService<AgentChatService>()
                .SendToAgentAsync(admin, await IdOfAgentAsync(agentNumber), VersionSelector.Draft, null, null, "2 + 3?");
        var step = Assert.Single(detail.Messages[1].Steps, s => s.Kind == ChatStepKind.Tool);
        Assert.Equal($"The MCP server of the tool {LocalMcpServer.Add} is no longer available (deleted, or in the trash): " +
                     "choose another server in the tool's draft, or restore it from the trash.", step.Error);
        Assert.Empty(mcp.Calls);

        // A manager whose only agent was purged: a clear answer, not "no agents to route to; add an agent".
        var managerNumber = (await _api.PostAsync("/managers/create", new
        {
            managerName = Name("Front desk"), routingPrompt = "Route.", modelId, agents = new[] { new { agentId = agentNumber, handles = "sums" } },
        })).GetProperty("managerId").GetInt32();
        await PurgeAsync(ResourceTypes.Agent, await IdOfAgentAsync(agentNumber));
        using (var scope = factory.Services.CreateScope())
            detail = await scope.ServiceProvider.GetRequiredService<AgentChatService>()
                .SendToManagerAsync(admin, await IdOfManagerAsync(managerNumber), VersionSelector.Draft, null, null, "2 + 3?");
        Assert.StartsWith("No agent of this manager is available any more", detail.Messages[1].Text);
    }
}
