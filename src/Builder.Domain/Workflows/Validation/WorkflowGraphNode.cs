namespace Builder.Domain.Workflows;

/// <summary>
/// A node in the flat form a canvas may keep: each node names its parent (<see cref="ParentId"/> null or empty
/// for the root). Validate a list of them with <see cref="WorkflowGraphValidator"/>.
/// </summary>
public sealed record WorkflowGraphNode(
    string Id,
    string? ParentId,
    string Name,
    Guid EntityId,
    string EntityType,
    NodePresentation Presentation);
