using Builder.Domain.Knowledge;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Knowledge;

/// <summary>The vector index on the real (migrated SQLite) database: storage, cosine top-k order, the cache and its invalidation.</summary>
public class TableVectorIndexTests : IAsyncLifetime
{
    TestDatabase _db = null!;
    readonly Guid _table = Guid.NewGuid();
    readonly Guid _otherTable = Guid.NewGuid();

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    TableVectorIndex Index(FakeEmbeddingGenerator? generator = null) => new(_db, generator ?? new FakeEmbeddingGenerator());

    static IndexedText T(string vector, int chunk = 0, int? column = null) => new(column, chunk, vector);

    [Fact]
    public async Task Vectors_are_stored_normalised_as_float32_little_endian_bytes_with_their_model()
    {
        await Index().IndexRowAsync(_table, 1, [T("v:3,4"), new IndexedText(2, 1, "shown text", "Guide › Intro", 3, "v:0,2")]);

        await using var context = _db.Context();
        var stored = await context.TableEmbeddings.OrderBy(e => e.ChunkIndex).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.Equal(new byte[] { 0x9A, 0x99, 0x19, 0x3F, 0xCD, 0xCC, 0x4C, 0x3F }, stored[0].Vector); // 0.6f, 0.8f
        Assert.Equal([0f, 1f], VectorMath.FromBytes(stored[1].Vector));
        Assert.Equal(("shown text", "Guide › Intro", (int?)3, (int?)2, 2), (stored[1].Text, stored[1].HeadingPath, stored[1].Page, stored[1].ColumnKey, stored[1].Dimensions));
        Assert.All(stored, e => Assert.Equal("fake/fake", e.Model));
    }

    [Fact]
    public async Task Search_answers_the_top_k_by_cosine_best_first_with_scores_and_text()
    {
        var index = Index();
        await index.IndexRowsAsync(_table, [
            new(1, [T("v:1,0,0")]),
            new(2, [T("v:0.6,0.8,0")]),
            new(3, [T("v:0,1,0")]),
            new(4, [T("v:-1,0,0")]),
            new(5, [T("v:0.8,0.6,0")]),
        ]);
        await index.IndexRowAsync(_otherTable, 9, [T("v:1,0,0")]);

        var result = await index.SearchAsync(_table, "v:1,0,0", new SemanticSearchOptions { Top = 3 });

        Assert.Equal([1L, 5, 2], result.Matches.Select(m => m.RowId));
        Assert.Equal([1f, 0.8f, 0.6f], result.Matches.Select(m => MathF.Round(m.Score, 4)));
        Assert.Equal("v:0.8,0.6,0", result.Matches[1].Text);
        Assert.Equal(5, result.Searched);

        var all = await index.SearchAsync(_table, "v:1,0,0", new SemanticSearchOptions { Top = 10, MinScore = 0 });
        Assert.Equal([1L, 5, 2, 3], all.Matches.Select(m => m.RowId));
    }

    [Fact]
    public async Task A_search_by_an_embedded_vector_gives_the_same_order()
    {
        var index = Index();
        await index.IndexRowsAsync(_table, [new(1, [T("v:1,0")]), new(2, [T("v:0,1")])]);

        var result = await index.SearchByVectorAsync(_table, new float[] { 0, 5 });

        Assert.Equal([2L, 1L], result.Matches.Select(m => m.RowId));
        Assert.Equal(1f, result.Matches[0].Score, 4);
    }

    [Fact]
    public async Task Best_per_row_keeps_one_match_for_each_row_and_ties_go_in_row_then_chunk_order()
    {
        var index = Index();
        await index.IndexRowsAsync(_table, [
            new(7, [T("v:1,0", 0), T("v:0.9,0.1", 1)]),
            new(3, [T("v:0.9,0.1", 0)]),
        ]);

        var perChunk = await index.SearchAsync(_table, "v:1,0");
        Assert.Equal([(7L, 0), (3L, 0), (7L, 1)], perChunk.Matches.Select(m => (m.RowId, m.ChunkIndex)));

        var perRow = await index.SearchAsync(_table, "v:1,0", new SemanticSearchOptions { BestPerRow = true });
        Assert.Equal([(7L, 0), (3L, 0)], perRow.Matches.Select(m => (m.RowId, m.ChunkIndex)));
    }

