using System.Text.Json.Nodes;
using Builder.Domain.Models;
using Builder.Domain.PromptTemplates;
using Builder.E2E.Infrastructure;
using Builder.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.PromptTemplates;

/// <summary>
/// Running a prompt template from its editor against the local OpenAI-compatible server: the output streams in (seen
/// partly written before the model finishes), Run all sets and Compare models side by side, the runs list, an error from
/// the model in the middle of the answer, and who may run: a User and a Guest run but cannot edit (execute needs only
/// entities:read, which every role has).
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class PromptTemplateRunTests(BuilderAppFixture app) : IAsyncLifetime
{
    private const string Text = "Write a warm welcome for {{userName}} who just joined {{productName}} and say it twice.";
    private LocalOpenAiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalOpenAiServer.StartAsync();
        _server.ChunkDelay = TimeSpan.FromMilliseconds(120); // slow enough to watch the words arrive
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A template on the echo model (the answer is the prompt, word by word) with two sets, and a second model.</summary>
    private async Task<(Guid Org, PromptTemplateView Template)> ArrangeAsync(string name, string modelName = LocalOpenAiServer.EchoModel)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        await using var scope = app.Services.CreateAsyncScope();
        var models = scope.ServiceProvider.GetRequiredService<ModelService>();
        var model = await models.CreateAsync(admin, acme, new ModelInput($"{name} echo", _server.ChatCompletionsUrl, modelName, Token: LocalOpenAiServer.DefaultToken));
        await models.CreateAsync(admin, acme, new ModelInput($"{name} mini", _server.ChatCompletionsUrl, "gpt-4o-mini", Token: LocalOpenAiServer.DefaultToken));
        var template = await scope.ServiceProvider.GetRequiredService<PromptTemplateService>().CreateAsync(admin, acme, new PromptTemplateInput(
            name, "Greets a new user", Text, model.Id, null,
            new Dictionary<string, string> { ["userName"] = "string", ["productName"] = "string" },
            [
                new PromptVariableSet("Happy user", new Dictionary<string, JsonNode?> { ["userName"] = "Sarah", ["productName"] = "Pulse" }),
                new PromptVariableSet("New admin", new Dictionary<string, JsonNode?> { ["userName"] = "Omar", ["productName"] = "Orbit" }),
            ], "First"));
        return (acme, template);
    }

    private async Task<IPage> OpenAsync(string email, Guid org, Guid templateId, int width = 1440, int height = 900, string theme = "light")
    {
        var page = await app.NewSignedInPageAsync(email);
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{org}/prompt-templates/{templateId}");
        await page.WaitForInteractiveAsync(page.GetByTestId("run-button"));
        return page;
    }

    /// <summary>The whole page and, to look at closely, the Run and Runs sections alone (only when E2E_SCREENSHOTS is set).</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        await page.SaveScreenshotAsync(name);
        if (Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") is not { Length: > 0 } directory) return;
        await page.GetByTestId("run-panel").Locator("xpath=ancestor::*[@role='region'][1]").ScreenshotAsync(new() { Path = Path.Combine(directory, name + "-run.png") });
        await page.GetByRole(AriaRole.Region, new() { Name = "Runs", Exact = true }).ScreenshotAsync(new() { Path = Path.Combine(directory, name + "-runs.png") });
    }

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page scrolls sideways by {overflow}px at {width}px.");
    }

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task Run_streams_the_output_then_all_sets_and_two_models_side_by_side(int width, int height, string theme)
    {
        var (org, template) = await ArrangeAsync($"Run flow {width} {theme}");
        var page = await OpenAsync("admin@acme.test", org, template.Id, width, height, theme);
        var full = "Write a warm welcome for Sarah who just joined Pulse and say it twice.";
        await Expect(page.GetByText("No runs yet")).ToBeVisibleAsync();

        // Run: the first words are on screen while the model is still answering.
        await page.GetByTestId("run-button").ClickAsync();
        await page.WaitForFunctionAsync("""
            () => { const o = document.querySelector("[data-testid='run-output']");
                    return o && o.textContent.length > 0 && o.closest("[data-testid='run-card']").dataset.status === 'running'; }
            """);
        var partial = await page.GetByTestId("run-output").TextContentAsync();
        Assert.True(full.StartsWith(partial!, StringComparison.Ordinal) && partial!.Length < full.Length, $"'{partial}' is not a part of the answer");
        await ShotAsync(page, $"prompt-run-streaming-{width}-{theme}");
        var card = page.GetByTestId("run-card");
        await Expect(card).ToHaveAttributeAsync("data-status", "finished");
        await Expect(page.GetByTestId("run-output")).ToHaveTextAsync(full);
        await Expect(page.GetByTestId("run-stats")).ToContainTextAsync("stop");
        await Expect(page.GetByTestId("run-stats")).ToContainTextAsync("v1");
        await Expect(page.GetByTestId("execution-row")).ToHaveCountAsync(1);
        await ShotAsync(page, $"prompt-run-finished-{width}-{theme}");
        await AssertFitsAsync(page, width);

        // Run all sets: one card per set, side by side.
        await page.GetByRole(AriaRole.Tab, new() { Name = "All sets" }).ClickAsync();
        await page.GetByTestId("run-all-button").ClickAsync();
        var all = page.GetByTestId("run-all-results").GetByTestId("run-card");
        await Expect(all).ToHaveCountAsync(2);
        await Expect(all.Nth(0)).ToHaveAttributeAsync("data-status", "finished");
        await Expect(all.Nth(1)).ToHaveAttributeAsync("data-status", "finished");
        await Expect(all.Nth(0)).ToContainTextAsync("Happy user");
        await Expect(all.Nth(1).GetByTestId("run-output")).ToHaveTextAsync("Write a warm welcome for Omar who just joined Orbit and say it twice.");
        await ShotAsync(page, $"prompt-run-all-sets-{width}-{theme}");
        await AssertFitsAsync(page, width);

        // Compare models: the template's model is chosen; add the second one.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Compare" }).ClickAsync();
        await page.GetByTestId("compare-models").GetByText($"{template.Name} mini").ClickAsync();
        await page.GetByTestId("compare-models-button").ClickAsync();
        var compared = page.GetByTestId("compare-results").GetByTestId("run-card");
        await Expect(compared).ToHaveCountAsync(2);
        await Expect(compared.Nth(0)).ToHaveAttributeAsync("data-status", "finished");
        await Expect(compared.Nth(1)).ToHaveAttributeAsync("data-status", "finished");
        await Expect(compared.Nth(1).GetByTestId("run-output")).ToHaveTextAsync(LocalOpenAiServer.DefaultReply);
        await Expect(compared.Nth(1).GetByTestId("run-stats")).ToContainTextAsync($"{template.Name} mini");
        await Expect(compared.Nth(1).GetByTestId("run-stats")).ToContainTextAsync(" ms");
        await ShotAsync(page, $"prompt-run-compare-{width}-{theme}");
        await AssertFitsAsync(page, width);

        // Every run is listed.
        await Expect(page.GetByTestId("execution-row")).ToHaveCountAsync(5);
        await page.GetByTestId("executions").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, $"prompt-run-executions-{width}-{theme}");
        Assert.Equal(5, _server.Requests.Count(r => r.Stream));
    }

    [Theory]
    [InlineData(1440, 900, "dark")]
    [InlineData(390, 844, "light")]
    public async Task An_error_from_the_model_in_the_middle_of_the_answer_is_shown_in_place_with_the_words_that_arrived(int width, int height, string theme)
    {
        _server.SetReply(LocalOpenAiServer.StreamError, "Welcome aboard Sarah, glad you are here.");
        var (org, template) = await ArrangeAsync($"Run error {width} {theme}", LocalOpenAiServer.StreamError);
        var page = await OpenAsync("admin@acme.test", org, template.Id, width, height, theme);

        await page.GetByTestId("run-button").ClickAsync();
        await Expect(page.GetByTestId("run-card")).ToHaveAttributeAsync("data-status", "failed");
        await Expect(page.GetByTestId("run-error")).ToContainTextAsync(
            $"The model call failed: the endpoint reported an error in the middle of the answer: {LocalOpenAiServer.StreamErrorMessage}");
        await Expect(page.GetByTestId("run-error")).Not.ToContainTextAsync(LocalOpenAiServer.DefaultToken);
        await Expect(page.GetByTestId("run-output")).ToHaveTextAsync("Welcome aboard");
        await Expect(page.GetByTestId("execution-row")).ToHaveAttributeAsync("data-succeeded", "false");
        await ShotAsync(page, $"prompt-run-error-{width}-{theme}");
        await AssertFitsAsync(page, width);
    }

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task Show_all_on_a_long_run_loads_the_whole_record_and_says_the_record_kept_its_start(int width, int height, string theme)
    {
        var (org, template) = await ArrangeAsync($"Long run {width} {theme}");
        var admin = await app.ActorAsync("admin@acme.test");
        var name = string.Concat(Enumerable.Range(0, 15_000).Select(i => $"Sarah{i} "));
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Builder.Domain.PromptTemplates.Execution.PromptExecutionService>().ExecuteAsync(admin, template.Id,
                new(Values: new Dictionary<string, JsonNode?> { ["userName"] = name, ["productName"] = "Pulse" }));
        var page = await OpenAsync("admin@acme.test", org, template.Id, width, height, theme);

        var row = page.GetByTestId("execution-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("execution-full")).ToHaveCountAsync(0);
        await row.GetByRole(AriaRole.Button, new() { Name = "Show all" }).ClickAsync();
        await Expect(page.GetByTestId("execution-full")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("execution-truncated")).ToContainTextAsync("keeps the first 64 KiB");
        Assert.Equal(Builder.Domain.PromptTemplates.Execution.PromptExecution.OutputMax, (await page.GetByTestId("execution-full").TextContentAsync())!.Length);
        await page.GetByTestId("execution-truncated").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, $"prompt-run-long-record-{width}-{theme}");
        await AssertFitsAsync(page, width);
        await row.GetByRole(AriaRole.Button, new() { Name = "Show less" }).ClickAsync();
        await Expect(page.GetByTestId("execution-full")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("builder@acme.test")]
    [InlineData("guest@acme.test")]
    public async Task A_user_and_a_guest_run_the_template_but_cannot_edit_it(string email)
    {
        var (org, template) = await ArrangeAsync($"Run as {email}");
        var page = await OpenAsync(email, org, template.Id);

        await Expect(page.GetByText("Read-only").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save" })).ToHaveCountAsync(0);
        await Expect(page.Locator(".details-name input")).ToBeDisabledAsync();

        await page.GetByTestId("run-button").ClickAsync();
        await Expect(page.GetByTestId("run-card")).ToHaveAttributeAsync("data-status", "finished");
        await Expect(page.GetByTestId("run-output")).ToHaveTextAsync("Write a warm welcome for Sarah who just joined Pulse and say it twice.");
        await Expect(page.GetByTestId("execution-row")).ToContainTextAsync(email);
    }
}
