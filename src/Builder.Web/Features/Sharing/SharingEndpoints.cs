using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Sharing;

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
        return group;
    }

    private static async Task<Ok<SharingView>> GetSharing<T>(HttpContext http, SharingService sharing, Guid id) where T : class, IOwnedResource =>
        TypedResults.Ok(await sharing.GetAsync<T>(await http.ActorAsync(), id, http.RequestAborted));

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
