using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Knowledge;

/// <summary>The indexing work items the knowledge bases and tables queue (<see cref="IndexingQueue.Enqueue"/>).</summary>
public static class KnowledgeWork
{
    /// <summary>
    /// One uploaded document: open it (from the blob store, on the worker), extract its text, chunk it and index the chunks
    /// as the row's entries under <paramref name="columnKey"/>. A broken or unsupported file fails the item with the
    /// extractor's message.
    /// </summary>
    public static IndexingWorkItem Document(Guid tableId, long rowId, int? columnKey, string fileName, Func<CancellationToken, Task<Stream>> open) =>
        new(fileName, async (services, ct) =>
        {
            var extractor = services.GetRequiredService<DocumentTextExtractor>();
            var chunker = services.GetRequiredService<TextChunker>();
            var index = services.GetRequiredService<TableVectorIndex>();
            ExtractedDocument document;
            await using (var content = await open(ct))
                document = await extractor.ExtractAsync(content, fileName, ct);
            await index.IndexRowAsync(tableId, rowId, IndexedText.FromChunks(columnKey, chunker.Chunk(document)), ct);
        });

    /// <summary>
    /// Rows of an ordinary table (a re-index, or a CSV import's batch): <paramref name="load"/> reads the rows' searchable
    /// texts on the worker (<see cref="IndexedText.FromCell"/> for each searchable cell), and they are indexed together.
    /// </summary>
    public static IndexingWorkItem Rows(Guid tableId, string name, Func<IServiceProvider, CancellationToken, Task<IReadOnlyList<TableVectorIndex.RowTexts>>> load) =>
        new(name, async (services, ct) =>
        {
            var rows = await load(services, ct);
            await services.GetRequiredService<TableVectorIndex>().IndexRowsAsync(tableId, rows, ct);
        });
}
