using System.Net;
using Builder.Web.Tests.Api;

namespace Builder.Web.Tests.Authentication;

/// <summary>Sign-out needs the antiforgery token and ends the session on the server: a copy of the old cookie stops working at once.</summary>
public sealed class SignOutTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused_and_the_session_still_works()
    {
        var session = await SessionClient.SignInAsync(factory, "builder@acme.test");

        var signOut = await session.PostFormAsync("/account/sign-out", new());

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/auth/session")).StatusCode);
    }

    [Fact]
    public async Task After_sign_out_a_copy_of_the_old_cookie_gets_401_from_the_API_and_a_redirect_on_a_page()
    {
        var session = await SessionClient.SignInAsync(factory, "guest@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/auth/session")).StatusCode);
        var copy = session.Session!;

        var signOut = await session.PostFormAsync("/account/sign-out", new() { ["__RequestVerificationToken"] = await session.TokenAsync() });
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/account/signed-out", signOut.Headers.Location?.OriginalString);

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/auth/session", sessionOverride: copy)).StatusCode);
        var page = await session.GetAsync("/", sessionOverride: copy);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/sign-in", page.Headers.Location?.PathAndQuery());
    }

    [Fact]
    public async Task Signing_in_again_after_sign_out_works()
    {
        var first = await SessionClient.SignInAsync(factory, "reviewer@acme.test");
        await first.PostFormAsync("/account/sign-out", new() { ["__RequestVerificationToken"] = await first.TokenAsync() });

        var second = await SessionClient.SignInAsync(factory, "reviewer@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/auth/session")).StatusCode);
    }
}

internal static class UriTestExtensions
{
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
