using Builder.Domain.Tables.Values;
using Builder.Domain.Workflows;

namespace Builder.Domain.Tables;

/// <summary>
/// The comparison names of a row filter: the condition builder's (<see cref="ConditionComparisons"/>), those a filter
/// supports (<see cref="Filters.FilterOperatorExtensions"/>); not a list of their own.
/// </summary>
public static class FilterOperators
{
    public static readonly string Equal = Name(Filters.FilterOperator.Equals), NotEqual = Name(Filters.FilterOperator.NotEquals),
        Contains = Name(Filters.FilterOperator.Contains), StartsWith = Name(Filters.FilterOperator.StartsWith), EndsWith = Name(Filters.FilterOperator.EndsWith),
        GreaterThan = Name(Filters.FilterOperator.GreaterThan), LessThan = Name(Filters.FilterOperator.LessThan), Exists = Name(Filters.FilterOperator.Exists),
        NotExists = Name(Filters.FilterOperator.NotExists), In = Name(Filters.FilterOperator.In);

    public static IReadOnlyList<string> All { get; } = Filters.FilterOperatorExtensions.All.Select(Name).ToArray();

    private static string Name(Filters.FilterOperator op) => Filters.FilterOperatorExtensions.WireName(op);
}

/// <summary>The limits of a table's schema and of a batch of rows.</summary>
public static class TableLimits
{
    public const int ColumnsPerTable = 200;

    /// <summary>Characters of a table or column name (an identifier, <see cref="TableNames.Pattern"/>).</summary>
    public const int NameLength = AutessaTable.NameMax;

    public const int DescriptionLength = AutessaTable.DescriptionMax;
    public const int OptionsPerSelect = ColumnLimits.OptionsPerSelect;
    public const int OptionLength = ColumnLimits.OptionLength;

    /// <summary>Rows one insert, update or delete batch may carry.</summary>
    public const int RowsPerBatch = 1_000;
}

/// <summary>One column type in <c>table-options</c>: its wire name and label, its filter operators and what a column of it can be.</summary>
public sealed record ColumnTypeOption(string Type, string Label, IReadOnlyList<string> Operators, bool Indexable, bool Unique, bool Searchable, bool HasOptions);

public sealed record TableLimitsView(int ColumnsPerTable, int NameLength, int DescriptionLength, int OptionsPerSelect, int OptionLength, int RowsPerBatch);

/// <summary>What <c>table-options</c> answers: the types, every operator name, the system columns and the limits.</summary>
public sealed record TableOptionsView(IReadOnlyList<ColumnTypeOption> Types, IReadOnlyList<string> Operators, IReadOnlyList<string> SystemColumns,
    string NamePattern, TableLimitsView Limits);

/// <summary>The one place that says which operators a type supports and which types can be indexed, unique or searchable.</summary>
public static class TableOptions
{
    /// <summary>
    /// The operators of a type: equals, not_equals, exists, not_exists and in for every type but JSON and file (which have only
    /// exists and not_exists); contains/starts_with/ends_with for text and long text (contains for a multiple select: has the
    /// option); greater_than/less_than for numbers and dates.
    /// </summary>
    public static IReadOnlyList<string> Operators(ColumnType type) => type switch
    {
        ColumnType.Text or ColumnType.LongText =>
            [FilterOperators.Equal, FilterOperators.NotEqual, FilterOperators.Contains, FilterOperators.StartsWith, FilterOperators.EndsWith,
             FilterOperators.Exists, FilterOperators.NotExists, FilterOperators.In],
        ColumnType.Integer or ColumnType.Decimal or ColumnType.Date or ColumnType.DateTime =>
            [FilterOperators.Equal, FilterOperators.NotEqual, FilterOperators.GreaterThan, FilterOperators.LessThan,
             FilterOperators.Exists, FilterOperators.NotExists, FilterOperators.In],
        ColumnType.MultiSelect =>
            [FilterOperators.Equal, FilterOperators.NotEqual, FilterOperators.Contains, FilterOperators.Exists, FilterOperators.NotExists, FilterOperators.In],
        ColumnType.Json or ColumnType.File => [FilterOperators.Exists, FilterOperators.NotExists],
        _ => [FilterOperators.Equal, FilterOperators.NotEqual, FilterOperators.Exists, FilterOperators.NotExists, FilterOperators.In],
    };

    /// <summary>Whether a column of the type can have a plain or a unique index (not long text, multiple select, JSON, file).</summary>
    public static bool CanBeIndexed(this ColumnType type) =>
        type is not (ColumnType.LongText or ColumnType.MultiSelect or ColumnType.Json or ColumnType.File);

    public static TableOptionsView Current { get; } = new(
        ColumnTypes.All.Select(t => new ColumnTypeOption(t.WireName(), t.Label(), Operators(t), t.CanBeIndexed(), t.CanBeIndexed(),
            t.CanBeSearchable(), t.HasOptions())).ToList(),
        FilterOperators.All,
        TableNames.SystemColumns,
        TableNames.Pattern,
        new TableLimitsView(TableLimits.ColumnsPerTable, TableLimits.NameLength, TableLimits.DescriptionLength, TableLimits.OptionsPerSelect,
            TableLimits.OptionLength, TableLimits.RowsPerBatch));
}
