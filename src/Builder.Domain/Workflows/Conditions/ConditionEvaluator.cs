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
/// <c>matches</c> is a .NET regular expression, run on the linear-time engine when the pattern allows it
/// (<see cref="ConditionRegex"/>) and with a timeout (<see cref="RegexTimeout"/>, default 100 ms): a pattern that runs too
/// long fails with an error instead of holding the server.</para>
/// <para>Cost: the whole evaluation shares one <see cref="EvaluationBudget"/> (<see cref="ConditionLimits.EvaluationBudget"/>,
/// default 2 seconds); no regex match may outlast what is left of it, and when it runs out the evaluation stops with an
/// <see cref="ConditionProblemCodes.OverBudget"/> problem. With at most <see cref="ConditionLimits.MaxParts"/> rules,
/// one evaluation is bounded whatever its patterns.</para>
/// </remarks>
public sealed class ConditionEvaluator(ConditionLimits? limits = null)
{
    /// <summary>The default time a <c>matches</c> rule may spend on one value.</summary>
    public static readonly TimeSpan DefaultRegexTimeout = ConditionLimits.Default.RegexTimeout;

    /// <summary>An evaluator with the default limits.</summary>
    public static ConditionEvaluator Default { get; } = new();

    /// <summary>The budgets this evaluator applies.</summary>
    public ConditionLimits Limits { get; } = limits ?? ConditionLimits.Default;

    /// <summary>The time a <c>matches</c> rule may spend on one value.</summary>
    public TimeSpan RegexTimeout => Limits.RegexTimeout;

    /// <summary>Parses and evaluates condition JSON; a null condition passes; an invalid one fails with its problems.</summary>
    /// <param name="budget">The deadline to share (a dry run passes one for its whole walk); a fresh <see cref="ConditionLimits.EvaluationBudget"/> when null.</param>
    public ConditionEvaluation Evaluate(JsonNode? condition, JsonNode? context, EvaluationBudget? budget = null)
    {
        var parsed = ConditionParser.Parse(condition);
        return parsed.IsValid ? Evaluate(parsed.Condition, context, budget) : ConditionEvaluation.Invalid(parsed.Problems);
    }

    /// <summary>Evaluates a parsed condition; null passes. An unreadable context (repeated property names) is reported as a problem.</summary>
    public ConditionEvaluation Evaluate(ConditionNode? condition, JsonNode? context, EvaluationBudget? budget = null)
    {
        if (condition is null) return ConditionEvaluation.NoCondition;
        if (JsonInput.FindProblem(context, "context") is { } problem)
            return ConditionEvaluation.Invalid([new ConditionProblem("context", ConditionProblemCodes.InvalidJson, problem)]);
        return EvaluateReadable(condition, context, budget);
    }

    /// <summary>
    /// Evaluates against a context already checked with <see cref="JsonInput"/>. When the budget runs out the outcome
    /// is invalid with one <see cref="ConditionProblemCodes.OverBudget"/> problem (see <see cref="ConditionEvaluation.IsOverBudget"/>).
    /// </summary>
    internal ConditionEvaluation EvaluateReadable(ConditionNode? condition, JsonNode? context, EvaluationBudget? budget = null)
    {
        if (condition is null) return ConditionEvaluation.NoCondition;
        budget ??= Limits.StartBudget();
        var rules = new List<RuleEvaluation>();
        var groups = new List<GroupEvaluation>();
        try
        {
            var tree = Evaluate(condition, context, rules, groups, budget);
            return new ConditionEvaluation(tree.Result, rules, groups, [], tree);
        }
        catch (ConditionBudgetExceededException over)
        {
            return ConditionEvaluation.Invalid([new ConditionProblem("$", ConditionProblemCodes.OverBudget, over.Message)]);
        }
    }

    private ConditionOutcome Evaluate(ConditionNode node, JsonNode? context, List<RuleEvaluation> rules, List<GroupEvaluation> groups, EvaluationBudget budget)
    {
        switch (node)
        {
            case ConditionRule rule:
                if (budget.IsExhausted) throw new ConditionBudgetExceededException(budget);
                var evaluation = EvaluateRule(rule, context, budget);
                rules.Add(evaluation);
                return new RuleOutcome(evaluation);
            case ConditionGroup group:
                var slot = groups.Count;
                groups.Add(null!);
                var children = group.Conditions.Select(c => Evaluate(c, context, rules, groups, budget)).ToList();
                var result = children.Count == 0 || (group.Operator == LogicalOperator.And ? children.All(r => r.Result) : children.Any(r => r.Result));
                var evaluated = new GroupEvaluation(group.Location, group.Operator.ToString().ToUpperInvariant(), children.Count, result);
                groups[slot] = evaluated;
                return new GroupOutcome(evaluated, children);
            default:
                throw new ArgumentOutOfRangeException(nameof(node), node, "Unknown condition node.");
        }
    }

    /// <summary>Evaluates one rule against the context.</summary>
    private RuleEvaluation EvaluateRule(ConditionRule rule, JsonNode? context, EvaluationBudget budget)
    {
        var found = JsonFieldPath.TryResolve(context, rule.Field, out var actual);
        var (result, error) = RuleComparer.Compare(rule, found, actual, RegexTimeout, budget);
        return new RuleEvaluation(rule.Location, rule.Field, rule.Comparison.ToName(), found,
            actual?.DeepClone(), rule.Value?.DeepClone(), result, error);
    }
}
