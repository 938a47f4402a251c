using Builder.Domain.Common;
using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tables.Knowledge;

/// <summary>What the trash purge removes of the semantic index (<see cref="TrashKind.PurgingAsync"/>, inside the purge's transaction).</summary>
public static class KnowledgeStorage
{
    /// <summary>Removes a purged table's embeddings.</summary>
    public static Task<int> RemoveEmbeddingsAsync(IBuilderDbContext db, Guid tableId, CancellationToken ct) =>
        db.TableEmbeddings.Where(e => e.TableId == tableId).ExecuteDeleteAsync(ct);

    /// <summary>Removes the embeddings of every table of a purged organization, in the trash or not.</summary>
    public static async Task<int> RemoveEmbeddingsOfOrganizationAsync(IBuilderDbContext db, Guid organizationId, CancellationToken ct)
    {
        var ids = await db.AutessaTables.IgnoreQueryFilters([TrashFilter.Name]).Where(t => t.OrganizationId == organizationId).Select(t => t.Id).ToListAsync(ct);
        var removed = 0;
        foreach (var chunk in ids.Chunk(500))
            removed += await db.TableEmbeddings.Where(e => chunk.Contains(e.TableId)).ExecuteDeleteAsync(ct);
        return removed;
    }
}
