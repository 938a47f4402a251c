using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Mcp;
using Builder.Domain.Tools;
using Builder.Web.Api.Poweruser.Tools;

namespace Builder.Web.Api.Poweruser.Mcp;

/// <summary>The body of <c>tools/create-from-mcp</c>: the server (serverId) and, when it offers several, the tool's name there.</summary>
public sealed record CreateToolFromMcpRequest([property: PoweruserId] long? McpServerId, string? ToolName = null);

/// <summary>
/// <c>POST /autessa_poweruser/tools/create-from-mcp</c>: connects to the MCP server (<see cref="McpClientService"/>), reads the
/// tool's name, description and input schema, and creates a tool (its draft) of kind MCP bound to it, owned by the caller
/// (<see cref="ToolService"/>: entities:create; a name taken is 409). Without <c>toolName</c> the server must offer exactly one
/// tool; otherwise 400 names those it offers. A server that cannot be reached is 400 with the client's reason.
/// </summary>
public static class CreateToolFromMcpEndpoint
{
    public static RouteGroupBuilder MapCreateToolFromMcp(this RouteGroupBuilder poweruser)
    {
        poweruser.MapGroup("/tools").WithTags("Poweruser: Tools")
            .MapPoweruser<CreateToolFromMcpRequest, CreateToolResponse>("/create-from-mcp", async (body, call) =>
            {
                var serverId = ApiResults.Required(body.McpServerId, "mcpServerId");
                // Creating needs entities:create: refused before anything connects to the server.
                call.Actor.Require(call.OrganizationId, Permissions.EntitiesCreate, OrganizationAccess.NotFound);
                var server = await call.Service<McpServerService>().GetByNumberAsync(call.Actor, call.OrganizationId, serverId, call.Aborted);
                var listed = await call.Service<McpClientService>().ListToolsAsync(call.Actor, server.Id, call.Aborted);
                if (!listed.Ok) throw new ValidationException("mcpServerId", $"MCP server {server.ServerId} ({server.Name}): {listed.Error}.");
                var wanted = body.ToolName?.Trim();
                McpToolInfo tool;
                if (string.IsNullOrEmpty(wanted))
                {
                    if (listed.Tools.Count != 1)
                        throw new ValidationException("toolName", listed.Tools.Count == 0
                            ? $"MCP server {server.ServerId} offers no tools."
                            : $"MCP server {server.ServerId} offers {listed.Tools.Count} tools: name one with toolName ({string.Join(", ", listed.Tools.Select(t => t.Name))}).");
                    tool = listed.Tools[0];
                }
                else
                {
                    tool = listed.Tools.FirstOrDefault(t => t.Name == wanted)
                           ?? throw new ValidationException("toolName",
                               $"MCP server {server.ServerId} has no tool named '{wanted}'; it offers: {string.Join(", ", listed.Tools.Select(t => t.Name))}.");
                }
                var description = tool.Description is { Length: > VersionedDescriptionMax } text ? text[..VersionedDescriptionMax] : tool.Description;
                var created = await call.Service<ToolService>().CreateAsync(call.Actor, call.OrganizationId,
                    new ToolInput(tool.Name, description, tool.InputSchema.ToJsonString(), ToolKinds.WireName(ToolKind.Mcp),
                        Mcp: new McpBindingInput(server.Id, tool.Name)), call.Aborted);
                return new CreateToolResponse(created.Number, await ToolEndpoints.DtoAsync(call, created));
            })
            .WithSummary("Creates a tool (its draft, kind MCP) from a tool of an MCP server: { mcpServerId, toolName? } (toolName may be left out when the server offers one tool)");
        return poweruser;
    }

    private const int VersionedDescriptionMax = Builder.Domain.Versioning.VersionedResource.DescriptionMax;
}
