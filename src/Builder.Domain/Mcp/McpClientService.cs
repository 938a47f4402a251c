using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Outbound;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Builder.Domain.Mcp;

/// <summary>
/// Talks to MCP servers through the official ModelContextProtocol client over Streamable HTTP. Every connection uses the
/// Builder's one outbound <see cref="HttpClient"/> (<see cref="OutboundHttp.ClientName"/>: the address policy checks each
/// address connected to, no redirects, no proxy, the size cap), with the server's headers added to each request and its
/// timeout over the whole operation (handshake and request). Anyone who can read a server may connect to it and call its
/// tools (as a prompt may run on a model they can read). Failures come back as results with a clear reason
/// ("could not connect: …", "the server refused the credentials (401)"), scrubbed of every header value; nothing here logs
/// a URL's query, a header or a value.
/// </summary>
public sealed class McpClientService(McpServerService servers, IHttpClientFactory httpClients, ILogger<McpClientService>? logger = null)
{
    public const int MaxResultCharacters = 64 * 1024;
    public const int MaxArgumentsCharacters = 256 * 1024;

    private readonly ILogger _logger = logger ?? NullLogger<McpClientService>.Instance;

    /// <summary>Connects to a server and lists its tools (name, description, input schema).</summary>
    public async Task<McpConnectionResult> ListToolsAsync(Actor actor, Guid serverId, CancellationToken ct = default) =>
        await ListToolsAsync(await servers.GetConnectionAsync(actor, serverId, ct), ct);

    /// <summary>The same, by the public integer id (<c>serverId</c>) in an organization.</summary>
    public async Task<McpConnectionResult> ListToolsAsync(Actor actor, Guid organizationId, long serverId, CancellationToken ct = default) =>
        await ListToolsAsync(await servers.GetConnectionAsync(actor, organizationId, serverId, ct), ct);

    /// <summary>
    /// Calls one tool with its arguments (a JSON object, or null/empty for none) and returns its result text or JSON and the
    /// latency. For the chat loop's MCP tools. A bad argument text is a 400 before any connection; everything that goes wrong
    /// after is a result with <see cref="McpToolCallResult.Ok"/> false.
    /// </summary>
    public async Task<McpToolCallResult> CallToolAsync(Actor actor, Guid serverId, string toolName, string? argumentsJson, CancellationToken ct = default)
    {
        var arguments = ParseArguments(toolName, argumentsJson);
        return await CallToolAsync(await servers.GetConnectionAsync(actor, serverId, ct), toolName, arguments, ct);
    }

    /// <summary><see cref="CallToolAsync(Actor, Guid, string, string?, CancellationToken)"/> by the public integer id in an organization.</summary>
    public async Task<McpToolCallResult> CallToolAsync(Actor actor, Guid organizationId, long serverId, string toolName, string? argumentsJson,
        CancellationToken ct = default)
    {
        var arguments = ParseArguments(toolName, argumentsJson);
        return await CallToolAsync(await servers.GetConnectionAsync(actor, organizationId, serverId, ct), toolName, arguments, ct);
    }

    private async Task<McpConnectionResult> ListToolsAsync(McpConnection server, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var (tools, serverName) = await WithClientAsync(server, async (client, token) =>
            {
                var listed = await client.ListToolsAsync(cancellationToken: token);
                return (listed.Select(t => new McpToolInfo(t.Name, t.Title, t.Description, SchemaOf(t.JsonSchema))).OrderBy(t => t.Name, StringComparer.Ordinal).ToList(),
                    client.ServerInfo?.Name);
            }, ct);
            return new McpConnectionResult(true, watch.ElapsedMilliseconds, serverName, tools, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var reason = Describe(e, server);
            _logger.LogInformation("Listing the tools of MCP server {ServerNumber} failed: {Reason}", server.Number, reason);
            return new McpConnectionResult(false, watch.ElapsedMilliseconds, null, [], reason);
        }
    }

