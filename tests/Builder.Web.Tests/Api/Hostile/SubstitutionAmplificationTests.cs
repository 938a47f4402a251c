using System.Text.Json;
using Builder.TestServers;
using static Builder.Web.Tests.Api.PromptTemplates.PromptExecutionArrange;
using static Builder.Web.Tests.Api.PromptTemplates.PromptTemplateArrange;

namespace Builder.Web.Tests.Api.Hostile;

/// <summary>
/// Hostile: a Guest sent a 500 KB value for a variable a template uses 100 times, and the Builder built, sent to the model
/// and stored a 50 MB prompt (with a 100,000-character text of {{x}}, 20 GB). Execute, run and analyze-sentiment now
/// answer 400 naming values, and nothing reaches the model.
/// </summary>
public sealed class SubstitutionAmplificationTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    private LocalOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly string Repeated = string.Concat(Enumerable.Repeat("{{x}} ", 2_000));
    private static readonly object Values = new { values = new { x = new string('A', 1_000) } };   // 2,000 × 1,000 characters

    private static async Task AssertValuesRefusedAsync(Task<HttpResponseMessage> response)
    {
        var body = await response.ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty("values", out _));
    }

    [Fact]
    public async Task Execute_and_analyze_sentiment_refuse_a_prompt_that_multiplies_past_the_limit()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme);
        var template = await factory.As(Caller.Admin).PostJsonAsync(Url, new
        {
            organizationId = seed.Acme, environmentId = seed.AcmeDevelopment, name = Arrange.Unique("Amplify"), promptText = Repeated,
            modelId = model.Id(), variables = new { x = "string" },
        }).ExpectJson(201);
        var before = _server.Requests.Count;

        await AssertValuesRefusedAsync(factory.As(Caller.Guest).PostJsonAsync(ExecuteUrl(template.Id()), Values));
        await AssertValuesRefusedAsync(factory.As(Caller.Guest).PostJsonAsync(SentimentUrl(template.Id()), Values));
        Assert.Equal(before, _server.Requests.Count);
    }

    [Fact]
    public async Task A_prompt_run_refuses_a_prompt_that_multiplies_past_the_limit()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme);
        var prompt = await factory.As(Caller.Admin).PostJsonAsync("/api/prompts", new
        {
            organizationId = seed.Acme, title = Arrange.Unique("Amplify"), content = Repeated, modelId = model.Id(),
        }).ExpectJson(201);
        var before = _server.Requests.Count;

        await AssertValuesRefusedAsync(factory.As(Caller.Guest).PostJsonAsync($"/api/prompts/{prompt.Id()}/run", Values));
        Assert.Equal(before, _server.Requests.Count);
    }
}
