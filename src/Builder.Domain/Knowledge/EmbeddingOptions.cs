namespace Builder.Domain.Knowledge;

/// <summary>
/// Which embedding model the knowledge bases use (section <c>Embeddings</c>): <c>Provider</c> = <c>local</c> (default, the
/// embedded all-MiniLM-L6-v2, nothing to set up or download) or <c>model</c> (an OpenAI-compatible embeddings endpoint,
/// <c>Embeddings:Model:*</c>). Changing the model makes the vectors already stored stale: index the tables again.
/// </summary>
public sealed class EmbeddingOptions
{
    public const string Section = "Embeddings";
    public const string LocalProvider = "local";
    public const string ModelProvider = "model";

    public string Provider { get; set; } = LocalProvider;

    public EmbeddingModelOptions Model { get; set; } = new();
}

/// <summary>An OpenAI-compatible embeddings endpoint (<c>Embeddings:Model:*</c>), called through the outbound HTTP client.</summary>
public sealed class EmbeddingModelOptions
{
    /// <summary>The full embeddings URL, e.g. https://api.openai.com/v1/embeddings (sent to exactly, query string included).</summary>
    public string? Url { get; set; }

    /// <summary>The model name sent in the body, e.g. text-embedding-3-small.</summary>
    public string? Name { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer</c> (as <c>api-key</c> to Azure OpenAI hosts). Set it by environment variable, never in a file.</summary>
    public string? Token { get; set; }

    /// <summary>Asks for this many dimensions (models that support it, e.g. text-embedding-3-*); every answer is checked against it.</summary>
    public int? Dimensions { get; set; }

    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>How many texts go in one request.</summary>
    public int BatchSize { get; set; } = 64;
}
