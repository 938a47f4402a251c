using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
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
/// A local OpenAI-compatible chat-completions server that stands in for OpenAI, Azure OpenAI, Ollama and the like in the
/// tests, the way the local OpenID Connect provider stands in for Auth0: plain HTTP on a free 127.0.0.1 port.
/// <list type="bullet">
/// <item><c>POST /v1/chat/completions</c> (any path ending in /chat/completions is served the same way), with and without
/// <c>stream: true</c> (server-sent event chunks, a usage chunk when <c>stream_options.include_usage</c>, then <c>data: [DONE]</c>).</item>
/// <item>Checks <c>Authorization: Bearer {Token}</c> (or Azure's <c>api-key: {Token}</c>) when <see cref="Token"/> is set; a wrong token gets OpenAI's 401 body,
/// which (like OpenAI's) echoes the key it was sent, so tests can prove callers never pass it on.</item>
/// <item>Replies with <see cref="ReplyText"/> (or a reply set per model name with <see cref="SetReply"/>); the model name
/// <see cref="EchoModel"/> replies with the last user message. Usage counts words: input = words of all messages,
/// output = words of the reply. <c>max_tokens</c>/<c>max_completion_tokens</c> cut the reply at that many words with
/// finish_reason "length".</item>
/// <item>Scripted answers by model name: scripted-400 (its message quotes the key masked, as OpenAI's do), scripted-401, scripted-403, scripted-404, scripted-429, scripted-500, scripted-slow
/// (waits <see cref="SlowDelay"/> first, or until the client gives up), scripted-not-openai (an HTML page),
/// scripted-not-openai-json (JSON without choices), scripted-redirect (302 to /v1/elsewhere), scripted-bad-stream (broken
/// JSON, in an event stream when streaming), scripted-drop (closes the connection: before answering, or after the first
/// streamed words), scripted-stream-error (streams the first words, then an SSE <c>error</c> object as OpenAI does when a
/// request fails after streaming began; its message quotes the key, as some servers' do), scripted-truncated (streams the
/// first words, then ends the response cleanly with neither a finish reason nor <c>[DONE]</c>).</item>
/// <item>Structured output: a request with <c>response_format</c> <c>json_schema</c> (or <c>json_object</c>) is answered with the
/// JSON body set for its model name with <see cref="SetStructuredReply"/> (a plain <see cref="SetReply"/> still wins for that
/// model); other json_schema requests get <see cref="StructuredReplyText"/>, other json_object requests the usual reply. The
/// model name <see cref="MalformedJson"/> answers either with a cut-off JSON body.</item>
/// <item>Tool calls, scripted per test: <see cref="Script"/> queues turns for a model name (<see cref="ScriptedTurn.CallTool"/>:
/// answer with <c>tool_calls</c> and finish_reason "tool_calls"; <see cref="ScriptedTurn.Say"/>: a text answer, in which
/// <c>{{tool_result}}</c> stands for the content of the request's last <c>tool</c> message). Each request to that model takes
/// the next turn, streamed or not; when the queue is empty the model answers as usual.</item>
/// <item>Records every request (<see cref="Requests"/>) for assertions.</item>
/// </list>
/// </summary>
public sealed class LocalOpenAiServer : IAsyncDisposable
{
    public const string DefaultToken = "local-model-token";
    public const string DefaultReply = "Hello from the local model.";
    public const string EchoModel = "scripted-echo";
    public const string Unauthorized = "scripted-401";
    public const string Forbidden = "scripted-403";
    public const string NotFound = "scripted-404";
    public const string BadRequest = "scripted-400";
    public const string RateLimited = "scripted-429";
    public const string ServerError = "scripted-500";
    public const string Slow = "scripted-slow";
    public const string NotOpenAi = "scripted-not-openai";
    public const string NotOpenAiJson = "scripted-not-openai-json";
    public const string Redirect = "scripted-redirect";
    public const string BadStream = "scripted-bad-stream";
    public const string Drop = "scripted-drop";
    public const string StreamError = "scripted-stream-error";
    public const string Truncated = "scripted-truncated";

