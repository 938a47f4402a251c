using System.Net;
using Builder.Web.Authentication;
using Builder.Web.Tests.Api;

namespace Builder.Web.Tests.Authentication;

/// <summary>Every place that reads a return URL keeps only local paths: hostile ones end on "/", never off-site and never a 500.</summary>
public sealed class ReturnUrlTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    /// <summary>The hostile value as the attacker sends it (before URL encoding) and where the person must end up.</summary>
    public static TheoryData<string, string> Hostile => new()
    {
        { "/\t/127.0.0.1:5999/pwned", "/" },
        { "/\r\n/evil.example", "/" },
        { "/\nLocation: https://evil.example", "/" },
        { "/x\r\nSet-Cookie: a=b", "/" },
        { "/\u0000/evil.example", "/" },
        { "/\u007f/evil.example", "/" },
        { "//evil.example/path", "/" },
        { "/\\evil.example", "/" },
        { "\\\\evil.example", "/" },
        { "\\/evil.example", "/" },
        { "https://evil.example/", "/" },
        { "http:evil.example", "/" },
        { "javascript:alert(1)", "/" },
        { " /variables", "/" },
        { "%2F%2Fevil.example", "/" },
        { "~/evil", "/" },
        { "", "/" },
        // Encoded separators stay inside the path: the browser asks this app for that path.
        { "/%09/evil.example", "/%09/evil.example" },
        { "/%2F%2Fevil.example", "/%2F%2Fevil.example" },
        { "/%5Cevil.example", "/%5Cevil.example" },
        { "/caf\u00e9", "/caf%C3%A9" },
        { "/organizations/acme/variables?environment=prod#top", "/organizations/acme/variables?environment=prod#top" },
        { "/", "/" },
    };

    [Theory, MemberData(nameof(Hostile))]
    public void The_helper_keeps_only_local_paths(string returnUrl, string expected) => Assert.Equal(expected, ReturnUrl.Safe(returnUrl));

    [Theory, MemberData(nameof(Hostile))]
    public async Task Sign_in_passes_on_only_the_safe_path(string returnUrl, string expected)
    {
        var response = await factory.As((string?)null).GetAsync($"/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/dev/sign-in?returnUrl={Uri.EscapeDataString(expected)}", response.Headers.Location?.OriginalString);
    }

    [Theory, MemberData(nameof(Hostile))]
    public async Task The_development_form_carries_only_the_safe_path(string returnUrl, string expected)
    {
        var response = await factory.As((string?)null).GetAsync($"/dev/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"name=\"returnUrl\" value=\"{WebUtility.HtmlEncode(expected)}\"", html);
    }

    [Theory, MemberData(nameof(Hostile))]
    public async Task Signing_in_ends_on_the_safe_path(string returnUrl, string expected)
    {
        var session = new SessionClient(factory.As((string?)null));
        var response = await session.PostFormAsync("/dev/sign-in", new()
        {
            ["email"] = "builder@acme.test", ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = await session.TokenAsync(),
        });
        // A NUL never reaches the app: ASP.NET's form reader refuses the whole form (400, nobody is signed in or sent anywhere).
        if (returnUrl.Contains('\0'))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }
}
