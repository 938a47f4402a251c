using System.Text.Json.Nodes;
using Builder.Domain.Sharing;

namespace Builder.Domain.Workflows;

public sealed record WorkflowView(Guid Id, Guid OrganizationId, Guid EnvironmentId, string Name, string? Description,
    JsonNode WorkflowData, DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy, Guid Version) : OwnedView;

/// <summary>A list row: the workflow without its (possibly large) tree.</summary>
public sealed record WorkflowSummary(Guid Id, Guid OrganizationId, Guid EnvironmentId, string Name, string? Description,
    DateTime UpdatedAt, string UpdatedBy, Guid Version) : OwnedView;

public sealed record WorkflowInput(string? Name, string? Description, JsonNode? WorkflowData);

/// <summary>Which workflows to list: an organization's or an environment's, optionally only owned by me, company-wide or shared with me.</summary>
public sealed record WorkflowFilter(Guid? OrganizationId, Guid? EnvironmentId, OwnershipFilter? Ownership = null);
