namespace Builder.Domain.Workflows;

/// <summary>Why a condition is not valid, with where in the condition JSON (e.g. <c>$.conditions[0].comparison</c>).</summary>
/// <param name="Location">JSON-path-like location in the condition.</param>
/// <param name="Code">A code from <see cref="ConditionProblemCodes"/>.</param>
/// <param name="Message">A sentence a person can act on.</param>
public sealed record ConditionProblem(string Location, string Code, string Message);

/// <summary>The codes a <see cref="ConditionProblem"/> can carry.</summary>
public static class ConditionProblemCodes
{
    /// <summary>The text is not JSON.</summary>
    public const string InvalidJson = "invalid_json";
    /// <summary>A value has the wrong JSON type.</summary>
    public const string InvalidType = "invalid_type";
    /// <summary><c>type</c> is neither <c>group</c> nor <c>rule</c>.</summary>
    public const string UnknownConditionType = "unknown_condition_type";
    /// <summary>A group's <c>operator</c> is neither AND nor OR.</summary>
    public const string InvalidOperator = "invalid_operator";
    /// <summary>A required property is absent.</summary>
    public const string MissingField = "missing_field";
    /// <summary>A rule's <c>field</c> is not a valid dotted path.</summary>
    public const string InvalidFieldPath = "invalid_field_path";
    /// <summary>A rule's <c>comparison</c> is not one of the known names.</summary>
    public const string UnknownComparison = "unknown_comparison";
    /// <summary>A rule's <c>value</c> does not suit its comparison.</summary>
    public const string InvalidValue = "invalid_value";
    /// <summary>A <c>matches</c> pattern is not a valid regular expression.</summary>
    public const string InvalidPattern = "invalid_pattern";
    /// <summary>Groups are nested deeper than <see cref="ConditionParser.MaxNesting"/>.</summary>
    public const string TooDeep = "too_deep";
    /// <summary>The condition has more than <see cref="ConditionParser.MaxConditions"/> groups and rules.</summary>
    public const string TooLarge = "too_large";
    /// <summary>Evaluating the condition used up its time budget (<see cref="ConditionLimits.EvaluationBudget"/>).</summary>
    public const string OverBudget = "over_budget";
}
