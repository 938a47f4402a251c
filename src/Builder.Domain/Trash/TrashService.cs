using System.Linq.Expressions;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Trash;

/// <summary>
/// An organization's trash: what was deleted, restoring it (a protective operation: at once, no approval, Admins and System),
/// and purging it — by the purge job when its time is up (<see cref="PurgeExpiredAsync"/>), or by an approved
/// "delete permanently" request (<see cref="PurgeTrashItemOperation"/>). The platform's trash (organizations, entity types,
/// system models) is for System administrators.
/// </summary>
public sealed class TrashService(IBuilderDbContextFactory dbs, TimeProvider clock, ActorCache actors)
{
    public const string NotFound = "Trash item not found";

    /// <summary>Who the purge job acts as in the audit log.</summary>
    public static Actor System { get; } = new(Guid.Empty, "system", "System", true, new Dictionary<Guid, Role>());

    private static readonly Dictionary<string, Expression<Func<TrashItem, object>>> SortKeys = new()
    {
        ["deletedAt"] = t => t.DeletedAt,
        ["name"] = t => t.Name,
        ["resourceType"] = t => t.ResourceType,
        ["purgeAfter"] = t => t.PurgeAfter,
    };

    /// <summary>
    /// An organization's trash (or, with no organization, the platform's, for System administrators), newest first unless
    /// asked otherwise, searchable by name.
    /// </summary>
    public async Task<PagedResult<TrashItemView>> ListAsync(Actor actor, Guid? organizationId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        if (organizationId is { } org) await db.RequireOrganizationAsync(actor, org, Permissions.TrashManage, ct);
        else actor.RequirePlatformAdministrator("see the platform's trash");
        var sorted = page.Sort is null ? page with { Sort = "deletedAt", Descending = true } : page;
        var now = clock.GetUtcNow().UtcDateTime;
        var result = await db.TrashItems.AsNoTracking().Where(t => t.OrganizationId == organizationId)
            .WhereLike(page.LikePattern, t => t.Name)
            .ToPageAsync(sorted, SortKeys, t => t, ct);
        return new PagedResult<TrashItemView>(result.Items.Select(t => View(t, now)).ToList(), result.Page, result.Limit, result.Total);
    }

    public async Task<TrashItemView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return View(await LoadAsync(db, actor, id, ct), clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Brings a trash item back with everything that went with it, at once. When a visible record took its name meanwhile,
    /// 409 asks for a new one, and <paramref name="newName"/> restores it under that name. A variable or workflow whose
    /// environment is itself in the trash cannot come back before it (409 saying so). Audited as "restored".
    /// </summary>
    public async Task<RestoreResult> RestoreAsync(Actor actor, Guid id, string? newName, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var item = await LoadAsync(db, actor, id, ct);
        var kind = TrashKinds.Of(item.ResourceType);
        var marked = await MarkedAsync(db, item.Id, ct);
        var resource = marked.FirstOrDefault(r => r.Id == item.ResourceId && kind.RecordType == r.GetType())
                       ?? throw new NotFoundException("The deleted record is no longer in the database; it cannot be restored.");
        if (await kind.BlockedAsync(db, resource, ct) is { } blocked) throw new ConflictException(blocked);

        var renamed = !string.IsNullOrWhiteSpace(newName) && newName.Trim() != kind.NameOf(resource);
        if (newName is not null && !renamed && string.IsNullOrWhiteSpace(newName))
            throw new ValidationException("name", "Enter the name to restore it under, or leave the name out to keep its own.");
        if (renamed)
        {
            if (!kind.CanRename) throw new ValidationException("name", $"A {AuditWording.TypeName(item.ResourceType).ToLowerInvariant()} cannot be restored under another name.");
            kind.Rename(resource, newName!);
        }
        if (await kind.ClashAsync(db, resource, kind.NameOf(resource), ct) is { } clash)
            throw kind.CanRename ? new NameTakenException(clash) : new ConflictException(clash);

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var record in marked)
        {
            TrashStore.Unmark(record);
            if (record is TrackedEntity tracked && ReferenceEquals(record, resource) && renamed) tracked.Stamp(actor, now);
        }
        db.TrashItems.Remove(item);
        var subject = kind.Subject(resource, item.OrganizationId ?? (item.ResourceType == ResourceTypes.Organization ? item.ResourceId : null))
            with { EnvironmentName = item.EnvironmentName ?? (item.ResourceType == ResourceTypes.Environment ? kind.NameOf(resource) : null) };
        await db.RecordAsync(actor, now, AuditActions.Restored, subject, renamed ? ["name"] : null, ct);
        foreach (var dependent in marked.Where(r => !ReferenceEquals(r, resource) && item.ResourceType != ResourceTypes.Organization))
            await db.RecordAsync(actor, now, AuditActions.Restored, TrashKinds.For(dependent).Subject(dependent, item.OrganizationId), null, ct);
        await db.SaveOrConflictAsync($"'{kind.NameOf(resource)}' is taken: restore it under a new name.", ct);
        EvictActors(item, marked);
        return new RestoreResult(item.Id, item.ResourceType, item.ResourceId, kind.NameOf(resource), marked.Count - 1, renamed);
    }

