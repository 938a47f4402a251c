using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Builder.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Oidc;

/// <summary>The provider, a throwaway relying party registered with it, and Chromium, shared by the class.</summary>
public sealed class LocalOidcProviderFixture : IAsyncLifetime
{
    IPlaywright? _playwright;

    public LocalOidcProvider Provider { get; private set; } = null!;
    public ProbeClientApp Client { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await LocalOidcProvider.StartAsync();
        Client = await ProbeClientApp.StartAsync(Provider.Authority);
        await Provider.RegisterClientAsync(Client.BaseUrl);
        (_playwright, Browser) = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        if (Client is not null)
            await Client.DisposeAsync();
        if (Provider is not null)
            await Provider.DisposeAsync();
    }
}

/// <summary>Proves the test identity provider on its own, against a throwaway relying party (no Builder needed).</summary>
public sealed class LocalOidcProviderTests(LocalOidcProviderFixture fixture) : IClassFixture<LocalOidcProviderFixture>
{
    readonly LocalOidcProvider _provider = fixture.Provider;
    readonly ProbeClientApp _client = fixture.Client;

    [Fact]
    public async Task Discovery_document_advertises_code_flow_with_pkce_over_plain_http()
    {
        using var http = new HttpClient();
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"{_provider.Authority}/.well-known/openid-configuration"));
        var root = doc.RootElement;

        Assert.Equal(_provider.Authority + "/", root.GetProperty("issuer").GetString());
        Assert.Equal(_provider.Authority + "/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(_provider.Authority + "/oauth/token", root.GetProperty("token_endpoint").GetString());
        Assert.Contains("code", Strings(root, "response_types_supported"));
        Assert.Contains("authorization_code", Strings(root, "grant_types_supported"));
        Assert.Contains("S256", Strings(root, "code_challenge_methods_supported"));
        Assert.Superset(new HashSet<string> { "openid", "profile", "email" }, Strings(root, "scopes_supported").ToHashSet());
        var keys = await http.GetFromJsonAsync<JsonElement>(root.GetProperty("jwks_uri").GetString());
        Assert.NotEmpty(keys.GetProperty("keys").EnumerateArray());
    }

    [Fact]
    public async Task Code_flow_signs_in_with_stable_subject_and_verified_email_then_auth0_logout_clears_the_session()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(_client.BaseUrl + "/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + _provider.Authority + LocalOidcProvider.LoginPath));
        await page.SignInAtLocalProviderAsync("someone@example.test", _client.BaseUrl);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Probe signed in" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-claim='sub']")).ToHaveTextAsync("local|someone@example.test");
        await Expect(page.Locator("[data-claim='email']")).ToHaveTextAsync("someone@example.test");
        await Expect(page.Locator("[data-claim='email_verified']")).ToHaveTextAsync("true");
        await Expect(page.Locator("[data-claim='email_verified']")).ToHaveAttributeAsync("data-value-type", "http://www.w3.org/2001/XMLSchema#boolean");
        await Expect(page.Locator("[data-claim='name']")).ToHaveTextAsync("someone@example.test");

        var logoutsBefore = _provider.Logouts.Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Probe signed out" })).ToBeVisibleAsync();
        Assert.Equal(logoutsBefore + 1, _provider.Logouts.Count);
        Assert.Equal(new LogoutCall(LocalOidcProvider.ClientId, _client.BaseUrl + "/signed-out"), _provider.Logouts.Last());

        // The provider's own session is gone: signing in again asks for an email.
        await page.GotoAsync(_client.BaseUrl + "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = LoginPage.Title })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Logout_refuses_unknown_clients_and_return_urls_outside_the_app()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var outside = await http.GetAsync($"{_provider.Authority}/v2/logout?client_id={LocalOidcProvider.ClientId}&returnTo={Uri.EscapeDataString("http://evil.test/")}");
        var unknown = await http.GetAsync($"{_provider.Authority}/v2/logout?client_id=nope&returnTo={Uri.EscapeDataString(_client.BaseUrl + "/")}");
        var allowed = await http.GetAsync($"{_provider.Authority}/v2/logout?client_id={LocalOidcProvider.ClientId}&returnTo={Uri.EscapeDataString(_client.BaseUrl + "/")}");

        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        Assert.Equal(_client.BaseUrl + "/", allowed.Headers.Location?.ToString());
    }

    static IEnumerable<string> Strings(JsonElement root, string property) =>
        root.GetProperty(property).EnumerateArray().Select(e => e.GetString()!);
}
