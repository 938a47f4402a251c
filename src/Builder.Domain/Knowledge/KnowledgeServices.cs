using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Builder.Domain.Knowledge;

/// <summary>
/// Registers the knowledge-base machinery, all singletons, settings read from the app's configuration when there is one:
/// the embedding generator (<c>Embeddings:Provider</c>), document extraction (<c>Knowledge:Documents</c>), chunking
/// (<c>Knowledge:Chunking</c>), the vector index (<c>Knowledge:Index</c>) and the indexing queue with its worker
/// (<c>Knowledge:Indexing</c>). A test may register its own <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> first.
/// </summary>
public static class KnowledgeServices
{
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => Bind<EmbeddingOptions>(sp, EmbeddingOptions.Section));
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => CreateGenerator(sp, sp.GetRequiredService<EmbeddingOptions>()));
        services.TryAddSingleton(sp => Bind<DocumentExtractionOptions>(sp, "Knowledge:Documents"));
        services.TryAddSingleton(sp => Bind<ChunkingOptions>(sp, "Knowledge:Chunking"));
        services.TryAddSingleton(sp => Bind<VectorIndexOptions>(sp, "Knowledge:Index"));
        services.TryAddSingleton(sp => Bind<IndexingQueueOptions>(sp, "Knowledge:Indexing"));
        services.TryAddSingleton(sp => new DocumentTextExtractor(sp.GetRequiredService<DocumentExtractionOptions>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<ChunkingOptions>();
            return options.Problem() is { } problem
                ? throw new InvalidOperationException($"Knowledge:Chunking: {problem} (TargetSize {options.TargetSize}, Overlap {options.Overlap}).")
                : new TextChunker(options);
        });
        services.TryAddSingleton(sp => new TableVectorIndex(sp.GetRequiredService<Common.IBuilderDbContextFactory>(),
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(), sp.GetService<TimeProvider>(),
            sp.GetRequiredService<VectorIndexOptions>(), sp.GetService<ILogger<TableVectorIndex>>()));
        services.TryAddSingleton(sp => new IndexingQueue(sp.GetService<TimeProvider>(), sp.GetRequiredService<IndexingQueueOptions>()));
        services.AddHostedService<IndexingWorker>();
        return services;
    }

    static T Bind<T>(IServiceProvider services, string section) where T : new()
    {
        var options = new T();
        services.GetService<IConfiguration>()?.GetSection(section).Bind(options);
        return options;
    }

    static IEmbeddingGenerator<string, Embedding<float>> CreateGenerator(IServiceProvider services, EmbeddingOptions options) =>
        (options.Provider ?? "").Trim().ToLowerInvariant() switch
        {
            "" or EmbeddingOptions.LocalProvider => new LocalEmbeddingGenerator(),
            EmbeddingOptions.ModelProvider => new ModelEmbeddingGenerator(services.GetRequiredService<IHttpClientFactory>(), options.Model,
                services.GetService<ILogger<ModelEmbeddingGenerator>>()),
            var other => throw new InvalidOperationException($"Embeddings:Provider is \"{other}\"; use \"local\" (the embedded model) or \"model\" (an embeddings endpoint, Embeddings:Model:*)."),
        };
}
