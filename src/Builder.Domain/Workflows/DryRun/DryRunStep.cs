namespace Builder.Domain.Workflows;

/// <summary>One visited node.</summary>
/// <param name="NodePath">Where the node is, e.g. <c>$.root.children[1]</c>.</param>
/// <param name="NodeId">The node's canvas id, or null.</param>
/// <param name="Name">The node's name.</param>
/// <param name="EntityId">The entity the node runs.</param>
/// <param name="EntityName">The entity's name, or null when it was not found.</param>
/// <param name="EntityType">The entity's type (the node's when the entity was not found).</param>
/// <param name="Outcome">Whether the walk continued past this node.</param>
/// <param name="Branch">For a True/False node, the branch taken; otherwise <see cref="DryRunBranch.None"/>.</param>
/// <param name="Condition">The condition's evaluation with per-rule details, or null when the entity was not found.</param>
/// <param name="Arguments">The entity's arguments with templates substituted; empty unless the node ran (<see cref="DryRunOutcome.Continued"/>).</param>
/// <param name="ScriptSkipped">True when the entity has a post-condition script, which a dry run never runs.</param>
/// <param name="Message">A sentence explaining a stop, a failure or an unreachable child, or null.</param>
public sealed record DryRunStep(
    string NodePath,
    string? NodeId,
    string Name,
    Guid EntityId,
    string? EntityName,
    string EntityType,
    DryRunOutcome Outcome,
    DryRunBranch Branch,
    ConditionEvaluation? Condition,
    IReadOnlyList<SubstitutedArgument> Arguments,
    bool ScriptSkipped,
    string? Message);
