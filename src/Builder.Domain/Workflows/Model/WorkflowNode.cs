namespace Builder.Domain.Workflows;

/// <summary>
/// One node of a workflow tree. It places a reusable workflow entity (<see cref="EntityId"/>) on the canvas
/// and lists its children in order (the order matters for True/False branching, see <see cref="WorkflowDryRunner"/>).
/// </summary>
/// <param name="Name">The label shown on the canvas.</param>
/// <param name="EntityId">The workflow entity this node runs.</param>
/// <param name="EntityType">The entity's type name (<c>event</c>, <c>prompt</c>, <c>action</c>, <c>result</c>; compared case-insensitively).</param>
/// <param name="Presentation">Shape and canvas position.</param>
/// <param name="Children">Child nodes, in order.</param>
public sealed record WorkflowNode(
    string Name,
    Guid EntityId,
    string EntityType,
    NodePresentation Presentation,
    IReadOnlyList<WorkflowNode> Children)
{
    /// <summary>An optional stable node id (the JSON <c>id</c> property) that the canvas may add; null when absent.</summary>
    public string? Id { get; init; }
}
