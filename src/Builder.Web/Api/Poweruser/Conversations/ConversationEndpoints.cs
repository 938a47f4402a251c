using Builder.Domain.Agents;
using Builder.Domain.Chat;
using Builder.Domain.Common;
using Builder.Domain.Conversations;
using Builder.Domain.Managers;

namespace Builder.Web.Api.Poweruser.Conversations;

/// <summary>
/// The conversations of agents' and managers' test chats in the poweruser API: agents' <c>/conversations/history</c>,
/// <c>/submit-evaluation</c> and <c>/statistics</c>, managers' <c>/conversations</c>, <c>/conversation</c> and
/// <c>/statistics</c>, over <see cref="ConversationService"/> (VIEW on the agent or manager reads, a role above Guest
/// evaluates; another organization's is 404). Ids are the agents' and managers' integer ids and the integer conversationId.
/// </summary>
public static class ConversationEndpoints
{
    public static RouteGroupBuilder MapConversationEndpoints(this RouteGroupBuilder poweruser)
    {
        var agents = poweruser.MapGroup("/agents").WithTags("Poweruser: Agents");
        var managers = poweruser.MapGroup("/managers").WithTags("Poweruser: Managers");

        agents.MapPoweruser<AgentConversationsRequest, ConversationHistoryResponse>("/conversations/history", async (body, call) =>
            {
                var (number, id) = await AgentAsync(call, body.AgentId);
                if (body.ConversationId is { } conversationId)
                {
                    var detail = await call.Service<ConversationService>().GetAsync(call.Actor, conversationId, ConversationResourceType.Agent, id, call.Aborted);
                    return new ConversationHistoryResponse(number, null, Dto(detail), null, null, null);
                }
                var page = await ListAsync(call, ConversationResourceType.Agent, id, body.VersionNumber, body.Page, body.Limit);
                return new ConversationHistoryResponse(number, page.Items.Select(Dto).ToList(), null, page.Page, page.Limit, page.Total);
            })
            .WithSummary("An agent's conversations, newest first: { agentId, page?, limit?, versionNumber? (0 = the draft) }; with conversationId, that conversation's messages, their steps (the knowledge base search, model and tool calls) and evaluations");

        agents.MapPoweruser<EvaluationRequest, EvaluationResponse>("/submit-evaluation", async (body, call) =>
            {
                var (number, id) = await AgentAsync(call, body.AgentId);
                var conversationId = ApiResults.Required(body.ConversationId, "conversationId");
                bool? thumbsUp = body.ThumbsUp ?? body.Rating?.Trim().ToUpperInvariant() switch
                {
                    "UP" or "THUMBS_UP" or "POSITIVE" => true,
                    "DOWN" or "THUMBS_DOWN" or "NEGATIVE" => false,
                    null => null,
                    _ => throw new ValidationException("rating", "rating must be UP or DOWN (or send thumbsUp: true or false)."),
                };
                var evaluation = await call.Service<ConversationService>().EvaluateAsync(call.Actor, conversationId, new EvaluationInput(thumbsUp, body.Comment),
                    ConversationResourceType.Agent, id, call.Aborted);
                return new EvaluationResponse(number, conversationId, Dto(evaluation));
            })
            .WithSummary("Your evaluation of one of an agent's conversations (one per person, sending again changes it): { agentId, conversationId, thumbsUp: true|false (or rating: UP|DOWN), comment? }");

        agents.MapPoweruser<AgentStatisticsRequest, AgentStatisticsResponse>("/statistics", async (body, call) =>
            {
                var (number, id) = await AgentAsync(call, body.AgentId);
                var stats = await call.Service<ConversationService>().StatisticsAsync(call.Actor, ConversationResourceType.Agent, id,
                    new StatisticsQuery(body.From, body.To, body.VersionNumber), call.Aborted);
                return new AgentStatisticsResponse(number, stats);
            })
            .WithSummary("An agent's usage: conversations and messages per day, tokens, latency p50/p95 and the evaluation score: { agentId, from?, to? (yyyy-MM-dd, default the last 30 days), versionNumber? }");

        managers.MapPoweruser<ManagerConversationsRequest, ManagerConversationsResponse>("/conversations", async (body, call) =>
            {
                var (number, id) = await ManagerAsync(call, body.ManagerId);
                var page = await ListAsync(call, ConversationResourceType.Manager, id, body.VersionNumber, body.Page, body.Limit);
                return new ManagerConversationsResponse(number, page.Items.Select(Dto).ToList(), page.Page, page.Limit, page.Total);
            })
            .WithSummary("A manager's conversations, newest first: { managerId, page?, limit?, versionNumber? (0 = the draft) }");

        managers.MapPoweruser<ManagerConversationRequest, ManagerConversationResponse>("/conversation", async (body, call) =>
            {
                var (number, id) = await ManagerAsync(call, body.ManagerId);
                var conversationId = ApiResults.Required(body.ConversationId, "conversationId");
                var detail = await call.Service<ConversationService>().GetAsync(call.Actor, conversationId, ConversationResourceType.Manager, id, call.Aborted);
                return new ManagerConversationResponse(number, Dto(detail));
            })
            .WithSummary("One of a manager's conversations: each turn with the agent it went to, the tool steps and the evaluations: { managerId, conversationId }");

        managers.MapPoweruser<ManagerStatisticsRequest, ManagerStatisticsResponse>("/statistics", async (body, call) =>
            {
                var (number, id) = await ManagerAsync(call, body.ManagerId);
                var stats = await call.Service<ConversationService>().StatisticsAsync(call.Actor, ConversationResourceType.Manager, id,
                    new StatisticsQuery(body.From, body.To, body.VersionNumber), call.Aborted);
                return new ManagerStatisticsResponse(number, stats);
            })
            .WithSummary("A manager's usage: conversations and messages per day, tokens, latency p50/p95 and the evaluation score: { managerId, from?, to?, versionNumber? }");

        return poweruser;
    }

