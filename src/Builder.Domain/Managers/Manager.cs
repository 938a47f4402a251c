using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Versioning;

namespace Builder.Domain.Managers;

/// <summary>
/// A multi-agent manager of an organization: a router that hands each turn to one of its agents (owned, shared, trashed like
/// tables), with a public integer id (<see cref="VersionedResource.Number"/>: managerId) and versioned content (<see cref="ManagerDefinition"/>).
/// </summary>
public sealed class Manager : VersionedResource, IVersionedResource
{
    public const string KindName = "MANAGER";

    public static string ResourceType => ResourceTypes.Manager;
    public static ResourcePermissions Permissions { get; } = new(Access.Permissions.EntitiesRead, Access.Permissions.EntitiesUpdate, Access.Permissions.EntitiesDelete);
    public static string NotFoundMessage => ManagerService.NotFound;
    public static string Noun => "manager";
    public AuditSubject ToAuditSubject() => new(ResourceTypes.Manager, Id, Name, OrganizationId);
}

/// <summary>One agent a manager routes to, with a description of what it handles (what the routing model reads).</summary>
public sealed record ManagedAgent(Guid AgentId, string Handles);

/// <summary>What one version of a manager holds: its name, description, routing prompt, routing model and its agents.</summary>
public sealed record ManagerDefinition(
    string Name,
    string? Description,
    string? RoutingPrompt,
    Guid? ModelId,
    IReadOnlyList<ManagedAgent> Agents);

/// <summary>An edit of a manager's draft (or a new manager): null keeps; "" clears the description or routing prompt; <see cref="Agents"/> replaces the list.</summary>
public sealed record ManagerInput(
    string? Name = null,
    string? Description = null,
    string? RoutingPrompt = null,
    Guid? ModelId = null,
    bool ClearModel = false,
    IReadOnlyList<ManagedAgentInput>? Agents = null);

public sealed record ManagedAgentInput(Guid? AgentId, string? Handles);
