using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Builder.TestServers;

/// <summary>
/// A local HTTP endpoint for HTTP tools on a free 127.0.0.1 port: every method and path. By default it answers 200 with a
/// JSON echo of what it got (<c>method</c>, <c>path</c> with the query, <c>headers</c>, <c>body</c>), which, like a careless
/// real API, hands back any credential it was sent; <see cref="Respond"/> scripts another answer. Records every request.
/// </summary>
public sealed class LocalHttpToolServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentQueue<RecordedHttpRequest> _requests = new();

    LocalHttpToolServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The answer: status, content type and body for a request (null: the echo).</summary>
    public Func<RecordedHttpRequest, (int Status, string ContentType, string Body)>? Respond { get; set; }

    /// <summary>A pause before answering (to test timeouts).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public IReadOnlyList<RecordedHttpRequest> Requests => _requests.ToArray();

    public static async Task<LocalHttpToolServer> StartAsync()
    {
        var app = LoopbackApp.Build<LocalHttpToolServer>();
        var server = new LocalHttpToolServer(app);
        app.Run(server.HandleAsync);
        var port = await LoopbackApp.StartAsync(app);
        server.BaseUrl = $"http://127.0.0.1:{port}";
        return server;
    }

    async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedHttpRequest(http.Request.Method, http.Request.Path + http.Request.QueryString, headers, body);
        _requests.Enqueue(recorded);
        if (Delay > TimeSpan.Zero)
            try { await Task.Delay(Delay, http.RequestAborted); } catch (OperationCanceledException) { return; }
        if (Respond is { } respond)
        {
            var (status, contentType, text) = respond(recorded);
            http.Response.StatusCode = status;
            http.Response.ContentType = contentType;
            await http.Response.WriteAsync(text, http.RequestAborted);
            return;
        }
        var echo = new JsonObject
        {
            ["method"] = recorded.Method,
            ["path"] = recorded.PathAndQuery,
            ["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)JsonValue.Create(h.Value)))),
            ["body"] = body,
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(echo.ToJsonString(), http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request the local tool endpoint received.</summary>
public sealed record RecordedHttpRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
