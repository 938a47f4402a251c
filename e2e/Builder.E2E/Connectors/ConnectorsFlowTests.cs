using Builder.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Connectors;

/// <summary>
/// An admin adds a connector as a person would: opens Connectors from the navigation (wide; narrow by its address), picks Acumatica in the type picker by
/// searching, fills the form the catalogue made for it (a bad email first), saves, sees it listed, and never sees the secret
/// again, not even in the edit form, and cannot move its host elsewhere without entering the credentials again. Wide in light, narrow in dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class ConnectorsFlowTests(BuilderAppFixture app)
{
    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task An_admin_picks_a_type_fills_its_form_saves_and_sees_it_listed_without_the_secret(int width, int height, string theme)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var name = $"Acumatica {width} {theme}";
        var secret = $"e2e-CANARY-{Guid.NewGuid():N}";
        var password = $"pw-CANARY-{Guid.NewGuid():N}";
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);

        if (width >= 1280)
        {
            // Wide, the navigation is open: reach the page as a person would.
            await page.GotoAsync($"/orgs/{acme}");
            await page.Locator(".console-nav").GetByRole(AriaRole.Link, new() { Name = "Connectors" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(PageExtensions.AppUrl(app.BaseUrl, $"/orgs/{acme}/connectors"));
        }
        else await page.GotoAsync($"/orgs/{acme}/connectors");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "New connector" });
        await page.WaitForInteractiveAsync(create);
        await page.SaveScreenshotAsync($"connectors-list-empty-{width}-{theme}");
        await create.ClickAsync();

        var picker = page.GetByRole(AriaRole.Dialog, new() { Name = "New connector: choose a type" });
        await Expect(picker.Locator(".connector-type-card")).ToHaveCountAsync(22);
        await page.SaveScreenshotAsync($"connectors-picker-{width}-{theme}");
        await picker.GetByLabel("Search connector types").FillAsync("acum");
        await Expect(picker.Locator(".connector-type-card")).ToHaveCountAsync(1);
        await picker.Locator(".connector-type-card[data-type='ACUMATICA']").ClickAsync();

        var form = page.Locator(".connector-dialog");
        await Expect(form).ToContainTextAsync("New Acumatica connector");
        await form.Locator("input[data-testid='connector-name']").FillAsync(name);
        await form.Locator("input[data-testid='field-hostUrl']").FillAsync("https://erp.example.com");
        await form.Locator("input[data-testid='field-accountEmail']").FillAsync("api-user");
        await form.Locator("input[data-testid='field-clientId']").FillAsync("ABC 123@Company");
        await form.Locator("[data-testid='credential-clientSecret'] input").FillAsync(secret);
        await form.Locator("[data-testid='credential-password'] input").FillAsync(password);
        await Expect(form.Locator("[data-testid='credential-clientSecret'] input")).ToHaveAttributeAsync("type", "password");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(form).ToContainTextAsync("Account email must be an email address");
        await Expect(form).ToContainTextAsync("Client ID may hold only letters, digits and _ . : @ - (no spaces).");
        await page.SaveScreenshotAsync($"connectors-form-errors-{width}-{theme}");
        await form.Locator("input[data-testid='field-accountEmail']").FillAsync("api@example.com");
        await form.Locator("input[data-testid='field-clientId']").FillAsync("ABC123@Company");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(form).ToBeHiddenAsync();

        var row = page.Locator(".mud-table-body tr", new() { HasText = name });
        await Expect(row).ToContainTextAsync("Acumatica");
        await Expect(row).ToContainTextAsync("https://erp.example.com");
        await Expect(row).ToContainTextAsync("Active");
        await page.SaveScreenshotAsync($"connectors-list-{width}-{theme}");
        var html = await page.ContentAsync();
        Assert.DoesNotContain(secret, html);
        Assert.DoesNotContain(password, html);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {name}" }).ClickAsync();
        var edit = page.Locator(".connector-dialog");
        await Expect(edit.Locator("[data-testid='credential-clientSecret']")).ToContainTextAsync("A client secret is stored. It cannot be shown");
        await Expect(edit.Locator("input[data-testid='field-hostUrl']")).ToHaveValueAsync("https://erp.example.com");
        await page.SaveScreenshotAsync($"connectors-edit-{width}-{theme}");
        html = await page.ContentAsync();
        Assert.DoesNotContain(secret, html);
        Assert.DoesNotContain(password, html);

        // Moving the host to another origin while keeping the stored credentials is refused, naming what to enter again.
        await edit.Locator("input[data-testid='field-hostUrl']").FillAsync("https://erp.attacker.example");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(edit).ToContainTextAsync("the stored values of clientSecret and password would be sent there: enter them again");
        await page.SaveScreenshotAsync($"connectors-edit-host-moved-{width}-{theme}");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(edit).ToBeHiddenAsync();

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page scrolls sideways by {overflow}px at {width}px.");
    }
}
