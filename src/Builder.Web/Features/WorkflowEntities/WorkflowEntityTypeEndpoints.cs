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
        var group = api.MapGroup("/workflow-entity-types").WithTags("Workflow entity types");
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapGet("/{id:guid}", Get);
        group.MapPut("/{id:guid}", Update);
        group.MapDelete("/{id:guid}", Delete);
        return group;
    }

    private static async Task<Ok<PageResponse<WorkflowEntityTypeView>>> List(HttpContext http, WorkflowEntityTypeService types, [AsParameters] PageQuery query)
    {
        var page = await types.ListAsync(await http.ActorAsync(), query.ToRequest(), http.RequestAborted);
        return TypedResults.Ok(PageResponse<WorkflowEntityTypeView>.From(page));
    }

    private static async Task<Ok<WorkflowEntityTypeView>> Get(HttpContext http, WorkflowEntityTypeService types, Guid id)
    {
        var type = await types.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
        ETags.Set(http.Response, type.Version);
        return TypedResults.Ok(type);
    }

    private static async Task<Created<WorkflowEntityTypeView>> Create(HttpContext http, WorkflowEntityTypeService types, WorkflowEntityTypeRequest request)
    {
        var type = await types.CreateAsync(await http.ActorAsync(), request.ToInput(), http.RequestAborted);
        ETags.Set(http.Response, type.Version);
        return TypedResults.Created($"/api/workflow-entity-types/{type.Id}", type);
    }

    private static async Task<Ok<WorkflowEntityTypeView>> Update(HttpContext http, WorkflowEntityTypeService types, Guid id, WorkflowEntityTypeRequest request)
    {
        var type = await types.UpdateAsync(await http.ActorAsync(), id, request.ToInput(), ETags.Expected(http.Request), http.RequestAborted);
        ETags.Set(http.Response, type.Version);
        return TypedResults.Ok(type);
    }

    private static async Task<Ok<DeletedResponse>> Delete(HttpContext http, WorkflowEntityTypeService types, Guid id)
    {
        await types.DeleteAsync(await http.ActorAsync(), id, ETags.Expected(http.Request), http.RequestAborted);
        return TypedResults.Ok(new DeletedResponse(true, id));
    }
}
