using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Builder.Domain.Sharing;

namespace Builder.Domain.Tables;

/// <summary>
/// A column as a person or the API defines it: <c>{ name, type, required?, unique?, indexed?, searchable?, options?, default? }</c>
/// with the type's wire name (<see cref="ColumnTypes.WireName"/>); a link column names the table it links to.
/// </summary>
public sealed record ColumnInput(
    string? Name,
    string? Type,
    bool? Required = null,
    bool? Unique = null,
    bool? Indexed = null,
    bool? Searchable = null,
    IReadOnlyList<string>? Options = null,
    JsonNode? Default = null,
    Guid? LinkTableId = null);

/// <summary>A new table: its name (an identifier), description and first columns.</summary>
public sealed record TableInput(string? Name, string? Description = null, IReadOnlyList<ColumnInput>? Columns = null);

/// <summary>An edit of a table's name or description (null keeps the value; "" clears the description).</summary>
public sealed record TableUpdate(string? Name = null, string? Description = null);

/// <summary>
/// A change of a column's flags, options or default; null keeps what it is. <see cref="ClearDefault"/> removes the default
/// (a null <see cref="Default"/> alone keeps it).
/// </summary>
/// <param name="Options">A select's options after the change, in order (null: the current ones, with <paramref name="RenameOptions"/> applied).</param>
/// <param name="RenameOptions">Options renamed, old name → new name: the cells holding the old name (and the default) follow.</param>
/// <param name="EmptyRemovedOptions">
/// Confirms that cells holding an option that goes away lose it (a single select becomes empty, a multiple select drops it).
/// Without it, removing an option rows use is refused, saying how many rows use it.
/// </param>
public sealed record ColumnChange(
    bool? Required = null,
    bool? Unique = null,
    bool? Indexed = null,
    bool? Searchable = null,
    IReadOnlyList<string>? Options = null,
    JsonNode? Default = null,
    bool ClearDefault = false,
    IReadOnlyDictionary<string, string>? RenameOptions = null,
    bool EmptyRemovedOptions = false);

/// <summary>
/// A column's new type (wire name); for a select, its options (left out: the column's current options); for a link, the
/// linked table.
/// </summary>
public sealed record TypeChange(string? Type, IReadOnlyList<string>? Options = null, Guid? LinkTableId = null);

public sealed record ColumnView(
    Guid Id,
    string Name,
    string Type,
    string TypeLabel,
    int Position,
    bool Required,
    bool Unique,
    bool Indexed,
    bool Searchable,
    IReadOnlyList<string> Options,
    JsonNode? Default,
    Guid? LinkTableId);

/// <summary>
/// A table as the console and the API show it: <see cref="TableId"/> is the public integer id (<c>tableId</c>), the
/// columns are in their order. <see cref="ConcurrencyToken"/> is the ETag, not part of the JSON.
/// </summary>
public sealed record TableView(
    Guid Id,
    int TableId,
    Guid OrganizationId,
    string Name,
    string? Description,
    string Kind,
    IReadOnlyList<ColumnView> Columns,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string UpdatedBy,
    [property: JsonIgnore] Guid ConcurrencyToken) : OwnedView;

/// <summary>One cell a type change cannot convert: its row, its value as text, and why.</summary>
public sealed record ConversionFailure(long RowId, string Value, string Reason);

/// <summary>
/// What a type change would do, computed over every row: <see cref="Convertible"/> of <see cref="Total"/> rows keep their
/// value (an empty cell stays empty and counts as convertible), <see cref="Unconvertible"/> would become empty, and the first
/// <see cref="TableService.PreviewFailures"/> of those with the reason.
/// </summary>
public sealed record TypeChangePreview(string From, string To, long Convertible, long Total, IReadOnlyList<ConversionFailure> Failures)
{
    public long Unconvertible => Total - Convertible;
}
