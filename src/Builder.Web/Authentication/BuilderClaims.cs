using System.Security.Claims;

namespace Builder.Web.Authentication;

/// <summary>The claims the Builder puts in its own session. Authorization comes from memberships, never from these.</summary>
public static class BuilderClaims
{
    public const string UserId = "builder:user_id";
    public const string ApiKeyOrganization = "builder:api_key_org";
    public const string SessionStamp = "builder:session_stamp";
    public const string Email = "email";
    public const string Name = "name";

    public static ClaimsPrincipal For(Guid userId, string email, string name, string authenticationType, Guid? apiKeyOrganization = null,
        Guid? sessionStamp = null)
    {
        var claims = new List<Claim> { new(UserId, userId.ToString()), new(Email, email), new(Name, name) };
        if (apiKeyOrganization is { } organization) claims.Add(new Claim(ApiKeyOrganization, organization.ToString()));
        if (sessionStamp is { } stamp) claims.Add(new Claim(SessionStamp, stamp.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, Name, null));
    }

    public static Guid? UserIdOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(UserId), out var id) ? id : null;

    public static Guid? SessionStampOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(SessionStamp), out var stamp) ? stamp : null;

    public static Guid? ApiKeyOrganizationOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ApiKeyOrganization), out var id) ? id : null;
}
