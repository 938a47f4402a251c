using System.Text.Json;
using Builder.Domain.Access;
using Builder.Domain.Agents;
using Builder.Domain.Common;
using Builder.Domain.Conversations;
using Builder.Domain.Managers;
using Builder.Domain.Models;
using Builder.Domain.Sharing;
using Builder.Domain.Tools;
using Builder.Domain.Versioning;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Chat;

/// <summary>
/// The glue between agents, tools and managers and the chat: a test chat turn with one version of an agent (or a manager,
/// which routes the turn to one of its agents first). It resolves the version's definition, the model with its credentials,
/// the tools (HTTP tools through <see cref="HttpToolRunner"/> with the agent's allowed environment variables and the tools'
/// write-only headers; MCP tools answer that they cannot run until the MCP client is wired in), runs
/// <see cref="ChatRunner"/> and stores the turn through <see cref="ConversationService"/> (which checks EDIT on the agent or
/// manager and that the caller started the conversation). An agent with knowledge bases first searches them with the message
/// (<see cref="KnowledgeRetriever"/>): the passages go into the system message and the search is the turn's first step.
/// Every environment value and secret header value is redacted from the stored steps and the answer.
/// </summary>
public sealed class AgentChatService(
    IBuilderDbContextFactory dbs,
    AgentService agents,
    ToolService tools,
    ManagerService managers,
    ModelService models,
    ChatRunner runner,
    HttpToolRunner http,
    ManagerRouter router,
    ConversationService conversations,
    Mcp.McpClientService mcp,
    ISecretProtector protector,
    KnowledgeRetriever retriever)
{
    public const int MaxHistoryMessages = 40;

    /// <summary>
    /// One turn with an agent: in <paramref name="conversationId"/> (its version), or a new conversation with the version
    /// <paramref name="version"/> picks (the draft when null) and the environment whose variables its tools read.
    /// </summary>
    public async Task<ConversationDetail> SendToAgentAsync(Actor actor, Guid agentId, VersionSelector? version, Guid? environmentId, long? conversationId,
        string message, CancellationToken ct = default)
    {
        var (conversation, history) = await OpenAsync(actor, ConversationResourceType.Agent, agentId, version, environmentId, conversationId, ct);
        var (agent, definition, _) = await agents.DefinitionAsync(actor, agentId, Selector(conversation.VersionNumber), ct);
        var result = await RunAgentAsync(actor, agent.OrganizationId, definition, conversation.EnvironmentId, history, message, ct);
        return await conversations.AddTurnAsync(actor, conversation.ConversationId, new ConversationTurn(message, result), ct);
    }

    /// <summary>One turn with a manager: its model picks the agent (<see cref="ManagerRouter"/>), whose PUBLISHED version (its draft when it has none) answers.</summary>
    public async Task<ConversationDetail> SendToManagerAsync(Actor actor, Guid managerId, VersionSelector? version, Guid? environmentId, long? conversationId,
        string message, CancellationToken ct = default)
    {
        var (conversation, history) = await OpenAsync(actor, ConversationResourceType.Manager, managerId, version, environmentId, conversationId, ct);
        var (manager, definition, _) = await managers.DefinitionAsync(actor, managerId, Selector(conversation.VersionNumber), ct);
        if (definition.ModelId is not { } modelId) throw new ValidationException("modelId", "This manager has no routing model: choose one in its draft.");
        var endpoint = (await models.GetEndpointAsync(actor, modelId, manager.OrganizationId, ct)).Endpoint;

        var candidates = new List<(RoutableAgent Routable, Guid Id, AgentDefinition Definition)>();
        foreach (var managed in definition.Agents)
        {
            var found = await AgentVersionAsync(actor, managed.AgentId, ct);
            if (found is { } f) candidates.Add((new RoutableAgent(f.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Definition.Name, managed.Handles), managed.AgentId, f.Definition));
        }
        if (candidates.Count == 0 && definition.Agents.Count > 0)
        {
            const string reason = "No agent of this manager is available any more (each was deleted, is in the trash, or is not shared with you): " +
                                  "add an agent to its draft, or restore one from the trash.";
            var none = new ChatTurnResult(reason, ChatOutcome.ModelFailed, reason, [], ModelUsage.None, 0);
            return await conversations.AddTurnAsync(actor, conversation.ConversationId, new ConversationTurn(message, none), ct);
        }
        var decision = await router.RouteAsync(endpoint, definition.RoutingPrompt ?? "", candidates.Select(c => c.Routable).ToList(), history, message, ct);
        if (decision.Agent is null)
        {
            var none = new ChatTurnResult(decision.Reason, ChatOutcome.ModelFailed, decision.Reason, [], decision.Usage, decision.LatencyMs);
            return await conversations.AddTurnAsync(actor, conversation.ConversationId, new ConversationTurn(message, none), ct);
        }
        var chosen = candidates.First(c => c.Routable == decision.Agent);
        var result = await RunAgentAsync(actor, manager.OrganizationId, chosen.Definition, conversation.EnvironmentId, history, message, ct);
        var routeStep = new ChatStep(0, ChatStepKind.Model, "route", null, null, $"{chosen.Definition.Name}: {decision.Reason}", null,
            decision.Usage.InputTokens, decision.Usage.OutputTokens, decision.LatencyMs, decision.FellBack ? "fell back" : "routed");
        result = result with
        {
            Steps = [routeStep, .. result.Steps],
            Usage = new ModelUsage(result.Usage.InputTokens + decision.Usage.InputTokens, result.Usage.OutputTokens + decision.Usage.OutputTokens),
            LatencyMs = result.LatencyMs + decision.LatencyMs,
        };
        return await conversations.AddTurnAsync(actor, conversation.ConversationId,
            new ConversationTurn(message, result, new RoutedTo(chosen.Id, chosen.Definition.Name, decision.Reason, decision.FellBack)), ct);
    }

    async Task<(ConversationSummary Conversation, List<ModelMessage> History)> OpenAsync(Actor actor, ConversationResourceType type, Guid resourceId,
        VersionSelector? version, Guid? environmentId, long? conversationId, CancellationToken ct)
    {
        if (conversationId is { } id)
        {
            var detail = await conversations.GetAsync(actor, id, type, resourceId, ct);
            var history = detail.Messages.TakeLast(MaxHistoryMessages)
                .Select(m => m.Role == "user" ? ModelMessage.User(m.Text) : ModelMessage.Assistant(m.Text)).ToList();
            return (detail.Conversation, history);
        }
        int number;
        if (type == ConversationResourceType.Agent)
            number = (await agents.DefinitionAsync(actor, resourceId, version ?? VersionSelector.Draft, ct)).Version.Number ?? Conversation.DraftVersion;
        else
            number = (await managers.DefinitionAsync(actor, resourceId, version ?? VersionSelector.Draft, ct)).Version.Number ?? Conversation.DraftVersion;
        return (await conversations.StartAsync(actor, new NewConversation(type, resourceId, number, environmentId), ct), []);
    }

    static VersionSelector Selector(int versionNumber) => versionNumber == Conversation.DraftVersion ? VersionSelector.Draft : VersionSelector.Of(versionNumber);

    async Task<(int Number, AgentDefinition Definition)?> AgentVersionAsync(Actor actor, Guid agentId, CancellationToken ct)
    {
        try
        {
            var (agent, definition, _) = await agents.DefinitionAsync(actor, agentId, VersionSelector.Published, ct);
            return (agent.Number, definition);
        }
        catch (NotFoundException)
        {
            try
            {
                var (agent, definition, _) = await agents.DefinitionAsync(actor, agentId, VersionSelector.Draft, ct);
                return (agent.Number, definition);
            }
            catch (NotFoundException) { return null; }
        }
    }

    async Task<ChatTurnResult> RunAgentAsync(Actor actor, Guid organizationId, AgentDefinition agent, Guid? environmentId, List<ModelMessage> history, string message, CancellationToken ct)
    {
        if (agent.ModelId is not { } modelId) throw new ValidationException("modelId", $"The agent {agent.Name} has no model: choose one in its draft.");
        await using var db = dbs.Create();
        var endpoint = (await models.GetEndpointAsync(actor, modelId, organizationId, ct)).Endpoint;

        // The environment variables the agent may read, decrypted for this turn only.
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (environmentId is { } environment && agent.EnvironmentVariables.Count > 0)
        {
            var allowed = agent.EnvironmentVariables.ToList();
            var rows = await db.Variables.AsNoTracking().Where(v => v.EnvironmentId == environment && allowed.Contains(v.Name) && v.ProtectedValue != null)
                .Select(v => new { v.Name, v.ProtectedValue }).ToListAsync(ct);
            foreach (var row in rows) values[row.Name] = protector.Unprotect(row.ProtectedValue!);
        }
        var toolEnvironment = new ToolEnvironment(values, agent.EnvironmentVariables);
        var secrets = new List<string>(values.Values);

        var chatTools = new List<ChatTool>();
        var unavailable = new List<ChatStep>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < agent.ToolIds.Count; index++)
        {
            var toolId = agent.ToolIds[index];
            var resolved = await ToolVersionAsync(actor, toolId, ct);
            if (resolved is not { } tool)
            {
                unavailable.Add(UnavailableTool(index));
                continue;
            }
            var name = ToolName(tool.Definition.Name, names);
            var schema = JsonSerializer.SerializeToElement(tool.Definition.InputSchema);
            IChatToolExecutor executor;
            if (tool.Definition.Kind == ToolKind.Http && tool.Definition.Http is { } template)
            {
                var secretHeaders = await tools.SecretHeadersForRunAsync(actor, toolId, ct);
                secrets.AddRange(secretHeaders.Values);
                var headers = template.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value))
                    .Where(h => !secretHeaders.ContainsKey(h.Key))
                    .Concat(secretHeaders.Select(h => KeyValuePair.Create(h.Key, h.Value.Replace("{{", "{ {", StringComparison.Ordinal))))
                    .ToList();
                executor = http.For(new HttpToolRequestTemplate(template.Method, template.Url, headers, template.Body), toolEnvironment);
            }
            else if (tool.Definition.Kind == ToolKind.Mcp && tool.Definition.Mcp is { } binding)
                executor = McpExecutor(actor, binding);
            else
            {
                var reason = tool.Definition.Kind == ToolKind.Mcp
                    ? $"The MCP tool {tool.Definition.Name} has no server or tool name yet: complete it in the tool's draft."
                    : $"The tool {tool.Definition.Name} has no HTTP request yet: complete it in the tool's draft.";
                executor = new DelegateToolExecutor((_, _) => Task.FromResult(ToolExecutionResult.Failed(reason)));
            }
            chatTools.Add(new ChatTool(name, tool.Definition.Description ?? tool.Definition.Name, schema, executor));
        }
        // The agent's knowledge bases, searched with the message as the person chatting (see KnowledgeRetriever for why always, not a tool).
        var knowledge = await retriever.RetrieveAsync(actor, organizationId, agent.KnowledgeBaseIds, message, ct);
        var result = await runner.RunAsync(new ChatTurnRequest(endpoint, agent.SystemPrompt, history, message, chatTools) { Secrets = secrets, Knowledge = knowledge }, ct);
        return unavailable.Count == 0 ? result : result with { Steps = [.. unavailable, .. result.Steps] };
    }

    /// <summary>
    /// The step that tells the person one of the agent's tools was left out of the turn: it was deleted (purged, or in the
    /// trash) or is not shared with them, so the model was not offered it. It is named by its place in the agent's list: a
    /// purged tool's name is gone, and a tool the person cannot see is not named to them.
    /// </summary>
    internal static ChatStep UnavailableTool(int index) =>
        new(0, ChatStepKind.Tool, null, null, null, null,
            $"Tool {index + 1} of this agent is no longer available (deleted, in the trash, or not shared with you), so the model was not offered it: " +
            "remove it from the agent's tools, or restore it from the trash.", 0, 0, 0, "unavailable");

    /// <summary>
    /// An MCP tool runs through the MCP client (the server's write-only headers, the outbound address policy, its timeout): the
    /// server's structured or text answer goes to the model; a tool error or a failed connection is a failed step with the reason.
    /// </summary>
    IChatToolExecutor McpExecutor(Actor actor, McpToolBinding binding) => new DelegateToolExecutor(async (arguments, ct) =>
    {
        Mcp.McpToolCallResult result;
        try
        {
            result = await mcp.CallToolAsync(actor, binding.McpServerId, binding.ToolName, arguments.GetRawText(), ct);
        }
        catch (NotFoundException)
        {
            return ToolExecutionResult.Failed($"The MCP server of the tool {binding.ToolName} is no longer available (deleted, or in the trash): " +
                                              "choose another server in the tool's draft, or restore it from the trash.");
        }
        var detail = $"MCP {binding.ToolName} → {(result.Ok ? "ok" : result.IsToolError ? "tool error" : "failed")} in {result.LatencyMs} ms";
        return result.Ok ? new ToolExecutionResult(result.ResultForModel, false, detail) : ToolExecutionResult.Failed(result.ResultForModel, detail);
    });

    /// <summary>A tool's PUBLISHED version, or its draft while it has none; null when the caller no longer sees it.</summary>
    async Task<(Guid Id, ToolDefinition Definition)?> ToolVersionAsync(Actor actor, Guid toolId, CancellationToken ct)
    {
        foreach (var selector in new[] { VersionSelector.Published, VersionSelector.Draft })
        {
            try { return (toolId, (await tools.DefinitionAsync(actor, toolId, selector, ct)).Definition); }
            catch (NotFoundException) { }
        }
        return null;
    }

    /// <summary>A name a model accepts (letters, digits, '_' and '-', at most 64), unique in the turn.</summary>
    internal static string ToolName(string name, HashSet<string> taken)
    {
        var clean = new string(name.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
        if (clean.Length == 0) clean = "tool";
        if (clean.Length > 60) clean = clean[..60];
        var candidate = clean;
        for (var i = 2; !taken.Add(candidate); i++) candidate = $"{clean}_{i}";
        return candidate;
    }
}
