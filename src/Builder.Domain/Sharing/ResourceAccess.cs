using Builder.Domain.Access;

namespace Builder.Domain.Sharing;

/// <summary>
/// Effective access to an owned resource: the role matrix intersected with the resource's sharing.
/// <list type="bullet">
/// <item>Admins of the organization and System administrators see and manage everything in it, whatever the sharing.</item>
/// <item>Otherwise sharing grants a level: the owner ADMIN; every member the company permission when the resource is shared
/// company-wide; a member with an explicit share that share; the highest of these counts.</item>
/// <item>The role matrix caps it: VIEW needs the type's read permission, EDIT its update permission and ADMIN its delete
/// permission. So a Guest never edits, whatever the share, and a member without the read permission sees nothing.</item>
/// </list>
/// An API key acts for its owner within its organization; that sharing changes through a key are refused is the human-only
/// rule's business (<see cref="Actor.RequireHuman"/>), not this one's.
/// </summary>
public static class ResourceAccess
{
    /// <summary>The access <paramref name="actor"/> has to a resource of <paramref name="organizationId"/> shared as <paramref name="sharing"/>.</summary>
    public static AccessLevel For(Actor actor, Guid organizationId, ResourceSharing sharing, ResourcePermissions permissions) =>
        actor.RoleIn(organizationId) is { } role ? For(role, actor.UserId, sharing, permissions) : AccessLevel.None;

    /// <summary>The access a member with <paramref name="role"/> and user id <paramref name="userId"/> has.</summary>
    public static AccessLevel For(Role role, Guid userId, ResourceSharing sharing, ResourcePermissions permissions)
    {
        var granted = role >= Role.Admin ? AccessLevel.Admin : Granted(userId, sharing);
        return Min(granted, Cap(role, permissions));
    }

    /// <summary>What the sharing alone grants a member who is not an Admin.</summary>
    public static AccessLevel Granted(Guid userId, ResourceSharing sharing)
    {
        if (userId == sharing.OwnerId) return AccessLevel.Admin;
        var company = sharing.Level == SharingLevel.Company ? sharing.CompanyPermission : AccessLevel.None;
        return Max(company, sharing.ShareOf(userId));
    }

    /// <summary>The highest level the role matrix lets a role reach on this resource type.</summary>
    public static AccessLevel Cap(Role role, ResourcePermissions permissions) =>
        PermissionMatrix.Allows(role, permissions.Delete) && PermissionMatrix.Allows(role, permissions.Update) && PermissionMatrix.Allows(role, permissions.Read)
            ? AccessLevel.Admin
            : PermissionMatrix.Allows(role, permissions.Update) && PermissionMatrix.Allows(role, permissions.Read) ? AccessLevel.Edit
            : PermissionMatrix.Allows(role, permissions.Read) ? AccessLevel.View
            : AccessLevel.None;

    private static AccessLevel Min(AccessLevel a, AccessLevel b) => a < b ? a : b;
    private static AccessLevel Max(AccessLevel a, AccessLevel b) => a > b ? a : b;
}