    static async Task<(int Number, Guid Id)> AgentAsync(PoweruserCall call, long? agentId)
    {
        var number = ApiResults.Required(agentId, "agentId");
        return ((int)number, await call.Service<AgentService>().IdOfAsync(call.Actor, call.OrganizationId, number, call.Aborted));
    }

    static async Task<(int Number, Guid Id)> ManagerAsync(PoweruserCall call, long? managerId)
    {
        var number = ApiResults.Required(managerId, "managerId");
        return ((int)number, await call.Service<ManagerService>().IdOfAsync(call.Actor, call.OrganizationId, number, call.Aborted));
    }

    static Task<PagedResult<ConversationSummary>> ListAsync(PoweruserCall call, ConversationResourceType type, Guid id, int? version, int? page, int? limit) =>
        call.Service<ConversationService>().ListAsync(call.Actor, type, id, new ConversationFilter(version), new PageRequest(page ?? 1, limit ?? 20), call.Aborted);

    static ConversationDto Dto(ConversationSummary c) => new(c.ConversationId, c.VersionNumber, c.Title, c.StartedBy, c.StartedAt, c.LastMessageAt,
        c.MessageCount, c.InputTokens, c.OutputTokens);

    static ConversationDetailDto Dto(ConversationDetail d) => new(Dto(d.Conversation),
        d.Messages.Select(m => new MessageDto(m.Sequence, m.Role, m.Text, m.InputTokens, m.OutputTokens, m.LatencyMs, m.Outcome, m.Error,
            m.RoutedAgentName, m.RoutingReason, m.RoutedAgentName is null ? null : m.RoutingFellBack,
            m.Steps.Select(s => new StepDto(s.Round, s.Kind.ToString().ToUpperInvariant(), s.ToolName, s.Arguments, s.Result, s.Error,
                s.InputTokens, s.OutputTokens, s.LatencyMs, s.Detail, s.Truncated, Dto(s.Retrieval))).ToList())).ToList(),
        d.Evaluations.Select(Dto).ToList());

    static RetrievalDto? Dto(KnowledgeRetrieval? r) => r is null ? null : new(r.Query, r.KnowledgeBasesSearched,
        r.Passages.Select(p => new PassageDto(p.KnowledgeBaseId, p.KnowledgeBase, p.Source, p.HeadingPath, p.Page, p.Score, p.Text, p.Used, p.LeftOut)).ToList(),
        r.Notes);

