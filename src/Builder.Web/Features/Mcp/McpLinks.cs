namespace Builder.Web.Features.Mcp;

/// <summary>The MCP servers page's address.</summary>
public static class McpLinks
{
    public static string List(Guid org) => $"/orgs/{org}/mcp-servers";
}
