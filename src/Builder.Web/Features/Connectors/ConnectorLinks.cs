namespace Builder.Web.Features.Connectors;

/// <summary>The connectors page's address, scoped to an organization like the rest of the console.</summary>
public static class ConnectorLinks
{
    public static string List(Guid org) => $"/orgs/{org}/connectors";
}
