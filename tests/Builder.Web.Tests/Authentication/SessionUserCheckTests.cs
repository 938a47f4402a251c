using System.Net;
using Builder.Web.Authentication;
using Builder.Web.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Authentication;

/// <summary>
/// A real cookie session (development sign-in form) whose user is deleted. Sign-in stamps the session as checked, so
/// it is not queried again until the check interval has passed; then the check signs it out.
/// </summary>
public sealed class SessionUserCheckTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    /// <summary>The system clock moved forward by <see cref="Offset"/>.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }

    private readonly ShiftedClock _clock = new();

    private WebApplicationFactory<Program> App() =>
        factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));

    private Task DeleteUserAsync(string email) => factory.QueryAsync(db => db.Users.Where(u => u.Email == email).ExecuteDeleteAsync());

    [Fact]
    public async Task A_session_whose_user_was_deleted_is_signed_out_at_its_next_check()
    {
        await using var app = App();
        var session = await SessionClient.SignInAsync(app, "guest@acme.test");
        await DeleteUserAsync("guest@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/roles")).StatusCode);

        _clock.Offset = AuthenticationSetup.UserCheckInterval + TimeSpan.FromSeconds(1);

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/auth/session")).StatusCode);
    }

    [Fact]
    public async Task A_checked_session_is_not_checked_again_within_the_interval()
    {
        await using var app = App();
        var session = await SessionClient.SignInAsync(app, "reviewer@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/roles")).StatusCode);
        await DeleteUserAsync("reviewer@acme.test");

        // /api/roles needs only authentication: the checked cookie still authenticates until the interval passes.
        _clock.Offset = AuthenticationSetup.UserCheckInterval - TimeSpan.FromSeconds(30);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/roles")).StatusCode);
    }
}
