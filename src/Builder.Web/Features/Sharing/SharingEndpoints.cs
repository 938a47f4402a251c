using System.Text.Json.Nodes;
using Builder.Domain.Approvals;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Web.Api;
using Builder.Web.Features.Approvals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Sharing;

/// <summary>One explicit share in a sharing change: a member's user id and VIEW, EDIT or ADMIN.</summary>
public sealed record ShareEntryRequest(Guid? UserId, string? AccessLevel);

/// <summary>
/// A sharing change to ask for: the new level, company permission and (when sent) the whole new list of shares; a field left
/// out keeps its value. The justification is for the reviewer and required.
/// </summary>
public sealed record ShareRequest(string? SharingLevel, string? CompanyPermissionLevel, List<ShareEntryRequest>? Shares, string? Justification)
{
    public JsonObject ToPayload()
    {
        var payload = new JsonObject();
        if (SharingLevel is not null) payload["sharingLevel"] = SharingLevel;
        if (CompanyPermissionLevel is not null) payload["companyPermissionLevel"] = CompanyPermissionLevel;
        if (Shares is not null)
            payload["shares"] = new JsonArray(Shares.Select(s => (JsonNode)new JsonObject
            {
                ["userId"] = s?.UserId?.ToString(), ["accessLevel"] = s?.AccessLevel,
            }).ToArray());
        return payload;
    }
}

/// <summary>An ownership transfer to ask for: the new owner (a member of the organization) and the reason.</summary>
public sealed record TransferOwnershipRequest(Guid? NewOwnerId, string? Justification)
{
    public JsonObject ToPayload() => new() { ["newOwnerId"] = NewOwnerId?.ToString() };
}

/// <summary>
/// The sharing endpoints every owned resource gets the same way (<c>/api/{resource}/{id}/sharing</c>,
/// <c>/api/{resource}/all</c>), mapped once per type by its endpoint group.
/// </summary>
public static class SharingEndpoints
{
    /// <summary>The most each group of <c>GET …/all</c> holds; the paged list with <c>ownership=</c> reads further.</summary>
    public const int GroupLimit = PageRequest.MaxLimit;

    /// <summary><c>GET {id}/sharing</c>: owner, level, company permission and shares (people who can read it; API keys 403).</summary>
    public static RouteGroupBuilder MapSharingEndpoints<T>(this RouteGroupBuilder group, string noun) where T : class, IOwnedResource
    {
        group.MapGet("/{id:guid}/sharing", GetSharing<T>)
            .WithSummary($"Get the sharing of a {noun}: owner, sharingLevel, companyPermissionLevel, shares with member emails (people only; API keys 403)");
        group.MapPut("/{id:guid}/sharing", (HttpContext http, ApprovalService approvals, Guid id, ShareRequest request) =>
                AskAsync<T>(http, approvals, ApprovalOperations.Share, id, request.Justification, request.ToPayload()))
            .WithSummary($"Ask to change the sharing of a {noun} (sharingLevel, companyPermissionLevel, shares, justification): " +
                "creates an approval request (202); needs ADMIN on it; people only (API keys 403); If-Match optional")
            .Produces<ApprovalRequestAccepted>(StatusCodes.Status202Accepted).WithErrorResponses(409, 412);
        group.MapPost("/{id:guid}/transfer-ownership", (HttpContext http, ApprovalService approvals, Guid id, TransferOwnershipRequest request) =>
                AskAsync<T>(http, approvals, ApprovalOperations.TransferOwnership, id, request.Justification, request.ToPayload()))
            .WithSummary($"Ask to transfer the ownership of a {noun} to another member (newOwnerId, justification): creates an approval " +
                "request (202); needs ADMIN on it; people only (API keys 403); If-Match optional")
            .Produces<ApprovalRequestAccepted>(StatusCodes.Status202Accepted).WithErrorResponses(409, 412);
        return group;
    }

    private static async Task<Ok<SharingView>> GetSharing<T>(HttpContext http, SharingService sharing, Guid id) where T : class, IOwnedResource
    {
        var view = await sharing.GetAsync<T>(await http.ActorAsync(), id, http.RequestAborted);
        return ApiResults.Tagged(http, view, view.Version);
    }

    /// <summary>Creates the approval request (nothing changes yet) and answers 202 with it and its address.</summary>
    private static async Task<Accepted<ApprovalRequestAccepted>> AskAsync<T>(HttpContext http, ApprovalService approvals, string operation, Guid id,
        string? justification, JsonObject payload) where T : class, IOwnedResource
    {
        return DeletionRequests.Accepted(await approvals.RequestAsync(await http.ActorAsync(), operation, T.ResourceType, id, justification,
            payload, ETags.Expected(http.Request), http.RequestAborted));
    }

    /// <summary>
    /// The reference's "List All" shape: <c>{ "owned{Plural}": [...], "companyShared{Plural}": [...], "sharedWithMe{Plural}": [...] }</c>,
    /// each the first <see cref="GroupLimit"/> by name, from the same list the paged API answers with <c>ownership=</c>.
    /// </summary>
    public static async Task<Ok<Dictionary<string, IReadOnlyList<TRow>>>> GroupsAsync<TRow>(string plural, string? search, string sort,
        Func<OwnershipFilter, PageRequest, Task<PagedResult<TRow>>> list)
    {
        var groups = new Dictionary<string, IReadOnlyList<TRow>>();
        foreach (var (filter, prefix) in new[] { (OwnershipFilter.Owned, "owned"), (OwnershipFilter.Company, "companyShared"), (OwnershipFilter.Shared, "sharedWithMe") })
            groups[prefix + plural] = (await list(filter, new PageRequest(1, GroupLimit, search, sort))).Items;
        return TypedResults.Ok(groups);
    }
}
