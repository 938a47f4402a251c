using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Tools;
using Builder.Domain.Versioning;

namespace Builder.Domain.Mcp;

/// <summary>
/// Creates a tool (its draft, kind MCP) from a tool of one of the organization's MCP servers: connects through
/// <see cref="McpClientService"/>, reads the tool's name, description and input schema, and creates the tool through
/// <see cref="ToolService"/> (entities:create, checked before anything connects; a name taken is 409). Without a tool name the
/// server must offer exactly one tool; otherwise the 400 names those it offers. A server that cannot be reached is 400 with
/// the client's reason. Another organization's server is 404. Used by the poweruser API and the console.
/// </summary>
public sealed class McpToolImport(McpServerService servers, McpClientService client, ToolService tools)
{
    public const string ServerField = "mcpServerId", ToolField = "toolName";

    public async Task<VersionedView<ToolDefinition>> CreateToolAsync(Actor actor, Guid organizationId, Guid serverId, string? toolName = null,
        CancellationToken ct = default)
    {
        // Creating needs entities:create: refused before anything connects to the server.
        actor.Require(organizationId, Permissions.EntitiesCreate, OrganizationAccess.NotFound);
        var server = await servers.FindAsync(actor, organizationId, serverId, ct) ?? throw new NotFoundException(McpServerService.NotFound);
        var listed = await client.ListToolsAsync(actor, server.Id, ct);
        if (!listed.Ok) throw new ValidationException(ServerField, $"MCP server {server.ServerId} ({server.Name}): {listed.Error}.");
        var tool = Pick(server, listed.Tools, toolName?.Trim());
        var description = tool.Description is { Length: > VersionedResource.DescriptionMax } text ? text[..VersionedResource.DescriptionMax] : tool.Description;
        return await tools.CreateAsync(actor, organizationId,
            new ToolInput(tool.Name, description, tool.InputSchema.ToJsonString(), ToolKinds.WireName(ToolKind.Mcp),
                Mcp: new McpBindingInput(server.Id, tool.Name)), ct);
    }

    /// <summary>The most tool names an error lists, and the most characters of one name it shows.</summary>
    private const int NamesListed = 20, NameShown = 100;

    internal static McpToolInfo Pick(McpServerView server, IReadOnlyList<McpToolInfo> offered, string? wanted)
    {
        if (string.IsNullOrEmpty(wanted))
        {
            if (offered.Count == 1) return offered[0];
            throw new ValidationException(ToolField, offered.Count == 0
                ? $"MCP server {server.ServerId} offers no tools."
                : $"MCP server {server.ServerId} offers {offered.Count:N0} tools: name one with toolName ({Names(offered)}).");
        }
        return offered.FirstOrDefault(t => t.Name == wanted)
               ?? throw new ValidationException(ToolField,
                   $"MCP server {server.ServerId} has no tool named '{Short(wanted)}'; it offers: {Names(offered)}.");
    }

    // A server may offer tens of thousands of tools with long names: the answer names a few, never the whole list.
    private static string Names(IReadOnlyList<McpToolInfo> offered) =>
        string.Join(", ", offered.Take(NamesListed).Select(t => Short(t.Name)))
        + (offered.Count > NamesListed ? $" and {offered.Count - NamesListed:N0} more" : "");

    private static string Short(string name) => name.Length <= NameShown ? name : name[..NameShown] + "…";
}
