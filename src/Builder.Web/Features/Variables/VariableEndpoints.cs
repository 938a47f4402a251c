using Builder.Domain.Audit;
using Builder.Domain.Variables;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Variables;

/// <summary>A new variable. <c>organizationId</c> is optional; when given it must be the environment's organization.</summary>
public sealed record CreateVariableRequest(Guid? EnvironmentId, string? Name, Guid? OrganizationId = null, string? Value = null);

/// <summary>An edit: <c>value</c> omitted keeps the stored value, a new value replaces it, <c>clearValue</c> removes it.</summary>
public sealed record UpdateVariableRequest(string? Name, string? Value = null, bool? ClearValue = null);

/// <summary>
/// <c>/api/variables</c>: environment-scoped, write-only variables. Values go in and never come out:
/// every answer is a <see cref="VariableView"/>, which carries <c>hasValue</c> instead.
/// </summary>
public static class VariableEndpoints
{
    public static RouteGroupBuilder MapVariableEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/variables", "Variables");
        group.MapGet("/", List).WithSummary("List variables of an organization or environment");
        group.MapPost("/", Create).WithSummary("Create a variable").WithErrorResponses(409);
        group.MapGet("/{id:guid}", Get).WithSummary("Get a variable by id");
        group.MapPut("/{id:guid}", Update).WithSummary("Update a variable: rename, replace or clear its value (If-Match)").WithErrorResponses(409, 412);
        group.MapDeletionRequest(ResourceTypes.Variable, "Delete a variable");
        return group;
    }

    /// <summary>Lists by organization, by environment, or both (at least one is required).</summary>
    private static async Task<Ok<PageResponse<VariableView>>> List(HttpContext http, VariableService variables,
        Guid? organizationId, Guid? environmentId, [AsParameters] PageQuery query) =>
        ApiResults.Page(await variables.ListAsync(await http.ActorAsync(), new VariableFilter(organizationId, environmentId),
            query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<VariableView>> Get(HttpContext http, VariableService variables, Guid id)
    {
        var variable = await variables.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
        return ApiResults.Tagged(http, variable, variable.Version);
    }

    private static async Task<Created<VariableView>> Create(HttpContext http, VariableService variables, CreateVariableRequest request)
    {
        var environmentId = ApiResults.Required(request.EnvironmentId, "environmentId");
        var variable = await variables.CreateAsync(await http.ActorAsync(), request.OrganizationId, environmentId,
            new VariableInput(request.Name, request.Value), http.RequestAborted);
        return ApiResults.Created(http, $"/api/variables/{variable.Id}", variable, variable.Version);
    }

    private static async Task<Ok<VariableView>> Update(HttpContext http, VariableService variables, Guid id, UpdateVariableRequest request)
    {
        var variable = await ETags.WriteAsync(http.Request, async version => await variables.UpdateAsync(await http.ActorAsync(), id,
            new VariableInput(request.Name, request.Value, request.ClearValue ?? false), version, http.RequestAborted));
        return ApiResults.Tagged(http, variable, variable.Version);
    }

}
