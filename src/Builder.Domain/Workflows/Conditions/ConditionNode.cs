using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>A parsed part of an entity condition: a <see cref="ConditionGroup"/> or a <see cref="ConditionRule"/>.</summary>
/// <param name="Location">Where it sits in the condition JSON, e.g. <c>$.conditions[1]</c>; the root is <c>$</c>.</param>
public abstract record ConditionNode(string Location);

/// <summary>
/// <c>{ "type": "group", "operator": "AND" | "OR", "conditions": [ … ] }</c>. An empty group is true whichever its
/// operator: it has nothing to fail, so a freshly created condition never blocks a workflow.
/// </summary>
public sealed record ConditionGroup(string Location, LogicalOperator Operator, IReadOnlyList<ConditionNode> Conditions)
    : ConditionNode(Location);

/// <summary><c>{ "type": "rule", "field": "message.type", "comparison": "equals", "value": "user.signup" }</c>.</summary>
/// <param name="Location">Where the rule sits in the condition JSON.</param>
/// <param name="Field">A <see cref="JsonFieldPath"/> into the evaluation context.</param>
/// <param name="Comparison">How the field is compared.</param>
/// <param name="Value">The expected value; null for <c>exists</c> / <c>not_exists</c> (or an explicit JSON null).</param>
public sealed record ConditionRule(string Location, string Field, ConditionComparison Comparison, JsonNode? Value)
    : ConditionNode(Location);

/// <summary>How a group combines its conditions.</summary>
public enum LogicalOperator
{
    /// <summary>Every condition must hold.</summary>
    And,
    /// <summary>At least one condition must hold.</summary>
    Or,
}
