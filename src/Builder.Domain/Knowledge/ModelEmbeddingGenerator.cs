using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Builder.Domain.Models;
using Builder.Domain.Outbound;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Knowledge;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over an OpenAI-compatible embeddings endpoint
/// (<c>POST {url}</c> with <c>{ model, input: [...], dimensions? }</c>, answering <c>{ data: [{ index, embedding }] }</c>),
/// through the one outbound HTTP client (<see cref="OutboundHttp.ClientName"/>: address policy, no redirects, size cap).
/// Credentials go as the chat models' do (<see cref="ModelGateway"/>); failures are <see cref="ModelCallException"/>s with
/// the same reasons, scrubbed of the token. One request per batch, no retries.
/// </summary>
public sealed class ModelEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    readonly IHttpClientFactory _httpClientFactory;
    readonly EmbeddingModelOptions _options;
    readonly ModelEndpoint _endpoint;
    readonly Uri _url;
    readonly ILogger _logger;
    readonly EmbeddingGeneratorMetadata _metadata;

    public ModelEmbeddingGenerator(IHttpClientFactory httpClientFactory, EmbeddingModelOptions options, ILogger<ModelEmbeddingGenerator>? logger = null)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _logger = logger ?? NullLogger<ModelEmbeddingGenerator>.Instance;
        if (!Uri.TryCreate(options.Url?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(url.UserInfo))
            throw new InvalidOperationException("Embeddings:Model:Url must be the absolute http(s) URL of an OpenAI-compatible embeddings endpoint, e.g. https://api.openai.com/v1/embeddings, without a user name or password.");
        if (string.IsNullOrWhiteSpace(options.Name))
            throw new InvalidOperationException("Embeddings:Model:Name must name the embedding model, e.g. text-embedding-3-small.");
        if (!ModelEndpoint.IsHeaderSafe(options.Token))
            throw new InvalidOperationException("Embeddings:Model:Token holds a character an HTTP header cannot carry; set it again.");
        _url = url;
        _endpoint = new ModelEndpoint
        {
            ModelUrl = url.ToString(),
            ModelName = options.Name.Trim(),
            Token = string.IsNullOrEmpty(options.Token) ? null : options.Token,
            Timeout = TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds)),
        };
        _metadata = new EmbeddingGeneratorMetadata("openai-compatible", url, _endpoint.ModelName, options.Dimensions);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var texts = values.Select(v => string.IsNullOrEmpty(v) ? " " : v).ToList();
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        var batch = Math.Max(1, _options.BatchSize);
        for (var start = 0; start < texts.Count; start += batch)
            result.AddRange(await RequestAsync(texts.Skip(start).Take(batch).ToList(), cancellationToken));
        return result;
    }

    sealed record Request(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] IReadOnlyList<string> Input,
        [property: JsonPropertyName("dimensions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Dimensions);

    async Task<List<Embedding<float>>> RequestAsync(List<string> texts, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_endpoint.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = JsonContent.Create(new Request(_endpoint.ModelName, texts, _options.Dimensions)) };
        if (_endpoint.Token is { } token)
        {
            if (ModelGateway.IsAzureHost(_url.Host)) request.Headers.Add("api-key", token);
            else request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        try
        {
            using var response = await _httpClientFactory.CreateClient(OutboundHttp.ClientName).SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if ((int)response.StatusCode >= 300)
                throw ModelGateway.StatusFailure((int)response.StatusCode, ErrorMessage(body),
                    response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture), _endpoint);
            return Parse(body, texts.Count);
        }
        catch (Exception e) when (e is not ModelCallException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var failure = Translate(e);
            _logger.LogWarning("Embedding call to {Host} ({Model}) failed: {Reason}", _url.Host, _endpoint.ModelName, failure.Message);
            throw failure;
        }
    }

    const string NotEmbeddings = "the answer is not an OpenAI-compatible embeddings response";

    List<Embedding<float>> Parse(byte[] body, int expected)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() != expected)
                throw new ModelCallException(ModelFailure.NotOpenAiCompatible, $"{NotEmbeddings} (expected {expected} embeddings)");
            var vectors = new float[expected][];
            var position = 0;
            foreach (var item in data.EnumerateArray())
            {
                var index = item.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : position;
                if (index < 0 || index >= expected || vectors[index] is not null || !item.TryGetProperty("embedding", out var embedding) || embedding.ValueKind != JsonValueKind.Array)
                    throw new ModelCallException(ModelFailure.NotOpenAiCompatible, NotEmbeddings);
                var vector = new float[embedding.GetArrayLength()];
                var d = 0;
                foreach (var value in embedding.EnumerateArray()) vector[d++] = value.GetSingle();
                if (vector.Length == 0 || (_options.Dimensions is { } dims && vector.Length != dims))
                    throw new ModelCallException(ModelFailure.NotOpenAiCompatible, $"the model answered vectors of {vector.Length} dimensions; {_options.Dimensions} were configured");
                VectorMath.Normalize(vector);
                vectors[index] = vector;
                position++;
            }
            if (vectors.Select(v => v.Length).Distinct().Count() > 1)
                throw new ModelCallException(ModelFailure.NotOpenAiCompatible, "the model answered vectors of different lengths");
            return vectors.Select(v => new Embedding<float>(v) { ModelId = _endpoint.ModelName }).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelCallException(ModelFailure.NotOpenAiCompatible, NotEmbeddings);
        }
    }

    static string? ErrorMessage(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error)) return null;
            if (error.ValueKind == JsonValueKind.String) return error.GetString();
            return error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    ModelCallException Translate(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ModelCallException model: return model;
                case OutboundAddressRefusedException refused: return new(ModelFailure.RefusedByPolicy, "refused by the address policy: " + refused.Message);
                case OutboundResponseTooLargeException large: return new(ModelFailure.EndpointFailed, large.Message);
                case OutboundConnectException connect: return new(ModelFailure.ConnectionFailed, ModelGateway.Scrub(connect.Message, _endpoint));
                case OperationCanceledException or TimeoutException: return new(ModelFailure.Timeout, $"timed out after {ModelGateway.FormatSeconds(_endpoint.Timeout)}");
            }
        }
        return error is HttpRequestException or IOException
            ? new ModelCallException(ModelFailure.ConnectionFailed, $"the request to {_url.Host} failed")
            : new ModelCallException(ModelFailure.EndpointFailed, $"the embedding call failed ({error.GetType().Name})");
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() { }
}
