using Builder.E2E.Infrastructure;
using Builder.TestServers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Flows;

/// <summary>
/// An admin adds a model with a token through the console: the token is never shown again (not in the page, the editor,
/// any HTTP response or Blazor WebSocket frame), the list says only that a token is stored, and Test connection reaches
/// the local OpenAI-compatible server with it.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class ModelFlowTests(BuilderAppFixture app)
{
    [Fact]
    public async Task Admin_creates_a_model_with_a_token_that_is_never_shown_again_and_tests_its_connection()
    {
        var token = "sk-model-" + Guid.NewGuid().ToString("N");
        await using var server = await LocalOpenAiServer.StartAsync(token);
        var name = "Flow model " + Guid.NewGuid().ToString("N")[..6];
        // The watched page opens after signing in, on the signed-in context: a circuit whose socket opened before
        // the watch was attached would go unseen, and sign-in's own pages would be left with unread bodies.
        var signedIn = await app.NewSignedInPageAsync("admin@acme.test");
        var page = await signedIn.Context.NewPageAsync();
        var watch = SecretWatch.Attach(page);
        await page.GotoAsync("/");
        await page.SetViewportSizeAsync(1440, 900);
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        await Expect(page).ToHaveURLAsync(PageExtensions.AppUrl(app.BaseUrl, $"/orgs/{acme}/environments"));
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "New environment" }));

        // The nav entry leads to the organization's models.
        await page.GetByRole(AriaRole.Link, new() { Name = "Models", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PageExtensions.AppUrl(app.BaseUrl, $"/orgs/{acme}/models"));
        var newModel = page.GetByRole(AriaRole.Button, new() { Name = "New model" });
        await page.WaitForInteractiveAsync(newModel);

        // A model without a URL is refused with the field's message; then it is created with a token.
        await newModel.ClickAsync();
        var editor = page.GetByRole(AriaRole.Dialog);
        await editor.GetByLabel("Name").FillAsync(name);
        await editor.GetByLabel("Model identifier").FillAsync("gpt-4o-mini");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(editor.GetByText("Model URL is required.")).ToBeVisibleAsync();
        await editor.GetByLabel("Chat-completions URL").FillAsync(server.ChatCompletionsUrl);
        var tokenField = editor.GetByLabel("API token (optional)");
        await Expect(tokenField).ToHaveAttributeAsync("type", "password");
        await tokenField.FillAsync(token);
        await page.SaveScreenshotAsync("models-02-editor-1440");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(editor).ToBeHiddenAsync();

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row.GetByText("Token", new() { Exact = true })).ToBeVisibleAsync();
        await page.SaveScreenshotAsync("models-01-list-1440");
        Assert.True(await watch.SentSoonAsync(token), "The token was typed and saved, so it must have gone to the server over the circuit.");
        Assert.DoesNotContain(token, await page.ContentAsync());

        // The editor says a token is stored, shows no field holding it, and offers to replace or clear it.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Edit {name}" }).ClickAsync();
        await Expect(editor.GetByText("A token is stored. It cannot be shown")).ToBeVisibleAsync();
        await Expect(editor.Locator("input[type='password']")).ToHaveCountAsync(0);
        await editor.GetByRole(AriaRole.Radio, new() { Name = "Replace the token" }).CheckAsync();
        await Expect(editor.GetByLabel("New token")).ToHaveValueAsync("");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(editor).ToBeHiddenAsync();

        // Test connection: one request to the local server, with the token; the reply and the latency come back, the token does not.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Test connection to {name}" }).ClickAsync();
        var test = page.GetByRole(AriaRole.Dialog, new() { Name = $"Test connection to {name}" });
        await Expect(test.GetByText("Connected in")).ToBeVisibleAsync();
        await Expect(test.GetByText(LocalOpenAiServer.DefaultReply)).ToBeVisibleAsync();
        Assert.Equal($"Bearer {token}", Assert.Single(server.Requests).Header("Authorization"));
        await page.SaveScreenshotAsync("models-07-test-1440");
        await page.SetViewportSizeAsync(390, 844);
        await page.SaveScreenshotAsync("models-08-test-390");
        await page.SetViewportSizeAsync(1440, 900);
        await test.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(test).ToBeHiddenAsync();

        // A fresh load (prerendered HTML, a new circuit) shows the flag, never the token.
        await watch.SettleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = name }).GetByText("Token", new() { Exact = true })).ToBeVisibleAsync();
        Assert.DoesNotContain(token, await page.ContentAsync());
        await page.SetViewportSizeAsync(390, 844);
        await page.SaveScreenshotAsync("models-03-list-390");
        await watch.SettleAsync();

        Assert.True(watch.SawWebSocketTraffic, "The watch saw no Blazor WebSocket traffic.");
        await watch.AssertNeverReceivedAsync(token);
    }

    [Fact]
    public async Task A_System_user_reaches_System_models_from_the_nav()
    {
        var page = await app.NewSignedInPageAsync("system@builder.local");
        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync("/orgs");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "New organization" }));
        await page.GetByRole(AriaRole.Link, new() { Name = "System models" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PageExtensions.AppUrl(app.BaseUrl, "/system/models"));
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "New system model" }));
        await page.SaveScreenshotAsync("models-04-system-1440");
        await page.GetByRole(AriaRole.Button, new() { Name = "New system model" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Dialog);
        await Expect(editor.GetByText("Visible to every organization")).ToBeVisibleAsync();
        await page.SaveScreenshotAsync("models-05-system-editor-1440");
        await page.SetViewportSizeAsync(390, 844);
        await page.SaveScreenshotAsync("models-06-system-editor-390");
        // At 390 px the visibility switch sits beside its label's one line (a label wrapping to three lines left it low).
        var visibility = editor.GetByTestId("visibility-switch");
        await visibility.ScrollIntoViewIfNeededAsync();
        var toggle = (await visibility.Locator(".mud-switch-span").BoundingBoxAsync())!;
        var label = (await visibility.Locator(".mud-switch .mud-typography").BoundingBoxAsync())!;
        Assert.True(label.Height < 32, $"The switch label wraps to {label.Height:0} px at 390 px.");
        Assert.True(Math.Abs(toggle.Y + toggle.Height / 2 - (label.Y + label.Height / 2)) < 8, "The switch is not level with its label.");
        await Expect(visibility).ToContainTextAsync("Every organization can then choose it wherever it chooses a model.");
    }
}
