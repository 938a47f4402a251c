using Builder.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Common;

public static class OrganizationAccess
{
    public const string NotFound = "Organization not found";
    public const string EnvironmentNotFound = "Environment not found";

    /// <summary>
    /// <see cref="Actor.Require"/> for an organization that must also exist: System holds every permission everywhere,
    /// so without this an unknown id would read as an empty organization (or fail later on a foreign key) instead of 404.
    /// </summary>
    public static async Task RequireOrganizationAsync(this IBuilderDbContext db, Actor actor, Guid organizationId, string permission,
        CancellationToken ct = default)
    {
        actor.Require(organizationId, permission, NotFound);
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, ct)) throw new NotFoundException(NotFound);
    }

    /// <summary>
    /// The organization an environment belongs to, once the actor is allowed <paramref name="permission"/> there.
    /// When the caller also named an organization, it must be that one. Otherwise the environment is reported as not found.
    /// </summary>
    public static async Task<Guid> RequireEnvironmentAsync(this IBuilderDbContext db, Actor actor, Guid environmentId, string permission,
        Guid? expectedOrganizationId = null, CancellationToken ct = default)
    {
        var organizationId = await db.Environments.Where(e => e.Id == environmentId).Select(e => (Guid?)e.OrganizationId).FirstOrDefaultAsync(ct)
                             ?? throw new NotFoundException(EnvironmentNotFound);
        actor.Require(organizationId, permission, EnvironmentNotFound);
        if (expectedOrganizationId is { } expected && expected != organizationId) throw new NotFoundException(EnvironmentNotFound);
        return organizationId;
    }
}
