using Builder.Domain.Audit;
using Builder.Domain.Organizations;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Organizations;

public sealed record OrganizationRequest(string? Name, string? Description = null);

/// <summary><c>/api/organizations</c>: the tenants the caller can see. Creating and deleting them is for System administrators.</summary>
public static class OrganizationEndpoints
{
    public static RouteGroupBuilder MapOrganizationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/organizations", "Organizations");
        group.MapGet("/", List).WithSummary("List organizations");
        group.MapPost("/", Create).WithSummary("Create an organization (System only)").WithErrorResponses(409);
        group.MapGet("/{id:guid}", Get).WithSummary("Get an organization by id");
        group.MapPut("/{id:guid}", Update).WithSummary("Update an organization (If-Match)").WithErrorResponses(409, 412);
        group.MapDeletionRequest(ResourceTypes.Organization, "Delete an organization");
        return group;
    }

    private static async Task<Ok<PageResponse<OrganizationView>>> List(HttpContext http, OrganizationService organizations,
        [AsParameters] PageQuery query) =>
        ApiResults.Page(await organizations.ListAsync(await http.ActorAsync(), query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<OrganizationView>> Get(HttpContext http, OrganizationService organizations, Guid id)
    {
        var organization = await organizations.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
        return ApiResults.Tagged(http, organization, organization.Version);
    }

    private static async Task<Created<OrganizationView>> Create(HttpContext http, OrganizationService organizations, OrganizationRequest request)
    {
        var organization = await organizations.CreateAsync(await http.ActorAsync(),
            new OrganizationInput(request.Name, request.Description), http.RequestAborted);
        return ApiResults.Created(http, $"/api/organizations/{organization.Id}", organization, organization.Version);
    }

    private static async Task<Ok<OrganizationView>> Update(HttpContext http, OrganizationService organizations, Guid id, OrganizationRequest request)
    {
        var organization = await ETags.WriteAsync(http.Request, async version => await organizations.UpdateAsync(await http.ActorAsync(), id,
            new OrganizationInput(request.Name, request.Description), version, http.RequestAborted));
        return ApiResults.Tagged(http, organization, organization.Version);
    }

}
