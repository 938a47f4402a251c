using Builder.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Flows;

/// <summary>
/// An admin creates an environment and a variable through the console, sets, replaces and clears its value,
/// and the value never travels back to the browser: not in the page, not in any HTTP response, not in any
/// Blazor WebSocket frame, not in the editor when it opens again.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class VariableSecretFlowTests(BuilderAppFixture app)
{
    [Fact]
    public async Task Admin_creates_an_environment_and_a_variable_then_sets_replaces_and_clears_its_value_which_never_comes_back()
    {
        var first = "sk-first-" + Guid.NewGuid().ToString("N");
        var second = "sk-second-" + Guid.NewGuid().ToString("N");
        // The watched page opens after signing in, on the signed-in context: a circuit whose socket opened before
        // the watch was attached would go unseen, and sign-in's own pages would be left with unread bodies.
        var signedIn = await app.NewSignedInPageAsync("admin@acme.test");
        var page = await signedIn.Context.NewPageAsync();
        var watch = SecretWatch.Attach(page);
        await page.GotoAsync("/");
        var acme = await app.OrganizationIdAsync(SeededData.Acme);

        // Signed in, the console opens the first organization's environments by itself (no GotoAsync while that page
        // loads: Chromium would discard response bodies the watch has yet to read).
        // An empty name is refused with a field message, then "Staging" is created and listed.
        await Expect(page).ToHaveURLAsync(PageExtensions.AppUrl(app.BaseUrl, $"/orgs/{acme}/environments"));
        var newEnvironment = page.GetByRole(AriaRole.Button, new() { Name = "New environment" });
        await page.WaitForInteractiveAsync(newEnvironment);
        await page.SaveScreenshotAsync("01-environments");
        await newEnvironment.ClickAsync();
        var environmentDialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New environment" });
        await environmentDialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(environmentDialog.GetByText("Name is required.")).ToBeVisibleAsync();
        await environmentDialog.GetByLabel("Name").FillAsync("Staging");
        await environmentDialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(environmentDialog).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Staging", Exact = true })).ToBeVisibleAsync();

        // Its variables: empty at first.
        await page.GetByRole(AriaRole.Link, new() { Name = "Variables of Staging" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PageExtensions.AppUrl(app.BaseUrl, $"/orgs/{acme}/envs/"));
        await Expect(page.GetByText("No variables yet")).ToBeVisibleAsync();

        // Create OPENAI_API_KEY with a value: the list says "Set".
        await page.GetByRole(AriaRole.Button, new() { Name = "New variable" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Dialog);
        await editor.GetByLabel("Name").FillAsync("OPENAI_API_KEY");
        var value = editor.GetByLabel("Value (optional)");
        await Expect(value).ToHaveAttributeAsync("type", "password");
        await value.FillAsync(first);
        await page.SaveScreenshotAsync("03-variable-editor-open");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(editor).ToBeHiddenAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "OPENAI_API_KEY" });
        await Expect(row.GetByText("Set", new() { Exact = true })).ToBeVisibleAsync();
        await page.SaveScreenshotAsync("02-variables");
        Assert.True(await watch.SentSoonAsync(first), "The value was typed and saved, so it must have gone to the server over the circuit.");
        await AssertNotOnPageAsync(page, first);

        // Replace it: the editor opens without any value, and the new-value field starts empty.
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit OPENAI_API_KEY" }).ClickAsync();
        await Expect(editor.GetByText("A value is stored. It cannot be shown")).ToBeVisibleAsync();
        await Expect(editor.Locator("input[type='password'], input[type='text']:not([readonly])")).ToHaveCountAsync(1); // the name only
        await editor.GetByRole(AriaRole.Radio, new() { Name = "Replace the value" }).CheckAsync();
        var newValue = editor.GetByLabel("New value");
        await Expect(newValue).ToHaveValueAsync("");
        await newValue.FillAsync(second);
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(editor).ToBeHiddenAsync();
        await Expect(row.GetByText("Set", new() { Exact = true })).ToBeVisibleAsync();
        Assert.True(await watch.SentSoonAsync(second));
        await AssertNotOnPageAsync(page, first, second);

        // Clear it: "Not set", and the editor then says so, still with an empty field.
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit OPENAI_API_KEY" }).ClickAsync();
        await editor.GetByRole(AriaRole.Radio, new() { Name = "Replace the value" }).CheckAsync();
        await Expect(editor.GetByLabel("New value")).ToHaveValueAsync("");
        await editor.GetByRole(AriaRole.Radio, new() { Name = "Clear the value" }).CheckAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save and clear value" }).ClickAsync();
        await Expect(editor).ToBeHiddenAsync();
        await Expect(row.GetByText("Not set", new() { Exact = true })).ToBeVisibleAsync();

        await row.GetByRole(AriaRole.Button, new() { Name = "Edit OPENAI_API_KEY" }).ClickAsync();
        await Expect(editor.GetByText("No value is stored yet.")).ToBeVisibleAsync();
        await editor.GetByRole(AriaRole.Radio, new() { Name = "Set a value" }).CheckAsync();
        await Expect(editor.GetByLabel("New value")).ToHaveValueAsync("");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(editor).ToBeHiddenAsync();

        // A fresh load of the page (server-prerendered HTML, a new circuit) and the audit log show neither value.
        await watch.SettleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "OPENAI_API_KEY" }).GetByText("Not set", new() { Exact = true })).ToBeVisibleAsync();
        await AssertNotOnPageAsync(page, first, second);
        await watch.SettleAsync();
        await page.GotoAsync($"/orgs/{acme}/audit");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Variable" }).First).ToBeVisibleAsync();
        await page.SaveScreenshotAsync("06-audit");
        await AssertNotOnPageAsync(page, first, second);

        // The watch does see what the server sends (the variable's name came back, in frames and the reloaded page)…
        Assert.True(watch.SawWebSocketTraffic, "The watch saw no Blazor WebSocket traffic.");
        await Assert.ThrowsAnyAsync<Exception>(() => watch.AssertNeverReceivedAsync("OPENAI_API_KEY"));
        // …and neither value was ever among it.
        await watch.AssertNeverReceivedAsync(first, second);
    }

    static async Task AssertNotOnPageAsync(IPage page, params string[] secrets)
    {
        var html = await page.ContentAsync();
        foreach (var secret in secrets)
            Assert.DoesNotContain(secret, html);
    }
}
