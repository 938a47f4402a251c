using System.Data;
using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Knowledge;
using Builder.Domain.Tables.Rows;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tables.Knowledge;

/// <summary>
/// Row reads for the indexing worker and for search results, after the caller's access was checked (or on the worker, where
/// the request that queued the work was checked): the table's schema as row storage sees it, rows by id, and the texts of a
/// row that are embedded.
/// </summary>
internal static class KnowledgeRows
{
    /// <summary>The table (not trashed) as row storage sees it, or null when it is gone or in the trash.</summary>
    public static async Task<(AutessaTable Entity, RowTable Table)?> LoadAsync(IBuilderDbContext db, Guid tableId, CancellationToken ct)
    {
        var entity = await db.AutessaTables.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tableId, ct);
        if (entity is null) return null;
        var columns = await db.TableColumns.AsNoTracking().Where(c => c.TableId == entity.Id).OrderBy(c => c.Position).ThenBy(c => c.Key).ToListAsync(ct);
        var table = new RowTable(entity.Id, entity.Number, entity.Name, entity.OrganizationId, columns.Select(c => new RowColumn(
            c.Name, c.Key, c.Type, c.Type.HasOptions() ? c.Options : null, c.Required, c.Unique, c.Default, null, c.Searchable)).ToList());
        return (entity, table);
    }

    /// <summary>The rows with these ids that exist, by id.</summary>
    public static async Task<Dictionary<long, RowView>> ReadAsync(IBuilderDbContext db, RowTable table, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var rows = new Dictionary<long, RowView>();
        if (ids.Count == 0) return rows;
        await using var session = new RowSession(db);
        var select = new RowService.Select(table, []);
        foreach (var chunk in ids.Distinct().Chunk(500))
        {
            var parameters = new SqlParameters();
            var list = string.Join(", ", chunk.Select(id => parameters.Add(id, DbType.Int64)));
            foreach (var row in await session.ListAsync($"{select.Sql(session.Dialect)} WHERE {session.Dialect.Column(QueryColumn.PrimaryAlias, "id")} IN ({list})",
                         parameters, select.Read, ct))
                rows[row.RowId] = row;
        }
        return rows;
    }

    /// <summary>
    /// What is embedded for a row: in a knowledge base its chunk (with its heading path, which the model reads first, and its
    /// page); in an ordinary table the text of each searchable column (chunked when it is long).
    /// </summary>
    public static IReadOnlyList<IndexedText> TextsOf(AutessaTable entity, RowTable table, RowView row, TextChunker chunker)
    {
        if (entity.Kind == TableKind.KnowledgeBase)
        {
            var chunk = table.Column(KnowledgeColumns.Chunk);
            var text = chunk is null ? null : String(row.Data[chunk.Name]);
            if (chunk is null || string.IsNullOrWhiteSpace(text)) return [];
            var heading = String(row.Data[KnowledgeColumns.HeadingPath]);
            var page = row.Data[KnowledgeColumns.Page] is JsonValue p && p.TryGetValue<long>(out var n) ? (int?)n : null;
            var index = row.Data[KnowledgeColumns.ChunkIndex] is JsonValue i && i.TryGetValue<long>(out var c) ? (int)c : 0;
            return [new IndexedText(chunk.Key, index, text, string.IsNullOrWhiteSpace(heading) ? null : heading, page,
                string.IsNullOrWhiteSpace(heading) ? null : heading + "\n" + text)];
        }
        var texts = new List<IndexedText>();
        foreach (var column in table.Columns.Where(c => c.Searchable))
            texts.AddRange(IndexedText.FromCell(column.Key, String(row.Data[column.Name]), chunker));
        return texts;
    }

    static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
