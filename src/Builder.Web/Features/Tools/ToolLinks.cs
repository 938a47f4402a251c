namespace Builder.Web.Features.Tools;

/// <summary>The tools' addresses, scoped to an organization; a tool is addressed by its public number (toolId).</summary>
public static class ToolLinks
{
    public static string List(Guid org) => $"/orgs/{org}/tools";

    public static string Edit(Guid org, int number) => $"/orgs/{org}/tools/{number}";
}
