using Builder.Domain.Access;
using Builder.Domain.Users;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Session;

public sealed record SessionUser(Guid Id, string Email, string Name, bool IsSystem);

public sealed record SessionResponse(SessionUser User, IReadOnlyList<SessionOrganization> Organizations, bool ViaApiKey);

public sealed record RoleResponse(string Id, string Name, string Description);

/// <summary><c>/api/auth/session</c> and <c>/api/roles</c>: who is signed in, and the roles an admin can assign.</summary>
public static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/auth/session", GetSession).WithTags("Session");
        api.MapGet("/roles", ListRoles).WithTags("Roles");
        return api;
    }

    private static async Task<Ok<SessionResponse>> GetSession(HttpContext http, UserAccountService accounts)
    {
        var actor = await http.ActorAsync();
        var session = await accounts.GetSessionAsync(actor, http.RequestAborted);
        return TypedResults.Ok(new SessionResponse(new SessionUser(session.UserId, session.Email, session.Name, session.IsSystem),
            session.Organizations, !actor.IsHuman));
    }

    private static Ok<PageResponse<RoleResponse>> ListRoles()
    {
        var roles = RoleCatalog.Assignable.Select(r => new RoleResponse(r.Name, r.Name, r.Description)).ToList();
        return TypedResults.Ok(new PageResponse<RoleResponse>(roles, new Pagination(1, roles.Count, roles.Count, 1)));
    }
}
