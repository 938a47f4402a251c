using System.Net;
using System.Numerics.Tensors;
using System.Text;
using System.Text.Json.Nodes;
using Builder.Domain.Knowledge;
using Builder.Domain.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Knowledge;

/// <summary>The "model" provider: an OpenAI-compatible embeddings endpoint, and the choice of provider by configuration.</summary>
public class ModelEmbeddingGeneratorTests
{
    sealed class Handler(Func<HttpRequestMessage, string, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request, body));
            return answer(request, body);
        }
    }

    sealed class Factory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    static HttpResponseMessage Json(HttpStatusCode status, string json) => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>Answers each input with [length, 1, 0] in reverse order (the index field puts them right).</summary>
    static HttpResponseMessage Embeddings(string body)
    {
        var inputs = JsonNode.Parse(body)!["input"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var data = inputs.Select((text, i) => new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = new JsonArray(text.Length, 1, 0) }).Reverse();
        return Json(HttpStatusCode.OK, new JsonObject { ["object"] = "list", ["data"] = new JsonArray(data.ToArray<JsonNode?>()) }.ToJsonString());
    }

    static ModelEmbeddingGenerator Generator(Handler handler, int batchSize = 64, int? dimensions = null, string url = "https://api.example.test/v1/embeddings?v=1") =>
        new(new Factory(handler), new EmbeddingModelOptions { Url = url, Name = "text-embedding-3-small", Token = "sk-secret-token-123456", BatchSize = batchSize, Dimensions = dimensions });

    [Fact]
    public async Task Sends_the_model_and_inputs_to_the_exact_url_with_the_token_in_batches_and_normalises_in_input_order()
    {
        var handler = new Handler((_, body) => Embeddings(body));

        var result = await Generator(handler, batchSize: 2).GenerateAsync(["abc", "a", "abcd"]);

        Assert.Equal(2, handler.Requests.Count);
        var (request, body) = handler.Requests[0];
        Assert.Equal("https://api.example.test/v1/embeddings?v=1", request.RequestUri!.ToString());
        Assert.Equal("Bearer sk-secret-token-123456", request.Headers.Authorization!.ToString());
        Assert.Equal("""{"model":"text-embedding-3-small","input":["abc","a"]}""", body);
        Assert.Equal([3f, 1f, 4f], result.Select(e => MathF.Round(e.Vector.Span[0] / e.Vector.Span[1], 3)));
        Assert.All(result, e => Assert.Equal(1f, TensorPrimitives.Norm(e.Vector.Span), 4));
    }

    [Fact]
    public async Task An_error_status_is_a_model_call_failure_without_the_token_and_wrong_dimensions_are_refused()
    {
        var refused = Generator(new Handler((_, _) => Json(HttpStatusCode.Unauthorized, """{"error":{"message":"bad key sk-secret-token-123456"}}""")));
        var e = await Assert.ThrowsAsync<ModelCallException>(() => refused.GenerateAsync(["x"]));
        Assert.Equal(ModelFailure.Unauthorized, e.Failure);
        Assert.DoesNotContain("sk-secret", e.Message);

        var wrongSize = Generator(new Handler((_, body) => Embeddings(body)), dimensions: 1536);
        var d = await Assert.ThrowsAsync<ModelCallException>(() => wrongSize.GenerateAsync(["x"]));
        Assert.Contains("3 dimensions; 1536 were configured", d.Message);

        var notEmbeddings = Generator(new Handler((_, _) => Json(HttpStatusCode.OK, """{"choices":[]}""")));
        Assert.Equal(ModelFailure.NotOpenAiCompatible, (await Assert.ThrowsAsync<ModelCallException>(() => notEmbeddings.GenerateAsync(["x"]))).Failure);
    }

    [Fact]
    public void A_bad_url_or_missing_name_is_refused_at_start_with_the_setting_named()
    {
        var handler = new Handler((_, body) => Embeddings(body));
        Assert.Contains("Embeddings:Model:Url", Assert.Throws<InvalidOperationException>(() => Generator(handler, url: "ftp://x/")).Message);
        Assert.Contains("Embeddings:Model:Name", Assert.Throws<InvalidOperationException>(() =>
            new ModelEmbeddingGenerator(new Factory(handler), new EmbeddingModelOptions { Url = "https://x.test/v1/embeddings" })).Message);
    }

    static IEmbeddingGenerator<string, Embedding<float>> Configured(params (string Key, string Value)[] settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build())
            .AddSingleton<IHttpClientFactory>(new Factory(new Handler((_, body) => Embeddings(body))))
            .AddKnowledge()
            .BuildServiceProvider()
            .GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

    [Fact]
    public void The_provider_is_chosen_by_configuration_local_by_default()
    {
        Assert.IsType<LocalEmbeddingGenerator>(Configured());
        Assert.IsType<LocalEmbeddingGenerator>(Configured(("Embeddings:Provider", "Local")));
        var model = Assert.IsType<ModelEmbeddingGenerator>(Configured(("Embeddings:Provider", "model"),
            ("Embeddings:Model:Url", "https://api.example.test/v1/embeddings"), ("Embeddings:Model:Name", "text-embedding-3-small")));
        Assert.Equal("openai-compatible/text-embedding-3-small", EmbeddingModels.KeyOf(model));
        var e = Assert.Throws<InvalidOperationException>(() => Configured(("Embeddings:Provider", "onnx")));
        Assert.Contains("use \"local\"", e.Message);
    }
}
