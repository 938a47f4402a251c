using Builder.Domain.Sharing;

namespace Builder.Domain.Conversations;

/// <summary>What a conversation is with: an agent or a manager (their test chats share this store).</summary>
public enum ConversationResourceType
{
    Agent,
    Manager,
}

/// <summary>
/// A stored conversation with one version of an agent or a manager: keyed by the resource's type, id, version number and
/// organization. <see cref="Id"/> is the integer conversationId of the API. Totals are kept up to date as turns are added.
/// </summary>
public sealed class Conversation
{
    public const int TitleMax = 120;
    public const int NameMax = 256;

    public long Id { get; set; }
    public Guid OrganizationId { get; set; }
    public ConversationResourceType ResourceType { get; set; }
    public Guid ResourceId { get; set; }
    /// <summary>The version tried: its number, or <see cref="DraftVersion"/> (0) for the draft.</summary>
    public int VersionNumber { get; set; }
    public const int DraftVersion = 0;
    /// <summary>The environment whose variables the tools used; null when none.</summary>
    public Guid? EnvironmentId { get; set; }
    /// <summary>The first user message, cut to <see cref="TitleMax"/>.</summary>
    public string Title { get; set; } = "";
    public Guid StartedById { get; set; }
    public string StartedByName { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public DateOnly StartedOn { get; set; }
    public DateTime LastMessageAt { get; set; }
    public int MessageCount { get; set; }
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
}

/// <summary>
/// One message: the person's ("user") or the agent's ("assistant") with its tool steps (JSON of <see cref="Chat.ChatStep"/>,
/// secrets already redacted by the chat), tokens, latency and, for a manager's turn, the agent it went to.
/// Resource columns are repeated from the conversation so statistics read one table.
/// </summary>
public sealed class ConversationMessage
{
    public const int TextMax = 64_000;
    public const int UserTextMax = 32_000;
    public const int StepsJsonMax = 512 * 1024;
    public const int ErrorMax = 2_000;
    public const int ReasonMax = 1_000;

    public long Id { get; set; }
    public long ConversationId { get; set; }
    public Guid OrganizationId { get; set; }
    public ConversationResourceType ResourceType { get; set; }
    public Guid ResourceId { get; set; }
    public int VersionNumber { get; set; }
    /// <summary>0, 1, 2 … in the conversation.</summary>
    public int Sequence { get; set; }
    public string Role { get; set; } = "";
    public string Text { get; set; } = "";
    public string? StepsJson { get; set; }
    public int ToolCallCount { get; set; }
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
    /// <summary>The whole turn's time, on the assistant's message; null on the person's.</summary>
    public long? LatencyMs { get; set; }
    public string? Outcome { get; set; }
    public string? Error { get; set; }
    public Guid? RoutedAgentId { get; set; }
    public string? RoutedAgentName { get; set; }
    public string? RoutingReason { get; set; }
    public bool RoutingFellBack { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateOnly CreatedOn { get; set; }
}

/// <summary>A person's evaluation of a conversation: thumbs up or down with a comment; one per person and conversation, editable.</summary>
public sealed class ConversationEvaluation
{
    public const int CommentMax = 2_000;

    public long Id { get; set; }
    public long ConversationId { get; set; }
    public Guid OrganizationId { get; set; }
    public ConversationResourceType ResourceType { get; set; }
    public Guid ResourceId { get; set; }
    public int VersionNumber { get; set; }
    public Guid UserId { get; set; }
    public string UserName { get; set; } = "";
    public bool ThumbsUp { get; set; }
    public string? Comment { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The agent or manager a conversation belongs to, as the caller may see it.</summary>
public sealed record ConversationResource(ConversationResourceType Type, Guid Id, Guid OrganizationId, string Name, AccessLevel Access);

/// <summary>
/// Finds an agent or manager for the conversation service and says what the actor may do with it. Implemented by the
/// agents glue (agents and managers are owned, shared resources); null means the actor cannot see it (another
/// organization's, or unknown): the service answers 404.
/// </summary>
public interface IConversationResourceAccess
{
    Task<ConversationResource?> FindAsync(Access.Actor actor, ConversationResourceType type, Guid resourceId, CancellationToken cancellationToken = default);
}

/// <summary>Until the agents glue registers the real one: no agent or manager is found (every conversation call is 404).</summary>
public sealed class NoConversationResources : IConversationResourceAccess
{
    public Task<ConversationResource?> FindAsync(Access.Actor actor, ConversationResourceType type, Guid resourceId, CancellationToken cancellationToken = default) =>
        Task.FromResult<ConversationResource?>(null);
}
