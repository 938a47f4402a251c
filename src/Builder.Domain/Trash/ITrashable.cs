namespace Builder.Domain.Trash;

/// <summary>
/// A record that a delete moves to its organization's trash instead of removing: <see cref="DeletedAt"/> is set, and every
/// query of the database hides it (a named query filter, <see cref="TrashFilter.Name"/>), so it is gone from lists, loads by
/// id (404), name checks and counts until it is restored or purged. <see cref="TrashItemId"/> names the trash item it went
/// with: the one its own delete made, or its parent's (an environment's variables and workflows go and come back with it).
/// A resource opts in by implementing this interface and registering a <see cref="TrashKind"/> in <see cref="TrashKinds"/>.
/// </summary>
public interface ITrashable
{
    Guid Id { get; }
    DateTime? DeletedAt { get; set; }
    Guid? TrashItemId { get; set; }
}

/// <summary>The name of the query filter that hides trashed records; <c>IgnoreQueryFilters([TrashFilter.Name])</c> sees them.</summary>
public static class TrashFilter
{
    public const string Name = "Trash";

    /// <summary>The SQL of the filter on unique indexes (both providers), so a name can be reused while the old record is in the trash.</summary>
    public const string NotDeletedSql = "[DeletedAt] IS NULL";
}
