namespace Builder.Domain.Workflows;

/// <summary>
/// The comparisons a rule can make. Their JSON names are listed in <see cref="ConditionComparisons"/>; the semantics
/// are documented on <see cref="ConditionEvaluator"/>.
/// </summary>
public enum ConditionComparison
{
    /// <summary><c>equals</c></summary>
    Equal,
    /// <summary><c>not_equals</c></summary>
    NotEqual,
    /// <summary><c>contains</c></summary>
    Contains,
    /// <summary><c>starts_with</c></summary>
    StartsWith,
    /// <summary><c>ends_with</c></summary>
    EndsWith,
    /// <summary><c>greater_than</c></summary>
    GreaterThan,
    /// <summary><c>less_than</c></summary>
    LessThan,
    /// <summary><c>exists</c></summary>
    Exists,
    /// <summary><c>not_exists</c></summary>
    NotExists,
    /// <summary><c>in</c></summary>
    In,
    /// <summary><c>matches</c></summary>
    Matches,
}

/// <summary>The JSON names of <see cref="ConditionComparison"/> values.</summary>
public static class ConditionComparisons
{
    private static readonly Dictionary<ConditionComparison, string> Names = new()
    {
        [ConditionComparison.Equal] = "equals",
        [ConditionComparison.NotEqual] = "not_equals",
        [ConditionComparison.Contains] = "contains",
        [ConditionComparison.StartsWith] = "starts_with",
        [ConditionComparison.EndsWith] = "ends_with",
        [ConditionComparison.GreaterThan] = "greater_than",
        [ConditionComparison.LessThan] = "less_than",
        [ConditionComparison.Exists] = "exists",
        [ConditionComparison.NotExists] = "not_exists",
        [ConditionComparison.In] = "in",
        [ConditionComparison.Matches] = "matches",
    };

    private static readonly Dictionary<string, ConditionComparison> ByName =
        Names.ToDictionary(n => n.Value, n => n.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every JSON name, in declaration order (for pickers and error messages).</summary>
    public static IReadOnlyList<string> All { get; } = Names.Values.ToArray();

    /// <summary>The JSON name, e.g. <c>not_equals</c>.</summary>
    public static string ToName(this ConditionComparison comparison) => Names[comparison];

    /// <summary>Reads a JSON name (case-insensitive).</summary>
    public static bool TryParse(string? name, out ConditionComparison comparison) =>
        ByName.TryGetValue(name?.Trim() ?? "", out comparison);

    /// <summary>True when the comparison takes no value (<c>exists</c>, <c>not_exists</c>).</summary>
    public static bool TakesNoValue(this ConditionComparison comparison) =>
        comparison is ConditionComparison.Exists or ConditionComparison.NotExists;
}