    /// <summary>What scripted-stream-error's error event says (before the key it quotes).</summary>
    public const string StreamErrorMessage = "The server had an error while processing your request.";

    /// <summary>Answers a structured-output request with JSON cut off halfway (a completion whose content does not parse).</summary>
    public const string MalformedJson = "scripted-malformed-json";
    /// <summary>The JSON a structured-output request gets by default: a sentiment analysis of one positive sentence.</summary>
    public const string DefaultStructuredReply = """{"label":"positive","score":0.8,"sentences":[{"text":"Hello from the local model.","score":0.8}]}""";

    readonly WebApplication _app;
    readonly ConcurrentQueue<RecordedModelRequest> _requests = new();
    readonly ConcurrentDictionary<string, string> _replies = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, string> _structuredReplies = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedTurn>> _scripts = new(StringComparer.Ordinal);

    LocalOpenAiServer(WebApplication app) => _app = app;

    /// <summary>Base URL without a trailing slash, e.g. http://127.0.0.1:40123.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The chat-completions URL to store as a model's modelUrl.</summary>
    public string ChatCompletionsUrl => BaseUrl + "/v1/chat/completions";

    /// <summary>The same server addressed as "localhost" (resolves to loopback: refused outside Development).</summary>
    public string LocalhostChatCompletionsUrl => ChatCompletionsUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

    public int Port { get; private set; }

    /// <summary>The bearer token the server accepts; null accepts any request, with or without a token.</summary>
    public string? Token { get; set; }

    /// <summary>The reply of every model without its own reply.</summary>
    public string ReplyText { get; set; } = DefaultReply;

    /// <summary>How long scripted-slow waits before answering (it stops early when the client goes away).</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A pause between streamed chunks, to watch output stream in (zero by default).</summary>
    public TimeSpan ChunkDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Every request received, oldest first.</summary>
    public IReadOnlyList<RecordedModelRequest> Requests => _requests.ToArray();

    public void ClearRequests() => _requests.Clear();

    /// <summary>The reply for one model name (overrides <see cref="ReplyText"/> for it).</summary>
    public void SetReply(string modelName, string reply) => _replies[modelName] = reply;

    /// <summary>The JSON body every structured-output request without its own scripted body gets.</summary>
    public string StructuredReplyText { get; set; } = DefaultStructuredReply;

    /// <summary>The JSON body (sent as is, valid or not) a structured-output request to this model name gets.</summary>
    public void SetStructuredReply(string modelName, string json) => _structuredReplies[modelName] = json;

    /// <summary>Queues turns for one model name: each request to it takes the next (tool calls or text).</summary>
    public void Script(string modelName, params ScriptedTurn[] turns)
    {
        var queue = _scripts.GetOrAdd(modelName, _ => new ConcurrentQueue<ScriptedTurn>());
        foreach (var turn in turns) queue.Enqueue(turn);
    }

    /// <summary>How many scripted turns of a model are still waiting.</summary>
    public int ScriptedTurnsLeft(string modelName) => _scripts.TryGetValue(modelName, out var queue) ? queue.Count : 0;

    public static async Task<LocalOpenAiServer> StartAsync(string? token = DefaultToken)
    {
        var app = LoopbackApp.Build<LocalOpenAiServer>();
        var server = new LocalOpenAiServer(app) { Token = token };
        app.MapPost("/{**path}", server.HandleAsync);
        server.Port = await LoopbackApp.StartAsync(app);
        server.BaseUrl = $"http://127.0.0.1:{server.Port}";
        return server;
    }

