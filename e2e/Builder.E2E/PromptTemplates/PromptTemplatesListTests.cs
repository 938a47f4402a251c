using Builder.Domain.PromptTemplates;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.PromptTemplates;

/// <summary>The prompt templates list as a person uses it: reach it from the navigation, create a template in the dialog, on a wide and a narrow screen.</summary>
[Collection(BuilderAppCollection.Name)]
public sealed class PromptTemplatesListTests(BuilderAppFixture app)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task An_admin_creates_a_template_from_the_list_and_it_fits_the_screen(int width, int height)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var templates = scope.ServiceProvider.GetRequiredService<PromptTemplateService>();
            await templates.CreateAsync(admin, acme, new PromptTemplateInput($"Support reply {width}", "Answers a customer's question politely",
                "Reply to {{customerMessage}} as a calm support agent.", Variables: new Dictionary<string, string> { ["customerMessage"] = "string" }));
        }
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}/prompt-templates");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "New template" });
        await page.WaitForInteractiveAsync(create);
        await Expect(page.GetByText($"Support reply {width}")).ToBeVisibleAsync();
        await page.SaveScreenshotAsync($"prompt-templates-list-{width}");

        await create.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New prompt template" });
        await Expect(dialog.GetByLabel("Name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync($"Welcome {width}");
        await dialog.GetByLabel("Prompt text").FillAsync("Write a warm welcome for {{userName}} who just joined {{productName}}.");
        await Expect(dialog).ToContainTextAsync("Variables found: userName, productName.");
        await page.SaveScreenshotAsync($"prompt-templates-new-{width}");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByText($"Welcome {width}", new() { Exact = true })).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the screen.");
        await page.SaveScreenshotAsync($"prompt-templates-created-{width}");
    }
}
