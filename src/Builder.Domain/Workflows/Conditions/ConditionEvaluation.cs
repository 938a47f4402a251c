using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Builder.Domain.Workflows;

/// <summary>
/// The outcome of evaluating a condition, with enough detail for a UI to show why: every rule's evaluation and
/// every group's result. When the condition is invalid, <see cref="Result"/> is false and <see cref="Problems"/> says why.
/// </summary>
/// <param name="Result">Whether the condition holds.</param>
/// <param name="Rules">Every rule, in document order (all rules are evaluated; groups do not short-circuit).</param>
/// <param name="Groups">Every group, in document order.</param>
/// <param name="Problems">Why the condition could not be evaluated; empty when it was.</param>
/// <param name="Tree">The same outcomes as the tree they form: each group with its result and its rules and subgroups
/// nested under it. Null when there is no condition or it could not be evaluated. Not serialized (the flat lists carry
/// the same data).</param>
public sealed record ConditionEvaluation(
    bool Result,
    IReadOnlyList<RuleEvaluation> Rules,
    IReadOnlyList<GroupEvaluation> Groups,
    IReadOnlyList<ConditionProblem> Problems,
    [property: JsonIgnore] ConditionOutcome? Tree = null)
{
    /// <summary>The outcome when there is no condition: it passes.</summary>
    public static ConditionEvaluation NoCondition { get; } = new(true, [], [], []);

    /// <summary>True when the condition was valid and evaluated.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>True when the evaluation was stopped because it used up its time budget.</summary>
    public bool IsOverBudget => Problems.Any(p => p.Code == ConditionProblemCodes.OverBudget);

    /// <summary>The outcome for an invalid condition: false, with its problems.</summary>
    public static ConditionEvaluation Invalid(IReadOnlyList<ConditionProblem> problems) => new(false, [], [], problems);
}

/// <summary>How one rule fared, in the shape of the "Test Condition" response plus context.</summary>
/// <param name="Location">The rule's place in the condition JSON, e.g. <c>$.conditions[0]</c>.</param>
/// <param name="Field">The field path the rule reads.</param>
/// <param name="Operator">The comparison's JSON name, e.g. <c>equals</c>.</param>
/// <param name="FieldFound">Whether the field path exists in the context.</param>
/// <param name="EvaluatedValue">The field's value (a copy), or null when not found or JSON null.</param>
/// <param name="ExpectedValue">The rule's value (a copy).</param>
/// <param name="Result">Whether the rule holds.</param>
/// <param name="Error">Why the rule could not be evaluated properly (regex timeout, values that cannot be compared), or null.</param>
public sealed record RuleEvaluation(
    string Location,
    string Field,
    string Operator,
    bool FieldFound,
    JsonNode? EvaluatedValue,
    JsonNode? ExpectedValue,
    bool Result,
    string? Error);

/// <summary>How one group fared.</summary>
/// <param name="Location">The group's place in the condition JSON; the root group is <c>$</c>.</param>
/// <param name="Operator"><c>AND</c> or <c>OR</c>.</param>
/// <param name="ConditionCount">How many conditions the group holds.</param>
/// <param name="Result">Whether the group holds.</param>
public sealed record GroupEvaluation(string Location, string Operator, int ConditionCount, bool Result);

/// <summary>One node of <see cref="ConditionEvaluation.Tree"/>: a <see cref="GroupOutcome"/> or a <see cref="RuleOutcome"/>.</summary>
/// <param name="Location">Where it sits in the condition JSON.</param>
/// <param name="Result">Whether it holds.</param>
public abstract record ConditionOutcome(string Location, bool Result);

/// <summary>A group with its own result and the outcomes of its conditions, in order.</summary>
public sealed record GroupOutcome(GroupEvaluation Group, IReadOnlyList<ConditionOutcome> Children)
    : ConditionOutcome(Group.Location, Group.Result);

/// <summary>A rule's outcome.</summary>
public sealed record RuleOutcome(RuleEvaluation Rule) : ConditionOutcome(Rule.Location, Rule.Result);
