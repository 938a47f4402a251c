using Builder.Domain.Access;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Sharing;

/// <summary>Which of the caller's lists to show: owned by me, shared company-wide, or shared with me.</summary>
public enum OwnershipFilter
{
    /// <summary>Owned by the caller.</summary>
    Owned,

    /// <summary>Shared company-wide, owned by someone else and not shared with the caller explicitly.</summary>
    Company,

    /// <summary>Shared with the caller explicitly, owned by someone else.</summary>
    Shared,
}

/// <summary>The owner as a list row or a sharing panel shows them.</summary>
public sealed record OwnerRef(Guid Id, string Email, string Name);

/// <summary>
/// What every view of an owned resource carries: its owner, its sharing level, the company permission and the caller's own
/// effective access (matrix ∩ sharing), spelled as the reference does (<c>COMPANY</c>, <c>EDIT</c>…).
/// </summary>
public sealed record Ownership(OwnerRef Owner, string SharingLevel, string CompanyPermissionLevel, string UserAccessLevel)
{
    public AccessLevel Access => SharingWords.ParseGrant(UserAccessLevel) ?? AccessLevel.None;
}

/// <summary>
/// The one place owned resources are loaded and listed with access = role matrix ∩ sharing (<see cref="ResourceAccess"/>).
/// A resource invisible to the caller (another organization, or PRIVATE and neither theirs, shared with them nor theirs to
/// administer) is 404; a visible one the caller may not change is 403.
/// </summary>
public static class OwnedResources
{
    public const string OwnedValue = "owned", CompanyValue = "company", SharedValue = "shared";

    /// <summary>The access an operation guarded by <paramref name="permission"/> needs: VIEW to read or run, EDIT to change or delete.</summary>
    /// <remarks>
    /// Deleting needs EDIT, not ADMIN: under the COMPANY/EDIT default every member who could delete before still can
    /// (nothing changes until someone restricts a resource), and a VIEW share never deletes. ADMIN is what changing the
    /// sharing and transferring ownership need.
    /// </remarks>
    public static AccessLevel Needed<T>(string permission) where T : IOwnedResource =>
        permission == T.Permissions.Read ? AccessLevel.View : AccessLevel.Edit;

    /// <summary>
    /// <see cref="ResourceRules.LoadPermittedAsync{T}"/> for an owned resource: loads it once the actor holds
    /// <paramref name="permission"/> (the matrix) and the sharing grants what the permission needs (<see cref="Needed{T}"/>).
    /// </summary>
    public static async Task<T> LoadOwnedAsync<T>(this IBuilderDbContext db, IQueryable<T> records, Actor actor, Guid id, string permission,
        Guid? expectedOrganizationId = null, CancellationToken ct = default) where T : class, IOwnedResource =>
        (await db.LoadWithAccessAsync(records, actor, id, permission, Needed<T>(permission), expectedOrganizationId, ct)).Record;

    /// <summary>
    /// Loads an owned resource with the actor's effective access, requiring the matrix <paramref name="permission"/> and at
    /// least <paramref name="needed"/>. Unknown, another organization's, or invisible (access None): 404 with the type's
    /// message. Visible but the role lacks the permission: the matrix's 403. Visible but the sharing grants less: 403 saying so.
    /// </summary>
    public static async Task<(T Record, AccessLevel Access)> LoadWithAccessAsync<T>(this IBuilderDbContext db, IQueryable<T> records, Actor actor,
        Guid id, string permission, AccessLevel needed, Guid? expectedOrganizationId = null, CancellationToken ct = default)
        where T : class, IOwnedResource
    {
        var record = await records.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException(T.NotFoundMessage);
        if (expectedOrganizationId is { } expected && expected != record.OrganizationId) throw new NotFoundException(T.NotFoundMessage);
        var access = await db.AccessOfAsync(actor, record, ct);
        if (access == AccessLevel.None) throw new NotFoundException(T.NotFoundMessage);
        actor.Require(record.OrganizationId, permission, T.NotFoundMessage);
        if (access < needed) throw Refused<T>(access, needed);
        return (record, access);
    }

    /// <summary>The actor's effective access to one loaded resource (one query for their own share, none for Admins).</summary>
    public static async Task<AccessLevel> AccessOfAsync<T>(this IBuilderDbContext db, Actor actor, T record, CancellationToken ct = default)
        where T : IOwnedResource
    {
        if (actor.RoleIn(record.OrganizationId) is not { } role) return AccessLevel.None;
        var share = role >= Role.Admin || record.OwnerId == actor.UserId ? AccessLevel.None : await db.ShareOfAsync<T>(record.Id, actor.UserId, ct);
        return ResourceAccess.For(role, actor.UserId, SharingOf(record, actor.UserId, share), T.Permissions);
    }

