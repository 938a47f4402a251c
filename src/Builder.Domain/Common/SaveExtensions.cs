using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Common;

public static class SaveExtensions
{
    /// <summary>
    /// Saves a change to a tracked entity whose version the caller checked. A save that races another writer
    /// becomes a <see cref="ConcurrencyException"/>; a unique-index violation becomes a <see cref="ConflictException"/>.
    /// </summary>
    public static async Task SaveTrackedAsync(this IBuilderDbContext db, TrackedEntity entity, Guid originalVersion,
        string conflictMessage, CancellationToken ct = default)
    {
        db.Entry(entity).Property(e => e.Version).OriginalValue = originalVersion;
        await db.SaveOrConflictAsync(conflictMessage, ct);
    }

    public static async Task SaveOrConflictAsync(this IBuilderDbContext db, string conflictMessage, CancellationToken ct = default)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            var entry = ex.Entries.FirstOrDefault();
            var current = entry is null ? null : await entry.GetDatabaseValuesAsync(ct);
            if (current is null) throw new NotFoundException("The record no longer exists.");
            throw new ConcurrencyException(current.GetValue<string>(nameof(TrackedEntity.UpdatedBy)),
                current.GetValue<DateTime>(nameof(TrackedEntity.UpdatedAt)));
        }
        catch (DbUpdateException)
        {
            throw new ConflictException(conflictMessage);
        }
    }
}
