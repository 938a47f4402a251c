using System.Text.Json;
using Builder.TestServers;
using static Builder.Domain.Access.Permissions;
using static Builder.Web.Tests.Api.PromptTemplates.PromptExecutionArrange;
using static Builder.Web.Tests.Api.PromptTemplates.PromptTemplateArrange;

namespace Builder.Web.Tests.Api.PromptTemplates;

/// <summary>
/// POST /api/prompt-templates/{id}/analyze-sentiment with <c>"analyzer": "model"</c> against the local OpenAI-compatible
/// server: every role, an API key, another organization (404, no call), an unknown analyzer and no model (400, nothing
/// saved), a failing model or a malformed answer (502 with the reason, no credential, nothing saved), and the per-person
/// allowance the model calls draw on.
/// </summary>
public sealed class PromptSentimentEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(EntitiesRead, 200, 200, 200, 200, 404);

    private const string Analysis = """
        {"label":"mixed","score":0.1,"sentences":[{"text":"You are a friendly assistant.","score":0.6},{"text":"Write a welcome.","score":-0.2}]}
        """;

    private LocalOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A template in Acme on a local model that answers structured-output requests with <paramref name="answer"/>.</summary>
    private async Task<JsonElement> TemplateAsync(string modelName, string? answer = Analysis)
    {
        var seed = await factory.SeedAsync();
        if (answer is not null) _server.SetStructuredReply(modelName, answer);
        var model = await factory.LocalModelAsync(_server, seed.Acme, modelName);
        return await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id());
    }

    private int Calls(string modelName) => _server.Requests.Count(r => r.Model == modelName);

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Analyze_with_the_model(Caller caller, int status)
    {
        var modelName = $"sentiment-{caller}";
        var template = await TemplateAsync(modelName);
        var body = await factory.As(caller).PostJsonAsync(SentimentUrl(template.Id()), new { variableSet = "Happy User", analyzer = "model" }).ExpectJson(status);
        if (status != 200)
        {
            Assert.Equal("Prompt template not found", body.Error());
            Assert.Equal(0, Calls(modelName));
            return;
        }
        var raw = body.GetProperty("rawSentimentAnalysis");
        Assert.Equal(("mixed", 0.1, "model"), (raw.Str("label"), raw.GetProperty("score").GetDouble(), raw.Str("analyzer")));
        Assert.Equal(["You are a friendly assistant.", "Write a welcome."], raw.GetProperty("sentences").EnumerateArray().Select(s => s.Str("text")));
        Assert.StartsWith("Local", raw.Str("model"));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("resultSentimentAnalysis").ValueKind); // no run yet
        var request = _server.Requests.Single(r => r.Model == modelName).Json!;
        Assert.Equal("json_schema", request["response_format"]!["type"]!.GetValue<string>());
        Assert.Contains("Sarah", request["messages"]![1]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Through_an_API_key_and_with_the_latest_runs_output()
    {
        var template = await TemplateAsync("sentiment-key");
        var seed = await factory.SeedAsync();
        var key = await factory.CreateApiKeyAsync(seed.Acme, owner: Caller.Admin);
        var client = factory.WithApiKey(key.Str("token"));
        await client.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).Expect(200);

        var body = await client.PostJsonAsync(SentimentUrl(template.Id()), new { analyzer = "MODEL" }).ExpectJson(200);

        Assert.Equal("model", body.GetProperty("rawSentimentAnalysis").Str("analyzer"));
        Assert.Equal("mixed", body.GetProperty("resultSentimentAnalysis").Str("label"));
        // Two analyses: the raw prompt text (no set given) and the run's output (a plain reply: the run asked for no format).
        var texts = _server.Requests.Where(r => r.Model == "sentiment-key" && r.Json!["response_format"] is not null)
            .Select(r => r.Json!["messages"]![1]!["content"]!.GetValue<string>()).ToList();
        Assert.Equal(2, texts.Count);
        Assert.Contains("{{userName}}", texts[0]);
        Assert.Equal($"<text>\n{LocalOpenAiServer.DefaultReply}\n</text>", texts[1]);
    }

    [Fact]
    public async Task The_lexicon_stays_the_default_and_says_so()
    {
        var template = await TemplateAsync("sentiment-default");
        var body = await factory.As(Caller.Guest).PostJsonAsync(SentimentUrl(template.Id()), new { variableSet = "Happy User" }).ExpectJson(200);
        Assert.Equal("lexicon", body.GetProperty("rawSentimentAnalysis").Str("analyzer"));
        body = await factory.As(Caller.Guest).PostJsonAsync(SentimentUrl(template.Id()), new { analyzer = "lexicon" }).ExpectJson(200);
        Assert.Equal("lexicon", body.GetProperty("rawSentimentAnalysis").Str("analyzer"));
        Assert.Equal(0, Calls("sentiment-default"));
    }

    [Fact]
    public async Task An_unknown_analyzer_or_no_model_is_400_and_changes_nothing()
    {
        var template = await TemplateAsync("sentiment-unknown");
        var admin = factory.As(Caller.Admin);
        var body = await admin.PostJsonAsync(SentimentUrl(template.Id()), new { analyzer = "vader" }).ExpectJson(400);
        Assert.Equal("Unknown analyzer 'vader'; use 'lexicon' or 'model'.", body.GetProperty("errors").GetProperty("analyzer")[0].GetString());
        // A long value is not echoed back.
        body = await admin.PostJsonAsync(SentimentUrl(template.Id()), new { analyzer = new string('x', 5000) }).ExpectJson(400);
        Assert.Equal("Unknown analyzer; use 'lexicon' or 'model'.", body.GetProperty("errors").GetProperty("analyzer")[0].GetString());

        var seed = await factory.SeedAsync();
        var bare = await factory.CreateTemplateAsync(seed.Acme);
        body = await admin.PostJsonAsync(SentimentUrl(bare.Id()), new { analyzer = "model" }).ExpectJson(400);
        Assert.Contains("choose a model", body.GetProperty("errors").GetProperty("modelId")[0].GetString());

        foreach (var id in new[] { template.Id(), bare.Id() })
            Assert.Equal(JsonValueKind.Null, (await admin.GetAsync($"{Url}/{id}").ExpectJson(200)).GetProperty("rawSentimentAnalysis").ValueKind);
        Assert.Equal(0, Calls("sentiment-unknown"));
    }

    [Theory]
    [InlineData(LocalOpenAiServer.ServerError, "the endpoint failed (500)")]
    [InlineData(LocalOpenAiServer.Unauthorized, "the endpoint refused the token (401)")]
    [InlineData(LocalOpenAiServer.MalformedJson, "the model's answer is not a sentiment analysis: it is not valid JSON")]
    public async Task A_failing_model_or_a_malformed_answer_is_502_with_the_reason_no_credential_and_nothing_saved(string script, string reason)
    {
        const string canary = "sk-CANARY-sentiment-2c9e7a41f0";
        _server.Token = canary;
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme, script, canary);
        var template = await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id());
        var admin = factory.As(Caller.Admin);
        await admin.PostJsonAsync(SentimentUrl(template.Id()), new { }).Expect(200); // a lexicon analysis to keep

        var response = await admin.PostJsonAsync(SentimentUrl(template.Id()), new { analyzer = "model" }).Expect(502);
        var text = await response.Content.ReadAsStringAsync();
        var body = await response.JsonAsync();
        Assert.Equal(("The model call failed", reason), (body.Error(), body.Str("details")));
        Assert.DoesNotContain(canary, text);
        Assert.DoesNotContain(canary[..12], text);

        var read = await admin.GetAsync($"{Url}/{template.Id()}").ExpectJson(200);
        Assert.Equal("lexicon", read.GetProperty("rawSentimentAnalysis").Str("analyzer"));
    }

    [Fact]
    public async Task Both_analyzers_draw_on_the_per_person_allowance_and_a_refusal_names_sentiment_analyses()
    {
        var seed = await factory.SeedAsync();
        var bare = await factory.CreateTemplateAsync(seed.Acme);
        var reviewer = factory.As(Callers.ReviewerEmail);
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 100 && refused is null; i++)
        {
            var response = await reviewer.PostJsonAsync(SentimentUrl(bare.Id()), new { analyzer = "model" });
            if ((int)response.StatusCode == 429) refused = response;
            else Assert.Equal(400, (int)response.StatusCode);
        }
        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Equal("Too many requests", (await refused.JsonAsync()).Error());
        Assert.Contains("Sentiment analyses are limited to", await refused.Content.ReadAsStringAsync());
        // The lexicon costs CPU on long texts: it takes the same allowance, so it is refused too until the window resets.
        await reviewer.PostJsonAsync(SentimentUrl(bare.Id()), new { }).Expect(429);
    }
}
