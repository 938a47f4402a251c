using Builder.Domain.PromptTemplates;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.PromptTemplates;

/// <summary>
/// The prompt-template editor in a real browser: Monaco with the prompt language highlights variables, squiggles an
/// undeclared one, completes declared ones after "{{", and the page fits a wide and a narrow screen in light and dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class PromptTemplateEditorTests(BuilderAppFixture app)
{
    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(1440, 900, "dark")]
    [InlineData(390, 844, "light")]
    [InlineData(390, 844, "dark")]
    public async Task The_editor_marks_undeclared_variables_and_completes_declared_ones(int width, int height, string theme)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        PromptTemplateView template;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            template = await scope.ServiceProvider.GetRequiredService<PromptTemplateService>().CreateAsync(admin, acme, new PromptTemplateInput(
                $"Welcome {width} {theme}", "Greets a new user", "Write a warm welcome for {{userName}} who just joined {{productName}}.\nKeep it {{tone}}.",
                Variables: new Dictionary<string, string> { ["userName"] = "string", ["productName"] = "string", ["audience"] = "string" },
                VariableSets: [new PromptVariableSet("Happy user", new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["userName"] = "Sarah", ["productName"] = "Acme" })]));
        }
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}/prompt-templates/{template.Id}");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "Save" }));

        var editor = page.Locator(".prompt-editor .monaco-editor[role='code']");
        await Expect(editor).ToBeVisibleAsync();
        // The prompt language colours the variable names, and the server's markers squiggle the undeclared one.
        await Expect(editor.Locator(".view-line span", new() { HasTextString = "userName" }).First).ToBeVisibleAsync();
        await Expect(editor.Locator(".squiggly-warning")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("found-variables")).ToContainTextAsync("tone");
        await Expect(page.Locator(".variable-row[data-variable='audience']")).ToContainTextAsync("not used in the text");
        await page.SaveScreenshotAsync($"prompt-editor-{width}-{theme}");

        // After "{{" the declared variables are offered.
        await editor.Locator(".view-line").Last.ClickAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync(" {{");
        var suggestions = page.Locator(".suggest-widget");
        await Expect(suggestions).ToContainTextAsync("productName");
        await Expect(suggestions).ToContainTextAsync("audience");
        await page.Keyboard.PressAsync("Escape");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the screen.");
    }
}
