using Builder.Domain.Common;
using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tables.Storage;

/// <summary>Physical-table housekeeping that other features call (the trash purge of an organization).</summary>
public static class TableStorage
{
    /// <summary>Drops the physical tables of every AutessaDB table of an organization, in the trash or not (its purge).</summary>
    public static async Task DropTablesOfOrganizationAsync(IBuilderDbContext db, Guid organizationId, CancellationToken ct)
    {
        var numbers = await db.AutessaTables.IgnoreQueryFilters([TrashFilter.Name]).Where(t => t.OrganizationId == organizationId)
            .Select(t => t.Number).ToListAsync(ct);
        var store = new TableSchemaStore(db);
        foreach (var number in numbers)
            if (await store.TableExistsAsync(number, ct)) await store.DropTableAsync(number, ct);
    }
}
