using Builder.Domain.Audit;
using Builder.Domain.Access;
using Builder.Domain.Members;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Members;

/// <summary>An invitation: <c>role</c> is admin, user or guest.</summary>
public sealed record InviteMemberRequest(Guid? OrganizationId, string? Email, Role? Role);

public sealed record ChangeRoleRequest(Role? Role);

/// <summary>The reviewer capability: <c>true</c> lets the member approve or reject approval requests without being an Admin.</summary>
public sealed record ReviewerRequest(bool? IsReviewer);

/// <summary>
/// <c>/api/members</c>: who belongs to an organization and with which role. An organization always keeps
/// one active admin: demoting or removing the last one answers 409.
/// </summary>
public static class MemberEndpoints
{
    public static RouteGroupBuilder MapMemberEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/members", "Members");
        group.MapGet("/", List).WithSummary("List members of an organization");
        group.MapPost("/", Invite).WithSummary("Invite a member by email").WithErrorResponses(409);
        group.MapPut("/{id:guid}", ChangeRole).WithSummary("Change a member's role (If-Match)").WithErrorResponses(409, 412);
        group.MapPut("/{id:guid}/reviewer", SetReviewer)
            .WithSummary("Give or take the reviewer capability (If-Match optional; Admins; people only)").WithErrorResponses(412);
        group.MapDeletionRequest(ResourceTypes.Member, "Remove a member", 409);
        return group;
    }

    private static async Task<Ok<PageResponse<MemberView>>> List(HttpContext http, MemberService members,
        Guid? organizationId, [AsParameters] PageQuery query) =>
        ApiResults.Page(await members.ListAsync(await http.ActorAsync(), ApiResults.Required(organizationId, "organizationId"),
            query.ToRequest(), http.RequestAborted));

    private static async Task<Created<MemberView>> Invite(HttpContext http, MemberService members, InviteMemberRequest request)
    {
        var organizationId = ApiResults.Required(request.OrganizationId, "organizationId");
        var member = await members.InviteAsync(await http.ActorAsync(), organizationId,
            new InviteInput(request.Email, request.Role), http.RequestAborted);
        return ApiResults.Created(http, $"/api/members?organizationId={organizationId}", member, member.Version);
    }

    private static async Task<Ok<MemberView>> ChangeRole(HttpContext http, MemberService members, Guid id, ChangeRoleRequest request)
    {
        var role = ApiResults.Required(request.Role, "role");
        var member = await ETags.WriteAsync(http.Request, async version => await members.ChangeRoleAsync(await http.ActorAsync(), id, role, version, http.RequestAborted));
        return ApiResults.Tagged(http, member, member.Version);
    }

    private static async Task<Ok<MemberView>> SetReviewer(HttpContext http, MemberService members, Guid id, ReviewerRequest request)
    {
        var isReviewer = ApiResults.Required(request.IsReviewer, "isReviewer");
        var member = await ETags.WriteAsync(http.Request, async version =>
            await members.SetReviewerAsync(await http.ActorAsync(), id, isReviewer, version, http.RequestAborted));
        return ApiResults.Tagged(http, member, member.Version);
    }
}
