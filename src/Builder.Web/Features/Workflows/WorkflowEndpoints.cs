using Builder.Domain.Audit;
using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Workflows;
using Builder.Domain.Sharing;
using Builder.Web.Api;
using Builder.Web.Features.Sharing;
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
        var group = api.MapResource("/workflows", "Workflows");
        group.MapGet("/", List).WithSummary("List workflows (organizationId or environmentId; ownership=owned|company|shared)");
        group.MapGet("/all", All).WithSummary("All workflows the caller sees, grouped: ownedWorkflows, companySharedWorkflows, sharedWithMeWorkflows");
        group.MapPost("/", Create).WithSummary("Create a workflow; workflowData is validated in full").WithErrorResponses(409);
        group.MapGet("/{id:guid}", Get).WithSummary("Get a workflow by id");
        group.MapPut("/{id:guid}", Update).WithSummary("Update a workflow (If-Match)").WithErrorResponses(409, 412);
        group.MapDeletionRequest(ResourceTypes.Workflow, "Delete a workflow");
        group.MapPost("/{id:guid}/dry-run", DryRun).WithSummary("Walk the workflow against a sample message").WithUserRateLimit();
        group.MapSharingEndpoints<Workflow>("workflow");
        group.MapWorkflowTestEndpoints();
        return group;
    }

    private static async Task<Ok<PageResponse<WorkflowSummary>>> List(HttpContext http, WorkflowService workflows,
        Guid? organizationId, Guid? environmentId, string? ownership, [AsParameters] PageQuery query)
        => ApiResults.Page(await workflows.ListAsync(await http.ActorAsync(), new WorkflowFilter(organizationId, environmentId, OwnedResources.ParseFilter(ownership)),
            query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<Dictionary<string, IReadOnlyList<WorkflowSummary>>>> All(HttpContext http, WorkflowService workflows,
        Guid? organizationId, Guid? environmentId, string? search)
    {
        var actor = await http.ActorAsync();
        return await SharingEndpoints.GroupsAsync("Workflows", search, "name", (filter, page) =>
            workflows.ListAsync(actor, new WorkflowFilter(organizationId, environmentId, filter), page, http.RequestAborted));
    }

    private static async Task<Ok<WorkflowView>> Get(HttpContext http, WorkflowService workflows, Guid id)
    {
        var workflow = await workflows.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
        return ApiResults.Tagged(http, workflow, workflow.Version);
    }

    private static async Task<Created<WorkflowView>> Create(HttpContext http, WorkflowService workflows, WorkflowRequest request)
    {
        var environmentId = ApiResults.Required(request.EnvironmentId, "environmentId");
        var workflow = await workflows.CreateAsync(await http.ActorAsync(), environmentId, request.ToInput(), request.OrganizationId, http.RequestAborted);
        return ApiResults.Created(http, $"/api/workflows/{workflow.Id}", workflow, workflow.Version);
    }

    private static async Task<Ok<WorkflowView>> Update(HttpContext http, WorkflowService workflows, Guid id, WorkflowRequest request)
    {
        var workflow = await ETags.WriteAsync(http.Request, async version => await workflows.UpdateAsync(await http.ActorAsync(), id, request.ToInput(), version, http.RequestAborted));
        return ApiResults.Tagged(http, workflow, workflow.Version);
    }


    private static async Task<Ok<DryRunResult>> DryRun(HttpContext http, WorkflowService workflows, Guid id, DryRunRequest request) =>
        TypedResults.Ok(await workflows.DryRunAsync(await http.ActorAsync(), id, request.Message, request.WorkflowData, http.RequestAborted));
}