    private async Task<McpToolCallResult> CallToolAsync(McpConnection server, string toolName, Dictionary<string, object?> arguments, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await WithClientAsync(server, (client, token) =>
                client.CallToolAsync(toolName, arguments, cancellationToken: token).AsTask(), ct);
            var text = Scrub(Cap(TextOf(result)), server);
            var structured = result.StructuredContent is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } json ? Scrub(Cap(json.GetRawText()), server) : null;
            var isError = result.IsError == true;
            return new McpToolCallResult(!isError, isError, text, structured, watch.ElapsedMilliseconds,
                isError ? $"the tool {toolName} failed: {text ?? "no message"}" : null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var reason = Describe(e, server);
            _logger.LogInformation("Calling tool {Tool} of MCP server {ServerNumber} failed: {Reason}", toolName, server.Number, reason);
            return new McpToolCallResult(false, false, null, null, watch.ElapsedMilliseconds, reason);
        }
    }

    /// <summary>Connects (the MCP handshake), runs <paramref name="work"/>, disconnects; the server's timeout covers all of it.</summary>
    private async Task<T> WithClientAsync<T>(McpConnection server, Func<McpClient, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(server.Timeout);
        var http = httpClients.CreateClient(OutboundHttp.ClientName);
        var options = new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.Url),
            TransportMode = HttpTransportMode.StreamableHttp,
            Name = $"mcp-server-{server.Number}",
            ConnectionTimeout = server.Timeout,
            AdditionalHeaders = server.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
            MaxReconnectionAttempts = 0,
        };
        try
        {
            await using var transport = new HttpClientTransport(options, http, NullLoggerFactory.Instance, ownsHttpClient: true);
            await using var client = await McpClient.CreateAsync(transport, new McpClientOptions
            {
                ClientInfo = new Implementation { Name = "Builder", Version = "1.0" },
                InitializationTimeout = server.Timeout,
            }, NullLoggerFactory.Instance, timeout.Token);
            return await work(client, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"the server did not answer within {server.Timeout.TotalSeconds:0} seconds");
        }
    }

    /// <summary>The arguments as a JSON object's members; anything else is a 400 naming what is wrong.</summary>
    internal static Dictionary<string, object?> ParseArguments(string toolName, string? argumentsJson)
    {
        if (string.IsNullOrWhiteSpace(toolName)) throw new ValidationException("toolName", "Tool name is required.");
        if (string.IsNullOrWhiteSpace(argumentsJson)) return [];
        if (argumentsJson.Length > MaxArgumentsCharacters)
            throw new ValidationException("arguments", $"The arguments must be at most {MaxArgumentsCharacters:N0} characters of JSON.");
        JsonNode? node;
        try { node = JsonNode.Parse(argumentsJson, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (JsonException e) { throw new ValidationException("arguments", $"The arguments are not valid JSON: {e.Message}"); }
        if (node is not JsonObject obj) throw new ValidationException("arguments", "The arguments must be a JSON object, e.g. { \"orderId\": \"A-1001\" }.");
        return obj.ToDictionary(p => p.Key, p => p.Value is null ? null : (object?)JsonSerializer.SerializeToElement(p.Value));
    }

    private static JsonObject SchemaOf(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object ? (JsonObject)JsonNode.Parse(schema.GetRawText())! : new JsonObject { ["type"] = "object" };

    private static string? TextOf(CallToolResult result)
    {
        var parts = new List<string>();
        foreach (var block in result.Content ?? [])
        {
            switch (block)
            {
                case TextContentBlock text: parts.Add(text.Text); break;
                case ImageContentBlock image: parts.Add($"[image {image.MimeType}]"); break;
                case AudioContentBlock audio: parts.Add($"[audio {audio.MimeType}]"); break;
                case EmbeddedResourceBlock resource: parts.Add($"[resource {resource.Resource.Uri}]"); break;
                case ResourceLinkBlock link: parts.Add($"[resource link {link.Uri}]"); break;
                default: parts.Add($"[{block.Type}]"); break;
            }
        }
        return parts.Count == 0 ? null : string.Join("\n", parts);
    }

    private static string? Cap(string? text) =>
        text is null || text.Length <= MaxResultCharacters ? text : text[..MaxResultCharacters] + "… (cut off)";

    // Every form a server may echo a header value in (as is, JSON-escaped, percent-encoded), not only the raw one.
    private static string? Scrub(string? text, McpConnection server) => server.Redactor.RedactOrNull(text);

    /// <summary>What went wrong, in words a person can act on; never a header value (scrubbed as a last resort).</summary>
    internal static string Describe(Exception error, McpConnection server)
    {
        var reason = Reason(error, server);
        return Scrub(reason, server)!;
    }

    private static string Reason(Exception error, McpConnection server)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OutboundAddressRefusedException refused:
                    return $"could not connect: {refused.Message}";
                case OutboundConnectException connect:
                    // Its message says it already ("could not connect to host:port (connection refused)"): not twice.
                    return connect.Message.StartsWith("could not connect", StringComparison.Ordinal) ? connect.Message : $"could not connect: {connect.Message}";
                case TimeoutException timeout:
                    return $"could not connect: {timeout.Message}";
                case HttpRequestException { StatusCode: HttpStatusCode.Unauthorized }:
                    return "the server refused the credentials (401): check the headers (enter their values again)";
                case HttpRequestException { StatusCode: HttpStatusCode.Forbidden }:
                    return "the server refused access (403): the credentials are not allowed to use it";
                case HttpRequestException { StatusCode: HttpStatusCode.NotFound }:
                    return $"the server answered 404 at {server.Url}: check the URL (Streamable HTTP endpoints usually end in /mcp)";
                case HttpRequestException { StatusCode: { } status }:
                    return $"the server answered {(int)status} {status}";
                case OutboundResponseTooLargeException large:
                    return large.Message;
                case McpProtocolException protocol:
                    return $"the server answered an MCP error: {protocol.Message}";
            }
        }
        return error switch
        {
            HttpRequestException http => $"could not connect: {http.Message}",
            McpException mcp => $"the MCP exchange failed: {mcp.Message}",
            JsonException => "the server's answer is not MCP (JSON-RPC over Streamable HTTP): check the URL",
            _ => $"could not connect: {error.Message}",
        };
    }
}
