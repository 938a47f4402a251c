using System.Text.Json;
using Builder.E2E.Infrastructure;
using Builder.E2E.Oidc;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.SignIn;

/// <summary>
/// Auth0 sign-in against <see cref="LocalOidcProvider"/>: the app is configured with Auth0:Domain = the provider's
/// http URL, so every step (challenge, login page, code exchange, /v2/logout) goes over real HTTP in Chromium.
/// </summary>
public sealed class OidcSignInTests(OidcBuilderAppFixture app) : IClassFixture<OidcBuilderAppFixture>
{
    LocalOidcProvider Provider => app.Oidc!;

    [Fact]
    public async Task Seeded_admin_signs_in_at_the_provider_and_signs_out_through_auth0_logout()
    {
        var page = await app.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(PageExtensions.AppUrl(Provider.Authority, LocalOidcProvider.LoginPath));
        await page.SignInAtLocalProviderAsync("admin@acme.test", app.BaseUrl);

        await Expect(page.GetByText("admin@acme.test").First).ToBeVisibleAsync();
        // The seeded user (verified email, no subject yet) was linked, so the Acme membership came along.
        var session = await GetSessionAsync(page);
        Assert.Equal(200, session.Status);
        Assert.Equal("admin@acme.test", session.Json!.Value.GetProperty("user").GetProperty("email").GetString());
        Assert.Contains("Acme Corp", OrganizationNames(session.Json.Value));

        var logoutsBefore = Provider.Logouts.Count;
        // The user menu's button (aria-label "Account"); MudMenu's activator wrapper also has role=button, so
        // select the <button> itself. It is disabled until the circuit is interactive, and Playwright waits for that.
        await page.Locator("button[aria-label='Account']").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" })
            .Or(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).First.ClickAsync();

        // The app sent the browser to the provider's /v2/logout with its client id and an absolute URL of itself…
        await WaitUntilAsync(() => Provider.Logouts.Count > logoutsBefore, "the app to call the provider's /v2/logout");
        var logout = Provider.Logouts.Last();
        Assert.Equal(LocalOidcProvider.ClientId, logout.ClientId);
        Assert.StartsWith(app.BaseUrl, logout.ReturnTo);

        // …and came back signed out: with the provider's session gone too, the app asks for sign-in again.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = LoginPage.Title })
            .Or(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }))
            .Or(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).First).ToBeVisibleAsync();
        Assert.Equal(401, (await GetSessionAsync(page)).Status);
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(PageExtensions.AppUrl(Provider.Authority, LocalOidcProvider.LoginPath));
    }

    [Fact]
    public async Task First_sign_in_with_a_new_email_provisions_a_user_without_organizations()
    {
        var page = await app.NewPageAsync();

        await page.GotoAsync("/");
        await page.SignInAtLocalProviderAsync("newcomer@example.test", app.BaseUrl);

        var session = await GetSessionAsync(page);
        Assert.Equal(200, session.Status);
        var user = session.Json!.Value.GetProperty("user");
        Assert.Equal("newcomer@example.test", user.GetProperty("email").GetString());
        Assert.False(user.GetProperty("isSystem").GetBoolean());
        Assert.Empty(session.Json.Value.GetProperty("organizations").EnumerateArray());
    }

    /// <summary>GET /api/auth/session with the page's cookies.</summary>
    static async Task<(int Status, JsonElement? Json)> GetSessionAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/api/auth/session",
            new() { MaxRedirects = 0, Headers = new Dictionary<string, string> { ["Accept"] = "application/json" } });
        return (response.Status, response.Ok ? await response.JsonAsync() : null);
    }

    static IEnumerable<string?> OrganizationNames(JsonElement session) =>
        session.GetProperty("organizations").EnumerateArray().Select(o => o.GetProperty("name").GetString());

    /// <summary>Waits for a server-side condition that the browser cannot observe.</summary>
    static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 15_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {timeoutMs} ms waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