    [Fact]
    public async Task A_write_invalidates_the_cached_vectors_so_the_next_search_sees_it()
    {
        var index = Index();
        await index.IndexRowAsync(_table, 1, [T("v:1,0")]);
        Assert.Equal([1L], (await index.SearchAsync(_table, "v:0,1", new SemanticSearchOptions { Top = 1 })).Matches.Select(m => m.RowId));

        await index.IndexRowAsync(_table, 2, [T("v:0,1")]);
        Assert.Equal([2L], (await index.SearchAsync(_table, "v:0,1", new SemanticSearchOptions { Top = 1 })).Matches.Select(m => m.RowId));

        // Indexing a row again replaces its entries.
        await index.IndexRowAsync(_table, 1, [T("v:0,1"), T("v:0.1,1", 1)]);
        Assert.Equal((3, 0), await index.CountAsync(_table));

        await index.RemoveRowsAsync(_table, [2]);
        Assert.Equal([1L, 1], (await index.SearchAsync(_table, "v:0,1")).Matches.Select(m => m.RowId));

        await index.RemoveTableAsync(_table);
        Assert.Empty((await index.SearchAsync(_table, "v:0,1")).Matches);
    }

    [Fact]
    public async Task The_cache_serves_searches_without_reading_the_database_again()
    {
        var index = Index();
        await index.IndexRowAsync(_table, 1, [T("v:1,0")]);
        await index.SearchAsync(_table, "v:1,0");

        // A row written behind the index's back (no invalidation) is not seen: the vectors came from the cache.
        await using (var context = _db.Context())
        {
            context.TableEmbeddings.Add(new TableEmbedding { TableId = _table, RowId = 2, Text = "x", Model = index.Model, Dimensions = 2, Vector = VectorMath.ToBytes([1f, 0f]) });
            await context.SaveChangesAsync();
        }
        Assert.Single((await index.SearchAsync(_table, "v:1,0")).Matches);
        index.Invalidate(_table);
        Assert.Equal(2, (await index.SearchAsync(_table, "v:1,0")).Matches.Count);
    }

    [Fact]
    public async Task Vectors_of_another_model_are_not_compared_and_are_counted_as_stale()
    {
        await Index(new FakeEmbeddingGenerator("old-model")).IndexRowAsync(_table, 1, [T("v:1,0,0")]);
        var index = Index(new FakeEmbeddingGenerator("new-model"));
        await index.IndexRowAsync(_table, 2, [T("v:1,0")]);

        var result = await index.SearchAsync(_table, "v:1,0");

        Assert.Equal([2L], result.Matches.Select(m => m.RowId));
        Assert.Equal(1, result.Stale);
    }

    [Fact]
    public async Task Embedding_goes_to_the_model_in_batches()
    {
        var generator = new FakeEmbeddingGenerator();
        var index = new TableVectorIndex(_db, generator, options: new VectorIndexOptions { EmbeddingBatchSize = 4 });

        await index.IndexRowAsync(_table, 1, Enumerable.Range(0, 10).Select(i => T("v:1,0", i)).ToList());

        Assert.Equal([4, 4, 2], generator.BatchSizes);
    }

    [Theory]
    [InlineData("", 10, "empty")]
    [InlineData("q", 0, "between 1 and 100")]
    [InlineData("q", 101, "between 1 and 100")]
    public async Task A_bad_search_is_refused_with_the_reason(string query, int top, string message)
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Index().SearchAsync(_table, query, new SemanticSearchOptions { Top = top }));
        Assert.Contains(message, e.Message);
    }
}
