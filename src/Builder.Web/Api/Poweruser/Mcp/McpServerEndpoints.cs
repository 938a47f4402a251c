using Builder.Domain.Mcp;

namespace Builder.Web.Api.Poweruser.Mcp;

/// <summary>An MCP server as the poweruser API shows it: header names only (<c>hasValue</c>), never a value.</summary>
public sealed record McpServerDto(long ServerId, string Name, string? Description, string Url, string Transport,
    IReadOnlyList<McpHeaderView> Headers, int TimeoutSeconds, DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy)
{
    public static McpServerDto From(McpServerView s) =>
        new(s.ServerId, s.Name, s.Description, s.Url, s.Transport, s.Headers, s.TimeoutSeconds, s.CreatedAt, s.UpdatedAt, s.UpdatedBy);
}

public sealed record AllMcpServersResponse(IReadOnlyList<McpServerDto> McpServers) : PoweruserResult;

public sealed record McpServerIdRequest([property: PoweruserId] long? ServerId);

public sealed record McpServerResponse(McpServerDto McpServer) : PoweruserResult;

/// <summary>
/// The reference's "MCP Servers": <c>POST /autessa_poweruser/mcp/servers/{all, get}</c>, read-only over
/// <see cref="McpServerService"/> (entities:read; another organization's server is 404). Creating, updating and deleting
/// servers happens only in the Builder UI: <c>/mcp/servers/create</c>, <c>/update</c> and <c>/delete</c> answer 403 with the
/// human-oversight message (<see cref="ExcludedOperations"/>).
/// </summary>
public static class McpServerEndpoints
{
    public static RouteGroupBuilder MapMcpServerEndpoints(this RouteGroupBuilder poweruser)
    {
        var servers = poweruser.MapGroup("/mcp/servers").WithTags("Poweruser: MCP servers");

        servers.MapPoweruser<NoFields, AllMcpServersResponse>("/all", async (_, call) =>
            {
                var all = await call.Service<McpServerService>().ListAllAsync(call.Actor, call.OrganizationId, call.Aborted);
                return new AllMcpServersResponse(all.Select(McpServerDto.From).ToList());
            })
            .WithSummary("Every MCP server of the organization, by name: mcpServers (header names only, never values)");

        servers.MapPoweruser<McpServerIdRequest, McpServerResponse>("/get", async (body, call) =>
            {
                var server = await call.Service<McpServerService>().GetByNumberAsync(call.Actor, call.OrganizationId,
                    ApiResults.Required(body.ServerId, "serverId"), call.Aborted);
                return new McpServerResponse(McpServerDto.From(server));
            })
            .WithSummary("One MCP server: { serverId: 123 }");

        return poweruser;
    }
}
