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
/// (<see cref="McpToolImport"/>: entities:create; a name taken is 409). Without <c>toolName</c> the server must offer exactly one
/// tool; otherwise 400 names those it offers. A server that cannot be reached is 400 with the client's reason. Each call counts
/// against the per-person limit of MCP connections and test runs (<see cref="RateLimitedWork.McpConnections"/>).
/// </summary>
public static class CreateToolFromMcpEndpoint
{
    public static RouteGroupBuilder MapCreateToolFromMcp(this RouteGroupBuilder poweruser)
    {
        poweruser.MapGroup("/tools").WithTags("Poweruser: Tools")
            .MapPoweruser<CreateToolFromMcpRequest, CreateToolResponse>("/create-from-mcp", async (body, call) =>
            {
                var serverId = ApiResults.Required(body.McpServerId, "mcpServerId");
                // Creating needs entities:create: refused before the server is even looked up.
                call.Actor.Require(call.OrganizationId, Permissions.EntitiesCreate, OrganizationAccess.NotFound);
                var server = await call.Service<McpServerService>().GetByNumberAsync(call.Actor, call.OrganizationId, serverId, call.Aborted);
                var created = await call.Service<McpToolImport>().CreateToolAsync(call.Actor, call.OrganizationId, server.Id, body.ToolName, call.Aborted);
                return new CreateToolResponse(created.Number, await ToolEndpoints.DtoAsync(call, created));
            })
            .WithSummary("Creates a tool (its draft, kind MCP) from a tool of an MCP server: { mcpServerId, toolName? } (toolName may be left out when the server offers one tool)")
            // It connects to the server: the per-person allowance of connections and test runs (RateLimits:TestHelpers), not the
            // poweruser one, with its X-RateLimit-* headers; past it 429 with Retry-After, before any connection.
            .WithModelRunRateLimit(RateLimitedWork.McpConnections);
        return poweruser;
    }
}
