using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Common;

/// <summary>
/// What an audit record says about the resource it concerns. The names are kept with the record, so it stays readable
/// after a rename or a delete; an environment-scoped resource's environment name is looked up when not given.
/// </summary>
public sealed record AuditSubject(string ResourceType, Guid ResourceId, string? ResourceName, Guid? OrganizationId,
    Guid? EnvironmentId = null, string? EnvironmentName = null);

/// <summary>The audited save every resource service shares: stamp, record who changed which fields, save (409/412 on races).</summary>
public static class AuditedSave
{
    /// <summary>Adds a new resource stamped by the actor, records it as created with <paramref name="fields"/>, and saves.</summary>
    public static async Task AddAuditedAsync<T>(this IBuilderDbContext db, Actor actor, TimeProvider clock, T resource, AuditSubject subject,
        IEnumerable<string> fields, string conflictMessage, CancellationToken ct = default) where T : TrackedEntity
    {
        var now = clock.GetUtcNow().UtcDateTime;
        resource.Stamp(actor, now);
        // An owned resource belongs to the person who creates it (an API key's owner when a key does).
        if (resource is Sharing.IOwnedResource { OwnerId: var owner } owned && owner == Guid.Empty) owned.OwnerId = actor.UserId;
        db.Add(resource);
        await db.RecordAsync(actor, now, AuditActions.Created, subject, fields, ct);
        await db.SaveOrConflictAsync(conflictMessage, ct);
    }

    /// <summary>
    /// Saves the changes applied to a loaded resource, when there are any: stamps it, records <paramref name="action"/> with the
    /// changed fields, and saves against the version that was read. Returns false (and writes nothing) when nothing changed.
    /// </summary>
    public static async Task<bool> SaveAuditedAsync(this IBuilderDbContext db, Actor actor, TimeProvider clock, TrackedEntity resource,
        IReadOnlyCollection<string> changedFields, AuditSubject subject, string conflictMessage, CancellationToken ct = default,
        string action = AuditActions.Updated)
    {
        if (changedFields.Count == 0) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        var original = resource.Version;
        resource.Stamp(actor, now);
        await db.RecordAsync(actor, now, action, subject, changedFields, ct);
        await db.SaveTrackedAsync(resource, original, conflictMessage, ct);
        return true;
    }

    /// <summary>
    /// Deletes a loaded resource: moves it (and <paramref name="dependents"/>, which go and come back with it) to its
    /// organization's trash, records the deletion (with its names, so the record stays readable), and saves. Nothing is
    /// removed from the database until the trash is purged (<see cref="Trash.TrashService"/>).
    /// </summary>
    public static Task RemoveAuditedAsync<T>(this IBuilderDbContext db, Actor actor, TimeProvider clock, T resource, AuditSubject subject,
        string conflictMessage, CancellationToken ct = default, IEnumerable<Trash.ITrashable>? dependents = null)
        where T : TrackedEntity, Trash.ITrashable =>
        db.TrashAuditedAsync(actor, clock, resource, subject, conflictMessage, dependents, ct);

    /// <summary>Adds the audit record of a change to the unit of work (saved with it); looks up the environment's name when needed.</summary>
    public static async Task RecordAsync(this IBuilderDbContext db, Actor actor, DateTime at, string action, AuditSubject subject,
        IEnumerable<string>? changedFields, CancellationToken ct = default)
    {
        var environmentName = subject.EnvironmentName;
        if (environmentName is null && subject.EnvironmentId is { } environmentId)
            // Also when the environment is in the trash (a variable restored with it is recorded before the environment is saved back).
            environmentName = await db.Environments.IgnoreQueryFilters([TrashFilter.Name]).Where(e => e.Id == environmentId)
                .Select(e => e.Name).FirstOrDefaultAsync(ct);
        db.AuditEntries.Add(AuditEntry.Record(actor, at, action, subject.ResourceType, subject.ResourceId, subject.OrganizationId,
            subject.EnvironmentId, changedFields, subject.ResourceName, environmentName));
    }
}
