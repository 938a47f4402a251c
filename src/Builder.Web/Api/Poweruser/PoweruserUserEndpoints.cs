using Builder.Domain.Organizations;

namespace Builder.Web.Api.Poweruser;

/// <summary><c>user/me</c>: who the key (or session) acts as, and the organization it acts in.</summary>
public sealed record MeResponse(string Email, string Name, string CompanyName) : PoweruserResult;

/// <summary>The reference's "User" resource: <c>POST /autessa_poweruser/user/me</c>.</summary>
public static class PoweruserUserEndpoints
{
    public static RouteGroupBuilder MapPoweruserUserEndpoints(this RouteGroupBuilder poweruser)
    {
        var user = poweruser.MapGroup("/user").WithTags("Poweruser: User");
        user.MapPoweruser<NoFields, MeResponse>("/me", async (_, call) =>
            {
                // The organization's name through its service: it checks that the caller still sees it (404 otherwise).
                var organization = await call.Service<OrganizationService>().GetAsync(call.Actor, call.OrganizationId, call.Aborted);
                return new MeResponse(call.Actor.Email, call.Actor.Name, organization.Name);
            })
            .WithSummary("The user linked to the key and the organization it is scoped to")
            .WithDescription("For an API key: the key's owner and the key's organization. For a signed-in session: the person, and " +
                             "the organization named by ?organizationId= or, without it, their only organization.");
        return poweruser;
    }
}
