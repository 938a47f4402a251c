using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Environments;

public sealed record CreateEnvironmentRequest(Guid? OrganizationId, string? Name, string? Description);

public sealed record UpdateEnvironmentRequest(string? Name, string? Description);

/// <summary><c>/api/environments</c>: environments of an organization (organizationId is required to list).</summary>
public static class EnvironmentEndpoints
{
    public static RouteGroupBuilder MapEnvironmentEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/environments").WithTags("Environments");
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapGet("/{id:guid}", Get);
        group.MapPut("/{id:guid}", Update);
        group.MapDelete("/{id:guid}", Delete);
        return group;
    }

    private static async Task<Ok<PageResponse<EnvironmentView>>> List(HttpContext http, EnvironmentService environments,
        Guid? organizationId, [AsParameters] PageQuery query)
    {
        if (organizationId is not { } organization) throw new ValidationException("organizationId", "organizationId is required.");
        var page = await environments.ListAsync(await http.ActorAsync(), organization, query.ToRequest(), http.RequestAborted);
        return TypedResults.Ok(PageResponse<EnvironmentView>.From(page));
    }

    private static async Task<Ok<EnvironmentView>> Get(HttpContext http, EnvironmentService environments, Guid id)
    {
        var environment = await environments.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
        ETags.Set(http.Response, environment.Version);
        return TypedResults.Ok(environment);
    }

    private static async Task<Created<EnvironmentView>> Create(HttpContext http, EnvironmentService environments, CreateEnvironmentRequest request)
    {
        if (request.OrganizationId is not { } organization) throw new ValidationException("organizationId", "organizationId is required.");
        var environment = await environments.CreateAsync(await http.ActorAsync(), organization,
            new EnvironmentInput(request.Name, request.Description), http.RequestAborted);
        ETags.Set(http.Response, environment.Version);
        return TypedResults.Created($"/api/environments/{environment.Id}", environment);
    }

    private static async Task<Ok<EnvironmentView>> Update(HttpContext http, EnvironmentService environments, Guid id, UpdateEnvironmentRequest request)
    {
        var environment = await environments.UpdateAsync(await http.ActorAsync(), id,
            new EnvironmentInput(request.Name, request.Description), ETags.Expected(http.Request), http.RequestAborted);
        ETags.Set(http.Response, environment.Version);
        return TypedResults.Ok(environment);
    }

    private static async Task<Ok<DeletedResponse>> Delete(HttpContext http, EnvironmentService environments, Guid id)
    {
        await environments.DeleteAsync(await http.ActorAsync(), id, ETags.Expected(http.Request), http.RequestAborted);
        return TypedResults.Ok(new DeletedResponse(true, id));
    }
}
