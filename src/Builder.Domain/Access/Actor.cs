using Builder.Domain.Common;

namespace Builder.Domain.Access;

/// <summary>
/// Who is calling a domain service: a person signed in to the Builder, or an admin API key acting for its owner
/// within one organization. Services receive it explicitly and check it against the permission matrix.
/// </summary>
public sealed record Actor(
    Guid UserId,
    string Email,
    string Name,
    bool IsSystem,
    IReadOnlyDictionary<Guid, Role> Memberships,
    Guid? ApiKeyOrganizationId = null)
{
    /// <summary>False when the call comes through an admin API key; human-only operations refuse it.</summary>
    public bool IsHuman => ApiKeyOrganizationId is null;

    /// <summary>The role the actor holds in an organization, or null when the organization is invisible to them.</summary>
    public Role? RoleIn(Guid organizationId)
    {
        if (ApiKeyOrganizationId is { } keyOrganization && keyOrganization != organizationId) return null;
        if (IsSystem) return Role.System;
        return Memberships.TryGetValue(organizationId, out var role) ? role : null;
    }

    public bool Can(Guid organizationId, string permission) =>
        RoleIn(organizationId) is { } role && PermissionMatrix.Allows(role, permission);

    /// <summary>
    /// Throws <see cref="NotFoundException"/> when the organization is invisible to the actor (never 403 across tenants)
    /// and <see cref="ForbiddenException"/> when the actor's role lacks the permission.
    /// </summary>
    public void Require(Guid organizationId, string permission, string notFoundMessage)
    {
        var role = RoleIn(organizationId) ?? throw new NotFoundException(notFoundMessage);
        if (!PermissionMatrix.Allows(role, permission))
            throw new ForbiddenException($"Forbidden: You do not have permission to {Permissions.Describe(permission)}");
    }

    /// <summary>Delete, share and transfer-ownership are for people in the Builder UI, never for API keys.</summary>
    public void RequireHuman(string operation)
    {
        if (!IsHuman) throw new HumanOversightRequiredException(operation);
    }

    /// <summary>
    /// For what belongs to no single organization (creating or deleting organizations, the platform's entity types):
    /// a System user signed in as a person. An API key is confined to its organization, whoever owns it.
    /// </summary>
    public void RequirePlatformAdministrator(string operation)
    {
        if (!IsHuman) throw new ApiKeyScopeException(operation);
        if (!IsSystem) throw new ForbiddenException($"Forbidden: You do not have permission to {operation}");
    }
}
