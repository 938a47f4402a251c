using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;

namespace Builder.Web.Features.Tables.Data;

/// <summary>
/// A column as the data page shows it: a user column (with its <see cref="ColumnView"/>) or one of the system columns
/// rowId, createdAt and updatedAt (read-only), with its type and the filter operators the domain takes for it.
/// </summary>
public sealed record GridColumnInfo(string Name, string Label, ColumnType Type, ColumnView? User)
{
    public bool IsSystem => User is null;

    public ColumnShape Shape => new(Type, User?.Options);

    /// <summary>The operators of the column's type as <c>table-options</c> lists them, the ones the filter parser takes.</summary>
    public IReadOnlyList<string> Operators { get; } = TableOptions.Operators(Type);

    public static IReadOnlyList<GridColumnInfo> Of(TableView table) =>
    [
        new(SystemColumns.Id, "rowId", ColumnType.Integer, null),
        .. table.Columns.Select(c => new GridColumnInfo(c.Name, c.Name, ColumnTypes.FromWireName(c.Type) ?? ColumnType.Text, c)),
        new(SystemColumns.CreatedAt, "createdAt", ColumnType.DateTime, null),
        new(SystemColumns.UpdatedAt, "updatedAt", ColumnType.DateTime, null),
    ];

    /// <summary>The operators' words in the builder.</summary>
    public static string OperatorLabel(string op) => op switch
    {
        "equals" => "equals",
        "not_equals" => "does not equal",
        "contains" => "contains",
        "starts_with" => "starts with",
        "ends_with" => "ends with",
        "greater_than" => "greater than",
        "less_than" => "less than",
        "exists" => "has a value",
        "not_exists" => "is empty",
        "in" => "is one of",
        _ => op,
    };
}