    static EvaluationDto Dto(EvaluationView e) => new(e.UserName, e.ThumbsUp ? "UP" : "DOWN", e.ThumbsUp, e.Comment, e.CreatedAt, e.UpdatedAt, e.Mine);
}

public sealed record AgentConversationsRequest([property: PoweruserId] long? AgentId, [property: PoweruserId] long? ConversationId = null,
    int? VersionNumber = null, int? Page = null, int? Limit = null);

public sealed record EvaluationRequest([property: PoweruserId] long? AgentId, [property: PoweruserId] long? ConversationId, bool? ThumbsUp = null,
    string? Rating = null, string? Comment = null);

public sealed record AgentStatisticsRequest([property: PoweruserId] long? AgentId, DateOnly? From = null, DateOnly? To = null, int? VersionNumber = null);

public sealed record ManagerConversationsRequest([property: PoweruserId] long? ManagerId, int? VersionNumber = null, int? Page = null, int? Limit = null);

public sealed record ManagerConversationRequest([property: PoweruserId] long? ManagerId, [property: PoweruserId] long? ConversationId);

public sealed record ManagerStatisticsRequest([property: PoweruserId] long? ManagerId, DateOnly? From = null, DateOnly? To = null, int? VersionNumber = null);

/// <summary>A conversation in a list: its id, the version it was with (0 the draft), title, who started it, when, and its totals.</summary>
public sealed record ConversationDto(long ConversationId, int VersionNumber, string Title, string StartedBy, DateTime StartedAt, DateTime LastMessageAt,
    int MessageCount, int InputTokens, int OutputTokens);

/// <summary>One step of a turn: a model call (tokens, latency) or a tool call (arguments, result or error); secrets are redacted.</summary>
public sealed record StepDto(int Round, string Kind, string? ToolName, string? Arguments, string? Result, string? Error, int InputTokens, int OutputTokens,
    long LatencyMs, string? Detail, bool Truncated, RetrievalDto? Retrieval = null);

/// <summary>A RETRIEVAL step's search of the agent's knowledge bases: the query, how many were searched, every passage found (best first) and notes (a knowledge base skipped, with the reason).</summary>
public sealed record RetrievalDto(string Query, int KnowledgeBasesSearched, IReadOnlyList<PassageDto> Passages, IReadOnlyList<string> Notes);

/// <summary>A passage found: its knowledge base (integer id and name), document, headings, page, similarity, text, and whether it was given to the model (else why not).</summary>
public sealed record PassageDto(int KnowledgeBaseId, string KnowledgeBase, string Source, string? HeadingPath, int? Page, double Score, string Text, bool Used, string? LeftOut);

public sealed record MessageDto(int Sequence, string Role, string Text, int InputTokens, int OutputTokens, long? LatencyMs, string? Outcome, string? Error,
    string? RoutedAgent, string? RoutingReason, bool? RoutingFellBack, IReadOnlyList<StepDto> Steps);

public sealed record EvaluationDto(string EvaluatedBy, string Rating, bool ThumbsUp, string? Comment, DateTime CreatedAt, DateTime UpdatedAt, bool Mine);

public sealed record ConversationDetailDto(ConversationDto Conversation, IReadOnlyList<MessageDto> Messages, IReadOnlyList<EvaluationDto> Evaluations);

public sealed record ConversationHistoryResponse(int AgentId, IReadOnlyList<ConversationDto>? Conversations, ConversationDetailDto? Conversation,
    int? Page, int? Limit, int? Total) : PoweruserResult;

public sealed record EvaluationResponse(int AgentId, long ConversationId, EvaluationDto Evaluation) : PoweruserResult;

public sealed record AgentStatisticsResponse(int AgentId, ConversationStatistics Statistics) : PoweruserResult;

public sealed record ManagerStatisticsResponse(int ManagerId, ConversationStatistics Statistics) : PoweruserResult;

public sealed record ManagerConversationsResponse(int ManagerId, IReadOnlyList<ConversationDto> Conversations, int Page, int Limit, int Total) : PoweruserResult;

public sealed record ManagerConversationResponse(int ManagerId, ConversationDetailDto Conversation) : PoweruserResult;
