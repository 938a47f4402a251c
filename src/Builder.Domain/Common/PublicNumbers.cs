using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Common;

/// <summary>
/// A record with an integer public id (<c>agentId</c>, <c>toolId</c>, <c>managerId</c>, <c>serverId</c>, <c>connectorId</c>,
/// <c>tableId</c>): unique in its table by a unique index, never reused while a record with it exists (in the trash too).
/// </summary>
public interface IPublicNumbered
{
    int Number { get; set; }
}

/// <summary>
/// The one way a new record gets its public number. The number is the highest in the table plus one, trashed records
/// included (a restore brings one back with its number). Two creates at the same instant read the same highest number: the
/// unique index lets one save and refuses the other, which takes the next number and saves again, up to
/// <see cref="Attempts"/> times (then a 409 "try again"). A save refused because the <em>name</em> was taken at the same
/// instant (the name's unique index) is the 409 of a duplicate name instead, at once.
/// </summary>
public static class PublicNumbers
{
    public const int Attempts = 5;

    /// <summary>One above the highest number of <paramref name="all"/>, trashed records included.</summary>
    public static async Task<int> NextAsync<T>(IQueryable<T> all, CancellationToken ct) where T : class, IPublicNumbered =>
        (await all.IgnoreQueryFilters([TrashFilter.Name]).MaxAsync(r => (int?)r.Number, ct) ?? 0) + 1;

    /// <summary>
    /// Gives <paramref name="record"/> (already added to the unit of work) the next number of <paramref name="all"/> and saves
    /// it with <paramref name="save"/>, trying the next number when a create at the same instant took it.
    /// </summary>
    /// <param name="all">The records that share the number (the table's whole set).</param>
    /// <param name="names">The records whose names must differ from the record's (its organization's), asked after a refused save.</param>
    /// <param name="save">Saves the unit of work (with whatever else the create does in the same transaction).</param>
    /// <param name="duplicate">The 409 message of a taken name.</param>
    /// <param name="conflict">The 409 message when every attempt lost its number (told to try again).</param>
    /// <param name="next">The number to try instead of <see cref="NextAsync{T}"/> (an AutessaDB table skips numbers of left-behind physical tables).</param>
    public static async Task SaveNumberedAsync<T>(this T record, IQueryable<T> all, IQueryable<T> names, Func<CancellationToken, Task> save,
        string duplicate, string conflict, CancellationToken ct, Func<CancellationToken, Task<int>>? next = null)
        where T : class, IPublicNumbered, INamedResource
    {
        for (var attempt = 1; ; attempt++)
        {
            record.Number = next is null ? await NextAsync(all, ct) : await next(ct);
            try
            {
                await save(ct);
                return;
            }
            catch (DbUpdateException)
            {
                if (await names.AsNoTracking().NameTakenAsync(record.Name, record.Id, ct)) throw new ConflictException(duplicate);
                if (attempt == Attempts) throw new ConflictException(conflict, "Try again.");
            }
        }
    }
}