    /// <summary>
    /// Removes every item whose time is up, for good (rows really deleted, audited "purged" as the system). Returns how many.
    /// An item that cannot be purged yet (a trashed entity type still referenced) stays and is tried again next time.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = dbs.Create())
            due = await db.TrashItems.Where(t => t.PurgeAfter <= now).OrderBy(t => t.PurgeAfter).Select(t => t.Id).Take(500).ToListAsync(ct);
        var purged = 0;
        foreach (var id in due)
        {
            try
            {
                if (await PurgeItemAsync(System, id, ct)) purged++;
            }
            catch (DomainException)
            {
                // Referenced or raced by a restore: it stays in the trash and is tried again on the next run.
            }
        }
        return purged;
    }

    /// <summary>
    /// Removes one trash item for good, now: what the approved "delete permanently" request runs (as its requester, whose
    /// permission is checked again). 404 when it is no longer in the trash (restored or purged meanwhile).
    /// </summary>
    internal async Task PurgeAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using (var db = dbs.Create()) await LoadAsync(db, actor, id, ct);
        if (!await PurgeItemAsync(actor, id, ct)) throw new NotFoundException(NotFound);
    }

    /// <summary>Loads an item the actor may manage: its organization's Admins and System; the platform's trash, System in person.</summary>
    internal static async Task<TrashItem> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, CancellationToken ct)
    {
        var item = await db.TrashItems.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException(NotFound);
        if (item.OrganizationId is { } org)
        {
            actor.Require(org, Permissions.TrashManage, NotFound);
            // An organization that is itself in the trash has no trash of its own until it is restored.
            if (!await db.Organizations.AnyAsync(o => o.Id == org, ct)) throw new NotFoundException(NotFound);
        }
        else if (!actor.IsSystem || !actor.IsHuman) throw new NotFoundException(NotFound);
        return item;
    }

    internal static TrashItemView View(TrashItem t, DateTime now) => new(t.Id, t.OrganizationId, t.ResourceType,
        AuditWording.TypeName(t.ResourceType), t.ResourceId, t.Name, t.EnvironmentId, t.EnvironmentName, t.DependentCount,
        t.DeletedAt, t.DeletedBy, t.PurgeAfter, DaysLeft(t.PurgeAfter, now));

    /// <summary>Whole days until the purge, rounded up (0 once it is due).</summary>
    public static int DaysLeft(DateTime purgeAfter, DateTime now) =>
        purgeAfter <= now ? 0 : (int)Math.Ceiling((purgeAfter - now).TotalDays);

    private async Task<bool> PurgeItemAsync(Actor actor, Guid id, CancellationToken ct)
    {
        await using var db = dbs.Create();
        var item = await db.TrashItems.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (item is null) return false;
        // Only the resource's row is loaded: what went with it goes by the database's cascade, and a tracked dependent
        // would make EF sever (null) its required reference instead.
        var kind = TrashKinds.Of(item.ResourceType);
        var resource = await kind.FindTrashedAsync(db, item.ResourceId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var purgedItems = new List<TrashItem> { item };
        // What goes outside the rows (an AutessaDB table's physical table) goes in the same transaction as the rows.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (resource is not null)
        {
            await BeforeRemovalAsync(db, item, ct);
            await kind.PurgingAsync(db, resource, ct);
            await RemoveSharesAsync(db, item, ct);
            // The rows that went with it (variables, workflows, members) go with the resource's row by the database's cascade.
            db.Remove(resource);
            purgedItems.AddRange(await db.TrashItems.Where(t => t.Id != item.Id && (
                    (item.ResourceType == ResourceTypes.Organization && t.OrganizationId == item.ResourceId)
                    || (item.ResourceType == ResourceTypes.Environment && t.EnvironmentId == item.ResourceId
                        && (t.ResourceType == ResourceTypes.Variable || t.ResourceType == ResourceTypes.Workflow))))
                .ToListAsync(ct));
        }
        foreach (var purged in purgedItems)
        {
            if (!ReferenceEquals(purged, item)) db.TrashItems.Remove(purged);
            var isEnvironment = purged.ResourceType == ResourceTypes.Environment;
            await db.RecordAsync(actor, now, AuditActions.Purged, new AuditSubject(purged.ResourceType, purged.ResourceId, purged.Name,
                purged.OrganizationId ?? (purged.ResourceType == ResourceTypes.Organization ? purged.ResourceId : null),
                isEnvironment ? purged.ResourceId : purged.EnvironmentId, isEnvironment ? purged.Name : purged.EnvironmentName), null, ct);
        }
        db.TrashItems.Remove(item);
        await db.SaveOrConflictAsync($"'{item.Name}' could not be purged: something still refers to it.", ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// The explicit shares of what is purged (kept while it waited in the trash, so a restore brought them back): they live in
    /// one generic table without a foreign key, so no cascade takes them. An environment takes its workflows' shares along, an
    /// organization all of its own.
    /// </summary>
    private static async Task RemoveSharesAsync(IBuilderDbContext db, TrashItem item, CancellationToken ct)
    {
        var workflows = db.Workflows.IgnoreQueryFilters([TrashFilter.Name]);
        var shares = item.ResourceType switch
        {
            ResourceTypes.Organization => db.ResourceShares.Where(s => s.OrganizationId == item.ResourceId),
            ResourceTypes.Environment => db.ResourceShares.Where(s => s.ResourceType == ResourceTypes.Workflow
                && workflows.Any(w => w.Id == s.ResourceId && w.EnvironmentId == item.ResourceId)),
            _ => db.ResourceShares.Where(s => s.ResourceType == item.ResourceType && s.ResourceId == item.ResourceId),
        };
        db.ResourceShares.RemoveRange(await shares.ToListAsync(ct));
    }

    /// <summary>What the database would refuse to delete: references without a cascade.</summary>
    private static async Task BeforeRemovalAsync(IBuilderDbContext db, TrashItem item, CancellationToken ct)
    {
        switch (item.ResourceType)
        {
            case ResourceTypes.WorkflowEntity:
                // Only trashed workflows can still list it (a used entity cannot be deleted): they lose the reference.
                db.WorkflowEntityUsages.RemoveRange(await db.WorkflowEntityUsages.IgnoreQueryFilters([TrashFilter.Name]).Where(u => u.WorkflowEntityId == item.ResourceId).ToListAsync(ct));
                break;
            case ResourceTypes.WorkflowEntityType:
                if (await db.WorkflowEntities.IgnoreQueryFilters([TrashFilter.Name]).AnyAsync(e => e.WorkflowEntityTypeId == item.ResourceId, ct))
                    throw new ConflictException($"The entity type '{item.Name}' is still used by entities in a trash",
                        "It is purged once those entities are purged or no longer use it.");
                break;
        }
    }

    private static async Task<List<ITrashable>> MarkedAsync(IBuilderDbContext db, Guid trashItemId, CancellationToken ct)
    {
        var marked = new List<ITrashable>();
        foreach (var kind in TrashKinds.All) marked.AddRange(await kind.MarkedAsync(db, trashItemId, ct));
        return marked;
    }

    /// <summary>Memberships decide what people may do: a restored one grants access again from the next request.</summary>
    private void EvictActors(TrashItem item, IReadOnlyList<ITrashable> records)
    {
        if (item.ResourceType == ResourceTypes.Organization) actors.EvictAll();
        foreach (var membership in records.OfType<Members.Membership>()) actors.Evict(membership.UserId);
    }
}
