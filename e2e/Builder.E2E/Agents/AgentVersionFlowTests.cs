using System.Text.RegularExpressions;
using Builder.Domain.Agents;
using Builder.Domain.Models;
using Builder.Domain.Versioning;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Agents;

/// <summary>
/// An admin builds an agent with a tool in the console: creates an HTTP tool (its input schema typed in Monaco, refused
/// in plain words while it is not JSON), creates an agent with a model and the tool, saves the draft, publishes it,
/// edits the draft and publishes again, compares the two versions and rolls back to the first; wide and narrow, light
/// and dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class AgentVersionFlowTests(BuilderAppFixture app)
{
    private const string FirstPrompt = "You are the support assistant of Acme. Answer briefly.";
    private const string SecondPrompt = "You are the support assistant of Acme. Answer briefly and look orders up with the tool.";

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task An_admin_builds_publishes_edits_compares_and_rolls_back_an_agent(int width, int height, string theme)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var modelName = $"Agent model {suffix}";
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ModelService>().CreateAsync(admin, acme,
                new ModelInput(modelName, "http://127.0.0.1:9/v1/chat/completions", "gpt-test"));

        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.SetViewportSizeAsync(width, height);
        if (theme == "dark")
        {
            await page.GotoAsync($"/orgs/{acme}/tools");
            var toDark = page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" });
            await page.WaitForInteractiveAsync(toDark);
            await toDark.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        }

        // A tool: created in the list's dialog, which opens its editor.
        var toolName = $"lookup_order_{suffix}";
        await page.GotoAsync($"/orgs/{acme}/tools");
        var newTool = page.GetByRole(AriaRole.Button, new() { Name = "New tool" });
        await page.WaitForInteractiveAsync(newTool);
        await page.SaveScreenshotAsync($"agents-tools-list-{width}-{theme}");
        await newTool.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New tool" });
        await dialog.GetByLabel("Name").FillAsync(toolName);
        await dialog.GetByLabel("Description").FillAsync("Looks an order up by its number.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/orgs/{acme}/tools/\\d+$"));
        var saveDraft = page.GetByTestId("save-draft");
        await page.WaitForInteractiveAsync(saveDraft);

        // The input schema in Monaco: not JSON is said with its line and column; a valid object schema names its properties.
        var schema = page.Locator(".schema-editor .monaco-editor[role='code']");
        await schema.Locator(".view-line").First.ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.InsertTextAsync("{ \"type\": \"object\" \"properties\": {} }");
        await Expect(schema).ToContainTextAsync("\"properties\"");
        await Expect(page.GetByTestId("schema-problems")).ToContainTextAsync("Line 1, column 20: This is not valid JSON");
        await page.SaveScreenshotAsync($"agents-tool-schema-error-{width}-{theme}");
        // Pasted (Monaco's auto-closing would double the brackets of typed text).
        await page.EvaluateAsync("""
            text => monaco.editor.getEditors().find(e => e.getDomNode().closest('.schema-editor-frame')).setValue(text)
            """, "{\n  \"type\": \"object\",\n  \"properties\": { \"orderId\": { \"type\": \"string\" } },\n  \"required\": [\"orderId\"]\n}");
        await Expect(page.GetByTestId("schema-problems")).ToContainTextAsync("1 property: orderId");
        await Expect(page.GetByTestId("placeholder-help")).ToContainTextAsync("{{input.orderId}}");
        await page.GetByLabel("URL").FillAsync("https://api.example.test/orders/{{input.orderId}}");
        await saveDraft.ClickAsync();
        await Expect(page.GetByText("Draft saved").Last).ToBeVisibleAsync();
        await page.SaveScreenshotAsync($"agents-tool-editor-{width}-{theme}");
        await Publish(page, "First tool version");
        await Expect(page.GetByTestId("draft-banner")).ToContainTextAsync(new Regex("published version (is )?v1\\b"));

        // An agent: created, then given a model, the tool and a system prompt in its draft.
        var agentName = $"Support {suffix}";
        await page.GotoAsync($"/orgs/{acme}/agents");
        var newAgent = page.GetByRole(AriaRole.Button, new() { Name = "New agent" });
        await page.WaitForInteractiveAsync(newAgent);
        await newAgent.ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New agent" });
        await dialog.GetByLabel("Name").FillAsync(agentName);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/orgs/{acme}/agents/\\d+$"));
        var number = int.Parse(page.Url.Split('/').Last());
        await page.WaitForInteractiveAsync(page.GetByTestId("save-draft"));
        await Expect(page.GetByTestId("draft-banner")).ToContainTextAsync("nothing is published yet");

        await ChooseAsync(page, page.Locator(".field-model"), modelName);
        await ChooseAsync(page, page.Locator(".field-tools"), toolName, multiple: true);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "System prompt" }).FillAsync(FirstPrompt);
        await page.GetByLabel("Variable name").FillAsync("ORDERS_API_KEY");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.Locator(".name-chip[data-name='ORDERS_API_KEY']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("unsaved-note")).ToBeVisibleAsync();
        await page.GetByTestId("save-draft").ClickAsync();
        await Expect(page.GetByText("Draft saved").Last).ToBeVisibleAsync();
        await Expect(page.GetByTestId("unsaved-note")).ToHaveCountAsync(0);
        await page.SaveScreenshotAsync($"agents-agent-draft-{width}-{theme}");

        // Publish v1, edit the draft, publish v2 (Publish saves the edit first).
        await Publish(page, "First version");
        await Expect(page.GetByTestId("draft-banner")).ToContainTextAsync(new Regex("published version (is )?v1\\b"));
        await page.GetByRole(AriaRole.Textbox, new() { Name = "System prompt" }).FillAsync(SecondPrompt);
        await Publish(page, "Mention the tool");
        await Expect(page.GetByTestId("draft-banner")).ToContainTextAsync(new Regex("published version (is )?v2\\b"));

        // The versions: the draft, v2 published, v1 archived; compare them.
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Versions") }).ClickAsync();
        var history = page.GetByTestId("version-history");
        await Expect(history.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(history.Locator("tr[data-version='2']")).ToHaveAttributeAsync("data-state", "PUBLISHED");
        await Expect(history.Locator("tr[data-version='1']")).ToHaveAttributeAsync("data-state", "ARCHIVED");
        await Expect(history.Locator("tr[data-version='2']")).ToContainTextAsync("Mention the tool");
        await page.GetByLabel("Compare version 1", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Compare version 2", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare v1 with v2" }).ClickAsync();
        var compare = page.GetByTestId("version-compare");
        await Expect(compare).ToContainTextAsync("System prompt");
        await Expect(compare.Locator("ins").First).ToContainTextAsync("and");
        await page.SaveScreenshotAsync($"agents-agent-compare-{width}-{theme}");

        // Roll back to the version published before: v1's content becomes v3.
        await page.GetByTestId("rollback-previous").ClickAsync();
        var rollback = page.GetByRole(AriaRole.Dialog, new() { Name = "Roll back to version 1" });
        await Expect(rollback.GetByTestId("rollback-summary")).ToContainTextAsync("published again as version 3");
        await rollback.GetByLabel("Note (optional)").FillAsync("The tool hint confused people");
        await page.SaveScreenshotAsync($"agents-agent-rollback-{width}-{theme}");
        await rollback.GetByTestId("rollback-confirm").ClickAsync();
        await Expect(rollback).ToBeHiddenAsync();
        await Expect(history.Locator("tr[data-version='3']")).ToHaveAttributeAsync("data-state", "PUBLISHED");
        await Expect(history.Locator("tr[data-version='3']")).ToContainTextAsync("rolled back to v1");
        await Expect(history.Locator("tr[data-version='2']")).ToHaveAttributeAsync("data-state", "ARCHIVED");
        await Expect(page.GetByTestId("draft-banner")).ToContainTextAsync("the same as the published version v3");
        await page.SaveScreenshotAsync($"agents-agent-versions-{width}-{theme}");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var agents = scope.ServiceProvider.GetRequiredService<AgentService>();
            var id = await agents.IdOfAsync(admin, acme, number);
            var (_, published, version) = await agents.DefinitionAsync(admin, id, null);
            Assert.Equal((FirstPrompt, 3, 1), (published.SystemPrompt, version.Number, version.RestoredFrom));
            Assert.Single(published.ToolIds);
            Assert.Equal(["ORDERS_API_KEY"], published.EnvironmentVariables);
        }

        // The test chat is there (AgentTestChatTests chats with it), and the page fits the screen.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Test chat" }).ClickAsync();
        await Expect(page.GetByTestId("test-chat")).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the screen.");
        await page.GotoAsync($"/orgs/{acme}/agents");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = agentName, Exact = true })).ToBeVisibleAsync();
        await page.SaveScreenshotAsync($"agents-list-{width}-{theme}");
    }

    private static async Task Publish(IPage page, string note)
    {
        await page.GetByTestId("publish").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { NameRegex = new Regex("^Publish") });
        await dialog.GetByLabel("Note").FillAsync(note);
        await dialog.GetByTestId("publish-confirm").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByText(new Regex("^Published as version")).Last).ToBeVisibleAsync();
    }

    /// <summary>Opens a select and picks the option whose name starts with <paramref name="text"/>.</summary>
    private static async Task ChooseAsync(IPage page, ILocator select, string text, bool multiple = false)
    {
        var option = page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex($"^{Regex.Escape(text)}") });
        for (var attempt = 1; ; attempt++)
        {
            await select.Locator(".mud-select-input, .mud-input-slot").First.ClickAsync();
            try
            {
                await option.First.WaitForAsync(new() { Timeout = 5000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3) { }
        }
        await option.First.ClickAsync();
        if (!multiple)
        {
            await Expect(option.First).ToBeHiddenAsync(new() { Timeout = 5000 });
            return;
        }
        // A multiple select stays open for more picks: Escape closes it, as a person would.
        for (var attempt = 1; ; attempt++)
        {
            await page.Keyboard.PressAsync("Escape");
            try
            {
                await Expect(option.First).ToBeHiddenAsync(new() { Timeout = 3000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3) { }
        }
    }
}
