using System.Text.Json.Nodes;

namespace Builder.Web.Api.Poweruser.Tools;

/// <summary><c>{ "toolId": 456, "version"?: { "versionState", "versionNumber" } }</c>.</summary>
public sealed record ToolIdRequest([property: PoweruserId] long? ToolId, VersionBody? Version = null);

/// <summary>
/// An HTTP request template: <c>{ method?: GET | POST | PUT | PATCH | DELETE, url?, headers?: { name: value }, body? }</c>; the URL,
/// header values and body may use <c>{{input.field}}</c> and <c>{{env.NAME}}</c>. Left-out fields keep their value on an update.
/// </summary>
public sealed record HttpTemplateBody(string? Method = null, string? Url = null, IReadOnlyDictionary<string, string>? Headers = null, string? Body = null);

/// <summary>One tool of an MCP server: <c>{ serverId, toolName }</c> (serverId as <c>mcp/servers/all</c> lists it).</summary>
public sealed record McpBindingBody([property: PoweruserId] long? ServerId = null, string? ToolName = null);

/// <summary>A write-only header: <c>{ name, value }</c> sets or replaces it, <c>{ name, clear: true }</c> removes it.</summary>
public sealed record SecretHeaderBody(string? Name, string? Value = null, bool? Clear = null);

/// <summary>
/// A new tool, or (with <c>toolId</c>) an edit of its draft where left-out fields keep their value:
/// <c>{ toolName, toolDescription?, inputSchema? (a JSON Schema object, or its text), kind? (HTTP | MCP), http?, mcp?, secretHeaders? }</c>.
/// Secret headers are not versioned: they change at once and are never answered back (names only).
/// </summary>
public sealed record ToolBody(
    [property: PoweruserId] long? ToolId = null,
    string? ToolName = null,
    string? ToolDescription = null,
    JsonNode? InputSchema = null,
    string? Kind = null,
    HttpTemplateBody? Http = null,
    McpBindingBody? Mcp = null,
    IReadOnlyList<SecretHeaderBody>? SecretHeaders = null);

public sealed record PublishToolRequest([property: PoweruserId] long? ToolId, string? Note = null);

public sealed record RollbackToolRequest([property: PoweruserId] long? ToolId, int? VersionNumber = null, string? Note = null);

public sealed record ToolSummaryDto(int ToolId, string ToolName, string? ToolDescription, string Kind, int? PublishedVersion,
    bool HasUnpublishedChanges, DateTime CreatedAt, DateTime UpdatedAt, string? Owner, string? SharingLevel, string? UserAccessLevel);

public sealed record HttpTemplateDto(string Method, string Url, IReadOnlyDictionary<string, string> Headers, string? Body);

/// <summary>An MCP binding; <c>serverId</c> is null when the server is no longer there.</summary>
public sealed record McpBindingDto(long? ServerId, string ToolName);

public sealed record SecretHeaderDto(string Name, bool HasValue);

/// <summary>A tool with the definition of one version (<c>version</c> says which) and its secret headers' names.</summary>
public sealed record ToolDto(int ToolId, string ToolName, string? ToolDescription, JsonObject InputSchema, string Kind, HttpTemplateDto? Http,
    McpBindingDto? Mcp, IReadOnlyList<SecretHeaderDto> SecretHeaders, VersionDto Version, int? PublishedVersion, int LatestVersion,
    bool HasUnpublishedChanges, DateTime CreatedAt, DateTime UpdatedAt, string? Owner, string? SharingLevel, string? UserAccessLevel);

public sealed record AllToolsResponse(IReadOnlyList<ToolSummaryDto> OwnedTools, IReadOnlyList<ToolSummaryDto> CompanySharedTools,
    IReadOnlyList<ToolSummaryDto> SharedWithMeTools) : PoweruserResult;

public sealed record ToolResponse(ToolDto Tool) : PoweruserResult;

public sealed record CreateToolResponse(int ToolId, ToolDto Tool) : PoweruserResult;

public sealed record PublishedToolResponse(int ToolId, int VersionNumber, ToolDto Tool) : PoweruserResult;

public sealed record ToolVersionsResponse(int ToolId, IReadOnlyList<VersionDto> Versions) : PoweruserResult;
