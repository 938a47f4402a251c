using Builder.Domain.Chat;

namespace Builder.Domain.Conversations;

public sealed record ConversationSummary(long ConversationId, ConversationResourceType ResourceType, Guid ResourceId, int VersionNumber, Guid? EnvironmentId,
    string Title, string StartedBy, DateTime StartedAt, DateTime LastMessageAt, int MessageCount, int InputTokens, int OutputTokens);

public sealed record ConversationMessageView(long MessageId, int Sequence, string Role, string Text, IReadOnlyList<ChatStep> Steps, int InputTokens, int OutputTokens,
    long? LatencyMs, string? Outcome, string? Error, Guid? RoutedAgentId, string? RoutedAgentName, string? RoutingReason, bool RoutingFellBack, DateTime CreatedAt);

public sealed record EvaluationView(string UserName, bool ThumbsUp, string? Comment, DateTime CreatedAt, DateTime UpdatedAt, bool Mine);

public sealed record ConversationDetail(ConversationSummary Conversation, IReadOnlyList<ConversationMessageView> Messages, IReadOnlyList<EvaluationView> Evaluations);

/// <summary>Where a new conversation starts: the resource, the version being tried (0 for the draft), and the environment its tools use.</summary>
public sealed record NewConversation(ConversationResourceType ResourceType, Guid ResourceId, int VersionNumber, Guid? EnvironmentId = null);

/// <summary>
/// One turn to store: the person's message and the answer with its steps, tokens and time (a <see cref="ChatTurnResult"/>),
/// and for a manager the agent it was routed to.
/// </summary>
public sealed record ConversationTurn(string UserText, ChatTurnResult Result, RoutedTo? Routing = null);

public sealed record RoutedTo(Guid AgentId, string AgentName, string Reason, bool FellBack);

/// <summary>A person's evaluation: thumbs up (true) or down (false) and an optional comment.</summary>
public sealed record EvaluationInput(bool? ThumbsUp, string? Comment);

/// <summary>Which conversations: all versions or one, optionally only one person's.</summary>
public sealed record ConversationFilter(int? VersionNumber = null, bool MineOnly = false);

/// <summary>The statistics period: days from <see cref="From"/> to <see cref="To"/> (UTC, inclusive; default the last 30 days, at most 366).</summary>
public sealed record StatisticsQuery(DateOnly? From = null, DateOnly? To = null, int? VersionNumber = null);

public sealed record DailyStatistics(DateOnly Day, int Conversations, int Messages, int InputTokens, int OutputTokens);

public sealed record ConversationStatistics(
    DateOnly From,
    DateOnly To,
    int Conversations,
    int Messages,
    long InputTokens,
    long OutputTokens,
    long? LatencyP50Ms,
    long? LatencyP95Ms,
    int ThumbsUp,
    int ThumbsDown,
    /// <summary>Thumbs up as a share of all evaluations (0 to 1); null without evaluations.</summary>
    double? EvaluationScore,
    IReadOnlyList<DailyStatistics> Days);
