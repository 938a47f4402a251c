using System.Collections.Frozen;
using static Builder.Domain.Access.Permissions;

namespace Builder.Domain.Access;

/// <summary>
/// The single source of truth for who may do what. Domain services enforce it on every call;
/// the API and the UI consult it to hide or disable what a user cannot do.
/// </summary>
public static class PermissionMatrix
{
    private static readonly string[] GuestPermissions =
    [
        OrganizationsRead, EnvironmentsRead, VariablesRead, EntitiesRead, WorkflowsRead, MembersRead,
    ];

    private static readonly string[] UserPermissions =
    [
        .. GuestPermissions,
        WorkflowsCreate, WorkflowsUpdate, WorkflowsDelete,
    ];

    private static readonly string[] AdminPermissions =
    [
        .. UserPermissions,
        OrganizationsUpdate,
        EnvironmentsCreate, EnvironmentsUpdate, EnvironmentsDelete,
        VariablesCreate, VariablesUpdate, VariablesDelete,
        EntitiesCreate, EntitiesUpdate, EntitiesDelete,
        MembersManage, ApiKeysManage, AuditRead, TrashManage,
    ];

    private static readonly string[] SystemPermissions =
    [
        .. AdminPermissions,
        OrganizationsCreate, OrganizationsDelete,
    ];

    private static readonly FrozenDictionary<Role, FrozenSet<string>> Matrix = new Dictionary<Role, FrozenSet<string>>
    {
        [Role.Guest] = GuestPermissions.ToFrozenSet(),
        [Role.User] = UserPermissions.ToFrozenSet(),
        [Role.Admin] = AdminPermissions.ToFrozenSet(),
        [Role.System] = SystemPermissions.ToFrozenSet(),
    }.ToFrozenDictionary();

    public static bool Allows(Role role, string permission) => Matrix[role].Contains(permission);

    public static IReadOnlySet<string> PermissionsOf(Role role) => Matrix[role];
}
