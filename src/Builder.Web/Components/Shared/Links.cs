namespace Builder.Web.Components.Shared;

/// <summary>
/// The console's addresses. The organization and environment live in the URL, so a reload or a shared link keeps the scope.
/// </summary>
public static class Links
{
    public static string Organizations => "/orgs";
    public static string Environments(Guid org) => $"/orgs/{org}/environments";
    public static string Variables(Guid org, Guid env) => $"/orgs/{org}/envs/{env}/variables";
    public static string Members(Guid org) => $"/orgs/{org}/members";
    public static string ApiKeys(Guid org) => $"/orgs/{org}/settings/api-keys";
    public static string Audit(Guid org) => $"/orgs/{org}/audit";
}
