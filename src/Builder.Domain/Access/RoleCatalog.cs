namespace Builder.Domain.Access;

public sealed record RoleInfo(Role Role, string Name, string Description);

/// <summary>The roles an organization admin can give a member. System is a platform flag, never assigned here.</summary>
public static class RoleCatalog
{
    public static IReadOnlyList<RoleInfo> Assignable { get; } =
    [
        new(Role.Admin, "admin", "Organization administrator: full access within the organization"),
        new(Role.User, "user", "Standard user: workflows in full; entities, models, environments and variables read-only"),
        new(Role.Guest, "guest", "Read-only access"),
    ];

    public static bool IsAssignable(Role role) => role is Role.Admin or Role.User or Role.Guest;

    /// <summary>The API's name for a role: "admin", "user", "guest", "system".</summary>
    public static string NameOf(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>How the console shows a role to a person: "Admin", "User", "Guest", "System".</summary>
    public static string DisplayName(Role role) => role.ToString();

    /// <summary>The role with its article, for a sentence: "an Admin", "a User", "a Guest".</summary>
    public static string WithArticle(Role role) => (role is Role.Admin ? "an " : "a ") + DisplayName(role);
}
