using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

public sealed record WorkflowView(Guid Id, Guid OrganizationId, Guid EnvironmentId, string Name, string? Description,
    JsonNode WorkflowData, DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy, Guid Version);

/// <summary>A list row: the workflow without its (possibly large) tree.</summary>
public sealed record WorkflowSummary(Guid Id, Guid OrganizationId, Guid EnvironmentId, string Name, string? Description,
    DateTime UpdatedAt, string UpdatedBy, Guid Version);

public sealed record WorkflowInput(string? Name, string? Description, JsonNode? WorkflowData);

public sealed record WorkflowFilter(Guid? OrganizationId, Guid? EnvironmentId);
