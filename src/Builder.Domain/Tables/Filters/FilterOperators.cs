namespace Builder.Domain.Tables.Filters;

/// <summary>The operators' wire names and which ones each column type supports (what <c>table-options</c> lists).</summary>
public static class FilterOperatorExtensions
{
    private static readonly (FilterOperator Operator, string Wire)[] Names =
    [
        (FilterOperator.Equals, "equals"),
        (FilterOperator.NotEquals, "not_equals"),
        (FilterOperator.Contains, "contains"),
        (FilterOperator.StartsWith, "starts_with"),
        (FilterOperator.EndsWith, "ends_with"),
        (FilterOperator.GreaterThan, "greater_than"),
        (FilterOperator.LessThan, "less_than"),
        (FilterOperator.Exists, "exists"),
        (FilterOperator.NotExists, "not_exists"),
        (FilterOperator.In, "in"),
    ];

    public static IReadOnlyList<FilterOperator> All { get; } = Names.Select(n => n.Operator).ToArray();

    public static string WireName(this FilterOperator op) => Names.First(n => n.Operator == op).Wire;

    public static FilterOperator? FromWireName(string? wire) =>
        Names.FirstOrDefault(n => n.Wire == wire) is { Wire: not null } hit ? hit.Operator : null;

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
