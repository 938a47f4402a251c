using System.Security.Claims;
using Builder.Domain.Access;
using Builder.Domain.Users;
using Microsoft.AspNetCore.Components.Authorization;

namespace Builder.Web.Authentication;

/// <summary>
/// Turns the signed-in principal into the domain's <see cref="Actor"/>. Memberships come from the domain's ActorCache,
/// which every membership or role change evicts, so a request reads no rows to learn who is calling.
/// </summary>
public sealed class ActorResolver(UserAccountService accounts)
{
    public async Task<Actor?> ResolveAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (BuilderClaims.UserIdOf(principal) is not { } userId) return null;
        return await accounts.BuildActorAsync(userId, BuilderClaims.ApiKeyOrganizationOf(principal), ct);
    }
}

/// <summary>The current actor inside Blazor components, from the circuit's authentication state.</summary>
public sealed class CurrentActor(AuthenticationStateProvider authentication, ActorResolver resolver)
{
    public async Task<Actor> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return await resolver.ResolveAsync(state.User)
               ?? throw new InvalidOperationException("No signed-in user: the page requires authentication.");
    }
}
