using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Workflows;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Workflows;

public sealed record WorkflowRequest(Guid? OrganizationId, Guid? EnvironmentId, string? Name, string? Description, JsonNode? WorkflowData)
{
    public WorkflowInput ToInput() => new(Name, Description, WorkflowData);
}

/// <summary>A sample message to walk the workflow with; <c>workflowData</c> lets the canvas dry-run unsaved edits.</summary>
public sealed record DryRunRequest(JsonNode? Message, JsonNode? WorkflowData);

/// <summary><c>/api/workflows</c>: workflows (workflows:* — a User has them in full), their dry run and the test helpers.</summary>
public static class WorkflowEndpoints
{
    public static RouteGroupBuilder MapWorkflowEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows").WithTags("Workflows");
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapGet("/{id:guid}", Get);
        group.MapPut("/{id:guid}", Update);
        group.MapDelete("/{id:guid}", Delete);
        group.MapPost("/{id:guid}/dry-run", DryRun);
        group.MapWorkflowTestEndpoints();
        return group;
    }

    private static async Task<Ok<PageResponse<WorkflowSummary>>> List(HttpContext http, WorkflowService workflows,
        Guid? organizationId, Guid? environmentId, [AsParameters] PageQuery query)
    {
        var page = await workflows.ListAsync(await http.ActorAsync(), new WorkflowFilter(organizationId, environmentId), query.ToRequest(), http.RequestAborted);
        return TypedResults.Ok(PageResponse<WorkflowSummary>.From(page));
    }

    private static async Task<Ok<WorkflowView>> Get(HttpContext http, WorkflowService workflows, Guid id)
    {
        var workflow = await workflows.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
        ETags.Set(http.Response, workflow.Version);
        return TypedResults.Ok(workflow);
    }

    private static async Task<Created<WorkflowView>> Create(HttpContext http, WorkflowService workflows, WorkflowRequest request)
    {
        if (request.EnvironmentId is not { } environment) throw new ValidationException("environmentId", "environmentId is required.");
        var workflow = await workflows.CreateAsync(await http.ActorAsync(), environment, request.ToInput(), request.OrganizationId, http.RequestAborted);
        ETags.Set(http.Response, workflow.Version);
        return TypedResults.Created($"/api/workflows/{workflow.Id}", workflow);
    }

    private static async Task<Ok<WorkflowView>> Update(HttpContext http, WorkflowService workflows, Guid id, WorkflowRequest request)
    {
        var workflow = await workflows.UpdateAsync(await http.ActorAsync(), id, request.ToInput(), ETags.Expected(http.Request), http.RequestAborted);
        ETags.Set(http.Response, workflow.Version);
        return TypedResults.Ok(workflow);
    }

    private static async Task<Ok<DeletedResponse>> Delete(HttpContext http, WorkflowService workflows, Guid id)
    {
        await workflows.DeleteAsync(await http.ActorAsync(), id, ETags.Expected(http.Request), http.RequestAborted);
        return TypedResults.Ok(new DeletedResponse(true, id));
    }

    private static async Task<Ok<DryRunResult>> DryRun(HttpContext http, WorkflowService workflows, Guid id, DryRunRequest request) =>
        TypedResults.Ok(await workflows.DryRunAsync(await http.ActorAsync(), id, request.Message, request.WorkflowData, http.RequestAborted));
}
