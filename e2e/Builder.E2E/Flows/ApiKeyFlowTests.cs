using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Builder.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Flows;

/// <summary>
/// An admin generates an API key in the console, sees the whole token once, and a program uses it over plain HTTP:
/// reading works, deleting needs a person, and after revocation in the console the key is refused.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed partial class ApiKeyFlowTests(BuilderAppFixture app)
{
    [GeneratedRegex(@"^pwrusr:([^:\s]+):(\S+)$")]
    private static partial Regex TokenPattern();

    [Fact]
    public async Task Generated_key_is_shown_once_works_from_an_http_client_cannot_delete_and_is_refused_after_revocation()
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);

        // Generate "CI": the dialog shows pwrusr:{key_id}:{secret} with a copy button.
        await page.GotoAsync($"/orgs/{acme}/settings/api-keys");
        var generate = page.GetByRole(AriaRole.Button, new() { Name = "Generate key" });
        await page.WaitForInteractiveAsync(generate);
        await generate.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Generate API key" });
        await dialog.GetByLabel("Name").FillAsync("CI");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
        var shown = dialog.GetByTestId("new-api-key");
        await Expect(shown).ToHaveTextAsync(TokenPattern());
        var token = (await shown.InnerTextAsync()).Trim();
        var (keyId, secret) = (TokenPattern().Match(token).Groups[1].Value, TokenPattern().Match(token).Groups[2].Value);
        await page.SaveScreenshotAsync("04-api-keys-generated");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Copy key" }).ClickAsync();
        // The copy goes click → circuit → JS interop: wait until the clipboard holds exactly the token.
        // (The wait is the assertion: a second read can come back empty in headless Chromium once focus moves.)
        await page.WaitForFunctionAsync("token => navigator.clipboard.readText().then(text => text === token)", token);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync());

        // Opened again, the page lists the key by name and key id, and the secret never reaches the browser.
        var again = await page.Context.NewPageAsync();
        var watch = SecretWatch.Attach(again);
        await again.GotoAsync($"/orgs/{acme}/settings/api-keys");
        var row = again.GetByRole(AriaRole.Row).Filter(new() { HasText = $"pwrusr:{keyId}:" });
        await Expect(row.GetByText("CI", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(row.GetByText("Active", new() { Exact = true })).ToBeVisibleAsync();
        await again.WaitForInteractiveAsync(row.GetByRole(AriaRole.Button, new() { Name = "Revoke CI" }));
        Assert.DoesNotContain(secret, await again.ContentAsync());
        Assert.True(watch.SawWebSocketTraffic);
        await watch.AssertNeverReceivedAsync(secret);

        // A program with the token reads environments of Acme, may create one, but may not delete it.
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        using (var list = await client.GetAsync($"/api/environments?organizationId={acme}"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            var names = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").EnumerateArray()
                .Select(e => e.GetProperty("name").GetString()).ToList();
            Assert.Contains("Development", names);
            Assert.Contains("Production", names);
        }
        Guid created;
        using (var create = await client.PostAsJsonAsync("/api/environments", new { organizationId = acme, name = "Made by CI" }))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
            created = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        using (var delete = await client.DeleteAsync($"/api/environments/{created}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
            var error = (await delete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
            Assert.Contains("requires human oversight in the Builder UI", error);
        }
        using (var stillThere = await client.GetAsync($"/api/environments/{created}"))
            Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);

        // Revoked in the console (after a confirmation), the same client is refused.
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke CI" }).ClickAsync();
        var confirm = again.GetByRole(AriaRole.Dialog, new() { Name = "Revoke API key?" });
        await Expect(confirm).ToContainTextAsync($"pwrusr:{keyId}");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(row.GetByText("Revoked", new() { Exact = true })).ToBeVisibleAsync();
        await again.SaveScreenshotAsync("05-api-keys-revoked");
        using (var refused = await client.GetAsync($"/api/environments?organizationId={acme}"))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await watch.AssertNeverReceivedAsync(secret);
    }
}
