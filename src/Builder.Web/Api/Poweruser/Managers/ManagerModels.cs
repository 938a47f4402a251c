namespace Builder.Web.Api.Poweruser.Managers;

/// <summary><c>{ "managerId": 123, "version"?: { "versionState", "versionNumber" } }</c>.</summary>
public sealed record ManagerIdRequest([property: PoweruserId] long? ManagerId, VersionBody? Version = null);

/// <summary>One agent a manager routes to: <c>{ agentId, handles }</c> (what kind of request it takes).</summary>
public sealed record ManagedAgentBody([property: PoweruserId] long? AgentId = null, string? Handles = null);

/// <summary>
/// A new manager, or (with <c>managerId</c>) an edit of its draft where left-out fields keep their value:
/// <c>{ managerName, managerDescription?, routingPrompt?, modelId?, clearModel?, agents?: [{ agentId, handles }] }</c>.
/// </summary>
public sealed record ManagerBody(
    [property: PoweruserId] long? ManagerId = null,
    string? ManagerName = null,
    string? ManagerDescription = null,
    string? RoutingPrompt = null,
    Guid? ModelId = null,
    bool? ClearModel = null,
    IReadOnlyList<ManagedAgentBody>? Agents = null);

public sealed record PublishManagerRequest([property: PoweruserId] long? ManagerId, string? Note = null);

public sealed record RollbackManagerRequest([property: PoweruserId] long? ManagerId, int? VersionNumber = null, string? Note = null);

public sealed record ManagerSummaryDto(int ManagerId, string ManagerName, string? ManagerDescription, int? PublishedVersion, bool HasUnpublishedChanges,
    DateTime CreatedAt, DateTime UpdatedAt, string? Owner, string? SharingLevel, string? UserAccessLevel);

/// <summary>An agent of a manager; <c>agentId</c> is null when that agent is no longer there.</summary>
public sealed record ManagedAgentDto(int? AgentId, string Handles);

public sealed record ManagerDto(int ManagerId, string ManagerName, string? ManagerDescription, string? RoutingPrompt, Guid? ModelId,
    IReadOnlyList<ManagedAgentDto> Agents, VersionDto Version, int? PublishedVersion, int LatestVersion, bool HasUnpublishedChanges,
    DateTime CreatedAt, DateTime UpdatedAt, string? Owner, string? SharingLevel, string? UserAccessLevel);

public sealed record AllManagersResponse(IReadOnlyList<ManagerSummaryDto> OwnedManagers, IReadOnlyList<ManagerSummaryDto> CompanySharedManagers,
    IReadOnlyList<ManagerSummaryDto> SharedWithMeManagers) : PoweruserResult;

public sealed record ManagerResponse(ManagerDto Manager) : PoweruserResult;

public sealed record CreateManagerResponse(int ManagerId, ManagerDto Manager) : PoweruserResult;

public sealed record PublishedManagerResponse(int ManagerId, int VersionNumber, ManagerDto Manager) : PoweruserResult;

public sealed record ManagerVersionsResponse(int ManagerId, IReadOnlyList<VersionDto> Versions) : PoweruserResult;