    /// <summary>The sharing of a record as far as one member is concerned: owner, level, company permission and their share.</summary>
    public static ResourceSharing SharingOf(IOwnedResource record, Guid userId, AccessLevel share) =>
        new(record.OwnerId, record.SharingLevel, record.CompanyPermission,
            share == AccessLevel.None ? new Dictionary<Guid, AccessLevel>() : new Dictionary<Guid, AccessLevel> { [userId] = share });

    private static async Task<AccessLevel> ShareOfAsync<T>(this IBuilderDbContext db, Guid resourceId, Guid userId, CancellationToken ct)
        where T : IOwnedResource
    {
        var type = T.ResourceType;
        return await db.ResourceShares.Where(s => s.ResourceType == type && s.ResourceId == resourceId && s.UserId == userId)
            .Select(s => (AccessLevel?)s.Level).FirstOrDefaultAsync(ct) ?? AccessLevel.None;
    }

    /// <summary>
    /// Narrows a list of one organization's records to those the actor sees: everything for Admins and System; otherwise what
    /// is shared company-wide, what they own and what is shared with them.
    /// </summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> query, IBuilderDbContext db, Actor actor, Guid organizationId)
        where T : class, IOwnedResource
    {
        if (actor.RoleIn(organizationId) is not { } role) return query.Where(_ => false);
        if (role >= Role.Admin) return query;
        var me = actor.UserId;
        var type = T.ResourceType;
        var mine = db.ResourceShares.Where(s => s.ResourceType == type && s.UserId == me);
        return query.Where(r => r.SharingLevel == SharingLevel.Company || r.OwnerId == me || mine.Any(s => s.ResourceId == r.Id));
    }

    /// <summary>
    /// The list filter <c>ownership=owned|company|shared</c>. The three are disjoint, so a resource falls in at most one: owned
    /// by me; else shared with me explicitly; else shared company-wide. (An Admin also sees others' private resources in the
    /// unfiltered list; those are in none of the three.)
    /// </summary>
    public static IQueryable<T> WhereOwnership<T>(this IQueryable<T> query, IBuilderDbContext db, Actor actor, OwnershipFilter? filter)
        where T : class, IOwnedResource
    {
        if (filter is null) return query;
        var me = actor.UserId;
        var type = T.ResourceType;
        var mine = db.ResourceShares.Where(s => s.ResourceType == type && s.UserId == me);
        return filter switch
        {
            OwnershipFilter.Owned => query.Where(r => r.OwnerId == me),
            OwnershipFilter.Shared => query.Where(r => r.OwnerId != me && mine.Any(s => s.ResourceId == r.Id)),
            _ => query.Where(r => r.OwnerId != me && r.SharingLevel == SharingLevel.Company && !mine.Any(s => s.ResourceId == r.Id)),
        };
    }

    /// <summary><c>owned</c>, <c>company</c> or <c>shared</c> (any case; empty is none); anything else is a 400 naming the three.</summary>
    public static OwnershipFilter? ParseFilter(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        OwnedValue => OwnershipFilter.Owned,
        CompanyValue => OwnershipFilter.Company,
        SharedValue => OwnershipFilter.Shared,
        _ => throw new ValidationException("ownership", $"ownership must be one of: {OwnedValue}, {CompanyValue}, {SharedValue}."),
    };

