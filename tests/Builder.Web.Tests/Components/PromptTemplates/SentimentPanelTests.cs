using System.Text.Json.Nodes;
using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Common;
using Builder.Domain.Access;
using Builder.Domain.Models;
using Builder.Domain.PromptTemplates;
using Builder.Domain.PromptTemplates.Execution;
using Builder.Web.Features.PromptTemplates;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Components.PromptTemplates;

/// <summary>
/// The editor's Sentiment section over the real service and a scripted model: the empty state, both analyses with the
/// gauge and the sentence breakdown (a sign and a word besides the colour), the model's analysis, its errors, and a Guest
/// analyzing from the read-only editor.
/// </summary>
public sealed class SentimentPanelTests : ConsoleTestContext
{
    private const string ModelAnswer = """
        {"label":"mixed","score":-0.2,"sentences":[{"text":"Great news first.","score":0.7},{"text":"Then a terrible delay.","score":-0.9},{"text":"See you.","score":0}]}
        """;

    private readonly FakeGateway _gateway = new();
    private Guid _org;
    private Actor _admin = null!;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IModelGateway>(_gateway);

    private async Task<PromptTemplateView> SeedAsync(bool withModel = true, string? runOutput = null)
    {
        _admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        Guid? modelId = null;
        if (withModel)
        {
            await using var db = Service<IBuilderDbContextFactory>().Create();
            var model = new AiModel { OrganizationId = _org, Name = "Local GPT", ModelUrl = "http://127.0.0.1:9/v1/chat/completions", ModelName = "local" };
            db.Models.Add(model);
            await db.SaveChangesAsync();
            modelId = model.Id;
        }
        var template = await Service<PromptTemplateService>().CreateAsync(_admin, _org, new PromptTemplateInput(
            "Welcome", null, "Write a warm, wonderful welcome for {{userName}}. Never be rude.", modelId, null,
            new Dictionary<string, string> { ["userName"] = "string" },
            [new PromptVariableSet("Happy User", new Dictionary<string, JsonNode?> { ["userName"] = "Sarah" })]));
        if (runOutput is not null)
        {
            await using var db = Service<IBuilderDbContextFactory>().Create();
            db.PromptExecutions.Add(new PromptExecution
            {
                PromptTemplateId = template.Id, OrganizationId = _org, Version = 1, ModelId = modelId!.Value, ModelName = "Local GPT",
                Succeeded = true, Output = runOutput, ExecutedBy = "admin@acme.test", ExecutedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        return template;
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Render(PromptTemplateView template, Actor? actor = null) =>
        RenderWithProviders<SentimentPanel>(new()
        {
            [nameof(SentimentPanel.Actor)] = actor ?? _admin,
            [nameof(SentimentPanel.TemplateId)] = template.Id,
            [nameof(SentimentPanel.Raw)] = template.RawSentimentAnalysis,
            [nameof(SentimentPanel.Result)] = template.ResultSentimentAnalysis,
            [nameof(SentimentPanel.VariableSets)] = template.VariableSets.Select(s => s.Name).ToList(),
            [nameof(SentimentPanel.ModelName)] = template.Model?.Name,
        });

    [Fact]
    public async Task Before_any_analysis_it_shows_the_empty_state_and_without_a_model_the_model_button_is_off()
    {
        var page = Render(await SeedAsync(withModel: false));

        Assert.Contains("Not analyzed yet", page.Find("[data-testid='sentiment-empty']").TextContent);
        Assert.Empty(page.FindAll("[data-testid='raw-sentiment']"));
        Assert.True(page.Find("[data-testid='analyze-with-model']").HasAttribute("disabled"));
        Assert.False(page.Find("[data-testid='analyze-sentiment']").HasAttribute("disabled"));
        Assert.Contains("needs a model", page.Find("#sentiment-model-hint").TextContent);
    }

    [Fact]
    public async Task Analyzing_shows_the_label_the_gauge_and_every_sentence_with_a_signed_score_and_a_word()
    {
        var page = Render(await SeedAsync());

        page.Find("[data-testid='analyze-sentiment']").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='raw-sentiment'] [data-testid='sentiment-label']")));
        var raw = page.Find("[data-testid='raw-sentiment']");
        Assert.Equal("Positive", raw.QuerySelector("[data-testid='sentiment-label']")!.TextContent.Trim());
        Assert.Contains("Analyzed by the lexicon", raw.QuerySelector("[data-testid='sentiment-analyzer']")!.TextContent);
        var gauge = raw.QuerySelector("[role='meter']")!;
        Assert.Equal(("-1", "1"), (gauge.GetAttribute("aria-valuemin"), gauge.GetAttribute("aria-valuemax")));
        Assert.True(double.Parse(gauge.GetAttribute("aria-valuenow")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.StartsWith("+", raw.QuerySelector("[data-testid='sentiment-score']")!.TextContent);
        var sentences = raw.QuerySelectorAll(".sentiment-sentence");
        Assert.Equal(2, sentences.Length);
        Assert.Contains("{{userName}}", sentences[0].TextContent); // the raw text: no set chosen
        Assert.Contains("tone-positive", sentences[0].ClassName);
        Assert.Equal("positive", sentences[0].QuerySelector(".sentiment-sr")!.TextContent);
        Assert.StartsWith("+", sentences[0].QuerySelector(".sentiment-sentence-score")!.TextContent.Trim());
        // No run yet: the output's card says what to do.
        Assert.Contains("No successful run yet", page.Find("[data-testid='result-sentiment']").TextContent);
        Assert.Empty(page.FindAll("[data-testid='sentiment-empty']"));
        Assert.Equal(0, _gateway.Calls);
    }

    [Fact]
    public async Task With_the_model_both_analyses_show_the_models_breakdown_and_are_saved()
    {
        _gateway.Reply = ModelAnswer;
        var template = await SeedAsync(runOutput: "Great news first. Then a terrible delay. See you.");
        var page = Render(template);

        page.Find("[data-testid='analyze-with-model']").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='result-sentiment'] .sentiment-sentence")));
        foreach (var card in page.FindAll("[data-testid='raw-sentiment'], [data-testid='result-sentiment']"))
        {
            Assert.Equal("Mixed", card.QuerySelector("[data-testid='sentiment-label']")!.TextContent.Trim());
            Assert.Equal("−0.20", card.QuerySelector("[data-testid='sentiment-score']")!.TextContent);
            Assert.Contains("Analyzed by the model Local GPT", card.QuerySelector("[data-testid='sentiment-analyzer']")!.TextContent);
            var sentences = card.QuerySelectorAll(".sentiment-sentence");
            Assert.Equal(["positive", "negative", "neutral"], sentences.Select(s => s.QuerySelector(".sentiment-sr")!.TextContent));
            Assert.Equal("−0.90", sentences[1].QuerySelector(".sentiment-sentence-score > span")!.TextContent);
            Assert.Contains("tone-negative", sentences[1].ClassName);
        }
        Assert.Equal(2, _gateway.Calls);
        var saved = await Service<PromptTemplateService>().GetAsync(_admin, template.Id);
        Assert.Equal("model", saved.ResultSentimentAnalysis!["analyzer"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_variable_set_is_substituted_and_a_saved_analysis_shows_on_load()
    {
        var template = await SeedAsync();
        await Service<PromptExecutionService>().AnalyzeSentimentAsync(_admin, template.Id, new PromptSentimentRequest());
        template = await Service<PromptTemplateService>().GetAsync(_admin, template.Id);
        var page = Render(template);

        Assert.Contains("{{userName}}", page.Find("[data-testid='raw-sentiment'] .sentiment-sentence").TextContent);

        var select = page.FindComponent<MudBlazor.MudSelect<string>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("Happy User"));
        page.Find("[data-testid='analyze-sentiment']").Click();

        page.WaitForAssertion(() => Assert.Contains("Sarah", page.Find("[data-testid='raw-sentiment'] .sentiment-sentence").TextContent));
    }

    [Theory]
    [InlineData("{\"label\": \"positive\", \"score\": 0.5, \"sentences\": [", "it is not valid JSON")]
    [InlineData("{\"label\": \"ecstatic\", \"score\": 0.5, \"sentences\": []}", "its \"label\" is not one of")]
    public async Task A_bad_answer_from_the_model_is_an_error_that_says_nothing_was_saved(string answer, string reason)
    {
        _gateway.Reply = answer;
        var template = await SeedAsync();
        var page = Render(template);

        page.Find("[data-testid='analyze-with-model']").Click();

        page.WaitForAssertion(() => Assert.Contains(reason, page.Find("[data-testid='sentiment-error']").TextContent));
        Assert.Contains("The model could not analyze the sentiment", page.Find("[data-testid='sentiment-error']").TextContent);
        Assert.Contains("Nothing was saved.", page.Find("[data-testid='sentiment-error']").TextContent);
        Assert.NotEmpty(page.FindAll("[data-testid='sentiment-empty']"));
        Assert.Null((await Service<PromptTemplateService>().GetAsync(_admin, template.Id)).RawSentimentAnalysis);
    }

    [Fact]
    public async Task A_failing_model_shows_the_reason_and_the_buttons_come_back()
    {
        _gateway.Failure = new ModelCallException(ModelFailure.EndpointFailed, "the endpoint failed (500)", 500);
        var page = Render(await SeedAsync());

        page.Find("[data-testid='analyze-with-model']").Click();

        page.WaitForAssertion(() => Assert.Contains("the endpoint failed (500)", page.Find("[data-testid='sentiment-error']").TextContent));
        Assert.False(page.Find("[data-testid='analyze-with-model']").HasAttribute("disabled"));
        // The lexicon still works, and a success clears the error.
        page.Find("[data-testid='analyze-sentiment']").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='sentiment-error']")));
        Assert.NotEmpty(page.FindAll("[data-testid='raw-sentiment'] .sentiment-sentence"));
    }

    [Fact]
    public async Task Long_analyses_show_the_first_sentences_and_offer_the_rest()
    {
        var sentences = string.Join(",", Enumerable.Range(1, 25).Select(i => $$"""{"text":"Sentence {{i}}.","score":0.5}"""));
        _gateway.Reply = $$"""{"label":"positive","score":0.5,"sentences":[{{sentences}}]}""";
        var page = Render(await SeedAsync());

        page.Find("[data-testid='analyze-with-model']").Click();

        page.WaitForAssertion(() => Assert.Equal(SentimentCard.Shown, page.FindAll("[data-testid='raw-sentiment'] .sentiment-sentence").Count));
        page.FindAll("[data-testid='raw-sentiment'] button").Single(b => b.TextContent.Contains("Show all 25 sentences")).Click();
        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("[data-testid='raw-sentiment'] .sentiment-sentence").Count));
    }

    [Fact]
    public async Task A_guest_can_analyze_from_the_read_only_editor()
    {
        var template = await SeedAsync();
        await SignInAsync("guest@acme.test");
        var page = RenderWithProviders<PromptTemplateEditorPage>(new() { ["OrgId"] = _org, ["TemplateId"] = template.Id });
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='sentiment-panel']")));
        Assert.Contains("Read-only", page.Markup);

        page.Find("[data-testid='analyze-sentiment']").Click();

        page.WaitForAssertion(() => Assert.Equal("Positive", page.Find("[data-testid='raw-sentiment'] [data-testid='sentiment-label']").TextContent.Trim()));
        Assert.Contains("Local GPT", page.Find("#sentiment-model-hint").TextContent);
    }

    private sealed class FakeGateway : IModelGateway
    {
        public string Reply { get; set; } = "{}";
        public ModelCallException? Failure { get; set; }
        public int Calls { get; private set; }

        public Task<ModelTestResult> TestAsync(ModelEndpoint endpoint, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ModelCompletion> CompleteAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            Calls++;
            if (Failure is { } failure) throw failure;
            Assert.NotNull(options?.JsonSchema);
            return Task.FromResult(new ModelCompletion(Reply, new ModelUsage(5, 7), "stop", 3, endpoint.ModelName));
        }

        public IAsyncEnumerable<ModelStreamUpdate> StreamAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
