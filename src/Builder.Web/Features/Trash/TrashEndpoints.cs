using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Trash;
using Builder.Web.Features.Approvals;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Trash;

/// <summary>The body of a restore: <c>{}</c>, or the name to restore under when the old one was taken meanwhile.</summary>
public sealed record RestoreTrashRequest(string? Name = null);

/// <summary>
/// <c>/api/trash</c>: what was deleted in an organization (Admins and System; an Admin's API key may list), newest first,
/// and restoring it at once (a protective operation: no approval). Without <c>organizationId</c>, the platform's trash
/// (organizations, entity types, system models), for System administrators in person.
/// </summary>
public static class TrashEndpoints
{
    public static RouteGroupBuilder MapTrashEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/trash", "Trash");
        group.MapGet("/", List).WithSummary("List an organization's trash, newest first")
            .WithDescription("Each item: the resource's type, id and name when deleted, its environment, who deleted it and when, " +
                             "when it is purged for good (purgeAfter) and daysLeft. Without organizationId: the platform's trash (System only).");
        group.MapGet("/{id:guid}", Get).WithSummary("Get a trash item");
        group.MapPost("/{id:guid}/restore", Restore).WithSummary("Restore a trash item at once, with what went with it")
            .WithDescription("The body is {} or { \"name\": \"…\" }. 409 when a resource took its name meanwhile: send { \"name\": \"…\" } to restore it under a new name. " +
                             "409 too for a variable or workflow whose environment is itself in the trash (restore the environment first).")
            .WithErrorResponses(409);
        group.MapDelete("/{id:guid}", Purge).WithSummary("Ask to delete a trash item permanently (goes to a reviewer; people only)")
            .WithDescription("Creates an approval request (operation purge, resource type trash-item) and answers 202 with it and its " +
                             "URL. The body { \"justification\": \"…\" } is required (400 without one). Once approved, the item and what went with it " +
                             "are removed for good. API keys: 403.");
        return group;
    }

    private static async Task<Ok<PageResponse<TrashItemView>>> List(HttpContext http, TrashService trash, Guid? organizationId,
        [AsParameters] PageQuery query) =>
        ApiResults.Page(await trash.ListAsync(await http.ActorAsync(), organizationId, query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<TrashItemView>> Get(HttpContext http, TrashService trash, Guid id) =>
        TypedResults.Ok(await trash.GetAsync(await http.ActorAsync(), id, http.RequestAborted));

    /// <summary>"Delete permanently": a purge request, read like every DELETE's (an optional JSON body with the justification).</summary>
    private static Task<Accepted<ApprovalRequestAccepted>> Purge(HttpContext http, ApprovalService approvals, Guid id) =>
        http.RequestApprovalAsync(approvals, ApprovalOperations.Purge, ResourceTypes.TrashItem, id);

    private static async Task<Ok<RestoreResult>> Restore(HttpContext http, TrashService trash, Guid id, RestoreTrashRequest request) =>
        TypedResults.Ok(await trash.RestoreAsync(await http.ActorAsync(), id, request.Name, http.RequestAborted));
}
