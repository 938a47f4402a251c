using Builder.Domain.Models;
using Builder.Domain.PromptTemplates;
using Builder.Domain.PromptTemplates.Execution;
using Builder.E2E.Infrastructure;
using Builder.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.PromptTemplates;

/// <summary>
/// The editor's Sentiment section in a real browser: a builder analyzes the prompt text with a variable set and the latest
/// run's output and reads the sentence breakdown, then analyzes with the template's model on the local OpenAI-compatible
/// server; wide and narrow, light and dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class SentimentTests(BuilderAppFixture app)
{
    private const string RunOutput = "Welcome aboard, Sarah! Sadly the onboarding call was cancelled.";

    private const string ModelAnalysis = """
        {"label":"positive","score":0.74,"sentences":[
          {"text":"Write a warm, friendly welcome for Sarah.","score":0.82},
          {"text":"Mention the free onboarding call.","score":0.35}]}
        """;

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(1440, 900, "dark")]
    [InlineData(390, 844, "light")]
    [InlineData(390, 844, "dark")]
    public async Task A_builder_analyzes_sentiment_sees_the_breakdown_and_analyzes_with_the_model(int width, int height, string theme)
    {
        await using var server = await LocalOpenAiServer.StartAsync();
        var modelName = $"sentiment-{width}-{theme}";
        server.ReplyText = RunOutput;
        server.SetStructuredReply(modelName, ModelAnalysis);
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        PromptTemplateView template;
        string modelDisplayName = $"Local sentiment {width} {theme}";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var model = await scope.ServiceProvider.GetRequiredService<ModelService>().CreateAsync(admin, acme,
                new ModelInput(modelDisplayName, server.ChatCompletionsUrl, modelName, Token: LocalOpenAiServer.DefaultToken));
            template = await scope.ServiceProvider.GetRequiredService<PromptTemplateService>().CreateAsync(admin, acme, new PromptTemplateInput(
                $"Sentiment {width} {theme}", null, "Write a warm, friendly welcome for {{userName}}.\nMention the free onboarding call.", model.Id,
                Variables: new Dictionary<string, string> { ["userName"] = "string" },
                VariableSets: [new PromptVariableSet("Happy user", new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["userName"] = "Sarah" })]));
            await scope.ServiceProvider.GetRequiredService<PromptExecutionService>().ExecuteAsync(admin, template.Id, new PromptExecutionRequest("Happy user"));
        }

        var page = await app.NewSignedInPageAsync("builder@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}/prompt-templates/{template.Id}");
        var panel = page.GetByTestId("sentiment-panel");
        var analyze = panel.GetByRole(AriaRole.Button, new() { Name = "Analyze sentiment" });
        await page.WaitForInteractiveAsync(analyze);
        await Expect(panel.GetByTestId("sentiment-empty")).ToContainTextAsync("Not analyzed yet");
        await ShootAsync(page, panel, $"sentiment-empty-{width}-{theme}");

        // With the set: the prompt text reads positive, sentence by sentence; the run's output has a negative sentence.
        await panel.GetByTestId("sentiment-set").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "Happy user" }).ClickAsync();
        await analyze.ClickAsync();
        var raw = panel.GetByTestId("raw-sentiment");
        await Expect(raw.GetByTestId("sentiment-label")).ToHaveTextAsync("Positive");
        await Expect(raw.Locator(".sentiment-sentence").First).ToContainTextAsync("Write a warm, friendly welcome for Sarah.");
        await Expect(raw.Locator(".sentiment-sentence").First).ToContainTextAsync("+");
        await Expect(raw.GetByRole(AriaRole.Meter)).ToHaveAttributeAsync("aria-valuemin", "-1");
        var result = panel.GetByTestId("result-sentiment");
        await Expect(result.GetByTestId("sentiment-label")).ToBeVisibleAsync();
        await Expect(result.Locator(".sentiment-sentence")).ToHaveCountAsync(2);
        await Expect(result.Locator(".sentiment-sentence.tone-negative")).ToContainTextAsync("Sadly the onboarding call was cancelled.");
        await Expect(result.GetByTestId("sentiment-analyzer")).ToContainTextAsync("Analyzed by the lexicon");
        await ShootAsync(page, panel, $"sentiment-lexicon-{width}-{theme}");

        // With the model: its structured answer, for both texts.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Analyze with the model" }).ClickAsync();
        await Expect(raw.GetByTestId("sentiment-analyzer")).ToContainTextAsync($"Analyzed by the model {modelDisplayName}");
        await Expect(raw.GetByTestId("sentiment-score")).ToHaveTextAsync("+0.74");
        await Expect(raw.Locator(".sentiment-sentence").Nth(1)).ToContainTextAsync("+0.35");
        await Expect(result.GetByTestId("sentiment-analyzer")).ToContainTextAsync("Analyzed by the model");
        var structured = server.Requests.Where(r => r.Json?["response_format"] is not null).ToList();
        Assert.Equal(2, structured.Count);
        Assert.Contains("Sarah", structured[0].Body);
        Assert.Contains("Sadly the onboarding call was cancelled.", structured[1].Body);
        await ShootAsync(page, panel, $"sentiment-model-{width}-{theme}");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the screen.");
    }

    /// <summary>The whole page and the section alone (the full page of a long editor is hard to read), when E2E_SCREENSHOTS is set.</summary>
    private static async Task ShootAsync(IPage page, ILocator panel, string name)
    {
        await page.SaveScreenshotAsync(name);
        if (Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") is { Length: > 0 } directory)
            await panel.Locator("xpath=ancestor::*[@role='region'][1]").ScreenshotAsync(new() { Path = Path.Combine(directory, name + "-section.png") });
    }
}
