using Builder.Domain.Common;
using Builder.Domain.Knowledge;
using Builder.Domain.Tables.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tables.Knowledge;

/// <summary>
/// Keeps the semantic index in step with the rows (<see cref="ITableRowsObserver"/>): rows written to a table with searchable
/// columns are embedded, and deleted rows leave the index, through the <see cref="IndexingQueue"/> (never on the request
/// thread; one job per change, run in order, so a delete queued after a write wins). Rows inserted into a knowledge base are
/// left to the document job that wrote them (it embeds them with their headings); edited or deleted chunks are handled here.
/// </summary>
public sealed class SearchIndexObserver(IndexingQueue queue, IBuilderDbContextFactory dbs) : ITableRowsObserver
{
    // A table's kind never changes: remembered per table id, so an insert asks the database once per table.
    readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> _knowledgeBases = new();

    public async Task RowsChangedAsync(TableRowsChange change, CancellationToken ct = default)
    {
        var ids = change.RowIds.Distinct().ToList();
        if (ids.Count == 0) return;
        if (change.Kind == RowChangeKind.Inserted && await IsKnowledgeBaseAsync(change.TableId, ct)) return;
        var rows = ids.Count == 1 ? $"row {ids[0]}" : $"{ids.Count} rows";
        if (change.Kind == RowChangeKind.Deleted)
        {
            queue.Enqueue(change.TableId, $"Remove {rows} from the search index",
                [new IndexingWorkItem(rows, (services, token) => services.GetRequiredService<TableVectorIndex>().RemoveRowsAsync(change.TableId, ids, token))]);
            return;
        }
        queue.Enqueue(change.TableId, $"Index {rows}", [Rows(change.TableId, ids, rows)]);
    }

    async Task<bool> IsKnowledgeBaseAsync(Guid tableId, CancellationToken ct)
    {
        if (_knowledgeBases.TryGetValue(tableId, out var known)) return known;
        await using var db = dbs.Create();
        var kind = await db.AutessaTables.IgnoreQueryFilters().Where(t => t.Id == tableId).Select(t => (TableKind?)t.Kind).FirstOrDefaultAsync(ct);
        if (kind is null) return false;
        return _knowledgeBases[tableId] = kind == TableKind.KnowledgeBase;
    }

    /// <summary>Embeds the rows' searchable texts as they are when the item runs (a row deleted meanwhile leaves the index).</summary>
    internal static IndexingWorkItem Rows(Guid tableId, IReadOnlyList<long> ids, string name) =>
        new(name, async (services, ct) =>
        {
            await using var db = services.GetRequiredService<IBuilderDbContextFactory>().Create();
            var (entity, table) = await KnowledgeRows.LoadAsync(db, tableId, ct)
                ?? throw new IndexingException("The table was deleted before its rows could be indexed.");
            var chunker = services.GetRequiredService<TextChunker>();
            var index = services.GetRequiredService<TableVectorIndex>();
            foreach (var batch in ids.Chunk(500))
            {
                var found = await KnowledgeRows.ReadAsync(db, table, batch, ct);
                var texts = batch.Select(id => new TableVectorIndex.RowTexts(id,
                    found.TryGetValue(id, out var row) ? KnowledgeRows.TextsOf(entity, table, row, chunker) : [])).ToList();
                await index.IndexRowsAsync(tableId, texts, ct);
            }
        });
}
