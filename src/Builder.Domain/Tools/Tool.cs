using System.Text.Json.Nodes;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Versioning;

namespace Builder.Domain.Tools;

/// <summary>How a tool runs: an HTTP request made from a template, or one tool of an MCP server.</summary>
public enum ToolKind
{
    Http,
    Mcp,
}

/// <summary>
/// A custom tool of an organization that agents call (owned, shared, trashed like tables), with a public integer id
/// (<see cref="VersionedResource.Number"/>: toolId). Its content is versioned (<see cref="ToolDefinition"/>); its secret
/// headers are not: they are write-only values kept on the record (<see cref="SecretHeadersJson"/>), names visible, values never.
/// </summary>
public sealed class Tool : VersionedResource, IVersionedResource
{
    public static string ResourceType => ResourceTypes.Tool;
    public static ResourcePermissions Permissions { get; } = new(Access.Permissions.EntitiesRead, Access.Permissions.EntitiesUpdate, Access.Permissions.EntitiesDelete);
    public static string NotFoundMessage => ToolService.NotFound;
    public static string Noun => "tool";
    public AuditSubject ToAuditSubject() => new(ResourceTypes.Tool, Id, Name, OrganizationId);

    /// <summary>The secret headers: a JSON object of header name → value protected by <see cref="ISecretProtector"/>.</summary>
    public string SecretHeadersJson { get; set; } = "{}";
}

/// <summary>
/// An HTTP request template. <see cref="Url"/>, header values and <see cref="Body"/> may hold <c>{{input.field}}</c> (a
/// property of the input schema) and <c>{{env.NAME}}</c> (an environment variable) placeholders, filled in when the tool runs.
/// </summary>
public sealed record HttpToolTemplate(string Method, string Url, IReadOnlyDictionary<string, string> Headers, string? Body);

/// <summary>One tool of an MCP server of the organization: the server (its id) and the tool's name there.</summary>
public sealed record McpToolBinding(Guid McpServerId, string ToolName);

/// <summary>
/// What one version of a tool holds: its name and description (what the model reads), its input schema (a JSON Schema of an
/// object), and its implementation: <see cref="Http"/> when <see cref="Kind"/> is HTTP, <see cref="Mcp"/> when it is MCP.
/// A draft may be incomplete (no URL yet); publishing requires the implementation.
/// </summary>
public sealed record ToolDefinition(
    string Name,
    string? Description,
    JsonObject InputSchema,
    ToolKind Kind,
    HttpToolTemplate? Http,
    McpToolBinding? Mcp);

/// <summary>An edit of an HTTP template: fields left null keep their value; <see cref="Headers"/> replaces all of them; "" clears the body.</summary>
public sealed record HttpTemplateInput(string? Method = null, string? Url = null, IReadOnlyDictionary<string, string>? Headers = null, string? Body = null);

/// <summary>An edit of an MCP binding: fields left null keep their value.</summary>
public sealed record McpBindingInput(Guid? McpServerId = null, string? ToolName = null);

/// <summary>
/// One write-only secret header of an edit: a new <see cref="Value"/> sets or replaces it, <see cref="Clear"/> removes it;
/// headers an edit does not name stay as they are.
/// </summary>
public sealed record SecretHeaderInput(string? Name, string? Value = null, bool Clear = false);

/// <summary>
/// An edit of a tool's draft (or a new tool): fields left null keep their value. <see cref="InputSchema"/> is JSON text;
/// <see cref="Kind"/> is HTTP or MCP (switching drops the other implementation). <see cref="SecretHeaders"/> are not
/// versioned: they change at once, for every version.
/// </summary>
public sealed record ToolInput(
    string? Name = null,
    string? Description = null,
    string? InputSchema = null,
    string? Kind = null,
    HttpTemplateInput? Http = null,
    McpBindingInput? Mcp = null,
    IReadOnlyList<SecretHeaderInput>? SecretHeaders = null);

public static class ToolKinds
{
    public static string WireName(this ToolKind kind) => kind.ToString().ToUpperInvariant();

    public static ToolKind? FromWireName(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "HTTP" => ToolKind.Http,
        "MCP" => ToolKind.Mcp,
        _ => null,
    };
}

/// <summary>
/// The MCP servers as tools need them: whether an id names a server of the organization the caller sees, and the public
/// integer id (serverId) of the poweruser API both ways. The MCP feature (Mcp/McpServer) registers the real one; until it
/// does, <see cref="NoMcpServers"/> answers "not found", so an MCP tool cannot be saved yet.
/// </summary>
public interface IMcpServerLookup
{
    Task<bool> ExistsAsync(Access.Actor actor, Guid organizationId, Guid mcpServerId, CancellationToken ct = default);

    /// <summary>The server's id from its public integer id (serverId), or null when the caller sees no such server.</summary>
    Task<Guid?> IdOfAsync(Access.Actor actor, Guid organizationId, long serverId, CancellationToken ct = default);

    /// <summary>The server's public integer id (serverId), or null when it is gone.</summary>
    Task<long?> NumberOfAsync(Access.Actor actor, Guid organizationId, Guid mcpServerId, CancellationToken ct = default);
}

/// <summary>The lookup while no MCP servers exist: every id is unknown.</summary>
public sealed class NoMcpServers : IMcpServerLookup
{
    public Task<bool> ExistsAsync(Access.Actor actor, Guid organizationId, Guid mcpServerId, CancellationToken ct = default) => Task.FromResult(false);

    public Task<Guid?> IdOfAsync(Access.Actor actor, Guid organizationId, long serverId, CancellationToken ct = default) => Task.FromResult<Guid?>(null);

    public Task<long?> NumberOfAsync(Access.Actor actor, Guid organizationId, Guid mcpServerId, CancellationToken ct = default) => Task.FromResult<long?>(null);
}
