using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Evaluates entity conditions against a JSON context (for workflows, <c>{ "message": … }</c>; see
/// <see cref="WorkflowDryRunner"/>). Pure and thread-safe.
/// </summary>
/// <remarks>
/// <para>Groups: AND needs every condition, OR needs one; an <b>empty group is true</b> for either operator
/// (AND of none is true, and an empty OR is treated the same so an unfinished condition never blocks).
/// Every rule is evaluated, without short-circuiting, so each carries its own result.</para>
/// <para>Fields are <see cref="JsonFieldPath"/>s. A field that does not exist fails every comparison except
/// <c>not_exists</c> and <c>not_equals</c>; <see cref="RuleEvaluation.FieldFound"/> tells the two cases apart.</para>
/// <para>Comparisons (text comparisons are ordinal and case-sensitive):
/// <c>equals</c>/<c>not_equals</c> compare numerically when either side is a JSON number and both read as numbers
/// (so <c>"5"</c> equals <c>5</c>), as booleans when either side is a JSON boolean (<c>"true"</c> equals <c>true</c>),
/// structurally for objects and arrays, and as text otherwise.
/// <c>contains</c> checks a substring of text, or membership (by <c>equals</c>) in an array field.
/// <c>starts_with</c>/<c>ends_with</c> work on text. <c>greater_than</c>/<c>less_than</c> compare numbers, or
/// ISO 8601 dates when both sides are dates; anything else is an error.
/// <c>exists</c> means present and not null; <c>not_exists</c> is its opposite.
/// <c>in</c> takes an array or a comma-separated list (items trimmed) and checks the field equals one of them.
/// <c>matches</c> is a .NET regular expression with a timeout (<see cref="RegexTimeout"/>, default 100 ms): a pattern
/// that runs too long fails with an error instead of holding the server.</para>
/// </remarks>
public sealed class ConditionEvaluator(TimeSpan? regexTimeout = null)
{
    /// <summary>The default time a <c>matches</c> rule may spend on one value.</summary>
    public static readonly TimeSpan DefaultRegexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>An evaluator with the default regex timeout.</summary>
    public static ConditionEvaluator Default { get; } = new();

    /// <summary>The time a <c>matches</c> rule may spend on one value.</summary>
    public TimeSpan RegexTimeout { get; } = regexTimeout ?? DefaultRegexTimeout;

    /// <summary>Parses and evaluates condition JSON; a null condition passes; an invalid one fails with its problems.</summary>
    public ConditionEvaluation Evaluate(JsonNode? condition, JsonNode? context)
    {
        var parsed = ConditionParser.Parse(condition);
        return parsed.IsValid ? Evaluate(parsed.Condition, context) : ConditionEvaluation.Invalid(parsed.Problems);
    }

    /// <summary>Evaluates a parsed condition; null passes. An unreadable context (repeated property names) is reported as a problem.</summary>
    public ConditionEvaluation Evaluate(ConditionNode? condition, JsonNode? context)
    {
        if (condition is null) return ConditionEvaluation.NoCondition;
        if (JsonInput.FindProblem(context, "context") is { } problem)
            return ConditionEvaluation.Invalid([new ConditionProblem("context", ConditionProblemCodes.InvalidJson, problem)]);
        return EvaluateReadable(condition, context);
    }

    /// <summary>Evaluates against a context already checked with <see cref="JsonInput"/>.</summary>
    internal ConditionEvaluation EvaluateReadable(ConditionNode? condition, JsonNode? context)
    {
        if (condition is null) return ConditionEvaluation.NoCondition;
        var rules = new List<RuleEvaluation>();
        var groups = new List<GroupEvaluation>();
        var result = Evaluate(condition, context, rules, groups);
        return new ConditionEvaluation(result, rules, groups, []);
    }

    private bool Evaluate(ConditionNode node, JsonNode? context, List<RuleEvaluation> rules, List<GroupEvaluation> groups)
    {
        switch (node)
        {
            case ConditionRule rule:
                var evaluation = EvaluateRule(rule, context);
                rules.Add(evaluation);
                return evaluation.Result;
            case ConditionGroup group:
                var slot = groups.Count;
                groups.Add(null!);
                var results = group.Conditions.Select(c => Evaluate(c, context, rules, groups)).ToList();
                var result = results.Count == 0 || (group.Operator == LogicalOperator.And ? results.All(r => r) : results.Any(r => r));
                groups[slot] = new GroupEvaluation(group.Location, group.Operator.ToString().ToUpperInvariant(), results.Count, result);
                return result;
            default:
                throw new ArgumentOutOfRangeException(nameof(node), node, "Unknown condition node.");
        }
    }

    /// <summary>Evaluates one rule against the context.</summary>
    private RuleEvaluation EvaluateRule(ConditionRule rule, JsonNode? context)
    {
        var found = JsonFieldPath.TryResolve(context, rule.Field, out var actual);
        var (result, error) = RuleComparer.Compare(rule, found, actual, RegexTimeout);
        return new RuleEvaluation(rule.Location, rule.Field, rule.Comparison.ToName(), found,
            actual?.DeepClone(), rule.Value?.DeepClone(), result, error);
    }
}