    /// <summary>The sharing row of one record a list or view shows, with the owner's name and the caller's access; two queries for a whole page.</summary>
    public static async Task<IReadOnlyDictionary<Guid, Ownership>> OwnershipOfAsync<T>(this IBuilderDbContext db, Actor actor, Guid organizationId,
        IReadOnlyCollection<OwnedRow> rows, CancellationToken ct = default) where T : IOwnedResource
    {
        if (rows.Count == 0) return new Dictionary<Guid, Ownership>();
        var ids = rows.Select(r => r.Id).ToList();
        var ownerIds = rows.Select(r => r.OwnerId).Distinct().ToList();
        var type = T.ResourceType;
        var me = actor.UserId;
        var myShares = await db.ResourceShares.AsNoTracking().Where(s => s.ResourceType == type && s.UserId == me && ids.Contains(s.ResourceId))
            .ToDictionaryAsync(s => s.ResourceId, s => s.Level, ct);
        var owners = await db.OwnersAsync(ownerIds, ct);
        var role = actor.RoleIn(organizationId);
        return rows.ToDictionary(r => r.Id, r =>
        {
            var sharing = new ResourceSharing(r.OwnerId, r.Level, r.CompanyPermission,
                myShares.TryGetValue(r.Id, out var share) ? new Dictionary<Guid, AccessLevel> { [me] = share } : new Dictionary<Guid, AccessLevel>());
            var access = role is { } known ? ResourceAccess.For(known, me, sharing, T.Permissions) : AccessLevel.None;
            return new Ownership(owners[r.OwnerId], SharingWords.Name(r.Level), SharingWords.Name(r.CompanyPermission), SharingWords.Name(access));
        });
    }

    /// <summary>The ownership of one record for the actor (a view's).</summary>
    public static async Task<Ownership> OwnershipOfAsync<T>(this IBuilderDbContext db, Actor actor, T record, CancellationToken ct = default)
        where T : IOwnedResource
    {
        var rows = await db.OwnershipOfAsync<T>(actor, record.OrganizationId, [OwnedRow.Of(record)], ct);
        return rows[record.Id];
    }

    /// <summary>Owners by id; an owner whose user no longer exists reads as "(unknown)".</summary>
    public static async Task<Dictionary<Guid, OwnerRef>> OwnersAsync(this IBuilderDbContext db, IReadOnlyCollection<Guid> ownerIds, CancellationToken ct)
    {
        var known = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id))
            .Select(u => new OwnerRef(u.Id, u.Email, u.Name)).ToDictionaryAsync(u => u.Id, ct);
        foreach (var id in ownerIds.Where(id => !known.ContainsKey(id))) known[id] = new OwnerRef(id, "", "(unknown)");
        return known;
    }

    private static ForbiddenException Refused<T>(AccessLevel access, AccessLevel needed) where T : IOwnedResource =>
        new($"Forbidden: this {T.Noun} is shared with you at {SharingWords.Name(access)}; {Verb(needed)} needs {SharingWords.Name(needed)}",
            $"Ask its owner or an organization Admin to share it with you at {SharingWords.Name(needed)}.");

    private static string Verb(AccessLevel needed) => needed switch
    {
        AccessLevel.Admin => "managing its sharing or ownership",
        AccessLevel.Edit => "changing it",
        _ => "reading it",
    };
}

/// <summary>The sharing columns of one row, read by a list's projection.</summary>
public sealed record OwnedRow(Guid Id, Guid OwnerId, SharingLevel Level, AccessLevel CompanyPermission)
{
    public static OwnedRow Of(IOwnedResource r) => new(r.Id, r.OwnerId, r.SharingLevel, r.CompanyPermission);
}

/// <summary>A view of an owned resource: the JSON carries <c>owner</c>, <c>sharingLevel</c>, <c>companyPermissionLevel</c> and <c>userAccessLevel</c>.</summary>
public abstract record OwnedView
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Ownership? Ownership { get; init; }

    public OwnerRef? Owner => Ownership?.Owner;
    public string? SharingLevel => Ownership?.SharingLevel;
    public string? CompanyPermissionLevel => Ownership?.CompanyPermissionLevel;
    public string? UserAccessLevel => Ownership?.UserAccessLevel;
}

/// <summary>
/// One owned resource type as other features need to know it without knowing the type: which of an organization's records of it
/// an actor sees (approval requests about a PRIVATE resource stay as private as the resource). Registered by
/// <c>AddOwnedResource&lt;T&gt;()</c>.
/// </summary>
public interface IOwnedResourceType
{
    string ResourceType { get; }

    /// <summary>The ids of the organization's records of this type that <paramref name="actor"/> sees (a query, to compose).</summary>
    IQueryable<Guid> VisibleIds(IBuilderDbContext db, Actor actor, Guid organizationId);
}

public sealed class OwnedResourceType<T> : IOwnedResourceType where T : class, IOwnedResource
{
    public string ResourceType => T.ResourceType;

    public IQueryable<Guid> VisibleIds(IBuilderDbContext db, Actor actor, Guid organizationId) =>
        db.Set<T>().Where(r => r.OrganizationId == organizationId).VisibleTo(db, actor, organizationId).Select(r => r.Id);
}
