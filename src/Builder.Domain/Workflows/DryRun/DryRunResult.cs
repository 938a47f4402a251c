using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>The outcome of <see cref="WorkflowDryRunner.Run(WorkflowData, IReadOnlyDictionary{Guid, WorkflowEntityDefinition}, JsonNode?)"/>.</summary>
/// <param name="Steps">Every node visited, in the order visited (depth-first, children in order) — the path taken.</param>
/// <param name="Completed">False when the run was cut short (step, depth or time budget, unreadable message); <see cref="Message"/> says why.</param>
/// <param name="Message">Why the run was cut short, or null.</param>
public sealed record DryRunResult(IReadOnlyList<DryRunStep> Steps, bool Completed, string? Message = null)
{
    /// <summary>The visited nodes' ids (or paths when a node has no id), in order — what a canvas highlights.</summary>
    public IReadOnlyList<string> PathTaken => Steps.Select(s => s.NodeId ?? s.NodePath).ToArray();
}

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

/// <summary>What happened at a node.</summary>
public enum DryRunOutcome
{
    /// <summary>The node ran and the walk went on to its children (or its chosen True/False branch).</summary>
    Continued,
    /// <summary>The node's condition was false, so its branch stops here.</summary>
    Stopped,
    /// <summary>The node could not run (entity not found, invalid condition), so its branch stops here.</summary>
    Failed,
}

/// <summary>The branch a True/False node took.</summary>
public enum DryRunBranch
{
    /// <summary>The node does not branch on True/False.</summary>
    None,
    /// <summary>The condition held: the first child was taken.</summary>
    True,
    /// <summary>The condition failed: the second child was taken.</summary>
    False,
}

/// <summary>An entity argument after substitution.</summary>
/// <param name="Name">The argument name.</param>
/// <param name="Template">The argument value as written, e.g. <c>{{message.user.id}}</c>.</param>
/// <param name="Value">The substituted value; typed when the template is exactly one placeholder.</param>
/// <param name="Description">The argument description.</param>
/// <param name="SubstitutionsMade">The placeholders replaced.</param>
/// <param name="Unresolved">The placeholder names that did not resolve.</param>
public sealed record SubstitutedArgument(
    string Name,
    string? Template,
    JsonNode? Value,
    string? Description,
    IReadOnlyList<SubstitutionMade> SubstitutionsMade,
    IReadOnlyList<string> Unresolved);

/// <summary>Budgets that keep a dry run bounded.</summary>
public sealed record DryRunLimits
{
    /// <summary>The defaults: 5,000 steps, depth 64, 5 seconds.</summary>
    public static DryRunLimits Default { get; } = new();

    /// <summary>Most nodes visited.</summary>
    public int MaxSteps { get; init; } = 5_000;

    /// <summary>Deepest node visited; the root is at depth 1.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Longest a run may take (regex timeouts add up on large workflows).</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(5);
}
