using System.Data.Common;
using System.Net;
using Builder.Data;
using Builder.Web.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Authentication;

/// <summary>
/// A fresh session cookie (just signed in) costs static assets nothing: no user check, no query, no cookie set again;
/// and the first API request after sign-in does not re-check either.
/// </summary>
public sealed class StaticAssetSessionTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecuting(command, eventData, result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private readonly CommandCounter _commands = new();

    private WebApplicationFactory<Program> App() => factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        s.ConfigureDbContext<SqliteBuilderDbContext>(o => o.AddInterceptors(_commands))));

    [Theory]
    [InlineData("/app.css")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/favicon.svg")]
    public async Task A_static_asset_with_a_fresh_session_cookie_sets_no_cookie_and_queries_nothing(string asset)
    {
        await using var app = App();
        var session = await SessionClient.SignInAsync(app, "builder@acme.test");
        var before = _commands.Count;

        var response = await session.GetAsync(asset);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"), string.Join(" | ", response.Headers.TryGetValues("Set-Cookie", out var v) ? v : []));
        Assert.Equal(before, _commands.Count);
    }

    [Theory]
    [InlineData("/app.css")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task A_static_asset_does_not_authenticate_its_cookie_at_all(string asset)
    {
        // A signed-out copy of a cookie is the one a request cannot let pass unnoticed: authentication would read the
        // user's stamp, reject the session and clear the cookie. A static asset must not even look.
        await using var app = App();
        var session = await SessionClient.SignInAsync(app, "builder@acme.test");
        var copy = session.Session!;
        await session.PostFormAsync("/account/sign-out", new() { ["__RequestVerificationToken"] = await session.TokenAsync() });
        var before = _commands.Count;

        var response = await session.GetAsync(asset, sessionOverride: copy);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"), string.Join(" | ", response.Headers.TryGetValues("Set-Cookie", out var v) ? v : []));
        Assert.Equal(before, _commands.Count);
        // The same copy on an API request is still authenticated, and refused.
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/auth/session", sessionOverride: copy)).StatusCode);
    }

    [Fact]
    public async Task The_first_request_after_sign_in_does_not_check_the_user_again()
    {
        await using var app = App();
        var session = await SessionClient.SignInAsync(app, "builder@acme.test");

        var response = await session.GetAsync("/api/roles");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
