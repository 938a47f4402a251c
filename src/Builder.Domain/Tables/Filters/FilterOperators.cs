using Builder.Domain.Workflows;

namespace Builder.Domain.Tables.Filters;

/// <summary>The operators' wire names and which ones each column type supports (what <c>table-options</c> lists).</summary>
public static class FilterOperatorExtensions
{
    // The names are the condition builder's (ConditionComparisons, Workflows): one list of comparison names. A filter
    // operator is the comparison of the same name; the builder's "matches" (a regular expression) has no filter operator.
    private static readonly (FilterOperator Operator, ConditionComparison Comparison)[] Comparisons =
    [
        (FilterOperator.Equals, ConditionComparison.Equal),
        (FilterOperator.NotEquals, ConditionComparison.NotEqual),
        (FilterOperator.Contains, ConditionComparison.Contains),
        (FilterOperator.StartsWith, ConditionComparison.StartsWith),
        (FilterOperator.EndsWith, ConditionComparison.EndsWith),
        (FilterOperator.GreaterThan, ConditionComparison.GreaterThan),
        (FilterOperator.LessThan, ConditionComparison.LessThan),
        (FilterOperator.Exists, ConditionComparison.Exists),
        (FilterOperator.NotExists, ConditionComparison.NotExists),
        (FilterOperator.In, ConditionComparison.In),
    ];

    public static IReadOnlyList<FilterOperator> All { get; } = Comparisons.Select(n => n.Operator).ToArray();

    /// <summary>The condition builder's comparison this operator is.</summary>
    public static ConditionComparison Comparison(this FilterOperator op) => Comparisons.First(n => n.Operator == op).Comparison;

    /// <summary>The wire name: the comparison's (<see cref="ConditionComparisons.ToName"/>), e.g. <c>not_equals</c>.</summary>
    public static string WireName(this FilterOperator op) => op.Comparison().ToName();

    /// <summary>The operator of a wire name (exact, lower case), or null.</summary>
    public static FilterOperator? FromWireName(string? wire)
    {
        foreach (var (op, comparison) in Comparisons)
            if (comparison.ToName() == wire) return op;
        return null;
    }

    /// <summary>
    /// The operators a column of <paramref name="type"/> supports: what <c>table-options</c> lists (<see cref="TableOptions.Operators"/>,
    /// the one place that says it). On a multi-select, <c>equals</c>/<c>not_equals</c> compare the whole list (an array, in its
    /// order), <c>contains</c> means "holds this option" and <c>in</c> "holds any of these options".
    /// </summary>
    public static IReadOnlyList<FilterOperator> For(ColumnType type) =>
        TableOptions.Operators(type).Select(wire => FromWireName(wire) ?? throw new InvalidOperationException($"Unknown operator {wire}")).ToArray();

    /// <summary>The operators of a system column: id and the dates as their types; createdBy (a member id) equality and <c>in</c>.</summary>
    public static IReadOnlyList<FilterOperator> For(Rows.QueryColumn column) =>
        column.System == Rows.SystemColumn.CreatedBy
            ? [FilterOperator.Equals, FilterOperator.NotEquals, FilterOperator.In, FilterOperator.Exists, FilterOperator.NotExists]
            : For(column.Type);
}
