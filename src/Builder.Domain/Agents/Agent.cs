using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Versioning;

namespace Builder.Domain.Agents;

/// <summary>What kind of agent it is: a chat (CONVERSATIONAL), a phone or voice agent (VOICE), or one that runs a task to its end (TASK).</summary>
public enum AgentType
{
    Conversational,
    Voice,
    Task,
}

/// <summary>
/// An AI agent of an organization (owned, shared, trashed like tables), with a public integer id (<see cref="VersionedResource.Number"/>:
/// agentId). Its content is versioned (<see cref="AgentDefinition"/> in <see cref="ResourceVersion"/> rows).
/// </summary>
public sealed class Agent : VersionedResource, IVersionedResource
{
    public static string ResourceType => ResourceTypes.Agent;
    public static ResourcePermissions Permissions { get; } = new(Access.Permissions.EntitiesRead, Access.Permissions.EntitiesUpdate, Access.Permissions.EntitiesDelete);
    public static string NotFoundMessage => AgentService.NotFound;
    public static string Noun => "agent";
    public AuditSubject ToAuditSubject() => new(ResourceTypes.Agent, Id, Name, OrganizationId);
}

/// <summary>
/// What one version of an agent holds: its name, description and type, the system prompt, the model (the organization's or a
/// visible system model), the tools it may call, the knowledge bases (AutessaDB tables of kind knowledge base) it searches,
/// and the names of the environment variables it may read (their values stay write-only in the variables).
/// </summary>
public sealed record AgentDefinition(
    string Name,
    string? Description,
    AgentType AgentType,
    string? SystemPrompt,
    Guid? ModelId,
    IReadOnlyList<Guid> ToolIds,
    IReadOnlyList<Guid> KnowledgeBaseIds,
    IReadOnlyList<string> EnvironmentVariables);

/// <summary>
/// An edit of an agent's draft (or a new agent): fields left null keep their value; "" clears the description or the system
/// prompt; <see cref="ClearModel"/> removes the model; a list replaces the whole list. <see cref="AgentType"/> is a wire name
/// (CONVERSATIONAL, VOICE, TASK).
/// </summary>
public sealed record AgentInput(
    string? Name = null,
    string? Description = null,
    string? AgentType = null,
    string? SystemPrompt = null,
    Guid? ModelId = null,
    bool ClearModel = false,
    IReadOnlyList<Guid>? ToolIds = null,
    IReadOnlyList<Guid>? KnowledgeBaseIds = null,
    IReadOnlyList<string>? EnvironmentVariables = null);

public static class AgentTypes
{
    public static IReadOnlyList<AgentType> All { get; } = Enum.GetValues<AgentType>();

    public static string WireName(this AgentType type) => type.ToString().ToUpperInvariant();

    public static AgentType? FromWireName(string? text) =>
        All.Cast<AgentType?>().FirstOrDefault(t => string.Equals(t!.Value.WireName(), text?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Choices => string.Join(", ", All.Select(t => t.WireName()));
}
