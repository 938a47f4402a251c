using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Versioning;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Api.Poweruser;

/// <summary>
/// The version selector of a read, as the client reference spells it: <c>"version": { "versionState": "PUBLISHED" | "DRAFT" |
/// "ARCHIVED", "versionNumber": 3 }</c>; left out, the PUBLISHED version.
/// </summary>
public sealed record VersionBody(string? VersionState = null, int? VersionNumber = null);

/// <summary>One version in a history or a view: number (null for the draft), state, who made it, when, its note, and the version a rollback restored.</summary>
public sealed record VersionDto(int? VersionNumber, string VersionState, DateTime CreatedAt, string CreatedBy, string? Note, int? RestoredFrom);

/// <summary><c>{ "agentId" | "toolId" | "managerId": 123, "note"?: "…" }</c> of publish.</summary>
public sealed record PublishBody(string? Note = null);

/// <summary>What agents, tools and managers' endpoints share: selectors, versions, ids, and field names as the API spells them.</summary>
public static class VersionedApi
{
    public static VersionSelector Selector(VersionBody? body)
    {
        if (body is null) return VersionSelector.Published;
        if (body.VersionNumber is <= 0) throw new ValidationException("version.versionNumber", "version.versionNumber must be a positive whole number.");
        return new VersionSelector(VersionStates.Parse(body.VersionState), body.VersionNumber);
    }

    public static VersionDto Dto(VersionInfo v) => new(v.Number, v.State, v.CreatedAt, v.CreatedBy, v.Note, v.RestoredFrom);

    /// <summary>A required integer id of the body (agentId, toolId, managerId).</summary>
    public static long Required(long? id, string field) => ApiResults.Required(id, field);

    /// <summary>
    /// Runs a service call whose validation names the domain's fields (name, description) and answers them as the API's
    /// (agentName, agentDescription …), so the error's field is one the caller sent.
    /// </summary>
    public static async Task<T> Renamed<T>(Func<Task<T>> work, IReadOnlyDictionary<string, string> names)
    {
        try
        {
            return await work();
        }
        catch (ValidationException e)
        {
            throw new ValidationException(e.Errors.ToDictionary(
                p => names.TryGetValue(p.Key, out var renamed) ? renamed : p.Key,
                p => p.Value.Select(m => names.TryGetValue(p.Key, out var renamed) ? m.Replace(p.Key, renamed, StringComparison.Ordinal) : m).ToArray()));
        }
    }

    /// <summary>
    /// Integer ids of the body mapped to records the caller sees, each unknown one a 400 naming <c>field[i]</c>. More than
    /// <paramref name="max"/> is refused first (<paramref name="tooMany"/>), before any is looked up: each id costs a query.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>?> IdsAsync(IReadOnlyList<long>? numbers, string field, string noun, int max, string tooMany,
        Func<long, Task<Guid>> resolve)
    {
        if (numbers is null) return null;
        if (numbers.Count > max) throw new ValidationException(field, tooMany);
        var ids = new List<Guid>();
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < numbers.Count; i++)
        {
            try { ids.Add(await resolve(numbers[i])); }
            catch (NotFoundException) { errors[$"{field}[{i}]"] = [$"{field}[{i}]: no {noun} with id {numbers[i]} that you can read in this organization."]; }
        }
        if (errors.Count > 0) throw new ValidationException(errors);
        return ids;
    }

    /// <summary>The public numbers of records by id, in the order given; ids no longer there (trashed, purged) are left out.</summary>
    public static async Task<IReadOnlyList<int>> NumbersAsync<T>(PoweruserCall call, IReadOnlyList<Guid> ids, Func<IBuilderDbContext, IQueryable<T>> set)
        where T : VersionedResource
    {
        if (ids.Count == 0) return [];
        await using var db = call.Service<IBuilderDbContextFactory>().Create();
        var found = await set(db).Where(r => r.OrganizationId == call.OrganizationId && ids.Contains(r.Id)).Select(r => new { r.Id, r.Number })
            .ToDictionaryAsync(r => r.Id, r => r.Number, call.Aborted);
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    public static readonly OwnershipFilter[] Lists = [OwnershipFilter.Owned, OwnershipFilter.Company, OwnershipFilter.Shared];
}
