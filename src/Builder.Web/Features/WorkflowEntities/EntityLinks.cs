namespace Builder.Web.Features.WorkflowEntities;

/// <summary>The entity library's addresses, scoped to an organization like the rest of the console.</summary>
public static class EntityLinks
{
    public static string List(Guid org) => $"/orgs/{org}/entities";
    public static string New(Guid org) => $"/orgs/{org}/entities/new";
    public static string Edit(Guid org, Guid entity) => $"/orgs/{org}/entities/{entity}";
}
