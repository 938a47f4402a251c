namespace Builder.Domain.Tables.Filters;

/// <summary>The operators' wire names and which ones each column type supports (what <c>table-options</c> lists).</summary>
public static class FilterOperators
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

    private static readonly FilterOperator[] Presence = [FilterOperator.Exists, FilterOperator.NotExists];

    private static readonly FilterOperator[] Text =
    [
        FilterOperator.Equals, FilterOperator.NotEquals, FilterOperator.Contains, FilterOperator.StartsWith, FilterOperator.EndsWith,
        FilterOperator.In, .. Presence,
    ];

    private static readonly FilterOperator[] Ordered =
        [FilterOperator.Equals, FilterOperator.NotEquals, FilterOperator.GreaterThan, FilterOperator.LessThan, FilterOperator.In, .. Presence];

    private static readonly FilterOperator[] Discrete = [FilterOperator.Equals, FilterOperator.NotEquals, FilterOperator.In, .. Presence];

    /// <summary>
    /// The operators a column of <paramref name="type"/> supports. Text: equality, the three LIKEs and <c>in</c>; numbers and dates:
    /// equality, order and <c>in</c>; a single select and a link: equality and <c>in</c>; a boolean: equality; a multi-select:
    /// <c>contains</c> (holds that option); long text has no <c>in</c>; JSON and file: only whether there is a value. Every type: exists, not_exists.
    /// </summary>
    public static IReadOnlyList<FilterOperator> For(ColumnType type) => type switch
    {
        ColumnType.Text => Text,
        ColumnType.LongText => Text.Where(o => o != FilterOperator.In).ToArray(),
        ColumnType.Integer or ColumnType.Decimal or ColumnType.Date or ColumnType.DateTime => Ordered,
        ColumnType.SingleSelect or ColumnType.Link => Discrete,
        ColumnType.Boolean => [FilterOperator.Equals, FilterOperator.NotEquals, .. Presence],
        ColumnType.MultiSelect => [FilterOperator.Contains, .. Presence],
        _ => Presence,
    };

    /// <summary>The operators of a system column: id and the dates as their types; createdBy (a member id) equality and <c>in</c>.</summary>
    public static IReadOnlyList<FilterOperator> For(Rows.QueryColumn column) =>
        column.System == Rows.SystemColumn.CreatedBy ? Discrete : For(column.Type);
}
