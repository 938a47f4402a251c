namespace Builder.Web.Features.Managers;

/// <summary>The managers' addresses, scoped to an organization; a manager is addressed by its public number (managerId).</summary>
public static class ManagerLinks
{
    public static string List(Guid org) => $"/orgs/{org}/managers";

    public static string Edit(Guid org, int number) => $"/orgs/{org}/managers/{number}";
}
