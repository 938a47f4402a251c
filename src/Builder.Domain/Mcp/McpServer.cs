using System.Text.Json;
using Builder.Domain.Audit;
using Builder.Domain.Common;

namespace Builder.Domain.Mcp;

/// <summary>How the Builder talks to an MCP server. Streamable HTTP is the one transport (the MCP specification's HTTP transport).</summary>
public enum McpTransport
{
    StreamableHttp,
}

/// <summary>
/// An MCP (Model Context Protocol) server configuration of an organization: where it is (<see cref="Url"/>, Streamable HTTP)
/// and the headers every request to it carries (an <c>Authorization</c> or API key header). Tools of agents can be made from
/// its tools (<c>McpToolBinding(McpServerId, ToolName)</c>). An organization resource like a model: the entities:* permissions
/// of the matrix, deleted through approval into the trash. Header values are write-only: each is encrypted at rest
/// (<see cref="ISecretProtector"/>) and no view, audit record, page or log carries it; views list the header names only.
/// </summary>
public sealed class McpServer : TrackedEntity, INamedResource, IOrganizationOwned, Trash.ITrashable, IPublicNumbered
{
    public const int NameMax = 128;
    public const int DescriptionMax = 1000;
    public const int UrlMax = 2048;
    public const int HeaderNameMax = 128;
    public const int HeaderValueMax = 8192;
    public const int HeadersMax = 20;
    public const int TimeoutSecondsMin = 1, TimeoutSecondsMax = 300, DefaultTimeoutSeconds = 30;

    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The public integer id (<c>serverId</c>, <c>mcpServerId</c> in the poweruser API), unique across the platform, allocated max+1.</summary>
    public int Number { get; set; }

    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>The Streamable HTTP endpoint, e.g. https://mcp.example.com/mcp.</summary>
    public string Url { get; set; } = "";

    public McpTransport Transport { get; set; } = McpTransport.StreamableHttp;

    /// <summary>How long one connection (handshake and one request) may take.</summary>
    public int TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

    /// <summary>The headers as JSON: <c>[{ "name": "Authorization", "value": "&lt;protected&gt;" }]</c>; each value encrypted.</summary>
    public string ProtectedHeaders { get; set; } = "[]";

    public AuditSubject ToAuditSubject() => new(ResourceTypes.McpServer, Id, Name, OrganizationId);

    /// <summary>The stored headers, values still protected, in their order.</summary>
    public IReadOnlyList<StoredHeader> ReadHeaders() =>
        JsonSerializer.Deserialize<List<StoredHeader>>(ProtectedHeaders, Json) ?? [];

    public void WriteHeaders(IEnumerable<StoredHeader> headers) => ProtectedHeaders = JsonSerializer.Serialize(headers.ToList(), Json);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One stored header: its name in clear, its value protected.</summary>
    public sealed record StoredHeader(string Name, string Value);
}

public static class McpTransports
{
    public const string StreamableHttp = "STREAMABLE_HTTP";
    public static readonly IReadOnlyList<string> All = [StreamableHttp];

    public static string WireName(this McpTransport transport) => transport switch
    {
        McpTransport.StreamableHttp => StreamableHttp,
        _ => transport.ToString(),
    };

    public static McpTransport? Parse(string? value) =>
        value is null || string.Equals(value.Trim(), StreamableHttp, StringComparison.OrdinalIgnoreCase)
        || string.Equals(value.Trim(), "streamable-http", StringComparison.OrdinalIgnoreCase)
            ? McpTransport.StreamableHttp
            : null;
}
