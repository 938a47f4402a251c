using System.Collections.Frozen;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Members;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Users;

/// <summary>Provisions users at sign-in, turns invitations into memberships, and builds the <see cref="Actor"/> for a request.</summary>
public sealed class UserAccountService(IBuilderDbContextFactory dbs, TimeProvider clock, ActorCache actors)
{
    /// <summary>
    /// Called after the identity provider signs someone in. Finds the user by subject; on first sign-in links a
    /// seeded or invited user with the same verified email, or creates one; then accepts pending invitations.
    /// </summary>
    public async Task<User> ProvisionAsync(string subject, string email, string? name, bool emailVerified, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(subject)) throw new ValidationException("sub", "The identity provider sent no subject.");
        var normalized = string.IsNullOrWhiteSpace(email) ? "" : User.NormalizeEmail(email);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();

        var user = await db.Users.FirstOrDefaultAsync(u => u.Subject == subject, ct);
        if (user is null && emailVerified && normalized.Length > 0)
        {
            user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalized && u.Subject == null, ct);
            if (user is not null) user.Subject = subject;
        }
        if (user is null)
        {
            user = new User { Subject = subject, Email = normalized.Length > 0 ? normalized : subject, CreatedAt = now };
            db.Users.Add(user);
        }
        if (!string.IsNullOrWhiteSpace(name)) user.Name = name.Trim()[..Math.Min(name.Trim().Length, User.NameMax)];
        if (string.IsNullOrEmpty(user.Name)) user.Name = user.Email;
        user.LastSignInAt = now;

        if (emailVerified && normalized.Length > 0) await AcceptInvitationsAsync(db, user, normalized, now, ct);
        await db.SaveChangesAsync(ct);
        actors.Evict(user.Id);
        return user;
    }

    public async Task<bool> ExistsAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.Users.AnyAsync(u => u.Id == userId, ct);
    }

    /// <summary>The user's current session stamp (a session cookie must carry it); null when the user no longer exists.</summary>
    public async Task<Guid?> GetSessionStampAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => (Guid?)u.SessionStamp).FirstOrDefaultAsync(ct);
    }

    /// <summary>Sign-out: gives the user a new session stamp, so every cookie carrying the old one stops working. Null when the user is gone.</summary>
    public async Task<Guid?> RotateSessionStampAsync(Guid userId, CancellationToken ct = default)
    {
        var stamp = Guid.NewGuid();
        await using var db = dbs.Create();
        var changed = await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SessionStamp, stamp), ct);
        return changed == 0 ? null : stamp;
    }

    /// <summary>Development sign-in: the seeded user with this email, or null.</summary>
    public async Task<User?> FindByEmailAsync(string email, CancellationToken ct = default)
    {
        var normalized = User.NormalizeEmail(email);
        await using var db = dbs.Create();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalized, ct);
        if (user is null) return null;
        user.LastSignInAt = clock.GetUtcNow().UtcDateTime;
        await AcceptInvitationsAsync(db, user, normalized, user.LastSignInAt.Value, ct);
        await db.SaveChangesAsync(ct);
        actors.Evict(user.Id);
        return user;
    }

    public async Task<IReadOnlyList<User>> ListSignInCandidatesAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.Users.AsNoTracking().OrderByDescending(u => u.IsSystem).ThenBy(u => u.Email).Take(50).ToListAsync(ct);
    }

    /// <summary>
    /// The actor for a signed-in user, with their current memberships; null when the user no longer exists. Served from
    /// <see cref="ActorCache"/>, which every membership or role change evicts; an API key's actor is the same one confined to its organization.
    /// </summary>
    public async Task<Actor?> BuildActorAsync(Guid userId, Guid? apiKeyOrganizationId = null, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(userId, LoadActorAsync(userId), ct);
        return actor is null || apiKeyOrganizationId is null ? actor : actor with { ApiKeyOrganizationId = apiKeyOrganizationId };
    }

    /// <summary>Reads only what an actor holds: the user's identity and System flag, and organization id → role.</summary>
    private Func<CancellationToken, Task<Actor?>> LoadActorAsync(Guid userId) => async ct =>
    {
        await using var db = dbs.Create();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.Email, u.Name, u.IsSystem }).FirstOrDefaultAsync(ct);
        if (user is null) return null;
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Select(m => new { m.OrganizationId, m.Role })
            .ToListAsync(ct);
        return new Actor(user.Id, user.Email, user.Name, user.IsSystem,
            memberships.ToFrozenDictionary(m => m.OrganizationId, m => m.Role));
    };

    /// <summary>The signed-in user and the organizations they can see, with their role in each.</summary>
    public async Task<SessionView> GetSessionAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.Organizations.AsNoTracking();
        if (actor.ApiKeyOrganizationId is { } keyOrganization) query = query.Where(o => o.Id == keyOrganization);
        else if (!actor.IsSystem)
        {
            var ids = actor.Memberships.Keys.ToList();
            query = query.Where(o => ids.Contains(o.Id));
        }
        var organizations = await query.OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        // An API key never holds System powers, even when its owner does.
        return new SessionView(actor.UserId, actor.Email, actor.Name, actor.IsSystem && actor.IsHuman, organizations
            .Select(o => new SessionOrganization(o.Id, o.Name, RoleCatalog.NameOf(actor.RoleIn(o.Id)!.Value)))
            .ToList());
    }

    private static async Task AcceptInvitationsAsync(IBuilderDbContext db, User user, string email, DateTime now, CancellationToken ct)
    {
        var invitations = await db.Memberships.Where(m => m.Email == email && m.UserId == null).ToListAsync(ct);
        foreach (var invitation in invitations)
        {
            invitation.UserId = user.Id;
            invitation.AcceptedAt = now;
        }
    }
}
