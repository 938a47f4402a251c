using System.Collections.Concurrent;
using System.ComponentModel;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Builder.TestServers;

/// <summary>
/// A real MCP server, built with ModelContextProtocol.AspNetCore (the official SDK's server), that stands in for the MCP
/// servers builders configure: Streamable HTTP at <see cref="Url"/> (<c>/mcp</c>) on a free 127.0.0.1 port.
/// <list type="bullet">
/// <item>Tools: <c>add</c> (two numbers, a JSON schema with required <c>a</c> and <c>b</c>), <c>lookup_order</c> (an order by
/// its id, as JSON), <c>echo_headers</c> (the names of the headers it was sent, never their values) and <c>always_fails</c>
/// (a tool error: <c>isError: true</c> with <see cref="FailureMessage"/>).</item>
/// <item>When <see cref="RequiredHeader"/> is set, every request must carry that header with that value, else 401 with a
/// body that (like some real servers') echoes what was sent, so tests can prove callers never pass it on.</item>
/// <item>Records every HTTP request's headers (<see cref="Requests"/>) and every tool call (<see cref="Calls"/>).</item>
/// </list>
/// </summary>
public sealed class LocalMcpServer : IAsyncDisposable
{
    public const string Add = "add";
    public const string LookupOrder = "lookup_order";
    public const string AlwaysFails = "always_fails";
    public const string FailureMessage = "The order service is down.";

    readonly WebApplication _app;
    readonly ConcurrentQueue<RecordedMcpRequest> _requests = new();
    readonly ConcurrentQueue<RecordedToolCall> _calls = new();

    LocalMcpServer(WebApplication app) => _app = app;

    /// <summary>Base URL without a trailing slash, e.g. http://127.0.0.1:40123.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The Streamable HTTP endpoint to store as an MCP server's URL.</summary>
    public string Url => BaseUrl + "/mcp";

    /// <summary>The same endpoint addressed as "localhost" (resolves to loopback: refused outside Development).</summary>
    public string LocalhostUrl => Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

    public int Port { get; private set; }

    /// <summary>A header (name, value) every request must carry; null accepts any request.</summary>
    public (string Name, string Value)? RequiredHeader { get; set; }

    /// <summary>Every HTTP request received, oldest first, with its headers as sent.</summary>
    public IReadOnlyList<RecordedMcpRequest> Requests => _requests.ToArray();

    /// <summary>Every tool call, oldest first.</summary>
    public IReadOnlyList<RecordedToolCall> Calls => _calls.ToArray();

    public void Clear()
    {
        _requests.Clear();
        _calls.Clear();
    }

    /// <summary>
    /// Starts the server. With <paramref name="echoHeaderValues"/> it also has <see cref="EchoHeaderValues"/>, a hostile tool
    /// that answers every header it was sent, values included, JSON-encoded as System.Text.Json does by default ('+' as
    /// \u002B, '&lt;' as \u003C) and percent-encoded: callers must redact every form of a write-only header value.
    /// </summary>
    public static async Task<LocalMcpServer> StartAsync((string Name, string Value)? requiredHeader = null, bool echoHeaderValues = false)
    {
        LocalMcpServer? server = null;
        var app = LoopbackApp.Build<LocalMcpServer>(services: services => services
            .AddMcpServer(o => o.ServerInfo = new() { Name = "local-mcp", Version = "1.0.0" })
            .WithHttpTransport(o => o.Stateless = true)
            .WithTools(echoHeaderValues ? [.. Tools(() => server!), EchoTool(() => server!)] : Tools(() => server!)));
        server = new LocalMcpServer(app) { RequiredHeader = requiredHeader };
        app.Use(server.GuardAsync);
        app.MapMcp("/mcp");
        server.Port = await LoopbackApp.StartAsync(app);
        server.BaseUrl = $"http://127.0.0.1:{server.Port}";
        return server;
    }

    async Task GuardAsync(HttpContext http, Func<Task> next)
    {
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedMcpRequest(http.Request.Method, http.Request.Path, headers, DateTimeOffset.UtcNow));
        if (RequiredHeader is { } required
            && (!http.Request.Headers.TryGetValue(required.Name, out var sent) || sent.ToString() != required.Value))
        {
            http.Response.StatusCode = 401;
            http.Response.ContentType = "application/json";
            // Echoes what was sent, as some servers do: callers must not pass this body on.
            await http.Response.WriteAsJsonAsync(new { error = $"invalid credentials: {required.Name}={(sent.Count == 0 ? "(none)" : sent.ToString())}" });
            return;
        }
        await next();
    }

    static IEnumerable<McpServerTool> Tools(Func<LocalMcpServer> server) =>
    [
        McpServerTool.Create(
            ([Description("The first number")] double a, [Description("The second number")] double b) =>
            {
                server().Record(Add, JsonSerializer.Serialize(new { a, b }));
                return a + b;
            },
            new McpServerToolCreateOptions { Name = Add, Description = "Adds two numbers and returns the sum." }),
        McpServerTool.Create(
            ([Description("The order id, e.g. A-1001")] string orderId) =>
            {
                server().Record(LookupOrder, JsonSerializer.Serialize(new { orderId }));
                return JsonSerializer.Serialize(new { orderId, status = "shipped", total = 42.5, items = 3 });
            },
            new McpServerToolCreateOptions { Name = LookupOrder, Description = "Looks up an order by its id and returns its status as JSON.", ReadOnly = true }),
        McpServerTool.Create(
            ([Description("Why")] string? reason = null) =>
            {
                server().Record(AlwaysFails, JsonSerializer.Serialize(new { reason }));
                // A tool error as servers report one: isError with the message as text (the SDK hides a thrown exception's message).
                return new ModelContextProtocol.Protocol.CallToolResult
                {
                    IsError = true,
                    Content = [new ModelContextProtocol.Protocol.TextContentBlock { Text = FailureMessage }],
                };
            },
            new McpServerToolCreateOptions { Name = AlwaysFails, Description = "Always fails (a tool error)." }),
    ];

    public const string EchoHeaderValues = "echo_header_values";

    static McpServerTool EchoTool(Func<LocalMcpServer> server) => McpServerTool.Create(
        () =>
        {
            server().Record(EchoHeaderValues, "{}");
            var headers = server().Requests[^1].Headers;
            return JsonSerializer.Serialize(new
            {
                json = headers,
                url = headers.ToDictionary(h => h.Key, h => Uri.EscapeDataString(h.Value)),
            });
        },
        new McpServerToolCreateOptions { Name = EchoHeaderValues, Description = "Answers the headers it was sent, values included." });

    void Record(string tool, string argumentsJson) => _calls.Enqueue(new RecordedToolCall(tool, argumentsJson, DateTimeOffset.UtcNow));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One HTTP request the local MCP server received, headers as sent.</summary>
public sealed record RecordedMcpRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ReceivedAt);

/// <summary>One tool call the local MCP server ran, its arguments as JSON.</summary>
public sealed record RecordedToolCall(string Tool, string ArgumentsJson, DateTimeOffset ReceivedAt);
