namespace Builder.Web.Api.Poweruser.Agents;

/// <summary><c>{ "agentId": 123, "version"?: { "versionState", "versionNumber" } }</c>.</summary>
public sealed record AgentIdRequest([property: PoweruserId] long? AgentId, VersionBody? Version = null);

/// <summary>
/// A new agent, or (with <c>agentId</c>) an edit of its draft where left-out fields keep their value:
/// <c>{ agentName, agentDescription?, agentType? (CONVERSATIONAL | VOICE | TASK), systemPrompt?, modelId? (a model's id),
/// clearModel?, toolIds? [toolId], knowledgeBaseIds? [tableId of a knowledge base], environmentVariables? [NAME] }</c>.
/// </summary>
public sealed record AgentBody(
    [property: PoweruserId] long? AgentId = null,
    string? AgentName = null,
    string? AgentDescription = null,
    string? AgentType = null,
    string? SystemPrompt = null,
    Guid? ModelId = null,
    bool? ClearModel = null,
    [property: PoweruserId] IReadOnlyList<long>? ToolIds = null,
    [property: PoweruserId] IReadOnlyList<long>? KnowledgeBaseIds = null,
    IReadOnlyList<string>? EnvironmentVariables = null);

/// <summary><c>{ "agentId": 123, "note"?: "…" }</c>.</summary>
public sealed record PublishAgentRequest([property: PoweruserId] long? AgentId, string? Note = null);

/// <summary><c>{ "agentId": 123, "versionNumber"?: 2, "note"?: "…" }</c>: without a number, the version published before the current one.</summary>
public sealed record RollbackAgentRequest([property: PoweruserId] long? AgentId, int? VersionNumber = null, string? Note = null);

/// <summary>An agent in a list: the draft's name, description and type, and its published version.</summary>
public sealed record AgentSummaryDto(int AgentId, string AgentName, string? AgentDescription, string AgentType, int? PublishedVersion,
    bool HasUnpublishedChanges, DateTime CreatedAt, DateTime UpdatedAt, string? Owner, string? SharingLevel, string? UserAccessLevel);

/// <summary>An agent with the definition of one version (<c>version</c> says which).</summary>
public sealed record AgentDto(int AgentId, string AgentName, string? AgentDescription, string AgentType, string? SystemPrompt, Guid? ModelId,
    IReadOnlyList<int> ToolIds, IReadOnlyList<int> KnowledgeBaseIds, IReadOnlyList<string> EnvironmentVariables, VersionDto Version,
    int? PublishedVersion, int LatestVersion, bool HasUnpublishedChanges, DateTime CreatedAt, DateTime UpdatedAt, string? Owner,
    string? SharingLevel, string? UserAccessLevel);

public sealed record AllAgentsResponse(IReadOnlyList<AgentSummaryDto> OwnedAgents, IReadOnlyList<AgentSummaryDto> CompanySharedAgents,
    IReadOnlyList<AgentSummaryDto> SharedWithMeAgents) : PoweruserResult;

public sealed record AgentResponse(AgentDto Agent) : PoweruserResult;

public sealed record CreateAgentResponse(int AgentId, AgentDto Agent) : PoweruserResult;

/// <summary>A publish or rollback: the new published version's number and the agent as published.</summary>
public sealed record PublishedAgentResponse(int AgentId, int VersionNumber, AgentDto Agent) : PoweruserResult;

public sealed record AgentVersionsResponse(int AgentId, IReadOnlyList<VersionDto> Versions) : PoweruserResult;
