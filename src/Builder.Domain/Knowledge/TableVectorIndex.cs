using System.Numerics.Tensors;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Knowledge;

/// <summary>A text to embed for a row: where it comes from (column, chunk) and what it says.</summary>
/// <param name="EmbeddingInput">What the model embeds when it differs from the text shown (a chunk's headings + text).</param>
public sealed record IndexedText(int? ColumnKey, int ChunkIndex, string Text, string? HeadingPath = null, int? Page = null, string? EmbeddingInput = null)
{
    /// <summary>A document's chunks, under one column (a knowledge base's file column, or null).</summary>
    public static IReadOnlyList<IndexedText> FromChunks(int? columnKey, IEnumerable<TextChunk> chunks) =>
        chunks.Select(c => new IndexedText(columnKey, c.Index, c.Text, c.HeadingPath.Count == 0 ? null : c.HeadingLine, c.Page, c.EmbeddingInput)).ToList();

    /// <summary>The text of a searchable cell: one entry, or several chunks when it is longer than one chunk.</summary>
    public static IReadOnlyList<IndexedText> FromCell(int columnKey, string? text, TextChunker chunker) =>
        string.IsNullOrWhiteSpace(text) ? [] : FromChunks(columnKey, chunker.Chunk(text));
}

/// <summary>How a search answers.</summary>
public sealed record SemanticSearchOptions
{
    /// <summary>How many matches at most (1–<see cref="TableVectorIndex.MaxTop"/>).</summary>
    public int Top { get; init; } = 10;

    /// <summary>Only the best match of each row (for ordinary tables whose rows have several searchable columns or chunks).</summary>
    public bool BestPerRow { get; init; }

    /// <summary>Leave out matches whose cosine similarity is below this.</summary>
    public float? MinScore { get; init; }
}

/// <summary>One match: the row, where in it, the matching text and its cosine similarity to the query (−1…1, higher is closer).</summary>
public sealed record SemanticMatch(long RowId, int? ColumnKey, int ChunkIndex, string Text, string? HeadingPath, int? Page, float Score);

/// <summary>
/// The matches, best first; <see cref="Searched"/> is how many vectors were compared, <see cref="Stale"/> how many of the
/// table's vectors were made by another model than the one in use (those rows need indexing again to be found).
/// </summary>
public sealed record SemanticSearchResult(IReadOnlyList<SemanticMatch> Matches, int Searched, int Stale);

/// <summary>Settings of the vector index (section <c>Knowledge</c>).</summary>
public sealed class VectorIndexOptions
{
    /// <summary>How much memory the per-table vector caches may take together (default 512 MB); least recently used tables go first.</summary>
    public long CacheBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>How many texts go to the embedding generator in one call.</summary>
    public int EmbeddingBatchSize { get; set; } = 64;
}

/// <summary>
/// Semantic search over the embedded texts of AutessaDB tables (<see cref="TableEmbedding"/>). Writing embeds the texts
/// with the configured <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> and replaces a row's entries in one save;
/// searching embeds the query and compares it, by brute force with <see cref="TensorPrimitives"/>, with every vector of the
/// table, held in memory per table (one contiguous float array) until a write to that table invalidates it.
/// Vectors are L2-normalised, so the dot product is the cosine similarity.
/// <para>This is machinery, not a service of the permission matrix: it knows tables only by id. The table and knowledge
/// base services check the caller's access to the table (and its organization) before they call it.</para>
/// </summary>
public sealed class TableVectorIndex : IDisposable
{
    public const int MaxTop = 100;
    public const int MaxQueryLength = 2_000;

    readonly IBuilderDbContextFactory _db;
    readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    readonly TimeProvider _clock;
    readonly VectorIndexOptions _options;
    readonly ILogger _logger;
    readonly MemoryCache _cache;
    readonly string _model;
    readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Lazy<Task<TableVectors>>> _loads = new();
    readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, long> _generations = new();

