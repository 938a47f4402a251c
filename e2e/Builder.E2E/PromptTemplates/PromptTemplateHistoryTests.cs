using Builder.Domain.PromptTemplates;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.PromptTemplates;

/// <summary>
/// The version history as people use it: an admin creates a template, edits it three times with messages, compares v1
/// with v3, restores v1 (it becomes v4 with v1's text), moves production to v2 and reads the label history; a Guest sees
/// the history and the diff but no restore or move. The views fit a wide and a narrow screen, light and dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class PromptTemplateHistoryTests(BuilderAppFixture app)
{
    private const string First = "Write a warm welcome for {{userName}}.";

    [Fact]
    public async Task An_admin_edits_compares_restores_and_moves_a_label()
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var name = $"History {Guid.NewGuid():N}"[..16];
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.SetViewportSizeAsync(1440, 900);

        // Create it in the list's dialog, then open it.
        await page.GotoAsync($"/orgs/{acme}/prompt-templates");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "New template" });
        await page.WaitForInteractiveAsync(create);
        await create.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New prompt template" });
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByLabel("Prompt text").FillAsync(First);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        var save = page.GetByRole(AriaRole.Button, new() { Name = "Save" });
        await page.WaitForInteractiveAsync(save);

        // Version 1 came from the dialog ("Created"); two more edits, each with a message, add a sentence each.
        var editor = page.Locator(".prompt-editor .monaco-editor[role='code']");
        foreach (var (sentence, version) in new[] { (" Mention the trial.", 2), (" Keep it short.", 3) })
        {
            await editor.Locator(".view-line").Last.ClickAsync();
            await page.Keyboard.PressAsync("Control+End");
            await page.Keyboard.TypeAsync(sentence);
            await page.GetByLabel("Commit message").FillAsync($"Edit {version - 1}");
            await save.ClickAsync();
            await Expect(page.GetByTestId("current-version")).ToHaveTextAsync($"v{version}");
        }
        var history = page.GetByTestId("version-history");
        await Expect(history.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(history.Locator("tr[data-version='3']")).ToContainTextAsync("Edit 2");
        await page.SaveScreenshotAsync("history-flow-edited");

        // Compare v1 with v3: the sentences added in between are marked as inserted.
        await page.GetByLabel("Compare version 1", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Compare version 3", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare v1 with v3" }).ClickAsync();
        var compare = page.GetByTestId("version-compare");
        await Expect(compare).ToContainTextAsync("Version 1 → version 3");
        await Expect(compare.Locator("ins").First).ToContainTextAsync("Mention the trial.");
        await Expect(compare.Locator("ins", new() { HasTextString = "Keep it short." })).ToHaveCountAsync(1);
        await compare.GetByRole(AriaRole.Button, new() { Name = "Inline" }).ClickAsync();
        await Expect(compare.Locator("pre.text-diff-inline ins").First).ToBeVisibleAsync();

        // Restore v1: it becomes v4 with v1's text.
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore version 1" }).ClickAsync();
        var restore = page.GetByRole(AriaRole.Dialog, new() { Name = "Restore version 1" });
        await restore.GetByLabel("Message (optional)").FillAsync("Back to the first wording");
        await restore.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Expect(page.GetByTestId("current-version")).ToHaveTextAsync("v4");
        await Expect(history.Locator("tr[data-version='4']")).ToContainTextAsync("Back to the first wording");
        await Expect(editor).ToContainTextAsync(First);
        await Expect(editor).Not.ToContainTextAsync("Mention the trial.");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = await app.ActorAsync("admin@acme.test");
            var templates = scope.ServiceProvider.GetRequiredService<PromptTemplateService>();
            var id = (await templates.ListAsync(admin, new PromptTemplateFilter(acme, null), new Builder.Domain.Common.PageRequest(1, 10, name))).Items.Single().Id;
            var restored = await templates.GetVersionAsync(admin, id, 4);
            Assert.Equal((First, 1), (restored.PromptText, restored.RestoredFrom));
        }

        // Move production to v2 and read the label history.
        await page.GetByRole(AriaRole.Button, new() { Name = "Move label", Exact = true }).ClickAsync();
        var move = page.GetByRole(AriaRole.Dialog, new() { Name = "Move a label" });
        await move.GetByLabel("Label").FillAsync("production");
        await move.GetByLabel("Version").FillAsync("2");
        await move.GetByRole(AriaRole.Button, new() { Name = "Move label" }).ClickAsync();
        await Expect(move).ToBeHiddenAsync();
        await Expect(history.Locator("tr[data-version='2'] .history-label")).ToHaveTextAsync("production");
        await page.GetByRole(AriaRole.Button, new() { Name = "Label history" }).ClickAsync();
        var moves = page.GetByTestId("label-history").Locator("tbody tr");
        await Expect(moves).ToHaveCountAsync(1);
        await Expect(moves.First).ToContainTextAsync("production");
        await Expect(moves.First).ToContainTextAsync("v2");
        await Expect(moves.First).ToContainTextAsync("admin@acme.test");
    }

    [Fact]
    public async Task A_guest_sees_the_history_and_the_diff_but_cannot_restore_or_move_labels()
    {
        var template = await SeedAsync("Guest view");
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var page = await app.NewSignedInPageAsync("guest@acme.test");
        await page.GotoAsync($"/orgs/{acme}/prompt-templates/{template.Id}");
        var check = page.GetByLabel("Compare version 1", new() { Exact = true });
        await page.WaitForInteractiveAsync(check);

        await Expect(page.GetByTestId("version-history").Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("button[aria-label^='Restore'], button[aria-label^='Move a label']")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Move label", Exact = true })).ToHaveCountAsync(0);
        await check.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare v1 with v3" }).ClickAsync();
        await Expect(page.GetByTestId("version-compare").Locator("ins").First).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(1440, 900, "dark")]
    [InlineData(390, 844, "light")]
    [InlineData(390, 844, "dark")]
    public async Task The_history_diff_and_dialogs_fit_the_screen(int width, int height, string theme)
    {
        var template = await SeedAsync($"Layout {width} {theme}");
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}/prompt-templates/{template.Id}");
        var check = page.GetByLabel("Compare version 1", new() { Exact = true });
        await page.WaitForInteractiveAsync(check);
        var panel = page.GetByTestId("history-panel");
        await panel.ScrollIntoViewIfNeededAsync();
        await AssertFitsAsync(page);
        await Shot(page, panel, $"history-{width}-{theme}");

        await check.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare v1 with v3" }).ClickAsync();
        var compare = page.GetByTestId("version-compare");
        await Expect(compare.Locator(".text-diff-grid")).ToBeVisibleAsync();
        await AssertFitsAsync(page);
        await Shot(page, compare, $"history-diff-side-{width}-{theme}");
        await compare.GetByRole(AriaRole.Button, new() { Name = "Inline" }).ClickAsync();
        await Expect(compare.Locator("pre.text-diff-inline")).ToBeVisibleAsync();
        await AssertFitsAsync(page);
        await Shot(page, compare, $"history-diff-inline-{width}-{theme}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Restore version 1" }).ClickAsync();
        var restore = page.GetByRole(AriaRole.Dialog, new() { Name = "Restore version 1" });
        await Expect(restore).ToBeVisibleAsync();
        await Shot(page, restore, $"history-restore-{width}-{theme}");
        await restore.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(restore).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Move a label to version 2" }).ClickAsync();
        var move = page.GetByRole(AriaRole.Dialog, new() { Name = "Move a label" });
        await move.GetByRole(AriaRole.Button, new() { Name = "production, on version 3" }).ClickAsync();
        await Expect(move.GetByTestId("move-label-summary")).ToContainTextAsync("moves from version 3 to version 2");
        await Shot(page, move, $"history-move-{width}-{theme}");
        await move.GetByRole(AriaRole.Button, new() { Name = "Move label" }).ClickAsync();
        await Expect(move).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Label history" }).ClickAsync();
        await Expect(page.GetByTestId("label-history").Locator("tbody tr")).ToHaveCountAsync(2);
        await AssertFitsAsync(page);
        await Shot(page, panel, $"history-labels-{width}-{theme}");
    }

    /// <summary>A template at v3 (v2 adds a variable and a sentence, v3 renames it) with production on v3.</summary>
    private async Task<PromptTemplateView> SeedAsync(string name)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        await using var scope = app.Services.CreateAsyncScope();
        var templates = scope.ServiceProvider.GetRequiredService<PromptTemplateService>();
        var unique = $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];
        var v1 = await templates.CreateAsync(admin, acme, new PromptTemplateInput(unique, "Greets new users",
            "You are a friendly assistant.\nWrite a warm welcome message for {{userName}}.\nKeep it under 80 words.",
            Variables: new Dictionary<string, string> { ["userName"] = "string" }, Message: "First draft"));
        var v2 = await templates.UpdateAsync(admin, v1.Id, new PromptTemplateInput(
            PromptText: "You are a friendly assistant.\nWrite a warm welcome message for {{userName}} who just joined {{productName}}.\nKeep it under 80 words.\nMention the free trial.",
            Variables: new Dictionary<string, string> { ["userName"] = "string", ["productName"] = "string" },
            Message: "Name the product and mention the trial"), v1.ConcurrencyToken);
        var v3 = await templates.UpdateAsync(admin, v1.Id, new PromptTemplateInput(Name: unique + " v3",
            PromptText: "You are a cheerful assistant.\nWrite a short, warm welcome message for {{userName}} who just joined {{productName}}.\nKeep it under 60 words.\nMention the free trial.",
            Message: "Shorter and more cheerful, a name that says which version"), v2.ConcurrencyToken);
        await templates.MoveLabelAsync(admin, v1.Id, "production", 3);
        return v3;
    }

    private static async Task AssertFitsAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the screen.");
    }

    private static async Task Shot(IPage page, ILocator part, string name)
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("E2E_SCREENSHOTS"))) return;
        await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Environment.GetEnvironmentVariable("E2E_SCREENSHOTS")!, name + ".png") });
    }
}
