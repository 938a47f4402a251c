using System.Net;
using System.Text.RegularExpressions;
using Builder.Web.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Authentication;

/// <summary>
/// A real cookie session (development sign-in form) whose user is deleted: the first request checks and signs it out;
/// a session already checked is not queried again until the check interval has passed.
/// </summary>
public sealed partial class SessionUserCheckTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/dev/sign-in");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        var signIn = await client.PostAsync("/dev/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private Task DeleteUserAsync(string email) => factory.QueryAsync(db => db.Users.Where(u => u.Email == email).ExecuteDeleteAsync());

    [Fact]
    public async Task A_session_whose_user_was_deleted_is_signed_out_at_its_first_check()
    {
        var client = await SignInAsync("guest@acme.test");
        await DeleteUserAsync("guest@acme.test");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/session")).StatusCode);
    }

    [Fact]
    public async Task A_checked_session_is_not_checked_again_within_the_interval()
    {
        var client = await SignInAsync("reviewer@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/roles")).StatusCode);
        await DeleteUserAsync("reviewer@acme.test");

        // /api/roles needs only authentication: the checked cookie still authenticates until the interval passes.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/roles")).StatusCode);
    }
}
