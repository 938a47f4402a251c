using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Trash;
using Builder.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Members;

/// <summary>
/// Who belongs to an organization, with which role. Membership changes are sharing: only people do them, never API keys.
/// An organization always keeps one active admin, also when two admins change each other at the same moment: every change
/// to the admin set also bumps the organization's version, so of two concurrent changes only one can save.
/// </summary>
public sealed partial class MemberService(IBuilderDbContextFactory dbs, TimeProvider clock, ActorCache actors)
{
    private const string NotFound = "Member not found";

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.NonBacktracking)]
    private static partial Regex EmailPattern();

    private static readonly Dictionary<string, Expression<Func<Membership, object>>> SortKeys = new()
    {
        ["email"] = m => m.Email,
        ["role"] = m => m.Role,
        ["createdAt"] = m => m.CreatedAt,
    };

    public async Task<PagedResult<MemberView>> ListAsync(Actor actor, Guid organizationId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.MembersRead, ct);
        var users = db.Users.AsNoTracking();
        return await db.Memberships.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId)
            .WhereLike(page.LikePattern, m => m.Email)
            .ToPageAsync(page, SortKeys, m => new MemberView(m.Id, m.OrganizationId, m.Email,
                users.Where(u => u.Id == m.UserId).Select(u => u.Name).FirstOrDefault(),
                m.Role, m.UserId != null, m.CreatedAt, m.UpdatedAt, m.UpdatedBy, m.Version, m.IsReviewer), ct);
    }

    /// <summary>Invites a person by email. Someone who already has an account becomes a member at once.</summary>
    public async Task<MemberView> InviteAsync(Actor actor, Guid organizationId, InviteInput input, CancellationToken ct = default)
    {
        actor.Require(organizationId, Permissions.MembersManage, OrganizationAccess.NotFound);
        actor.RequireHuman("Inviting a member");
        new Validator()
            .Required("email", input.Email, "Email", User.EmailMax)
            .Matches("email", input.Email, EmailPattern(), "Enter a valid email address, like name@example.com.")
            .Check(input.Role is { } r && RoleCatalog.IsAssignable(r), "role", "Choose a role: admin, user or guest.")
            .ThrowIfInvalid();
        var email = User.NormalizeEmail(input.Email!);
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.MembersManage, ct);
        if (await db.Memberships.AnyAsync(m => m.OrganizationId == organizationId && m.Email == email, ct))
            throw new ConflictException($"{email} is already a member of this organization");

        var now = clock.GetUtcNow().UtcDateTime;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, ct);
        var membership = new Membership
        {
            OrganizationId = organizationId, Email = email, Role = input.Role!.Value,
            UserId = user?.Id, AcceptedAt = user is null ? null : now,
        };
        await db.AddAuditedAsync(actor, clock, membership, Subject(membership), ["email", "role"],
            $"{email} is already a member of this organization", ct);
        actors.Evict(user?.Id);
        return ToView(membership, user?.Name);
    }

    public Task<MemberView> ChangeRoleAsync(Actor actor, Guid membershipId, Role role, Guid? expectedVersion, CancellationToken ct = default)
    {
        if (!RoleCatalog.IsAssignable(role)) throw new ValidationException("role", "Choose a role: admin, user or guest.");
        return RetryOnceAsync(async () =>
        {
            await using var db = dbs.Create();
            var membership = await LoadAsync(db, actor, membershipId, ct);
            actor.RequireHuman("Changing a member's role");
            membership.EnsureVersion(expectedVersion);
            if (membership.Role == role) return ToView(membership, await NameOfAsync(db, membership, ct));
            var admins = await GuardAdminsAsync(db, membership, role, ct);

            var now = clock.GetUtcNow().UtcDateTime;
            var original = membership.Version;
            membership.Role = role;
            // A Guest never reviews: made one, they lose the capability for good, so a later promotion does not quietly bring it back.
            var lostReviewer = role == Role.Guest && membership.IsReviewer;
            if (lostReviewer) membership.IsReviewer = false;
            membership.Stamp(actor, now);
            db.AuditEntries.Add(AuditEntry.Record(actor, now, AuditActions.RoleChanged, ResourceTypes.Member, membershipId,
                membership.OrganizationId, changedFields: lostReviewer ? ["role", "isReviewer"] : ["role"], resourceName: membership.Email));
            await SaveAsync(db, membership, original, admins, "The member could not be updated.", ct);
            actors.Evict(membership.UserId);
            return ToView(membership, await NameOfAsync(db, membership, ct));
        });
    }

    /// <summary>
    /// Gives a member the reviewer capability (they may then approve or reject approval requests without being an Admin) or takes
    /// it away. Admins only, people only (it decides who guards human-only operations), audited. An Admin decides anyway.
    /// </summary>
    public async Task<MemberView> SetReviewerAsync(Actor actor, Guid membershipId, bool isReviewer, Guid? expectedVersion = null,
        CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var membership = await LoadAsync(db, actor, membershipId, ct);
        actor.RequireHuman("Changing who reviews approval requests");
        membership.EnsureVersion(expectedVersion);
        if (isReviewer && membership.Role == Role.Guest)
            throw new ValidationException("isReviewer", "A Guest only reads and cannot decide on approval requests; make them a User first.");
        if (membership.IsReviewer != isReviewer)
        {
            membership.IsReviewer = isReviewer;
            await db.SaveAuditedAsync(actor, clock, membership, ["isReviewer"], Subject(membership), "The member could not be updated.", ct);
        }
        return ToView(membership, await NameOfAsync(db, membership, ct));
    }

    /// <summary>
    /// What removing a member would take away, for the approval request (404/403 as the removal would; 409 for the last
    /// active Admin, who could never be removed).
    /// </summary>
    public async Task<ApprovalTarget> DescribeRemovalAsync(Actor actor, Guid membershipId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var membership = await LoadAsync(db, actor, membershipId, ct);
        actor.RequireHuman("Removing a member");
        if (!LeavesAdmins(membership, null) && await OtherActiveAdminsAsync(db, membership, ct) == 0) throw LastAdmin(membership, "removed");
        var organization = await db.Organizations.Where(o => o.Id == membership.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var keys = membership.UserId is { } user
            ? await db.ApiKeys.CountAsync(k => k.OrganizationId == membership.OrganizationId && k.OwnerUserId == user && k.RevokedAt == null, ct)
            : 0;
        List<string> consequences =
        [
            $"{membership.Email} leaves “{organization}”: their {membership.Role.ToString().ToLowerInvariant()} access ends" +
            (membership.IsActive ? "" : " (the invitation is withdrawn)"),
        ];
        if (keys > 0) consequences.Add($"They own {Deletions.Count(keys, "active API key")} in this organization");
        return new ApprovalTarget(ResourceTypes.Member, membershipId, membership.Email, membership.OrganizationId, null, membership.Version, consequences);
    }

    /// <summary>Runs an approved removal (the approval service only: people request it, see <see cref="ApprovalService"/>).</summary>
    internal Task RemoveAsync(Actor actor, Guid membershipId, Guid? expectedVersion, CancellationToken ct = default) =>
        RetryOnceAsync(async () =>
        {
            await using var db = dbs.Create();
            var membership = await LoadAsync(db, actor, membershipId, ct);
            actor.RequireHuman("Removing a member");
            membership.EnsureVersion(expectedVersion);
            var admins = await GuardAdminsAsync(db, membership, null, ct);
            // The membership goes to the trash: it grants nothing from the next request (the query filter hides it from the
            // actor's memberships), and an Admin can restore it.
            var original = membership.Version;
            await db.MoveToTrashAsync(actor, clock.GetUtcNow().UtcDateTime, membership, Subject(membership), ct: ct);
            await SaveAsync(db, membership, original, admins, "The member could not be removed.", ct);
            actors.Evict(membership.UserId);
            return true;
        });

    /// <summary>
    /// Whether the actor may give the member this role (or remove them, when <paramref name="role"/> is null), asked
    /// before the console shows a confirmation: the refusal in words, or <see cref="RoleChangeCheck.Allowed"/>.
    /// </summary>
    public Task<RoleChangeCheck> CheckRoleChangeAsync(Actor actor, Guid membershipId, Role? role, CancellationToken ct = default) =>
        CheckAsync(actor, membershipId, role, role is null ? "Removing a member" : "Changing a member's role", ct);

    /// <summary>
    /// Whether the actor may remove the member, asked before the console shows a confirmation: the last admin's
    /// refusal in words, or <see cref="RoleChangeCheck.Allowed"/>.
    /// </summary>
    public Task<RoleChangeCheck> CheckRemovalAsync(Actor actor, Guid membershipId, CancellationToken ct = default) =>
        CheckAsync(actor, membershipId, null, "Removing a member", ct);

    private async Task<RoleChangeCheck> CheckAsync(Actor actor, Guid membershipId, Role? role, string operation, CancellationToken ct)
    {
        await using var db = dbs.Create();
        var membership = await LoadAsync(db, actor, membershipId, ct);
        if (!actor.IsHuman) return new RoleChangeCheck(new HumanOversightRequiredException(operation).Message, null);
        if (!LeavesAdmins(membership, role) && await OtherActiveAdminsAsync(db, membership, ct) == 0)
        {
            var refusal = LastAdmin(membership, role is null ? "removed" : "demoted");
            return new RoleChangeCheck(refusal.Message, refusal.Details);
        }
        return RoleChangeCheck.Allowed;
    }

    /// <summary>
    /// An organization always keeps at least one active Admin. When the change touches the active admin set, the
    /// organization is read first and its version bumped in the same save, with the version read as the condition: a
    /// concurrent admin change that committed after this read makes this save fail instead of leaving no admin.
    /// </summary>
    private static async Task<Guid?> GuardAdminsAsync(IBuilderDbContext db, Membership membership, Role? newRole, CancellationToken ct)
    {
        if (!membership.IsActive || (membership.Role != Role.Admin && newRole != Role.Admin)) return null;
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == membership.OrganizationId, ct)
                           ?? throw new NotFoundException(NotFound);
        if (!LeavesAdmins(membership, newRole) && await OtherActiveAdminsAsync(db, membership, ct) == 0)
            throw LastAdmin(membership, newRole is null ? "removed" : "demoted");
        var read = organization.Version;
        organization.Version = Guid.NewGuid(); // the version read stays the condition of the UPDATE
        return read;
    }

    /// <summary>True when the change cannot reduce the admins: the member is not an active admin, or stays one.</summary>
    private static bool LeavesAdmins(Membership membership, Role? newRole) =>
        !membership.IsActive || membership.Role != Role.Admin || newRole == Role.Admin;

    private static Task<int> OtherActiveAdminsAsync(IBuilderDbContext db, Membership membership, CancellationToken ct) =>
        db.Memberships.CountAsync(m => m.OrganizationId == membership.OrganizationId
            && m.Role == Role.Admin && m.UserId != null && m.Id != membership.Id, ct);

    private static ConflictException LastAdmin(Membership membership, string verb) =>
        new($"{membership.Email} is the last admin of this organization and cannot be {verb}", "Make another member an admin first.");

    /// <summary>
    /// Saves a membership change. When it lost a race on the organization's admins (the version read by
    /// <see cref="GuardAdminsAsync"/> is no longer current), that becomes <see cref="AdminsChangedException"/>.
    /// </summary>
    private static async Task SaveAsync(IBuilderDbContext db, Membership membership, Guid originalVersion, Guid? adminsVersion,
        string conflictMessage, CancellationToken ct)
    {
        try
        {
            await db.SaveTrackedAsync(membership, originalVersion, conflictMessage, ct);
        }
        catch (DomainException) when (adminsVersion is not null)
        {
            var current = await db.Organizations.AsNoTracking().Where(o => o.Id == membership.OrganizationId)
                .Select(o => (Guid?)o.Version).FirstOrDefaultAsync(ct);
            if (current is not null && current != adminsVersion) throw new AdminsChangedException();
            throw;
        }
    }

    /// <summary>
    /// Runs a change of the admin set again once when another admin change won the race, so the rule is checked
    /// against what that change left; a second lost race asks the person to reload.
    /// </summary>
    private static async Task<T> RetryOnceAsync<T>(Func<Task<T>> change)
    {
        try
        {
            return await change();
        }
        catch (AdminsChangedException)
        {
            try
            {
                return await change();
            }
            catch (AdminsChangedException)
            {
                throw new ConflictException("Another change to this organization's admins happened at the same time",
                    "Reload the members and try again.");
            }
        }
    }

    private sealed class AdminsChangedException() : Exception("The organization's admins changed concurrently.");

    private static Task<Membership> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, CancellationToken ct) =>
        db.Memberships.LoadPermittedAsync(actor, id, Permissions.MembersManage, NotFound, null, ct);

    private static AuditSubject Subject(Membership m) => new(ResourceTypes.Member, m.Id, m.Email, m.OrganizationId);

    private static Task<string?> NameOfAsync(IBuilderDbContext db, Membership membership, CancellationToken ct) =>
        db.Users.Where(u => u.Id == membership.UserId).Select(u => u.Name).FirstOrDefaultAsync(ct);

    private static MemberView ToView(Membership m, string? name) => new(m.Id, m.OrganizationId, m.Email, name, m.Role,
        m.IsActive, m.CreatedAt, m.UpdatedAt, m.UpdatedBy, m.Version, m.IsReviewer);
}
