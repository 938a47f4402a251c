using Builder.Domain.Models;
using Builder.Domain.Prompts;
using Builder.E2E.Infrastructure;
using Builder.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Prompts;

/// <summary>The Prompts page as a person uses it: reach it from the navigation, edit a json prompt, run it against the local model server, wide and narrow.</summary>
[Collection(BuilderAppCollection.Name)]
public sealed class PromptsPageTests(BuilderAppFixture app)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task An_admin_runs_a_json_prompt_and_sees_pretty_JSON_and_it_fits_the_screen(int width, int height)
    {
        await using var server = await LocalOpenAiServer.StartAsync();
        var modelName = $"prompt-flow-{width}";
        server.SetReply(modelName, """{"response":"Sorry about the invoice, it is fixed now.","sentiment":"negative"}""");
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        var title = $"Support triage {width}";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var model = await scope.ServiceProvider.GetRequiredService<ModelService>().CreateAsync(admin, acme,
                new ModelInput($"Local {width}", server.ChatCompletionsUrl, modelName, Token: LocalOpenAiServer.DefaultToken));
            await scope.ServiceProvider.GetRequiredService<PromptService>().CreateAsync(admin, acme, new PromptInput(title,
                "You are a support agent. Reply to {{customerMessage}} and rate its sentiment.", model.Id, "json",
                """{ "response": "{{response}}", "sentiment": "{{sentiment}}" }"""));
        }
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}/prompts");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "New prompt" }));
        await Expect(page.GetByText(title)).ToBeVisibleAsync();
        await page.SaveScreenshotAsync($"prompts-list-{width}");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {title}" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Dialog);
        // The dialog shows the saved template first; typing before then would be overwritten when it arrives.
        await Expect(editor.GetByLabel("Output template")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("sentiment"));
        await editor.GetByLabel("Output template").FillAsync("""{ "response": "{{response}}", }""");
        await Expect(editor).ToContainTextAsync("The output template is not valid JSON once its placeholders are filled in");
        await page.SaveScreenshotAsync($"prompts-edit-{width}");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(editor).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = $"Run {title}" }).ClickAsync();
        var run = page.GetByRole(AriaRole.Dialog);
        await run.GetByLabel("customerMessage").FillAsync("My invoice is wrong and nobody answers.");
        await run.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();
        await Expect(run.Locator("[data-testid='run-output'] pre")).ToContainTextAsync("\"sentiment\": \"negative\"");
        await page.SaveScreenshotAsync($"prompts-run-{width}");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page scrolls sideways by {overflow}px at {width}px.");
        Assert.Contains("My invoice is wrong and nobody answers.", server.Requests[^1].Body);
    }
}
