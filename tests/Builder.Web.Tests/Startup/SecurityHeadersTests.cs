using System.Net;
using System.Text.RegularExpressions;
using Builder.Web.Tests.Api;
using Builder.Web.Tests.Authentication;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Builder.Web.Tests.Startup;

/// <summary>nosniff, a referrer policy and a Content-Security-Policy (no framing) on every kind of response; a favicon.</summary>
public sealed partial class SecurityHeadersTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<string, string?, int> Responses => new()
    {
        { "/", "admin@acme.test", 200 },                  // a console page
        { "/dev/sign-in", null, 200 },                     // the sign-in page
        { "/api/roles", "admin@acme.test", 200 },         // an API answer
        { "/api/variables", null, 401 },                   // an API error
        { "/api-docs", null, 200 },
        { "/openapi/v1.json", null, 200 },
        { "/app.css", null, 200 },                         // a static file
        { "/_framework/blazor.web.js", null, 200 },
        { "/favicon.ico", null, 200 },
        { "/no-such-page", "admin@acme.test", 404 },
    };

    [Theory, MemberData(nameof(Responses))]
    public async Task Every_response_carries_the_security_headers(string url, string? caller, int status)
    {
        var response = await factory.As(caller).GetAsync(url);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Matches("script-src 'self'( 'nonce-[^']+')?;", csp);
    }

    [GeneratedRegex("<script type=\"importmap\" nonce=\"([^\"]+)\"")]
    private static partial Regex ImportMapNonce();

    [GeneratedRegex("<script nonce=\"([^\"]+)\"")]
    private static partial Regex ScriptNonce();

    [Fact]
    public async Task The_page_import_map_and_the_api_docs_script_run_by_this_responses_nonce()
    {
        var page = await factory.As("admin@acme.test").GetAsync("/");
        var nonce = WebUtility.HtmlDecode(ImportMapNonce().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        Assert.NotEmpty(nonce);
        Assert.Contains($"'nonce-{nonce}'", Header(page, "Content-Security-Policy"));

        var docs = await factory.As((string?)null).GetAsync("/api-docs");
        var docsNonce = WebUtility.HtmlDecode(ScriptNonce().Match(await docs.Content.ReadAsStringAsync()).Groups[1].Value);
        Assert.NotEmpty(docsNonce);
        Assert.NotEqual(nonce, docsNonce);
        Assert.Contains($"'nonce-{docsNonce}'", Header(docs, "Content-Security-Policy"));
    }

    [Fact]
    public async Task The_favicon_answers_at_favicon_ico_and_at_the_linked_address()
    {
        var ico = await factory.As((string?)null).GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
        Assert.Equal("image/svg+xml", ico.Content.Headers.ContentType?.MediaType);

        var html = await (await factory.As("admin@acme.test").GetAsync("/")).Content.ReadAsStringAsync();
        var href = Regex.Match(html, "<link rel=\"icon\"[^>]* href=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(href);
        var linked = await factory.As((string?)null).GetAsync("/" + href.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
    }

    [Fact]
    public async Task In_Development_the_session_cookie_is_Secure_on_HTTPS()
    {
        var session = await SessionClient.SignInAsync(factory, "builder@acme.test", baseAddress: "https://localhost");
        var signIn = await session.PostFormAsync("/dev/sign-in", new() { ["email"] = "builder@acme.test", ["__RequestVerificationToken"] = await session.TokenAsync() });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionClient.SessionCookie + "=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} is missing on {(int)response.StatusCode} {response.RequestMessage?.RequestUri}");
}
