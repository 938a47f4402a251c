using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Sharing;

/// <summary>
/// What the share and transfer-ownership operations share: the requester must be a person with ADMIN access to the resource
/// (its owner, a member it is shared with at ADMIN, an organization Admin or System), within what the role matrix allows.
/// </summary>
public abstract class OwnedResourceOperation<T, TPlan>(IBuilderDbContextFactory dbs) : IHumanOnlyOperation
    where T : TrackedEntity, IOwnedResource
    where TPlan : OwnedResourceOperation<T, TPlan>.IPlan
{
    /// <summary>What an operation would do, worked out (and validated) against the resource as it is.</summary>
    public interface IPlan
    {
        string Before { get; }
        string After { get; }
        IReadOnlyList<string> Consequences { get; }
    }

    protected IBuilderDbContextFactory Dbs { get; } = dbs;

    public string ResourceType => T.ResourceType;

    public abstract string Operation { get; }

    /// <summary>The operation as the human-oversight 403 names it ("Share", "Transfer ownership").</summary>
    protected abstract string OversightName { get; }

    /// <summary>Validates the payload against the resource (400 by field) and says what would change.</summary>
    protected abstract Task<TPlan> PlanAsync(IBuilderDbContext db, T record, JsonNode? payload, CancellationToken ct);

    /// <summary>Applies an approved plan to the tracked resource and saves it, audited.</summary>
    protected abstract Task ApplyAsync(IBuilderDbContext db, Actor requester, T record, TPlan plan, CancellationToken ct);

    public async Task<ApprovalTarget> DescribeAsync(Actor requester, Guid resourceId, JsonNode? payload, CancellationToken ct = default)
    {
        requester.RequireHuman(OversightName);
        await using var db = Dbs.Create();
        var record = await LoadManagedAsync(db, requester, resourceId, tracked: false, ct);
        var plan = await PlanAsync(db, record, payload, ct);
        return Target(record, plan.Consequences, plan.Before, plan.After);
    }

    /// <summary>Runs the approved change as the requester, who must still hold ADMIN on it, on the version requested.</summary>
    public async Task ExecuteAsync(Actor requester, ApprovalTarget target, JsonNode? payload, CancellationToken ct = default)
    {
        requester.RequireHuman(OversightName);
        await using var db = Dbs.Create();
        var record = await LoadManagedAsync(db, requester, target.ResourceId, tracked: true, ct);
        record.EnsureVersion(target.Version);
        await ApplyAsync(db, requester, record, await PlanAsync(db, record, payload, ct), ct);
    }

    /// <summary>Loads the resource as the requester, who must hold ADMIN on it: 404 when invisible, 403 when they hold less.</summary>
    protected static async Task<T> LoadManagedAsync(IBuilderDbContext db, Actor requester, Guid id, bool tracked, CancellationToken ct)
    {
        var records = tracked ? db.Set<T>() : db.Set<T>().AsNoTracking();
        return (await db.LoadWithAccessAsync(records, requester, id, T.Permissions.Read, AccessLevel.Admin, null, ct)).Record;
    }

    protected static ApprovalTarget Target(T record, IReadOnlyList<string> consequences, string before, string after)
    {
        var subject = record.ToAuditSubject();
        return new ApprovalTarget(T.ResourceType, record.Id, subject.ResourceName ?? "", record.OrganizationId, subject.EnvironmentId,
            record.Version, consequences, before, after);
    }

    protected static string Person(string email, string name) =>
        string.IsNullOrWhiteSpace(name) || string.Equals(name, email, StringComparison.OrdinalIgnoreCase) ? email : $"{name} ({email})";
}

