using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.WorkflowEntities;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.WorkflowEntities;

public sealed record WorkflowEntityRequest(
    Guid? OrganizationId, Guid? EnvironmentId, string? Name, string? Description, Guid? WorkflowEntityTypeId,
    JsonNode? Condition, string? Script, string? TfCondition, IReadOnlyList<EntityArgument>? Arguments)
{
    public WorkflowEntityInput ToInput() => new(Name, Description, WorkflowEntityTypeId, EnvironmentId, Condition, Script, TfCondition, Arguments);
}

public sealed record UsageCountResponse(Guid Id, int UsageCount);

/// <summary><c>/api/workflow-entities</c>: the reusable step library (entities:* permissions; a User reads only).</summary>
public static class WorkflowEntityEndpoints
{
    public static RouteGroupBuilder MapWorkflowEntityEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflow-entities").WithTags("Workflow entities");
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapGet("/{id:guid}", Get);
        group.MapGet("/{id:guid}/usage-count", UsageCount);
        group.MapPut("/{id:guid}", Update);
        group.MapDelete("/{id:guid}", Delete);
        return group;
    }

    private static async Task<Ok<PageResponse<WorkflowEntitySummary>>> List(HttpContext http, WorkflowEntityService entities,
        Guid? organizationId, Guid? environmentId, [AsParameters] PageQuery query)
    {
        var page = await entities.ListAsync(await http.ActorAsync(), new WorkflowEntityFilter(organizationId, environmentId),
            query.ToRequest(), http.RequestAborted);
        return TypedResults.Ok(PageResponse<WorkflowEntitySummary>.From(page));
    }

    private static async Task<Ok<WorkflowEntityView>> Get(HttpContext http, WorkflowEntityService entities, Guid id)
    {
        var entity = await entities.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
        ETags.Set(http.Response, entity.Version);
        return TypedResults.Ok(entity);
    }

    private static async Task<Ok<UsageCountResponse>> UsageCount(HttpContext http, WorkflowEntityService entities, Guid id) =>
        TypedResults.Ok(new UsageCountResponse(id, await entities.UsageCountAsync(await http.ActorAsync(), id, http.RequestAborted)));

    private static async Task<Created<WorkflowEntityView>> Create(HttpContext http, WorkflowEntityService entities, WorkflowEntityRequest request)
    {
        if (request.OrganizationId is not { } organization) throw new ValidationException("organizationId", "organizationId is required.");
        var entity = await entities.CreateAsync(await http.ActorAsync(), organization, request.ToInput(), http.RequestAborted);
        ETags.Set(http.Response, entity.Version);
        return TypedResults.Created($"/api/workflow-entities/{entity.Id}", entity);
    }

    private static async Task<Ok<WorkflowEntityView>> Update(HttpContext http, WorkflowEntityService entities, Guid id, WorkflowEntityRequest request)
    {
        var entity = await entities.UpdateAsync(await http.ActorAsync(), id, request.ToInput(), ETags.Expected(http.Request), http.RequestAborted);
        ETags.Set(http.Response, entity.Version);
        return TypedResults.Ok(entity);
    }

    private static async Task<Ok<DeletedResponse>> Delete(HttpContext http, WorkflowEntityService entities, Guid id)
    {
        await entities.DeleteAsync(await http.ActorAsync(), id, ETags.Expected(http.Request), http.RequestAborted);
        return TypedResults.Ok(new DeletedResponse(true, id));
    }
}
