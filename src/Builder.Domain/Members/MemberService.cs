using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Members;

public sealed partial class MemberService(IBuilderDbContextFactory dbs, TimeProvider clock)
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
                m.Role, m.UserId != null, m.CreatedAt, m.UpdatedAt, m.UpdatedBy, m.Version), ct);
    }

    /// <summary>Invites a person by email. Someone who already has an account becomes a member at once.</summary>
    public async Task<MemberView> InviteAsync(Actor actor, Guid organizationId, InviteInput input, CancellationToken ct = default)
    {
        actor.Require(organizationId, Permissions.MembersManage, OrganizationAccess.NotFound);
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
        membership.Stamp(actor, now);
        db.Memberships.Add(membership);
        db.AuditEntries.Add(AuditEntry.Record(actor, now, AuditActions.Created, ResourceTypes.Member, membership.Id,
            organizationId, changedFields: ["email", "role"]));
        await db.SaveOrConflictAsync($"{email} is already a member of this organization", ct);
        return ToView(membership, user?.Name);
    }

    public async Task<MemberView> ChangeRoleAsync(Actor actor, Guid membershipId, Role role, Guid? expectedVersion, CancellationToken ct = default)
    {
        if (!RoleCatalog.IsAssignable(role)) throw new ValidationException("role", "Choose a role: admin, user or guest.");
        await using var db = dbs.Create();
        var membership = await LoadAsync(db, actor, membershipId, ct);
        membership.EnsureVersion(expectedVersion);
        if (membership.Role == role) return ToView(membership, await NameOfAsync(db, membership, ct));
        if (membership.Role == Role.Admin) await EnsureNotLastAdminAsync(db, membership, "demoted", ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var original = membership.Version;
        membership.Role = role;
        membership.Stamp(actor, now);
        db.AuditEntries.Add(AuditEntry.Record(actor, now, AuditActions.Updated, ResourceTypes.Member, membershipId,
            membership.OrganizationId, changedFields: ["role"]));
        await db.SaveTrackedAsync(membership, original, "The member could not be updated.", ct);
        return ToView(membership, await NameOfAsync(db, membership, ct));
    }

    public async Task RemoveAsync(Actor actor, Guid membershipId, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var membership = await LoadAsync(db, actor, membershipId, ct);
        actor.RequireHuman("Removing a member");
        membership.EnsureVersion(expectedVersion);
        if (membership.Role == Role.Admin) await EnsureNotLastAdminAsync(db, membership, "removed", ct);
        db.Memberships.Remove(membership);
        db.AuditEntries.Add(AuditEntry.Record(actor, clock.GetUtcNow().UtcDateTime, AuditActions.Deleted,
            ResourceTypes.Member, membershipId, membership.OrganizationId));
        await db.SaveTrackedAsync(membership, membership.Version, "The member could not be removed.", ct);
    }

    /// <summary>An organization always keeps at least one active Admin.</summary>
    private static async Task EnsureNotLastAdminAsync(IBuilderDbContext db, Membership membership, string verb, CancellationToken ct)
    {
        if (!membership.IsActive) return;
        var otherAdmins = await db.Memberships.CountAsync(m => m.OrganizationId == membership.OrganizationId
            && m.Role == Role.Admin && m.UserId != null && m.Id != membership.Id, ct);
        if (otherAdmins == 0)
            throw new ConflictException($"{membership.Email} is the last admin of this organization and cannot be {verb}",
                "Make another member an admin first.");
    }

    private static async Task<Membership> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, CancellationToken ct)
    {
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException(NotFound);
        actor.Require(membership.OrganizationId, Permissions.MembersManage, NotFound);
        return membership;
    }

    private static Task<string?> NameOfAsync(IBuilderDbContext db, Membership membership, CancellationToken ct) =>
        db.Users.Where(u => u.Id == membership.UserId).Select(u => u.Name).FirstOrDefaultAsync(ct);

    private static MemberView ToView(Membership m, string? name) => new(m.Id, m.OrganizationId, m.Email, name, m.Role,
        m.IsActive, m.CreatedAt, m.UpdatedAt, m.UpdatedBy, m.Version);
}