    public TableVectorIndex(IBuilderDbContextFactory db, IEmbeddingGenerator<string, Embedding<float>> generator, TimeProvider? clock = null,
        VectorIndexOptions? options = null, ILogger<TableVectorIndex>? logger = null)
    {
        _db = db;
        _generator = generator;
        _clock = clock ?? TimeProvider.System;
        _options = options ?? new VectorIndexOptions();
        _logger = logger ?? NullLogger<TableVectorIndex>.Instance;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, _options.CacheBytes) });
        _model = EmbeddingModels.KeyOf(generator);
    }

    /// <summary>The key of the model in use, as stored in <see cref="TableEmbedding.Model"/>.</summary>
    public string Model => _model;

    /// <summary>
    /// Embeds the texts of one row and replaces every entry the row had (all columns) with them; no texts removes the row's
    /// entries. Returns how many entries the row has now.
    /// </summary>
    public async Task<int> IndexRowAsync(Guid tableId, long rowId, IReadOnlyList<IndexedText> texts, CancellationToken cancellationToken = default)
        => await IndexRowsAsync(tableId, [new RowTexts(rowId, texts)], cancellationToken);

    /// <summary>The texts of one row for <see cref="IndexRowsAsync"/>.</summary>
    public sealed record RowTexts(long RowId, IReadOnlyList<IndexedText> Texts);

    /// <summary>Several rows at once (one embedding batch, one save): how many entries they have now.</summary>
    public async Task<int> IndexRowsAsync(Guid tableId, IReadOnlyList<RowTexts> rows, CancellationToken cancellationToken = default)
    {
        var texts = rows.SelectMany(r => r.Texts.Where(t => !string.IsNullOrWhiteSpace(t.Text)).Select(t => (r.RowId, Text: t))).ToList();
        var vectors = await EmbedAsync(texts.Select(t => t.Text.EmbeddingInput ?? t.Text.Text).ToList(), cancellationToken);

        var now = _clock.GetUtcNow().UtcDateTime;
        var rowIds = rows.Select(r => r.RowId).Distinct().ToList();
        await using (var db = _db.Create())
        {
            var existing = await db.TableEmbeddings.Where(e => e.TableId == tableId && rowIds.Contains(e.RowId)).Select(e => e.Id).ToListAsync(cancellationToken);
            foreach (var id in existing) db.Remove(new TableEmbedding { Id = id });
            for (var i = 0; i < texts.Count; i++)
            {
                var (rowId, text) = texts[i];
                db.Add(new TableEmbedding
                {
                    TableId = tableId,
                    RowId = rowId,
                    ColumnKey = text.ColumnKey,
                    ChunkIndex = text.ChunkIndex,
                    Text = Cut(text.Text, TableEmbedding.TextMax),
                    HeadingPath = text.HeadingPath is null ? null : Cut(text.HeadingPath, TableEmbedding.HeadingPathMax),
                    Page = text.Page,
                    Model = _model,
                    Dimensions = vectors[i].Length,
                    Vector = VectorMath.ToBytes(vectors[i]),
                    CreatedAt = now,
                });
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        Invalidate(tableId);
        return texts.Count;
    }

    /// <summary>Removes the entries of these rows (deleted rows).</summary>
    public async Task<int> RemoveRowsAsync(Guid tableId, IReadOnlyCollection<long> rowIds, CancellationToken cancellationToken = default)
    {
        int removed;
        await using (var db = _db.Create())
            removed = await db.TableEmbeddings.Where(e => e.TableId == tableId && rowIds.Contains(e.RowId)).ExecuteDeleteAsync(cancellationToken);
        Invalidate(tableId);
        return removed;
    }

    /// <summary>Removes every entry of a table (a dropped table, or before indexing it all again).</summary>
    public async Task<int> RemoveTableAsync(Guid tableId, CancellationToken cancellationToken = default)
    {
        int removed;
        await using (var db = _db.Create())
            removed = await db.TableEmbeddings.Where(e => e.TableId == tableId).ExecuteDeleteAsync(cancellationToken);
        Invalidate(tableId);
        return removed;
    }

    /// <summary>How many entries a table has, and how many of them another model made.</summary>
    public async Task<(int Total, int Stale)> CountAsync(Guid tableId, CancellationToken cancellationToken = default)
    {
        var vectors = await VectorsAsync(tableId, cancellationToken);
        return (vectors.Count + vectors.Stale, vectors.Stale);
    }

    /// <summary>Drops the table's cached vectors; the next search reads them again. Every write here calls it after saving.</summary>
    public void Invalidate(Guid tableId)
    {
        _generations.AddOrUpdate(tableId, 1, (_, g) => g + 1);
        _loads.TryRemove(tableId, out _);
        _cache.Remove(tableId);
    }

    /// <summary>The top matches of the query among the table's vectors, best first (ties in row, column, chunk order).</summary>
    public async Task<SemanticSearchResult> SearchAsync(Guid tableId, string query, SemanticSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SemanticSearchOptions();
        if (string.IsNullOrWhiteSpace(query)) throw new ArgumentException("the search query is empty", nameof(query));
        if (query.Length > MaxQueryLength) throw new ArgumentException($"the search query is longer than {MaxQueryLength:N0} characters", nameof(query));
        if (options.Top < 1 || options.Top > MaxTop) throw new ArgumentException($"the number of results must be between 1 and {MaxTop}", nameof(options));

        var vectorsTask = VectorsAsync(tableId, cancellationToken);
        var queryVector = (await EmbedAsync([query], cancellationToken))[0];
        var vectors = await vectorsTask;
        return new SemanticSearchResult(vectors.Search(queryVector, options), vectors.Count, vectors.Stale);
    }

    /// <summary>The same search with a query vector already embedded by the model in use (normalised here).</summary>
    public async Task<SemanticSearchResult> SearchByVectorAsync(Guid tableId, ReadOnlyMemory<float> queryVector, SemanticSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SemanticSearchOptions();
        if (options.Top < 1 || options.Top > MaxTop) throw new ArgumentException($"the number of results must be between 1 and {MaxTop}", nameof(options));
        var query = queryVector.ToArray();
        VectorMath.Normalize(query);
        var vectors = await VectorsAsync(tableId, cancellationToken);
        return new SemanticSearchResult(vectors.Search(query, options), vectors.Count, vectors.Stale);
    }

    async Task<float[][]> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var result = new float[inputs.Count][];
        var batch = Math.Max(1, _options.EmbeddingBatchSize);
        for (var start = 0; start < inputs.Count; start += batch)
        {
            var slice = inputs.Skip(start).Take(batch).ToList();
            var embeddings = await _generator.GenerateAsync(slice, cancellationToken: cancellationToken);
            if (embeddings.Count != slice.Count)
                throw new InvalidOperationException($"the embedding model answered {embeddings.Count} vectors for {slice.Count} texts");
            for (var i = 0; i < slice.Count; i++)
            {
                var vector = embeddings[i].Vector.ToArray();
                VectorMath.Normalize(vector);
                result[start + i] = vector;
            }
        }
        return result;
    }

    async Task<TableVectors> VectorsAsync(Guid tableId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(tableId, out TableVectors? cached)) return cached!;
        // One load per table at a time; the searches that come meanwhile wait for it.
        var load = _loads.GetOrAdd(tableId, id => new Lazy<Task<TableVectors>>(() => LoadAsync(id), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return await load.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            if (load.Value.IsCompleted) _loads.TryRemove(KeyValuePair.Create(tableId, load));
        }
    }

    /// <summary>Every write's <see cref="Invalidate"/> moves the table's generation on.</summary>
    long Generation(Guid tableId) => _generations.TryGetValue(tableId, out var generation) ? generation : 0;

    async Task<TableVectors> LoadAsync(Guid tableId)
    {
        // A write that saves before this read is in it; one that invalidates after it started keeps the result out of the cache.
        var generation = Generation(tableId);
        var vectors = await ReadAsync(tableId);
        if (Generation(tableId) == generation)
            _cache.Set(tableId, vectors, new MemoryCacheEntryOptions { Size = vectors.Bytes });
        return vectors;
    }

    async Task<TableVectors> ReadAsync(Guid tableId)
    {
        await using var db = _db.Create();
        var rows = await db.TableEmbeddings.AsNoTracking()
            .Where(e => e.TableId == tableId)
            .OrderBy(e => e.RowId).ThenBy(e => e.ColumnKey).ThenBy(e => e.ChunkIndex)
            .Select(e => new { e.RowId, e.ColumnKey, e.ChunkIndex, e.Text, e.HeadingPath, e.Page, e.Model, e.Dimensions, e.Vector })
            .ToListAsync();
        var current = rows.Where(r => r.Model == _model).ToList();
        var dimensions = current.Count == 0 ? 0 : current[0].Dimensions;
        current = current.Where(r => r.Dimensions == dimensions && r.Vector.Length == dimensions * sizeof(float)).ToList();
        var matrix = new float[current.Count * dimensions];
        var entries = new SemanticMatch[current.Count];
        for (var i = 0; i < current.Count; i++)
        {
            var r = current[i];
            VectorMath.FromBytes(r.Vector, matrix.AsSpan(i * dimensions, dimensions));
            entries[i] = new SemanticMatch(r.RowId, r.ColumnKey, r.ChunkIndex, r.Text, r.HeadingPath, r.Page, 0);
        }
        var stale = rows.Count - current.Count;
        if (stale > 0)
            _logger.LogWarning("Table {TableId} has {Stale} embedded text(s) from another embedding model than {Model}; index them again to find them.", tableId, stale, _model);
        // The cache counts bytes: the vectors plus a rough share for the texts.
        var bytes = (long)matrix.Length * sizeof(float) + current.Sum(r => (long)r.Text.Length * 2 + 64);
        return new TableVectors(dimensions, matrix, entries, stale, Math.Max(1, bytes));
    }

    static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    public void Dispose() => _cache.Dispose();

    /// <summary>One table's vectors, row after row in one array, and what each row is.</summary>
    sealed class TableVectors(int dimensions, float[] matrix, SemanticMatch[] entries, int stale, long bytes)
    {
        public long Bytes => bytes;
        public int Count => entries.Length;
        public int Stale => stale;

        public IReadOnlyList<SemanticMatch> Search(float[] query, SemanticSearchOptions options)
        {
            if (entries.Length == 0) return [];
            if (query.Length != dimensions)
                throw new InvalidOperationException($"the query has {query.Length} dimensions but the table's vectors have {dimensions}; index the table again with the model in use");

            var scores = new float[entries.Length];
            var span = matrix.AsSpan();
            for (var i = 0; i < entries.Length; i++)
                scores[i] = TensorPrimitives.Dot(span.Slice(i * dimensions, dimensions), query);

            IEnumerable<int> candidates = Enumerable.Range(0, entries.Length);
            if (options.MinScore is { } min) candidates = candidates.Where(i => scores[i] >= min);
            if (options.BestPerRow)
                candidates = candidates.GroupBy(i => entries[i].RowId).Select(g => g.OrderByDescending(i => scores[i]).ThenBy(i => i).First());

            // A min-heap of the best k: the root is the weakest kept; entries are in (row, column, chunk) order, so on equal
            // scores the lower index wins.
            var heap = new PriorityQueue<int, (float Score, int NegIndex)>(options.Top + 1);
            foreach (var i in candidates)
            {
                heap.Enqueue(i, (scores[i], -i));
                if (heap.Count > options.Top) heap.Dequeue();
            }
            var best = new List<SemanticMatch>(heap.Count);
            while (heap.TryDequeue(out var i, out _)) best.Add(entries[i] with { Score = scores[i] });
            best.Reverse();
            return best;
        }
    }
}

/// <summary>Names an embedding generator's model for <see cref="TableEmbedding.Model"/>: provider/model.</summary>
public static class EmbeddingModels
{
    public static string KeyOf(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var key = $"{metadata?.ProviderName ?? generator.GetType().Name}/{metadata?.DefaultModelId ?? "default"}";
        return key.Length <= TableEmbedding.ModelMax ? key : key[..TableEmbedding.ModelMax];
    }
}
