using System.Text.Json.Nodes;

namespace Builder.Domain.Tables;

/// <summary>
/// The type of a user column of an AutessaDB table. Its wire name (in the API, in <c>table-options</c>, in CSV mapping) is
/// <see cref="ColumnTypes.WireName"/>: <c>text</c>, <c>long_text</c>, <c>integer</c>, <c>decimal</c>, <c>boolean</c>, <c>date</c>,
/// <c>datetime</c>, <c>single_select</c>, <c>multi_select</c>, <c>json</c>, <c>file</c>, <c>link</c>.
/// </summary>
/// <remarks>
/// The .NET shape of a stored value, for every piece of code that reads or writes cells (null is an empty cell for every type):
/// <list type="bullet">
/// <item><see cref="Text"/>, <see cref="LongText"/>, <see cref="SingleSelect"/>: <see cref="string"/> (a single select holds one of the column's options);</item>
/// <item><see cref="Integer"/>: <see cref="long"/>; <see cref="Decimal"/>: <see cref="decimal"/>; <see cref="Boolean"/>: <see cref="bool"/>;</item>
/// <item><see cref="Date"/>: <see cref="DateOnly"/>; <see cref="DateTime"/>: <see cref="System.DateTime"/> in UTC (Kind Utc);</item>
/// <item><see cref="MultiSelect"/>: <see cref="IReadOnlyList{T}"/> of <see cref="string"/>, each one of the column's options, no duplicates;</item>
/// <item><see cref="Json"/>: <see cref="JsonNode"/> (any JSON value);</item>
/// <item><see cref="File"/>: <see cref="FileCell"/>; <see cref="Link"/>: <see cref="long"/>, the row id of a row of the linked table.</item>
/// </list>
/// </remarks>
public enum ColumnType
{
    Text,
    LongText,
    Integer,
    Decimal,
    Boolean,
    Date,
    DateTime,
    SingleSelect,
    MultiSelect,
    Json,
    File,
    Link,
}

/// <summary>A file stored in the blob store and referenced by a file cell: its store key, name as uploaded, size and content type.</summary>
public sealed record FileCell(string Key, string Name, long Size, string ContentType);

/// <summary>What a value conversion needs to know about a column: its type and, for the selects, its options.</summary>
public sealed record ColumnShape(ColumnType Type, IReadOnlyList<string>? Options = null);

public static class ColumnTypes
{
    private static readonly (ColumnType Type, string Wire, string Label)[] Names =
    [
        (ColumnType.Text, "text", "Text"),
        (ColumnType.LongText, "long_text", "Long text"),
        (ColumnType.Integer, "integer", "Integer"),
        (ColumnType.Decimal, "decimal", "Decimal"),
        (ColumnType.Boolean, "boolean", "Boolean"),
        (ColumnType.Date, "date", "Date"),
        (ColumnType.DateTime, "datetime", "Date and time"),
        (ColumnType.SingleSelect, "single_select", "Single select"),
        (ColumnType.MultiSelect, "multi_select", "Multiple select"),
        (ColumnType.Json, "json", "JSON"),
        (ColumnType.File, "file", "File"),
        (ColumnType.Link, "link", "Link to a row"),
    ];

    public static IReadOnlyList<ColumnType> All { get; } = Names.Select(n => n.Type).ToArray();

    /// <summary>The API's name: <c>long_text</c>, <c>single_select</c>…</summary>
    public static string WireName(this ColumnType type) => Names.First(n => n.Type == type).Wire;

    /// <summary>What a person reads: "Long text", "Single select"…</summary>
    public static string Label(this ColumnType type) => Names.First(n => n.Type == type).Label;

    /// <summary>The type of a wire name (exact, lower case), or null for an unknown one.</summary>
    public static ColumnType? FromWireName(string? wire) =>
        Names.FirstOrDefault(n => n.Wire == wire) is { Wire: not null } hit ? hit.Type : null;

    /// <summary>True for the types whose options a column lists (single and multiple select).</summary>
    public static bool HasOptions(this ColumnType type) => type is ColumnType.SingleSelect or ColumnType.MultiSelect;

    /// <summary>True for the types that may be searchable (vector-indexed for semantic search).</summary>
    public static bool CanBeSearchable(this ColumnType type) => type is ColumnType.Text or ColumnType.LongText;
}
