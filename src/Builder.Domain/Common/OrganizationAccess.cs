using Builder.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Common;

public static class OrganizationAccess
{
    public const string NotFound = "Organization not found";

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
}