/// <summary>
/// Changing the sharing of one owned resource, as an approval request. The payload is the new sharing:
/// <c>{ "sharingLevel": "PRIVATE"|"COMPANY", "companyPermissionLevel": "VIEW"|"EDIT"|"ADMIN", "shares": [{ "userId", "accessLevel" }] }</c>;
/// a field left out keeps its value, and <c>shares</c>, when sent, is the whole new list. Every share names an active member
/// of the resource's organization (a member of another organization, an unknown id or the owner: 400).
/// </summary>
public sealed class ShareOperation<T>(IBuilderDbContextFactory dbs, TimeProvider clock)
    : OwnedResourceOperation<T, ShareOperation<T>.Plan>(dbs)
    where T : TrackedEntity, IOwnedResource
{
    public const int MaxShares = 200;

    public override string Operation => ApprovalOperations.Share;
    protected override string OversightName => "Share";

    protected override async Task ApplyAsync(IBuilderDbContext db, Actor requester, T record, Plan plan, CancellationToken ct)
    {
        record.SharingLevel = plan.Level;
        record.CompanyPermission = plan.Company;
        var type = T.ResourceType;
        var existing = await db.ResourceShares.Where(s => s.ResourceType == type && s.ResourceId == record.Id).ToListAsync(ct);
        foreach (var share in existing)
        {
            if (!plan.Shares.TryGetValue(share.UserId, out var level)) db.Remove(share);
            else share.Level = level;
        }
        foreach (var (userId, level) in plan.Shares.Where(s => existing.All(e => e.UserId != s.Key)))
            db.Add(new ResourceShare { ResourceType = type, ResourceId = record.Id, UserId = userId, OrganizationId = record.OrganizationId, Level = level });
        await db.SaveAuditedAsync(requester, clock, record, plan.ChangedFields, record.ToAuditSubject(),
            $"The sharing of this {T.Noun} could not be saved.", ct, AuditActions.Shared);
    }

    public sealed record Plan(SharingLevel Level, AccessLevel Company, Dictionary<Guid, AccessLevel> Shares, List<string> ChangedFields,
        string Before, string After, IReadOnlyList<string> Consequences) : IPlan;

    protected override async Task<Plan> PlanAsync(IBuilderDbContext db, T record, JsonNode? payload, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        if (payload is not JsonObject body)
            throw new ValidationException("sharingLevel", "Send the new sharing: { \"sharingLevel\", \"companyPermissionLevel\", \"shares\": [{ \"userId\", \"accessLevel\" }] }.");
        var level = record.SharingLevel;
        var company = record.CompanyPermission;
        if (body.TryGetPropertyValue("sharingLevel", out var levelNode) && levelNode is not null)
        {
            if (SharingWords.ParseLevel(AsString(levelNode)) is { } parsed) level = parsed;
            else Error("sharingLevel", "sharingLevel must be PRIVATE or COMPANY.");
        }
        if (body.TryGetPropertyValue("companyPermissionLevel", out var companyNode) && companyNode is not null)
        {
            if (SharingWords.ParseGrant(AsString(companyNode)) is { } parsed) company = parsed;
            else Error("companyPermissionLevel", "companyPermissionLevel must be VIEW, EDIT or ADMIN.");
        }

        var current = (await SharingService.SharesAsync<T>(db, record.Id, ct))
            .ToDictionary(s => s.UserId, s => SharingWords.ParseGrant(s.AccessLevel) ?? AccessLevel.View);
        var shares = new Dictionary<Guid, AccessLevel>(current);
        var sharesSent = body.TryGetPropertyValue("shares", out var sharesNode) && sharesNode is not null;
        if (sharesSent)
        {
            shares.Clear();
            if (sharesNode is not JsonArray list) Error("shares", "shares must be a list of { \"userId\", \"accessLevel\" }.");
            else if (list.Count > MaxShares) Error("shares", $"At most {MaxShares} shares; share it company-wide instead.");
            else
            {
                var sent = new List<(int Index, Guid UserId)>();
                for (var i = 0; i < list.Count; i++)
                {
                    var item = list[i] as JsonObject;
                    var userId = Guid.TryParse(AsString(item?["userId"]), out var id) ? id : (Guid?)null;
                    var grant = SharingWords.ParseGrant(AsString(item?["accessLevel"]));
                    if (userId is null) Error($"shares[{i}].userId", "userId is required: the user id of a member of this organization.");
                    if (grant is null) Error($"shares[{i}].accessLevel", "accessLevel must be VIEW, EDIT or ADMIN.");
                    if (userId is not { } user || grant is not { } granted) continue;
                    if (!shares.TryAdd(user, granted)) Error($"shares[{i}].userId", "This member is listed twice.");
                    else sent.Add((i, user));
                }
                var members = await SharingService.MembersAsync(db, record.OrganizationId, sent.Select(s => s.UserId).ToList(), ct);
                foreach (var (index, user) in sent)
                {
                    if (user == record.OwnerId) Error($"shares[{index}].userId", $"That is the owner, who has ADMIN on this {T.Noun} already; leave them out.");
                    else if (!members.ContainsKey(user)) Error($"shares[{index}].userId", $"{user} is not a member of this organization.");
                }
            }
        }
        if (errors.Count > 0) throw new ValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

        var changed = new List<string>();
        if (level != record.SharingLevel) changed.Add("sharingLevel");
        if (company != record.CompanyPermission) changed.Add("companyPermissionLevel");
        if (!SameShares(current, shares)) changed.Add("shares");
        if (changed.Count == 0) throw new ValidationException("sharingLevel", $"This is the {T.Noun}'s sharing already; nothing would change.");

        var names = await SharingService.MembersAsync(db, record.OrganizationId, [.. current.Keys.Union(shares.Keys)], ct);
        string Name(Guid id) => names.TryGetValue(id, out var m) ? Person(m.Email, m.Name) : id.ToString();
        string Describe(SharingLevel l, AccessLevel c, Dictionary<Guid, AccessLevel> s) =>
            SharingWords.Summary(l, c) + "; " + (s.Count == 0 ? "no one else explicitly"
                : "shared with " + string.Join(", ", s.OrderBy(x => Name(x.Key), StringComparer.OrdinalIgnoreCase).Select(x => $"{Name(x.Key)} ({SharingWords.Name(x.Value)})")));
        var consequences = new List<string>();
        if (level != record.SharingLevel || company != record.CompanyPermission)
            consequences.Add($"Every member: {SharingWords.Summary(record.SharingLevel, record.CompanyPermission)} → {SharingWords.Summary(level, company)}");
        foreach (var (user, grant) in shares.Where(s => !current.TryGetValue(s.Key, out var was) || was != s.Value))
            consequences.Add(current.TryGetValue(user, out var was) ? $"{Name(user)}: {SharingWords.Name(was)} → {SharingWords.Name(grant)}" : $"{Name(user)} gets {SharingWords.Name(grant)}");
        foreach (var user in current.Keys.Where(u => !shares.ContainsKey(u)))
            consequences.Add($"{Name(user)} loses the explicit share ({SharingWords.Name(current[user])})");
        return new Plan(level, company, shares, changed, Describe(record.SharingLevel, record.CompanyPermission, current), Describe(level, company, shares),
            consequences);
    }

    private static bool SameShares(Dictionary<Guid, AccessLevel> a, Dictionary<Guid, AccessLevel> b) =>
        a.Count == b.Count && a.All(x => b.TryGetValue(x.Key, out var level) && level == x.Value);

    internal static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>
/// Transferring the ownership of one owned resource, as an approval request: <c>{ "newOwnerId" }</c>. The new owner must be an
/// active member of the resource's organization whose role can edit this type of resource (a Guest never can; prompt
/// templates and prompts need an Admin), because an owner who may not change what they own would own nothing. The previous
/// owner keeps only what the sharing gives them; an explicit share of the new owner is dropped (they have ADMIN as owner).
/// </summary>
public sealed class TransferOwnershipOperation<T>(IBuilderDbContextFactory dbs, TimeProvider clock)
    : OwnedResourceOperation<T, TransferOwnershipOperation<T>.Plan>(dbs)
    where T : TrackedEntity, IOwnedResource
{
    public override string Operation => ApprovalOperations.TransferOwnership;
    protected override string OversightName => "Transfer ownership";

    protected override async Task ApplyAsync(IBuilderDbContext db, Actor requester, T record, Plan plan, CancellationToken ct)
    {
        var changed = new List<string> { "ownerId" };
        var type = T.ResourceType;
        if (await db.ResourceShares.FirstOrDefaultAsync(s => s.ResourceType == type && s.ResourceId == record.Id && s.UserId == plan.NewOwner, ct) is { } redundant)
        {
            db.Remove(redundant);
            changed.Add("shares");
        }
        record.OwnerId = plan.NewOwner;
        await db.SaveAuditedAsync(requester, clock, record, changed, record.ToAuditSubject(),
            $"The ownership of this {T.Noun} could not be saved.", ct, AuditActions.OwnershipTransferred);
    }

    public sealed record Plan(Guid NewOwner, string Before, string After, IReadOnlyList<string> Consequences) : IPlan;

    protected override async Task<Plan> PlanAsync(IBuilderDbContext db, T record, JsonNode? payload, CancellationToken ct)
    {
        const string Field = "newOwnerId";
        var text = ShareOperation<T>.AsString((payload as JsonObject)?[Field]);
        if (!Guid.TryParse(text, out var newOwner))
            throw new ValidationException(Field, "newOwnerId is required: the user id of a member of this organization.");
        if (newOwner == record.OwnerId) throw new ValidationException(Field, $"That member owns this {T.Noun} already.");
        var members = await SharingService.MembersAsync(db, record.OrganizationId, [newOwner], ct);
        if (!members.TryGetValue(newOwner, out var member))
            throw new ValidationException(Field, $"{newOwner} is not a member of this organization.");
        if (ResourceAccess.Cap(member.Role, T.Permissions) < AccessLevel.Edit)
            throw new ValidationException(Field,
                $"{member.Email} is a {member.Role} of this organization and could not edit this {T.Noun}; choose a member whose role can edit it.");
        var owners = await db.OwnersAsync([record.OwnerId], ct);
        var previous = owners[record.OwnerId];
        var previousName = Person(previous.Email, previous.Name);
        var newName = Person(member.Email, member.Name);
        var keeps = SharingWords.Summary(record.SharingLevel, record.CompanyPermission);
        return new Plan(newOwner, $"Owner: {previousName}", $"Owner: {newName}",
            [$"{newName} becomes the owner (ADMIN)", $"{previousName} keeps only what the sharing gives them ({keeps}, plus any explicit share)"]);
    }
}
