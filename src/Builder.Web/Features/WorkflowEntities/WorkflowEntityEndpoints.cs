using Builder.Domain.Audit;
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
        var group = api.MapResource("/workflow-entities", "Workflow entities");
        group.MapGet("/", List).WithSummary("List workflow entities (organizationId required; environmentId, search)");
        group.MapPost("/", Create).WithSummary("Create a workflow entity");
        group.MapGet("/{id:guid}", Get).WithSummary("Get a workflow entity by id");
        group.MapGet("/{id:guid}/usage-count", UsageCount).WithSummary("How many workflows use the entity");
        group.MapPut("/{id:guid}", Update).WithSummary("Update a workflow entity (If-Match)").WithErrorResponses(412);
        group.MapDeletionRequest(ResourceTypes.WorkflowEntity, "Delete an unused workflow entity", 409);
        return group;
    }

    private static async Task<Ok<PageResponse<WorkflowEntitySummary>>> List(HttpContext http, WorkflowEntityService entities,
        Guid? organizationId, Guid? environmentId, [AsParameters] PageQuery query)
        => ApiResults.Page(await entities.ListAsync(await http.ActorAsync(), new WorkflowEntityFilter(organizationId, environmentId),
            query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<WorkflowEntityView>> Get(HttpContext http, WorkflowEntityService entities, Guid id)
    {
        var entity = await entities.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
        return ApiResults.Tagged(http, entity, entity.Version);
    }

    private static async Task<Ok<UsageCountResponse>> UsageCount(HttpContext http, WorkflowEntityService entities, Guid id) =>
        TypedResults.Ok(new UsageCountResponse(id, await entities.UsageCountAsync(await http.ActorAsync(), id, http.RequestAborted)));

    private static async Task<Created<WorkflowEntityView>> Create(HttpContext http, WorkflowEntityService entities, WorkflowEntityRequest request)
    {
        var organizationId = ApiResults.Required(request.OrganizationId, "organizationId");
        var entity = await entities.CreateAsync(await http.ActorAsync(), organizationId, request.ToInput(), http.RequestAborted);
        return ApiResults.Created(http, $"/api/workflow-entities/{entity.Id}", entity, entity.Version);
    }

    private static async Task<Ok<WorkflowEntityView>> Update(HttpContext http, WorkflowEntityService entities, Guid id, WorkflowEntityRequest request)
    {
        var entity = await ETags.WriteAsync(http.Request, async version => await entities.UpdateAsync(await http.ActorAsync(), id, request.ToInput(), version, http.RequestAborted));
        return ApiResults.Tagged(http, entity, entity.Version);
    }

}
