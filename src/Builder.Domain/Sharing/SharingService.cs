using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Members;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Sharing;

/// <summary>One explicit share as the sharing panel and <c>GET …/sharing</c> show it.</summary>
public sealed record ShareView(Guid UserId, string Email, string Name, string AccessLevel);

/// <summary>
/// The sharing details of one owned resource: owner, level, company permission, the explicit shares with each member's
/// email and name, the caller's own access, and whether the caller may ask to change it (ADMIN access) — the version is the
/// one a change or transfer request is checked against.
/// </summary>
public sealed record SharingView(
    string ResourceType,
    Guid ResourceId,
    string Name,
    Guid OrganizationId,
    OwnerRef Owner,
    string SharingLevel,
    string CompanyPermissionLevel,
    string UserAccessLevel,
    IReadOnlyList<ShareView> Shares,
    bool CanManage,
    Guid Version)
{
    /// <summary>"Private" or "Shared company-wide (edit)".</summary>
    public string Summary => SharingWords.Summary(SharingWords.ParseLevel(SharingLevel) ?? Sharing.SharingLevel.Private,
        SharingWords.ParseGrant(CompanyPermissionLevel) ?? AccessLevel.View);

    /// <summary>The line for the caller when they cannot manage it: "Shared company-wide (you can view)" (<see cref="SharingWords.SummaryFor"/>).</summary>
    public string SummaryForCaller() => SharingWords.SummaryFor(SharingWords.ParseLevel(SharingLevel) ?? Sharing.SharingLevel.Private,
        SharingWords.ParseGrant(CompanyPermissionLevel) ?? AccessLevel.View, SharingWords.ParseGrant(UserAccessLevel) ?? AccessLevel.None);
}

/// <summary>A member a resource can be shared with; <see cref="CanOwn"/> when their role could edit it (a possible new owner).</summary>
public sealed record SharingCandidate(Guid UserId, string Email, string Name, Role Role, bool CanOwn);

/// <summary>
/// Reads the sharing of any owned resource type. "Get sharing details" is for people (API keys: 403, human oversight) who
/// can read the resource; changes go through the <see cref="ShareOperation{T}"/> and <see cref="TransferOwnershipOperation{T}"/>
/// approval requests.
/// </summary>
public sealed class SharingService(IBuilderDbContextFactory dbs)
{
    public const string GetOperation = "Get sharing details";

    public async Task<SharingView> GetAsync<T>(Actor actor, Guid id, CancellationToken ct = default) where T : class, IOwnedResource
    {
        await using var db = dbs.Create();
        var (record, access) = await db.LoadWithAccessAsync(db.Set<T>().AsNoTracking(), actor, id, T.Permissions.Read, AccessLevel.View, null, ct);
        actor.RequireHuman(GetOperation);
        return await ViewAsync(db, record, access, ct);
    }

    /// <summary>
    /// The active members of the resource's organization it can be shared with or handed to, for those who manage its sharing
    /// (ADMIN access; others 403), by email.
    /// </summary>
    public async Task<IReadOnlyList<SharingCandidate>> CandidatesAsync<T>(Actor actor, Guid id, CancellationToken ct = default) where T : class, IOwnedResource
    {
        await using var db = dbs.Create();
        var (record, _) = await db.LoadWithAccessAsync(db.Set<T>().AsNoTracking(), actor, id, T.Permissions.Read, AccessLevel.Admin, null, ct);
        actor.RequireHuman(GetOperation);
        var rows = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == record.OrganizationId && m.UserId != null)
            .Join(db.Users.AsNoTracking(), m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email, u.Name, m.Role })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Email, StringComparer.OrdinalIgnoreCase)
            .Select(r => new SharingCandidate(r.Id, r.Email, r.Name, r.Role, ResourceAccess.Cap(r.Role, T.Permissions) >= AccessLevel.Edit)).ToList();
    }

    internal static async Task<SharingView> ViewAsync<T>(IBuilderDbContext db, T record, AccessLevel access, CancellationToken ct)
        where T : class, IOwnedResource
    {
        var shares = await SharesAsync<T>(db, record.Id, ct);
        var owners = await db.OwnersAsync([record.OwnerId], ct);
        var subject = record.ToAuditSubject();
        return new SharingView(T.ResourceType, record.Id, subject.ResourceName ?? "", record.OrganizationId, owners[record.OwnerId],
            SharingWords.Name(record.SharingLevel), SharingWords.Name(record.CompanyPermission), SharingWords.Name(access), shares,
            access >= AccessLevel.Admin, (record as TrackedEntity)?.Version ?? Guid.Empty);
    }

    /// <summary>The explicit shares of one resource, by email, with each member's name.</summary>
    internal static async Task<List<ShareView>> SharesAsync<T>(IBuilderDbContext db, Guid id, CancellationToken ct) where T : IOwnedResource
    {
        var type = T.ResourceType;
        var rows = await db.ResourceShares.AsNoTracking().Where(s => s.ResourceType == type && s.ResourceId == id)
            .Join(db.Users.AsNoTracking(), s => s.UserId, u => u.Id, (s, u) => new { s.UserId, u.Email, u.Name, s.Level })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Email, StringComparer.OrdinalIgnoreCase)
            .Select(r => new ShareView(r.UserId, r.Email, r.Name, SharingWords.Name(r.Level))).ToList();
    }

    /// <summary>The active members of an organization by user id, with their role (who can be shared with or own a resource).</summary>
    internal static async Task<Dictionary<Guid, (string Email, string Name, Role Role)>> MembersAsync(IBuilderDbContext db, Guid organizationId,
        IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        var rows = await db.Memberships.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId && m.UserId != null && userIds.Contains(m.UserId.Value))
            .Join(db.Users.AsNoTracking(), m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email, u.Name, m.Role })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => (r.Email, r.Name, r.Role));
    }
}
