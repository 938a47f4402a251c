using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// What the engines need to know about a workflow entity. It is a plain input record so the engines stay pure;
/// persistence maps its own entity onto it.
/// </summary>
public sealed record WorkflowEntityDefinition
{
    /// <summary>The <c>tfCondition</c> value that turns on True/False branching.</summary>
    public const string TrueFalse = "True/False";

    /// <summary>The entity id that workflow nodes reference.</summary>
    public required Guid Id { get; init; }

    /// <summary>The entity's display name.</summary>
    public required string Name { get; init; }

    /// <summary>The entity's type name (see <see cref="WorkflowEntityTypes"/>).</summary>
    public required string EntityType { get; init; }

    /// <summary>The condition group tree (see <see cref="ConditionParser"/>); null means "always passes".</summary>
    public JsonNode? Condition { get; init; }

    /// <summary>The optional post-condition script. The engines never run it.</summary>
    public string? Script { get; init; }

    /// <summary><see cref="TrueFalse"/> to branch on the condition; anything else (or null) means no branching.</summary>
    public string? TfCondition { get; init; }

    /// <summary>Named arguments whose values may hold <c>{{path}}</c> templates.</summary>
    public IReadOnlyList<WorkflowEntityArgument> Arguments { get; init; } = [];

    /// <summary>True when <see cref="TfCondition"/> is "True/False" (trimmed, case-insensitive).</summary>
    public bool BranchesOnTrueFalse =>
        string.Equals(TfCondition?.Trim(), TrueFalse, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One entity argument: <c>argumentName</c>, <c>argumentValue</c> (may hold templates), <c>argumentDescription</c>.</summary>
public sealed record WorkflowEntityArgument(string Name, string? Value, string? Description = null);
