namespace Builder.Domain.Access;

/// <summary>Permission names, "resource:action", as the admin application reference spells them.</summary>
public static class Permissions
{
    public const string OrganizationsRead = "organizations:read";
    public const string OrganizationsCreate = "organizations:create";
    public const string OrganizationsUpdate = "organizations:update";
    public const string OrganizationsDelete = "organizations:delete";

    public const string EnvironmentsRead = "environments:read";
    public const string EnvironmentsCreate = "environments:create";
    public const string EnvironmentsUpdate = "environments:update";
    public const string EnvironmentsDelete = "environments:delete";

    public const string VariablesRead = "variables:read";
    public const string VariablesCreate = "variables:create";
    public const string VariablesUpdate = "variables:update";
    public const string VariablesDelete = "variables:delete";

    public const string EntitiesRead = "entities:read";
    public const string EntitiesCreate = "entities:create";
    public const string EntitiesUpdate = "entities:update";
    public const string EntitiesDelete = "entities:delete";

    public const string WorkflowsRead = "workflows:read";
    public const string WorkflowsCreate = "workflows:create";
    public const string WorkflowsUpdate = "workflows:update";
    public const string WorkflowsDelete = "workflows:delete";

    public const string MembersRead = "members:read";
    public const string MembersManage = "members:manage";

    public const string ApiKeysManage = "apikeys:manage";
    public const string AuditRead = "audit:read";

    /// <summary>See the organization's trash and restore from it (a protective operation: it acts at once).</summary>
    public const string TrashManage = "trash:manage";

    /// <summary>"variables:create" → "create variables", for messages a person reads.</summary>
    public static string Describe(string permission)
    {
        var parts = permission.Split(':');
        return parts.Length == 2 ? $"{parts[1]} {parts[0]}" : permission;
    }

    /// <summary>
    /// "apikeys:manage" → "manage API keys", "audit:read" → "see the audit log": the action in plain words. <paramref name="noun"/>
    /// names what a page is about when the permission covers several kinds of resource ("entities:update" with "agents" →
    /// "change agents"); without it the permission's own resource is named ("change workflow entities").
    /// </summary>
    public static string InWords(string permission, string? noun = null)
    {
        var parts = permission.Split(':');
        if (parts.Length != 2) return permission;
        var (resource, action) = (parts[0], parts[1]);
        if (resource == "audit" && action == "read") return "see the audit log";
        noun ??= resource switch
        {
            "apikeys" => "API keys",
            "entities" => "workflow entities",
            _ => resource,
        };
        var verb = action switch
        {
            "read" => "see",
            "update" => "change",
            _ => action,
        };
        return $"{verb} {noun}";
    }

    /// <summary>The least powerful role the permission matrix gives this permission to; null when no role has it.</summary>
    public static Role? LeastRoleWith(string permission) =>
        Enum.GetValues<Role>().Order().Cast<Role?>().FirstOrDefault(role => PermissionMatrix.Allows(role!.Value, permission));

    /// <summary>
    /// Who may do it, from the permission matrix: "Only organization Admins can manage API keys.",
    /// "Organization Users and Admins can create workflows.", "Only system administrators can create organizations."
    /// <paramref name="noun"/> names the page's resource ("Only organization Admins can change agents."); see <see cref="InWords"/>.
    /// </summary>
    public static string WhoCan(string permission, string? noun = null)
    {
        var action = InWords(permission, noun);
        return LeastRoleWith(permission) switch
        {
            Role.Guest => $"Every member of the organization can {action}.",
            Role.User => $"Only organization Users and Admins can {action}.",
            Role.Admin => $"Only organization Admins can {action}.",
            Role.System => $"Only system administrators can {action}.",
            _ => $"No one can {action}.",
        };
    }

    /// <summary>What to do about it: "Ask an Admin of Acme Corp to change your role."</summary>
    public static string HowToGet(string permission, string organizationName) => LeastRoleWith(permission) switch
    {
        Role.System or null => "Ask a system administrator if you need it.",
        _ => $"Ask an Admin of {organizationName} to change your role.",
    };
}
