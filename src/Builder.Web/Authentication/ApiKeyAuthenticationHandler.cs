using System.Text.Encodings.Web;
using Builder.Domain.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Builder.Web.Authentication;

/// <summary>Authenticates <c>Authorization: pwrusr:{key_id}:{secret}</c> as the key's owner, confined to the key's organization.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public static bool IsPresented(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(ApiKey.Prefix + ":", StringComparison.Ordinal);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!IsPresented(Request)) return AuthenticateResult.NoResult();
        var actor = await keys.AuthenticateAsync(Request.Headers.Authorization.ToString(), Context.RequestAborted);
        if (actor is null) return AuthenticateResult.Fail("The API key is unknown, revoked or malformed.");
        var principal = BuilderClaims.For(actor.UserId, actor.Email, actor.Name, Scheme.Name, actor.ApiKeyOrganizationId);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
