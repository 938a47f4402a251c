using System.Numerics.Tensors;
using Builder.Domain.Knowledge;
using Microsoft.Extensions.AI;

namespace Builder.Domain.Tests.Knowledge;

/// <summary>One loaded model for every test that embeds (loading it takes a moment).</summary>
public sealed class EmbeddingFixture : IDisposable
{
    public LocalEmbeddingGenerator Generator { get; } = new();
    public void Dispose() => Generator.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EmbeddingCollection : ICollectionFixture<EmbeddingFixture>
{
    public const string Name = "Local embeddings";
}

/// <summary>The embedded all-MiniLM-L6-v2: 384 normalised dimensions, deterministic, batched, and it understands meaning.</summary>
[Collection(EmbeddingCollection.Name)]
public class LocalEmbeddingGeneratorTests(EmbeddingFixture fixture)
{
    readonly LocalEmbeddingGenerator _generator = fixture.Generator;

    [Fact]
    public async Task Every_vector_has_384_dimensions_and_length_one()
    {
        var embeddings = await _generator.GenerateAsync(["The quick brown fox.", "", "Ünïcödé and emoji 🚀 survive too."]);

        Assert.Equal(3, embeddings.Count);
        foreach (var embedding in embeddings)
        {
            Assert.Equal(LocalEmbeddingGenerator.Dimensions, embedding.Vector.Length);
            Assert.Equal(1f, TensorPrimitives.Norm(embedding.Vector.Span), 3);
            Assert.Equal(LocalEmbeddingGenerator.ModelId, embedding.ModelId);
        }
    }

    [Fact]
    public async Task The_same_text_gives_the_same_vector_alone_or_in_a_batch_larger_than_one_model_run()
    {
        var texts = Enumerable.Range(0, LocalEmbeddingGenerator.BatchSize + 5).Select(i => $"Sentence number {i} about topic {i % 7}.").ToList();
        var batch = await _generator.GenerateAsync(texts);
        var alone = await _generator.GenerateVectorAsync(texts[^1]);

        Assert.Equal(texts.Count, batch.Count);
        Assert.Equal(1f, TensorPrimitives.CosineSimilarity(alone.Span, batch[^1].Vector.Span), 3);
    }

    [Fact]
    public async Task Similar_meanings_are_closer_than_unrelated_ones()
    {
        var e = await _generator.GenerateAsync(["A cat is sleeping on the mat.", "feline resting", "Quarterly tax filing deadlines for corporations."]);

        var related = TensorPrimitives.Dot(e[0].Vector.Span, e[1].Vector.Span);
        var unrelated = TensorPrimitives.Dot(e[2].Vector.Span, e[1].Vector.Span);
        Assert.True(related > unrelated + 0.1f, $"related {related}, unrelated {unrelated}");
    }

    [Fact]
    public void The_metadata_names_the_model_and_its_dimensions()
    {
        var metadata = _generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal(LocalEmbeddingGenerator.ModelId, metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }
}
