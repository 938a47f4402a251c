using System.Text.Json;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Builder.Web.Features.Approvals;

/// <summary>A reviewer's (or the requester's) optional comment on approve, reject or cancel.</summary>
public sealed record ApprovalDecisionRequest(string? Comment);

/// <summary>A proposed approval policy and the reason for it; the change itself goes to a reviewer.</summary>
public sealed record ApprovalPolicyRequest(int? RequiredApprovals, int? ExpiryDays, int? TrashDays,
    IReadOnlyList<ApprovalOverrideInput>? Overrides, string? Justification)
{
    public ApprovalPolicyInput ToInput() => new(RequiredApprovals, ExpiryDays, TrashDays, Overrides);
}

/// <summary>An organization's approval policy, and the change to it waiting for approval, if any.</summary>
public sealed record ApprovalPolicyResponse(Guid OrganizationId, int RequiredApprovals, int ExpiryDays, int TrashDays,
    IReadOnlyList<ApprovalOverride> Overrides, Guid? PendingChangeId, string? PendingChangeUrl)
{
    public static ApprovalPolicyResponse From(Guid organizationId, ApprovalPolicy policy, Guid? pending) => new(organizationId,
        policy.RequiredApprovals, policy.ExpiryDays, policy.TrashDays, policy.Overrides, pending,
        pending is { } id ? ApprovalLinks.Api(id) : null);
}

/// <summary>
/// <c>/api/approval-requests</c>: the requests human-only operations make, and the decisions on them. Approving, rejecting and
/// cancelling are for people (an API key: 403); one's own request cannot be approved (403); a decided request answers 409.
/// <c>/api/organizations/{id}/approval-policy</c>: the policy (members read it; a change by an Admin is itself a request, 202).
/// </summary>
public static class ApprovalEndpoints
{
    public static RouteGroupBuilder MapApprovalEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/approval-requests", "Approval requests");
        group.MapGet("/", List).WithSummary("List approval requests (organizationId; status, mine, waitingForMe)");
        group.MapGet("/{id:guid}", Get).WithSummary("Get an approval request: what would happen, the justification, the votes");
        group.MapPost("/{id:guid}/approve", Approve).WithSummary("Approve a request (people only; not your own)").WithErrorResponses(409);
        group.MapPost("/{id:guid}/reject", Reject).WithSummary("Reject a request with an optional comment (people only; not your own)")
            .WithErrorResponses(409);
        group.MapPost("/{id:guid}/cancel", Cancel).WithSummary("Cancel your own pending request (people only)").WithErrorResponses(409);

        var policy = api.MapResource("/organizations", "Organizations");
        policy.MapGet("/{id:guid}/approval-policy", GetPolicy).WithSummary("Get an organization's approval policy");
        policy.MapPut("/{id:guid}/approval-policy", ChangePolicy)
            .WithSummary("Ask to change the approval policy (Admins; people only): 202 with the approval request").WithErrorResponses(409);
        return group;
    }

    private static async Task<Ok<PageResponse<ApprovalRequestView>>> List(HttpContext http, ApprovalService approvals, Guid? organizationId,
        string? status, bool? mine, bool? waitingForMe, int? page, int? limit)
    {
        var query = new ApprovalQuery(ParseStatus(status), mine ?? false, waitingForMe ?? false);
        return ApiResults.Page(await approvals.ListAsync(await http.ActorAsync(), organizationId, query,
            new PageRequest(page ?? 1, limit ?? 10), http.RequestAborted));
    }

    private static async Task<Ok<ApprovalRequestView>> Get(HttpContext http, ApprovalService approvals, Guid id) =>
        TypedResults.Ok(await approvals.GetAsync(await http.ActorAsync(), id, http.RequestAborted));

    private static async Task<Ok<ApprovalRequestView>> Approve(HttpContext http, ApprovalService approvals, Guid id,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ApprovalDecisionRequest? request) =>
        TypedResults.Ok(await approvals.ApproveAsync(await http.ActorAsync(), id, request?.Comment, http.RequestAborted));

    private static async Task<Ok<ApprovalRequestView>> Reject(HttpContext http, ApprovalService approvals, Guid id,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ApprovalDecisionRequest? request) =>
        TypedResults.Ok(await approvals.RejectAsync(await http.ActorAsync(), id, request?.Comment, http.RequestAborted));

    private static async Task<Ok<ApprovalRequestView>> Cancel(HttpContext http, ApprovalService approvals, Guid id,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ApprovalDecisionRequest? request) =>
        TypedResults.Ok(await approvals.CancelAsync(await http.ActorAsync(), id, request?.Comment, http.RequestAborted));

    private static async Task<Ok<ApprovalPolicyResponse>> GetPolicy(HttpContext http, ApprovalService approvals, Guid id)
    {
        var actor = await http.ActorAsync();
        var policy = await approvals.GetPolicyAsync(actor, id, http.RequestAborted);
        var pending = await approvals.PendingRequestAsync(actor, ApprovalOperations.ChangePolicy, ResourceTypes.ApprovalPolicy, id, http.RequestAborted);
        return TypedResults.Ok(ApprovalPolicyResponse.From(id, policy, pending));
    }

    private static async Task<Accepted<ApprovalRequestAccepted>> ChangePolicy(HttpContext http, ApprovalService approvals, Guid id,
        ApprovalPolicyRequest request)
    {
        var payload = JsonSerializer.SerializeToNode(request.ToInput(), ApprovalService.JsonOptions);
        var asked = await approvals.RequestAsync(await http.ActorAsync(), ApprovalOperations.ChangePolicy, ResourceTypes.ApprovalPolicy, id,
            request.Justification, payload, http.RequestAborted);
        return DeletionRequests.Accepted(asked);
    }

    /// <summary>"pending", "Executed" … → the status; anything else is a 400 naming the values.</summary>
    public static ApprovalStatus? ParseStatus(string? status)
    {
        if (string.IsNullOrWhiteSpace(status)) return null;
        if (Enum.TryParse<ApprovalStatus>(status.Trim(), ignoreCase: true, out var parsed) && !int.TryParse(status, out _)) return parsed;
        throw new ValidationException("status",
            $"status must be one of: {string.Join(", ", Enum.GetNames<ApprovalStatus>().Select(n => n.ToLowerInvariant()))}.");
    }
}