    async Task HandleAsync(HttpContext http, string? path)
    {
        var ct = http.RequestAborted;
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);
        JsonObject? json = null;
        try { json = JsonNode.Parse(body) as JsonObject; } catch (JsonException) { }
        var model = json?["model"]?.GetValue<string>() ?? "";
        var stream = json?["stream"]?.GetValue<bool>() == true;
        var includeUsage = json?["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedModelRequest(http.Request.Path + http.Request.QueryString, headers, body, json, model, stream, DateTimeOffset.UtcNow);
        _requests.Enqueue(recorded);

        if (!(path ?? "").EndsWith("chat/completions", StringComparison.Ordinal))
        {
            await Error(http, 404, $"Unknown path /{path}.", "invalid_request_error", "unknown_url");
            return;
        }
        if (json is null)
        {
            await Error(http, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
            return;
        }
        var authorization = http.Request.Headers.Authorization.ToString();
        // OpenAI style (Authorization: Bearer) or Azure OpenAI style (api-key).
        var presented = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..]
            : http.Request.Headers.TryGetValue("api-key", out var apiKey) ? apiKey.ToString() : authorization;
        if (model == Unauthorized || (Token is not null && presented != Token))
        {
            // Like OpenAI, echo the key that was sent: callers must not pass this body on.
            await Error(http, 401, $"Incorrect API key provided: {presented}. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key");
            return;
        }
        switch (model)
        {
            case BadRequest:
                var masked = presented.Length > 10 ? presented[..6] + "***" + presented[^4..] : "***";
                await Error(http, 400, $"Invalid value for 'temperature' in a request from key {masked}.", "invalid_request_error", "invalid_value");
                return;
            case Forbidden: await Error(http, 403, $"Key {presented} may not use this model.", "permission_error", null); return;
            case NotFound: await Error(http, 404, $"The model `{model}` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found"); return;
            case RateLimited:
                http.Response.Headers.RetryAfter = "1";
                await Error(http, 429, "Rate limit reached for requests.", "requests", "rate_limit_exceeded");
                return;
            case ServerError: await Error(http, 500, "The server had an error while processing your request.", "server_error", null); return;
            case NotOpenAi:
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync("<!doctype html><html><body><h1>Welcome</h1><p>This is not an API.</p></body></html>", ct);
                return;
            case NotOpenAiJson:
                await http.Response.WriteAsJsonAsync(new { hello = "world", status = "ok" }, ct);
                return;
            case Redirect:
                http.Response.StatusCode = 302;
                http.Response.Headers.Location = BaseUrl + "/v1/elsewhere/chat/completions";
                return;
            case BadStream when !stream:
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("{\"choices\": [", ct);
                return;
            case BadStream:
                http.Response.ContentType = "text/event-stream";
                await http.Response.WriteAsync("data: {\"choices\": [{\"delta\": \n\ndata: not json at all\n\ndata: [DONE]\n\n", ct);
                return;
            case Drop when !stream:
                http.Abort();
                return;
            case Slow:
                try { await Task.Delay(SlowDelay, ct); } catch (OperationCanceledException) { return; }
                break;
        }

        if (_scripts.TryGetValue(model, out var script) && script.TryDequeue(out var turn))
        {
            await ScriptedAsync(http, json, model, stream, includeUsage, turn, recorded);
            return;
        }

        // Structured output: json_schema gets the scripted JSON (or the default analysis); json_object only a body scripted for its model.
        var format = json["response_format"]?["type"]?.GetValue<string>();
        var structured = format is "json_schema" or "json_object";
        var reply = model == EchoModel ? LastUserMessage(json)
            : _replies.TryGetValue(model, out var r) ? r
            : structured && model == MalformedJson ? """{"label": "positive", "score": 0.7, "sentences": [{"text": "Hello"""
            : structured && _structuredReplies.TryGetValue(model, out var sr) ? sr
            : format == "json_schema" ? StructuredReplyText
            : ReplyText;
        var inputTokens = CountWords(json["messages"]);
        var limit = json["max_completion_tokens"]?.GetValue<int>() ?? json["max_tokens"]?.GetValue<int>();
        var pieces = Pieces(reply);
        var finish = "stop";
        if (limit is { } max && pieces.Count > max)
        {
            pieces = pieces.Take(max).ToList();
            finish = "length";
        }
        var output = string.Concat(pieces);
        var outputTokens = pieces.Count(p => !string.IsNullOrWhiteSpace(p));
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var usage = new JsonObject { ["prompt_tokens"] = inputTokens, ["completion_tokens"] = outputTokens, ["total_tokens"] = inputTokens + outputTokens };

        if (!stream)
        {
            var completion = new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion", ["created"] = created, ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = output },
                    ["finish_reason"] = finish,
                }),
                ["usage"] = usage,
            };
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(completion.ToJsonString(), ct);
            recorded.MarkFirstChunk(DateTimeOffset.UtcNow);
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        JsonObject Chunk(JsonObject delta, string? finishReason) => new()
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };
        async Task Send(JsonNode data)
        {
            await http.Response.WriteAsync("data: " + data.ToJsonString() + "\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
        }
        try
        {
            await Send(Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null));
            var first = true;
            foreach (var piece in pieces)
            {
                if (!first && ChunkDelay > TimeSpan.Zero) await Task.Delay(ChunkDelay, ct);
                await Send(Chunk(new JsonObject { ["content"] = piece }, null));
                if (first) recorded.MarkFirstChunk(DateTimeOffset.UtcNow);
                if (model == Drop && !first)
                {
                    http.Abort();
                    return;
                }
                if (model == Truncated && !first) return;
                if (model == StreamError && !first)
                {
                    await Send(new JsonObject
                    {
                        ["error"] = new JsonObject
                        {
                            ["message"] = $"{StreamErrorMessage} (key {presented})", ["type"] = "server_error", ["param"] = null, ["code"] = null,
                        },
                    });
                    return;
                }
                first = false;
            }
            await Send(Chunk(new JsonObject(), finish));
            if (includeUsage)
                await Send(new JsonObject
                {
                    ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model,
                    ["choices"] = new JsonArray(), ["usage"] = usage,
                });
            await http.Response.WriteAsync("data: [DONE]\n\n", ct);
        }
        catch (OperationCanceledException) { }
    }

    async Task ScriptedAsync(HttpContext http, JsonObject json, string model, bool stream, bool includeUsage, ScriptedTurn turn, RecordedModelRequest recorded)
    {
        var ct = http.RequestAborted;
        var text = (turn.Text ?? "").Replace("{{tool_result}}", LastToolResult(json), StringComparison.Ordinal);
        var calls = turn.ToolCalls.Select((c, i) => new JsonObject
        {
            ["index"] = i,
            ["id"] = c.Id ?? "call_" + Guid.NewGuid().ToString("N")[..16],
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
        }).ToList();
        var finish = calls.Count > 0 ? "tool_calls" : "stop";
        var inputTokens = CountWords(json["messages"]);
        var outputTokens = Pieces(text).Count(p => !string.IsNullOrWhiteSpace(p)) + calls.Count * 5;
        var usage = new JsonObject { ["prompt_tokens"] = inputTokens, ["completion_tokens"] = outputTokens, ["total_tokens"] = inputTokens + outputTokens };
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!stream)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = calls.Count > 0 && text.Length == 0 ? null : text };
            if (calls.Count > 0)
            {
                foreach (var call in calls) call.Remove("index");
                message["tool_calls"] = new JsonArray(calls.Cast<JsonNode>().ToArray());
            }
            var completion = new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion", ["created"] = created, ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
                ["usage"] = usage,
            };
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(completion.ToJsonString(), ct);
            recorded.MarkFirstChunk(DateTimeOffset.UtcNow);
            return;
        }
        http.Response.ContentType = "text/event-stream";
        JsonObject Chunk(JsonObject delta, string? finishReason) => new()
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };
        async Task Send(JsonNode data)
        {
            await http.Response.WriteAsync("data: " + data.ToJsonString() + "\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
        }
        await Send(Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null));
        foreach (var piece in Pieces(text)) await Send(Chunk(new JsonObject { ["content"] = piece }, null));
        foreach (var call in calls) await Send(Chunk(new JsonObject { ["tool_calls"] = new JsonArray(call) }, null));
        recorded.MarkFirstChunk(DateTimeOffset.UtcNow);
        await Send(Chunk(new JsonObject(), finish));
        if (includeUsage)
            await Send(new JsonObject { ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model, ["choices"] = new JsonArray(), ["usage"] = usage });
        await http.Response.WriteAsync("data: [DONE]\n\n", ct);
    }

    static string LastToolResult(JsonObject json)
    {
        var messages = json["messages"] as JsonArray ?? [];
        var last = messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "tool");
        return ContentText(last?["content"]);
    }

    static async Task Error(HttpContext http, int status, string message, string type, string? code)
    {
        http.Response.StatusCode = status;
        var error = new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code } };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(error.ToJsonString(), http.RequestAborted);
    }

    static string LastUserMessage(JsonObject json)
    {
        var messages = json["messages"] as JsonArray ?? [];
        var last = messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user");
        return ContentText(last?["content"]);
    }

    static string ContentText(JsonNode? content) => content switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };

    static int CountWords(JsonNode? messages) => messages is JsonArray array
        ? array.Sum(m => ContentText(m?["content"]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length)
        : 0;

    /// <summary>The reply as streamed pieces: each word with the whitespace before it ("Hello", " from", " the", …).</summary>
    public static List<string> Pieces(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1])))
            {
                if (i > start) pieces.Add(text[start..i]);
                start = i;
            }
        }
        return pieces;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One scripted answer of the local model: text, tool calls, or both.</summary>
