using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Trash;

/// <summary>How long an organization's trash keeps what was deleted.</summary>
public static class TrashPolicy
{
    /// <summary>
    /// The one place the trash reads its window: the days a deleted resource of <paramref name="organizationId"/> (null: the
    /// platform's trash) stays before the purge job removes it — the organization's approval policy
    /// (<see cref="ApprovalPolicy.TrashDays"/>, default <see cref="ApprovalPolicy.DefaultTrashDays"/>).
    /// </summary>
    public static async Task<int> TrashDaysAsync(IBuilderDbContext db, Guid? organizationId, CancellationToken ct = default) =>
        (await ApprovalService.PolicyAsync(db, organizationId, ct)).TrashDays;
}

/// <summary>Moving records to the trash, inside the unit of work of the delete that does it (saved with it).</summary>
public static class TrashStore
{
    /// <summary>
    /// Marks <paramref name="resource"/> and the <paramref name="dependents"/> that are not already in the trash with a new
    /// trash item, adds the item (purge after = now + the policy's days) and records the delete in the audit log (each
    /// dependent too, unless <paramref name="auditDependents"/> is false). The caller saves. Platform-wide resources
    /// (organizations, entity types, system models: no organization in <paramref name="subject"/>, or the organization itself)
    /// go to the platform's trash.
    /// </summary>
    public static async Task<TrashItem> MoveToTrashAsync(this IBuilderDbContext db, Actor actor, DateTime now, ITrashable resource,
        AuditSubject subject, IEnumerable<ITrashable>? dependents = null, bool auditDependents = true, CancellationToken ct = default)
    {
        var organizationId = subject.ResourceType == ResourceTypes.Organization ? null : subject.OrganizationId;
        var environmentName = subject.EnvironmentName;
        if (environmentName is null && subject.EnvironmentId is { } environmentId)
            environmentName = await db.Environments.IgnoreQueryFilters([TrashFilter.Name]).Where(e => e.Id == environmentId)
                .Select(e => e.Name).FirstOrDefaultAsync(ct);
        var days = await TrashPolicy.TrashDaysAsync(db, organizationId, ct);
        var name = subject.ResourceName ?? "";
        var item = new TrashItem
        {
            OrganizationId = organizationId,
            ResourceType = subject.ResourceType,
            ResourceId = subject.ResourceId,
            Name = name.Length > TrashItem.NameMax ? name[..TrashItem.NameMax] : name,
            // An environment's own item names no environment: it is one.
            EnvironmentId = subject.ResourceType == ResourceTypes.Environment ? null : subject.EnvironmentId,
            EnvironmentName = subject.ResourceType == ResourceTypes.Environment ? null : environmentName,
            DeletedAt = now,
            DeletedByUserId = actor.UserId,
            DeletedBy = actor.Email,
            DeletedViaApiKey = !actor.IsHuman,
            PurgeAfter = now.AddDays(days),
        };
        Mark(resource, item);
        await db.RecordAsync(actor, now, AuditActions.Deleted, subject with { EnvironmentName = environmentName }, null, ct);
        foreach (var dependent in dependents ?? [])
        {
            if (dependent.DeletedAt is not null) continue; // already in the trash on its own: it keeps its own item
            Mark(dependent, item);
            item.DependentCount++;
            if (auditDependents)
                await db.RecordAsync(actor, now, AuditActions.Deleted, TrashKinds.For(dependent).Subject(dependent, subject.OrganizationId), null, ct);
        }
        db.TrashItems.Add(item);
        return item;
    }

    /// <summary>
    /// Moves a record to the trash with what goes with it and saves against the version that was read (409/412 on races).
    /// </summary>
    public static async Task<TrashItem> TrashAuditedAsync<T>(this IBuilderDbContext db, Actor actor, TimeProvider clock, T resource,
        AuditSubject subject, string conflictMessage, IEnumerable<ITrashable>? dependents = null, CancellationToken ct = default)
        where T : TrackedEntity, ITrashable
    {
        var original = resource.Version;
        var item = await db.MoveToTrashAsync(actor, clock.GetUtcNow().UtcDateTime, resource, subject, dependents, ct: ct);
        await db.SaveTrackedAsync(resource, original, conflictMessage, ct);
        return item;
    }

    internal static void Mark(ITrashable record, TrashItem item)
    {
        record.DeletedAt = item.DeletedAt;
        record.TrashItemId = item.Id;
        // A save that read the record before it went to the trash is refused (412/409), not applied to a hidden row.
        if (record is TrackedEntity tracked) tracked.Version = Guid.NewGuid();
    }

    internal static void Unmark(ITrashable record)
    {
        record.DeletedAt = null;
        record.TrashItemId = null;
        if (record is TrackedEntity tracked) tracked.Version = Guid.NewGuid();
    }
}
