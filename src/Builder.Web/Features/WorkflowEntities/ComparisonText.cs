using Builder.Domain.Workflows;

namespace Builder.Web.Features.WorkflowEntities;

/// <summary>How the builder names each comparison, and what it suggests typing as the value.</summary>
public static class ComparisonText
{
    public static string Label(string comparison) => ConditionComparisons.TryParse(comparison, out var c) ? c switch
    {
        ConditionComparison.Equal => "equals",
        ConditionComparison.NotEqual => "does not equal",
        ConditionComparison.Contains => "contains",
        ConditionComparison.StartsWith => "starts with",
        ConditionComparison.EndsWith => "ends with",
        ConditionComparison.GreaterThan => "is greater than",
        ConditionComparison.LessThan => "is less than",
        ConditionComparison.Exists => "exists",
        ConditionComparison.NotExists => "does not exist",
        ConditionComparison.In => "is one of",
        ConditionComparison.Matches => "matches pattern",
        _ => comparison,
    } : comparison;

    public static string Placeholder(string comparison) => ConditionComparisons.TryParse(comparison, out var c) ? c switch
    {
        ConditionComparison.In => "a, b, c  or  [\"a\", \"b\"]",
        ConditionComparison.GreaterThan or ConditionComparison.LessThan => "a number or 2024-01-15",
        ConditionComparison.Matches => "^user\\.(signup|login)$",
        _ => "value",
    } : "value";
}
