using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Tools;

namespace Builder.Domain.Mcp;

/// <summary>
/// The MCP servers as tools need them (<see cref="IMcpServerLookup"/>): whether an id names a server of the organization that
/// the caller can read, and its public integer id (serverId) both ways. Anything else (another organization's, trashed,
/// unknown, an organization the caller does not see) is "none".
/// </summary>
public sealed class McpServerLookup(McpServerService servers) : IMcpServerLookup
{
    public async Task<bool> ExistsAsync(Actor actor, Guid organizationId, Guid mcpServerId, CancellationToken ct = default) =>
        await servers.FindAsync(actor, organizationId, mcpServerId, ct) is not null;

    public async Task<Guid?> IdOfAsync(Actor actor, Guid organizationId, long serverId, CancellationToken ct = default) =>
        (await servers.FindByNumberAsync(actor, organizationId, serverId, ct))?.Id;

    public async Task<long?> NumberOfAsync(Actor actor, Guid organizationId, Guid mcpServerId, CancellationToken ct = default) =>
        (await servers.FindAsync(actor, organizationId, mcpServerId, ct))?.ServerId;
}
