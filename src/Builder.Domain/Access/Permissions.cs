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

    /// <summary>"variables:create" → "create variables", for messages a person reads.</summary>
    public static string Describe(string permission)
    {
        var parts = permission.Split(':');
        return parts.Length == 2 ? $"{parts[1]} {parts[0]}" : permission;
    }
}