public sealed record ScriptedTurn(string? Text, IReadOnlyList<ScriptedToolCall> ToolCalls)
{
    /// <summary>A text answer; <c>{{tool_result}}</c> in it stands for the request's last tool message.</summary>
    public static ScriptedTurn Say(string text) => new(text, []);

    /// <summary>One tool call with its arguments (an object serialized to JSON, or a string sent as is, valid JSON or not).</summary>
    public static ScriptedTurn CallTool(string name, object arguments, string? callId = null) =>
        new(null, [new ScriptedToolCall(name, arguments as string ?? JsonSerializer.Serialize(arguments), callId)]);

    public static ScriptedTurn CallTools(params ScriptedToolCall[] calls) => new(null, calls);
}

/// <summary>A scripted tool call: the tool's name, the arguments' JSON text, and the call id (generated when null).</summary>
public sealed record ScriptedToolCall(string Name, string ArgumentsJson, string? Id = null);

/// <summary>One request the local model server received. Headers include Authorization as sent.</summary>
public sealed class RecordedModelRequest(string path, IReadOnlyDictionary<string, string> headers, string body, JsonObject? json, string model, bool stream, DateTimeOffset receivedAt)
{
    public string Path { get; } = path;
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;
    public string Body { get; } = body;
    public JsonObject? Json { get; } = json;
    public string Model { get; } = model;
    public bool Stream { get; } = stream;
    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>When the first content chunk (or the whole answer) was written and flushed.</summary>
    public DateTimeOffset? FirstChunkSentAt { get; private set; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The request's messages (role, content, tool_call_id, tool_calls as sent).</summary>
    public IReadOnlyList<JsonObject> Messages => (Json?["messages"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    /// <summary>The <c>tool</c> messages of the request: (tool_call_id, content).</summary>
    public IReadOnlyList<(string CallId, string Content)> ToolResults => Messages
        .Where(m => m["role"]?.GetValue<string>() == "tool")
        .Select(m => (m["tool_call_id"]?.GetValue<string>() ?? "", m["content"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : m["content"]?.ToJsonString() ?? ""))
        .ToList();

    /// <summary>The names of the tools the request offered.</summary>
    public IReadOnlyList<string> ToolNames => (Json?["tools"] as JsonArray ?? []).Select(t => t?["function"]?["name"]?.GetValue<string>() ?? "").ToList();

    internal void MarkFirstChunk(DateTimeOffset at) => FirstChunkSentAt ??= at;
}
