using System.Text.Encodings.Web;
using Builder.Domain.Common;
using Builder.Web.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Builder.Web.Tests.Api;

/// <summary>Signs the request in as the seeded user named by <c>X-Test-User</c>, with the same claims a real session carries.</summary>
public sealed class TestAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IBuilderDbContextFactory dbs)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string Header = "X-Test-User";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var email = Request.Headers[Header].ToString().Trim().ToLowerInvariant();
        await using var db = dbs.Create();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail($"No seeded user '{email}'.");
        var principal = BuilderClaims.For(user.Id, user.Email, user.Name, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
