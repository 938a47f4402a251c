using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;

namespace Builder.Domain.Tables;

/// <summary>What an AutessaDB table is for: an ordinary table, or the documents and chunks of a knowledge base.</summary>
public enum TableKind
{
    Table,
    KnowledgeBase,
}

/// <summary>
/// An AutessaDB table of an organization: owned and shared like a prompt or a workflow, trashed like them. Its rows live in a
/// physical table of the Builder's database named <see cref="PhysicalName"/> (<c>adb_{Number}</c>), with one physical column
/// <c>c{Key}</c> per <see cref="TableColumn"/>: a name a person types never becomes SQL text.
/// </summary>
public sealed class AutessaTable : TrackedEntity, IOwnedResource, INamedResource, Trash.ITrashable, IPublicNumbered
{
    public const int NameMax = 63;
    public const int DescriptionMax = 2000;

    /// <summary>When it went to the trash; null while it is in use. The physical table stays while trashed; the purge drops it.</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid OwnerId { get; set; }
    public SharingLevel SharingLevel { get; set; } = SharingLevel.Company;
    public AccessLevel CompanyPermission { get; set; } = AccessLevel.Edit;

    public static string ResourceType => ResourceTypes.Table;
    public static ResourcePermissions Permissions { get; } = new(Access.Permissions.EntitiesRead, Access.Permissions.EntitiesUpdate, Access.Permissions.EntitiesDelete);
    public static string NotFoundMessage => "Table not found";
    public static string Noun => "table";
    public AuditSubject ToAuditSubject() => new(ResourceTypes.Table, Id, Name, OrganizationId);

    /// <summary>The public integer id (<c>tableId</c> in the poweruser API), unique across the platform, allocated max+1.</summary>
    public int Number { get; set; }

    /// <summary>An identifier (<see cref="TableNames.Pattern"/>), unique in the organization among tables not in the trash.</summary>
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public TableKind Kind { get; set; } = TableKind.Table;

    /// <summary>The key the next column gets (physical column <c>c{Key}</c>); keys are never reused, also after a drop or a type change.</summary>
    public int NextColumnKey { get; set; } = 1;

    /// <summary>The physical table of the rows.</summary>
    public string PhysicalName => PhysicalNameOf(Number);

    public static string PhysicalNameOf(int number) => $"adb_{number}";
}

/// <summary>
/// A user column of an <see cref="AutessaTable"/>. The physical column is <c>c{Key}</c>; a type change gives the column a new
/// key (a new physical column) and keeps its id, name and position.
/// </summary>
public sealed class TableColumn
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TableId { get; set; }

    /// <summary>Per table, never reused: the physical column is <c>c{Key}</c>.</summary>
    public int Key { get; set; }

    /// <summary>An identifier (<see cref="TableNames.Pattern"/>), unique in its table, none of <see cref="TableNames.SystemColumns"/>.</summary>
    public string Name { get; set; } = "";
    public ColumnType Type { get; set; }

    /// <summary>Its place among the table's columns, 0 first.</summary>
    public int Position { get; set; }
    public bool Required { get; set; }
    public bool Unique { get; set; }
    public bool Indexed { get; set; }

    /// <summary>Text and long text only: vector-indexed for semantic search.</summary>
    public bool Searchable { get; set; }

    /// <summary>The options of a single or multiple select (empty for the other types).</summary>
    public List<string> Options { get; set; } = [];

    /// <summary>The default value as JSON text (its wire form), or null for none.</summary>
    public string? Default { get; set; }

    /// <summary>Link columns only: the table whose rows the cells point to.</summary>
    public Guid? LinkTableId { get; set; }

    /// <summary>The physical column of the cells.</summary>
    public string PhysicalName => PhysicalNameOf(Key);

    public static string PhysicalNameOf(int key) => $"c{key}";

    /// <summary>What a value conversion needs to know about this column.</summary>
    public ColumnShape Shape => new(Type, Type.HasOptions() ? Options : null);
}

/// <summary>The identifier rule of table and column names, and the names of the system columns.</summary>
public static class TableNames
{
    public const string Pattern = "^[a-z][a-z0-9_]{0,62}$";
    private static readonly System.Text.RegularExpressions.Regex Rule = new(Pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.NonBacktracking);

    /// <summary>The system columns every table has, by their API names (physical: id, created_at, updated_at, created_by).</summary>
    public static IReadOnlyList<string> SystemColumns { get; } = ["id", "createdAt", "updatedAt", "createdBy"];

    public static bool IsIdentifier(string? name) => name is not null && Rule.IsMatch(name);

    /// <summary>True when a column may not take this name: a system column's (compared ignoring case).</summary>
    public static bool IsReserved(string name) =>
        SystemColumns.Any(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase))
        || name is "created_at" or "updated_at" or "created_by";
}
