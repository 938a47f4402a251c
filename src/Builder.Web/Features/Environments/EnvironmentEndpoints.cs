using Builder.Domain.Audit;
using Builder.Domain.Environments;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Environments;

public sealed record CreateEnvironmentRequest(Guid? OrganizationId, string? Name, string? Description = null);

public sealed record UpdateEnvironmentRequest(string? Name, string? Description = null);

/// <summary><c>/api/environments</c>: environments of an organization (organizationId is required to list).</summary>
public static class EnvironmentEndpoints
{
    public static RouteGroupBuilder MapEnvironmentEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/environments", "Environments");
        group.MapGet("/", List).WithSummary("List environments of an organization");
        group.MapPost("/", Create).WithSummary("Create an environment").WithErrorResponses(409);
        group.MapGet("/{id:guid}", Get).WithSummary("Get an environment by id");
        group.MapPut("/{id:guid}", Update).WithSummary("Update an environment (If-Match)").WithErrorResponses(409, 412);
        group.MapDeletionRequest(ResourceTypes.Environment, "Delete an environment");
        return group;
    }

    private static async Task<Ok<PageResponse<EnvironmentView>>> List(HttpContext http, EnvironmentService environments,
        Guid? organizationId, [AsParameters] PageQuery query) =>
        ApiResults.Page(await environments.ListAsync(await http.ActorAsync(), ApiResults.Required(organizationId, "organizationId"),
            query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<EnvironmentView>> Get(HttpContext http, EnvironmentService environments, Guid id)
    {
        var environment = await environments.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
        return ApiResults.Tagged(http, environment, environment.Version);
    }

    private static async Task<Created<EnvironmentView>> Create(HttpContext http, EnvironmentService environments, CreateEnvironmentRequest request)
    {
        var organizationId = ApiResults.Required(request.OrganizationId, "organizationId");
        var environment = await environments.CreateAsync(await http.ActorAsync(), organizationId,
            new EnvironmentInput(request.Name, request.Description), http.RequestAborted);
        return ApiResults.Created(http, $"/api/environments/{environment.Id}", environment, environment.Version);
    }

    private static async Task<Ok<EnvironmentView>> Update(HttpContext http, EnvironmentService environments, Guid id, UpdateEnvironmentRequest request)
    {
        var environment = await ETags.WriteAsync(http.Request, async version => await environments.UpdateAsync(await http.ActorAsync(), id,
            new EnvironmentInput(request.Name, request.Description), version, http.RequestAborted));
        return ApiResults.Tagged(http, environment, environment.Version);
    }

}
