namespace Builder.Domain.Tables.Rows;

/// <summary>
/// What row storage needs of a table's schema: its public number (physical table <c>adb_{Number}</c>) and its user columns.
/// Built from the metadata entities; the filter, sort and storage code work on this alone, so they are tested without them.
/// </summary>
public sealed record RowTable(Guid Id, int Number, string Name, Guid OrganizationId, IReadOnlyList<RowColumn> Columns)
{
    public static string PhysicalName(int number) => $"adb_{number}";

    public string Physical => PhysicalName(Number);

    public RowColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);

    public bool HasSearchableColumns => Columns.Any(c => c.Searchable);
}

/// <summary>
/// A user column as row storage sees it: its name (what people type), its key (physical column <c>c{Key}</c>), type, options
/// (selects), rules (required, unique, default as JSON text) and, for a link, the linked table's number.
/// </summary>
public sealed record RowColumn(string Name, int Key, ColumnType Type, IReadOnlyList<string>? Options = null, bool Required = false,
    bool Unique = false, string? DefaultJson = null, int? LinkTableNumber = null, bool Searchable = false)
{
    public string Physical => $"c{Key}";

    public ColumnShape Shape => new(Type, Options);
}

/// <summary>The system columns of every row table, by the names the API uses and their physical names.</summary>
public enum SystemColumn
{
    Id,
    CreatedAt,
    UpdatedAt,
    CreatedBy,
}

public static class SystemColumns
{
    public const string Id = "id", CreatedAt = "createdAt", UpdatedAt = "updatedAt", CreatedBy = "createdBy";

    /// <summary>The API name, physical name and the value type of each system column (createdBy: a member's id, compared as text).</summary>
    public static IReadOnlyList<(SystemColumn Column, string Name, string Physical)> All { get; } =
    [
        (SystemColumn.Id, Id, "id"),
        (SystemColumn.CreatedAt, CreatedAt, "created_at"),
        (SystemColumn.UpdatedAt, UpdatedAt, "updated_at"),
        (SystemColumn.CreatedBy, CreatedBy, "created_by"),
    ];

    public static SystemColumn? FromName(string name) =>
        All.FirstOrDefault(s => s.Name == name) is { Name: not null } hit ? hit.Column : null;

    public static string Physical(SystemColumn column) => All.First(s => s.Column == column).Physical;
}

/// <summary>
/// A column a query may name: a user column or a system column, of the primary table (alias <c>t</c>) or of a joined one
/// (<c>j0</c>, <c>j1</c>…; its name is <c>link.column</c>). Only <see cref="Alias"/> and <see cref="Physical"/> become SQL.
/// </summary>
public sealed record QueryColumn(string Name, string Alias, string Physical, ColumnType Type, IReadOnlyList<string>? Options, SystemColumn? System)
{
    public const string PrimaryAlias = "t";

    public static QueryColumn Of(RowColumn column, string alias = PrimaryAlias, string? prefix = null) =>
        new(prefix is null ? column.Name : $"{prefix}.{column.Name}", alias, column.Physical, column.Type, column.Options, null);

    public static QueryColumn Of(SystemColumn column, string alias = PrimaryAlias, string? prefix = null)
    {
        var (_, name, physical) = SystemColumns.All.First(s => s.Column == column);
        var type = column switch
        {
            SystemColumn.Id => ColumnType.Integer,
            SystemColumn.CreatedBy => ColumnType.Text,
            _ => ColumnType.DateTime,
        };
        return new(prefix is null ? name : $"{prefix}.{name}", alias, physical, type, null, column);
    }
}

/// <summary>Finds the column a filter or sort names, or null when there is none by that name.</summary>
public interface IColumnResolver
{
    QueryColumn? Resolve(string name);

    /// <summary>The names a request may use, for the message of an unknown one.</summary>
    IEnumerable<string> Names { get; }
}

/// <summary>The columns of one table (alias <c>t</c>): its user columns and the system columns.</summary>
public sealed class TableColumnResolver(RowTable table, string alias = QueryColumn.PrimaryAlias, string? prefix = null) : IColumnResolver
{
    public QueryColumn? Resolve(string name)
    {
        if (prefix is not null)
        {
            if (!name.StartsWith(prefix + ".", StringComparison.Ordinal)) return null;
            name = name[(prefix.Length + 1)..];
        }
        if (SystemColumns.FromName(name) is { } system) return QueryColumn.Of(system, alias, prefix);
        return table.Column(name) is { } column ? QueryColumn.Of(column, alias, prefix) : null;
    }

    public IEnumerable<string> Names =>
        SystemColumns.All.Select(s => s.Name).Concat(table.Columns.Select(c => c.Name)).Select(n => prefix is null ? n : $"{prefix}.{n}");
}

/// <summary>Several resolvers in turn (the primary table, then each joined table).</summary>
public sealed class CombinedColumnResolver(params IColumnResolver[] resolvers) : IColumnResolver
{
    public QueryColumn? Resolve(string name) => resolvers.Select(r => r.Resolve(name)).FirstOrDefault(c => c is not null);

    public IEnumerable<string> Names => resolvers.SelectMany(r => r.Names);
}
