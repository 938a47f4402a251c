using Microsoft.Extensions.AI;

namespace Builder.Domain.Tests.Knowledge;

/// <summary>
/// An embedding generator with chosen vectors: a text "v:1,0,0" embeds as that vector (not normalised: the index does
/// that; of a chunk with headings, its last line); any other text as the vector the test maps it to. A text containing "FAIL" throws.
/// </summary>
public sealed class FakeEmbeddingGenerator(string modelId = "fake", params (string Text, float[] Vector)[] map) : IEmbeddingGenerator<string, Embedding<float>>
{
    readonly Dictionary<string, float[]> _map = map.ToDictionary(m => m.Text, m => m.Vector);
    public int Calls { get; private set; }
    public List<int> BatchSizes { get; } = [];

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = values.ToList();
        Calls++;
        BatchSizes.Add(list.Count);
        if (list.Any(v => v.Contains("FAIL"))) throw new InvalidOperationException("the model refused the text");
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(list.Select(v => new Embedding<float>(Vector(v)))));
    }

    // A chunk's embedding input is its heading path, a new line, then its text: the last line decides.
    float[] Vector(string input) => VectorOf(input.Split('\n')[^1]);

    float[] VectorOf(string text) =>
        _map.TryGetValue(text, out var mapped) ? mapped
        : text.StartsWith("v:") ? text[2..].Split(',').Select(x => float.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
        : [1, 1, 1];

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("fake", defaultModelId: modelId) : null;

    public void Dispose() { }
}
