using Builder.Domain.Audit;
using Builder.Domain.WorkflowEntities;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.WorkflowEntities;

public sealed record WorkflowEntityTypeRequest(string? Name, string? Description, StepKind? Kind, string? Shape, string? Color)
{
    public WorkflowEntityTypeInput ToInput() => new(Name, Description, Kind, Shape, Color);
}

/// <summary><c>/api/workflow-entity-types</c>: platform-wide step types; everyone reads, System users change them.</summary>
public static class WorkflowEntityTypeEndpoints
{
    public static RouteGroupBuilder MapWorkflowEntityTypeEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/workflow-entity-types", "Workflow entity types");
        group.MapGet("/", List).WithSummary("List workflow entity types");
        group.MapPost("/", Create).WithSummary("Create a workflow entity type (System)").WithErrorResponses(409);
        group.MapGet("/{id:guid}", Get).WithSummary("Get a workflow entity type by id");
        group.MapPut("/{id:guid}", Update).WithSummary("Update a workflow entity type (System; If-Match)").WithErrorResponses(409, 412);
        group.MapDeletionRequest(ResourceTypes.WorkflowEntityType, "Delete an unused workflow entity type (System)", 409);
        return group;
    }

    private static async Task<Ok<PageResponse<WorkflowEntityTypeView>>> List(HttpContext http, WorkflowEntityTypeService types, [AsParameters] PageQuery query) =>
        ApiResults.Page(await types.ListAsync(await http.ActorAsync(), query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<WorkflowEntityTypeView>> Get(HttpContext http, WorkflowEntityTypeService types, Guid id)
    {
        var type = await types.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
        return ApiResults.Tagged(http, type, type.Version);
    }

    private static async Task<Created<WorkflowEntityTypeView>> Create(HttpContext http, WorkflowEntityTypeService types, WorkflowEntityTypeRequest request)
    {
        var type = await types.CreateAsync(await http.ActorAsync(), request.ToInput(), http.RequestAborted);
        return ApiResults.Created(http, $"/api/workflow-entity-types/{type.Id}", type, type.Version);
    }

    private static async Task<Ok<WorkflowEntityTypeView>> Update(HttpContext http, WorkflowEntityTypeService types, Guid id, WorkflowEntityTypeRequest request)
    {
        var type = await ETags.WriteAsync(http.Request, async version => await types.UpdateAsync(await http.ActorAsync(), id, request.ToInput(), version, http.RequestAborted));
        return ApiResults.Tagged(http, type, type.Version);
    }

}
