using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Builder.Domain.Outbound;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using ChatClient = OpenAI.Chat.ChatClient;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Builder.Domain.Models;

/// <summary>
/// The <see cref="IModelGateway"/> on Microsoft.Extensions.AI's OpenAI chat client. The transport is the one outbound
/// <see cref="HttpClient"/> (<see cref="OutboundHttp.ClientName"/>: address policy, no redirects, no proxy). A pipeline
/// policy sends every request to exactly the configured modelUrl (the SDK would append /chat/completions to a base URL),
/// sets the credentials' headers, and turns error statuses and non-OpenAI answers into a <see cref="ModelCallException"/>
/// before the SDK sees them. The SDK's own retries are off: one call is one request.
/// </summary>
public sealed partial class ModelGateway(IHttpClientFactory httpClientFactory, ILogger<ModelGateway>? logger = null, OutboundOptions? outboundOptions = null) : IModelGateway
{
    /// <summary>The prompt of a connection test.</summary>
    public const string TestPrompt = "Reply with the single word OK.";

    /// <summary>How much of a test reply is kept.</summary>
    public const int TestReplyMax = 500;

    readonly ILogger _logger = logger ?? NullLogger<ModelGateway>.Instance;
    readonly TimeSpan _requestTimeoutCap = outboundOptions?.RequestTimeout ?? TimeSpan.FromSeconds(300);

    public async Task<ModelTestResult> TestAsync(ModelEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var completion = await CompleteAsync(endpoint, [ModelMessage.User(TestPrompt)], null, cancellationToken);
            // Credentials out before the cut, so a credential across the cut cannot leave a prefix behind.
            var reply = completion.Output;
            reply = endpoint.Redactor.Redact(reply);
            reply = reply.Trim();
            if (reply.Length > TestReplyMax) reply = reply[..TestReplyMax] + "…";
            return ModelTestResult.Success(completion.LatencyMs, reply);
        }
        catch (ModelCallException e)
        {
            return ModelTestResult.Failed(ElapsedMs(started), e);
        }
    }

    public async Task<ModelCompletion> CompleteAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        var url = Validate(endpoint, messages, options);
        var timeout = EffectiveTimeout(endpoint, options);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var client = CreateClient(endpoint, url, timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await client.GetResponseAsync(ToChatMessages(messages), ToChatOptions(endpoint, options), timeoutSource.Token);
            var completion = new ModelCompletion(
                response.Text ?? "",
                ToUsage(response.Usage),
                response.FinishReason?.Value,
                ElapsedMs(started),
                response.ModelId ?? endpoint.ModelName)
            {
                ToolCalls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(ToToolCall).ToList(),
            };
            _logger.LogInformation("Model call to {Host} ({Model}) finished ({FinishReason}) in {LatencyMs} ms", url.Host, endpoint.ModelName, completion.FinishReason, completion.LatencyMs);
            return completion;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Fail(e, endpoint, url, timeout, started);
        }
    }

    public async IAsyncEnumerable<ModelStreamUpdate> StreamAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var url = Validate(endpoint, messages, options);
        var timeout = EffectiveTimeout(endpoint, options);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var watch = new StreamWatch();
        var client = CreateClient(endpoint, url, timeout, watch);
        var started = Stopwatch.GetTimestamp();

        var output = new System.Text.StringBuilder();
        UsageDetails? usage = null;
        string? finishReason = null;
        string? modelId = null;
        var toolCalls = new List<ModelToolCall>();
        var chunks = 0;
        await using var updates = client.GetStreamingResponseAsync(ToChatMessages(messages), ToChatOptions(endpoint, options), timeoutSource.Token)
            .GetAsyncEnumerator(timeoutSource.Token);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await updates.MoveNextAsync()) break;
                update = updates.Current;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw Fail(e, endpoint, url, timeout, started);
            }
            chunks++;
            modelId ??= update.ModelId;
            if (update.FinishReason is { } reason) finishReason = reason.Value;
            foreach (var content in update.Contents)
                if (content is UsageContent u) usage = u.Details;
                else if (content is FunctionCallContent call) toolCalls.Add(ToToolCall(call));
            var text = update.Text;
            if (!string.IsNullOrEmpty(text))
            {
                output.Append(text);
                yield return new ModelStreamUpdate(text, ElapsedMs(started));
            }
        }
        if (chunks == 0)
            throw Fail(new ModelCallException(ModelFailure.NotOpenAiCompatible, NotOpenAiReason), endpoint, url, timeout, started);
        // A stream that stops with neither a finish reason nor [DONE] was cut off, even when the connection closed cleanly.
        if (finishReason is null && !watch.SawDone)
            throw Fail(new ModelCallException(ModelFailure.EndpointFailed, $"{url.Host} closed the connection before the answer was complete"), endpoint, url, timeout, started);
        var completion = new ModelCompletion(output.ToString(), ToUsage(usage), finishReason, ElapsedMs(started), modelId ?? endpoint.ModelName)
        {
            ToolCalls = toolCalls,
        };
        _logger.LogInformation("Streamed model call to {Host} ({Model}) finished ({FinishReason}) in {LatencyMs} ms", url.Host, endpoint.ModelName, completion.FinishReason, completion.LatencyMs);
        yield return new ModelStreamUpdate("", completion.LatencyMs, completion);
    }

    const string NotOpenAiReason = "the answer is not an OpenAI-compatible response";

    /// <summary>The modelUrl as an absolute http(s) URI; a clear InvalidEndpoint otherwise.</summary>
    static Uri Validate(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options)
    {
        foreach (var tool in options?.Tools ?? [])
        {
            if (!IsToolName(tool.Name))
                throw new ModelCallException(ModelFailure.InvalidEndpoint, $"the tool name \"{Shorten(tool.Name)}\" is not one a model accepts: use 1 to 64 letters, digits, '_' or '-'");
            if (tool.InputSchema.ValueKind != JsonValueKind.Object)
                throw new ModelCallException(ModelFailure.InvalidEndpoint, $"the input schema of the tool \"{tool.Name}\" is not a JSON object");
        }
        if (options?.Tools is { } tools && tools.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != tools.Count)
            throw new ModelCallException(ModelFailure.InvalidEndpoint, "two tools have the same name; a model tells tools apart by name");
        if (!string.Equals(endpoint.Provider, ModelProviders.OpenAi, StringComparison.OrdinalIgnoreCase))
            throw new ModelCallException(ModelFailure.InvalidEndpoint, $"the provider \"{endpoint.Provider}\" is not supported; use \"{ModelProviders.OpenAi}\" (any OpenAI-compatible chat-completions endpoint)");
        if (!Uri.TryCreate(endpoint.ModelUrl?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(url.Host))
            throw new ModelCallException(ModelFailure.InvalidEndpoint, "the model URL is not an absolute http or https URL");
        if (!string.IsNullOrEmpty(url.UserInfo))
            throw new ModelCallException(ModelFailure.InvalidEndpoint, "the model URL must not carry a user name or password; use the model's token instead");
        foreach (var (field, value) in new[] { ("token", endpoint.Token), ("client key", endpoint.ClientKey), ("secret key", endpoint.SecretKey) })
            if (!ModelEndpoint.IsHeaderSafe(value))
                throw new ModelCallException(ModelFailure.InvalidEndpoint, $"the model's {field} holds a line break, a control character or a non-ASCII character, which an HTTP header cannot carry; set it again");
        if (string.IsNullOrWhiteSpace(endpoint.ModelName))
            throw new ModelCallException(ModelFailure.InvalidEndpoint, "the model has no model name to send to the endpoint");
        if (messages.Count == 0)
            throw new ModelCallException(ModelFailure.InvalidEndpoint, "there is no message to send to the model");
        return url;
    }

    TimeSpan EffectiveTimeout(ModelEndpoint endpoint, ModelCallOptions? options)
    {
        var timeout = options?.Timeout ?? endpoint.Timeout;
        if (timeout <= TimeSpan.Zero) timeout = ModelEndpoint.DefaultTimeout;
        return timeout < _requestTimeoutCap ? timeout : _requestTimeoutCap;
    }

    IChatClient CreateClient(ModelEndpoint endpoint, Uri url, TimeSpan timeout, StreamWatch? watch = null)
    {
        var options = new OpenAIClientOptions
        {
            // The SDK appends /chat/completions to this; ExactUrlPolicy replaces the whole URI with the modelUrl.
            Endpoint = new Uri(url.GetLeftPart(UriPartial.Authority)),
            Transport = new HttpClientPipelineTransport(httpClientFactory.CreateClient(OutboundHttp.ClientName)),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // Our own timeout (a cancellation) fires first and names the model's timeout.
            NetworkTimeout = timeout + TimeSpan.FromSeconds(5),
        };
        options.AddPolicy(new EndpointPolicy(endpoint, url, watch), PipelinePosition.BeforeTransport);
        // The credential is a placeholder: EndpointPolicy sets (or removes) the real headers.
        return new ChatClient(endpoint.ModelName, new ApiKeyCredential("placeholder"), options).AsIChatClient();
    }

    static List<AiChatMessage> ToChatMessages(IReadOnlyList<ModelMessage> messages) =>
        messages.Select(ToChatMessage).ToList();

    static AiChatMessage ToChatMessage(ModelMessage m)
    {
        var role = m.Role.ToLowerInvariant();
        if (role == ModelMessage.ToolRole)
            return new AiChatMessage(ChatRole.Tool, [new FunctionResultContent(m.ToolCallId ?? "", m.Content)]);
        if (role == "assistant" && m.ToolCalls.Count > 0)
        {
            var contents = new List<AIContent>();
            if (!string.IsNullOrEmpty(m.Content)) contents.Add(new TextContent(m.Content));
            contents.AddRange(m.ToolCalls.Select(c => new FunctionCallContent(c.Id, c.Name, ParseArguments(c.ArgumentsJson))));
            return new AiChatMessage(ChatRole.Assistant, contents);
        }
        return new AiChatMessage(role switch
        {
            "system" => ChatRole.System,
            "assistant" => ChatRole.Assistant,
            _ => ChatRole.User,
        }, m.Content);
    }

    /// <summary>The arguments of a call sent back in the history: the model's own JSON object, or none when it was not one.</summary>
    static Dictionary<string, object?> ParseArguments(string json)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
                foreach (var property in document.RootElement.EnumerateObject()) arguments[property.Name] = property.Value.Clone();
        }
        catch (JsonException) { }
        return arguments;
    }

    /// <summary>
    /// A tool call of the answer, with the arguments exactly as the model wrote them when the SDK kept them (a call whose
    /// arguments did not parse keeps its text, so the caller can say why), otherwise as parsed.
    /// </summary>
    static ModelToolCall ToToolCall(FunctionCallContent call)
    {
        string json;
        if (call.RawRepresentation is OpenAI.Chat.ChatToolCall raw) json = raw.FunctionArguments?.ToString() ?? "";
        else if (call.Exception is not null) json = "";
        else json = call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions);
        return new ModelToolCall(call.CallId ?? "", call.Name ?? "", json);
    }

    static bool IsToolName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    static string Shorten(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";

    static ChatOptions ToChatOptions(ModelEndpoint endpoint, ModelCallOptions? options)
    {
        var chat = new ChatOptions
        {
            Temperature = (float?)(options?.Temperature ?? endpoint.Temperature),
            MaxOutputTokens = options?.MaxOutputTokens ?? endpoint.MaxOutputTokens,
        };
        if (options?.JsonSchema is { } schema) chat.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, options.JsonSchemaName ?? "answer");
        else if (options?.Json == true) chat.ResponseFormat = ChatResponseFormat.Json;
        if (options?.Tools is { Count: > 0 } tools)
            chat.Tools = tools.Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.InputSchema)).ToList();
        return chat;
    }

    static ModelUsage ToUsage(UsageDetails? usage) => usage is null
        ? ModelUsage.None
        : new ModelUsage((int)Math.Min(int.MaxValue, usage.InputTokenCount ?? 0), (int)Math.Min(int.MaxValue, usage.OutputTokenCount ?? 0));

    static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>"10 s", "1.5 s", "0.25 s".</summary>
    public static string FormatSeconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s";

    /// <summary>The ModelCallException for anything a call threw (logged without the exception: its text may hold the endpoint's answer).</summary>
    ModelCallException Fail(Exception error, ModelEndpoint endpoint, Uri url, TimeSpan timeout, long started)
    {
        var failure = Translate(error, endpoint, url, timeout);
        _logger.LogWarning("Model call to {Host} ({Model}) failed after {LatencyMs} ms: {Reason}", url.Host, endpoint.ModelName, ElapsedMs(started), failure.Message);
        return failure;
    }

    static ModelCallException Translate(Exception error, ModelEndpoint endpoint, Uri url, TimeSpan timeout)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ModelCallException model:
                    return model;
                case OutboundAddressRefusedException refused:
                    return new ModelCallException(ModelFailure.RefusedByPolicy, "refused by the address policy: " + refused.Message);
                case OutboundResponseTooLargeException large:
                    return new ModelCallException(ModelFailure.EndpointFailed, large.Message);
                case OutboundConnectException connect:
                    return new ModelCallException(ModelFailure.ConnectionFailed, Scrub(connect.Message, endpoint));
                case OperationCanceledException or TimeoutException:
                    return new ModelCallException(ModelFailure.Timeout, $"timed out after {FormatSeconds(timeout)}");
            }
        }
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpIOException io:
                    return io.HttpRequestError == HttpRequestError.InvalidResponse
                        ? new ModelCallException(ModelFailure.NotOpenAiCompatible, NotOpenAiReason)
                        : new ModelCallException(ModelFailure.EndpointFailed, $"{url.Host} closed the connection before the answer was complete");
                case HttpRequestException http:
                    return http.HttpRequestError switch
                    {
                        HttpRequestError.NameResolutionError => new(ModelFailure.ConnectionFailed, $"could not resolve the host {url.Host}"),
                        HttpRequestError.ConnectionError => new(ModelFailure.ConnectionFailed, $"could not connect to {url.Host}:{url.Port}"),
                        HttpRequestError.SecureConnectionError => new(ModelFailure.ConnectionFailed, $"the TLS handshake with {url.Host} failed (check the certificate and the URL's scheme)"),
                        HttpRequestError.ResponseEnded => new(ModelFailure.EndpointFailed, $"{url.Host} closed the connection before the answer was complete"),
                        HttpRequestError.Unknown when http.InnerException is IOException => new(ModelFailure.EndpointFailed, $"{url.Host} closed the connection before the answer was complete"),
                        HttpRequestError.InvalidResponse => new(ModelFailure.NotOpenAiCompatible, NotOpenAiReason),
                        _ => new(ModelFailure.ConnectionFailed, $"the request to {url.Host} failed ({http.HttpRequestError})"),
                    };
                case IOException:
                    return new ModelCallException(ModelFailure.EndpointFailed, $"{url.Host} closed the connection before the answer was complete");
                case JsonException or FormatException or KeyNotFoundException or InvalidCastException or InvalidOperationException or ArgumentException:
                    return new ModelCallException(ModelFailure.NotOpenAiCompatible, NotOpenAiReason);
                case ClientResultException result when result.Status > 0:
                    return StatusFailure(result.Status, null, null, endpoint);
            }
        }
        return new ModelCallException(ModelFailure.EndpointFailed, $"the model call failed ({error.GetType().Name})");
    }

    /// <summary>The reason for an HTTP error status. The endpoint's own message is added only for statuses where it helps
    /// (400, 404, 422), scrubbed of every credential and anything shaped like a key.</summary>
    internal static ModelCallException StatusFailure(int status, string? endpointMessage, string? retryAfter, ModelEndpoint endpoint)
    {
        string Detail() => string.IsNullOrWhiteSpace(endpointMessage) ? "" : ": " + Scrub(endpointMessage, endpoint);
        return status switch
        {
            401 or 403 when string.IsNullOrEmpty(endpoint.Token) => new(ModelFailure.Unauthorized, $"the endpoint refused the request without a token ({status}); set the model's token", status),
            401 or 403 => new(ModelFailure.Unauthorized, $"the endpoint refused the token ({status})", status),
            429 => new(ModelFailure.RateLimited, int.TryParse(retryAfter, out var seconds) ? $"rate limited (429); retry after {seconds} s" : "rate limited (429)", status),
            >= 500 => new(ModelFailure.EndpointFailed, $"the endpoint failed ({status})", status),
            >= 300 and < 400 => new(ModelFailure.Rejected, $"the endpoint redirected ({status}); redirects are not followed, use the final chat-completions URL as the model URL", status),
            404 => new(ModelFailure.Rejected, $"the endpoint answered not found (404); check the model URL and the model name{Detail()}", status),
            400 or 422 => new(ModelFailure.Rejected, $"the endpoint rejected the request ({status}){Detail()}", status),
            _ => new(ModelFailure.Rejected, $"the endpoint rejected the request ({status})", status),
        };
    }

    [GeneratedRegex(@"\b(sk|pk|rk|key|token|bearer)[-_][A-Za-z0-9_\-\*\.]{4,}", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex KeyShaped();

    [GeneratedRegex(@"\S+", RegexOptions.NonBacktracking)]
    private static partial Regex Word();

    [GeneratedRegex(@"\*{3,}|•{3,}|…|\.{3,}", RegexOptions.NonBacktracking)]
    private static partial Regex MaskRun();

    /// <summary>
    /// Removes every credential of the endpoint, any word holding a part of one (its first 6 characters, or a masked form
    /// such as "3f2a9c***1f09" whatever the key's shape), and anything shaped like a key; keeps at most 300 characters.
    /// </summary>
    internal static string Scrub(string text, ModelEndpoint endpoint)
    {
        var secrets = endpoint.Secrets().ToList();
        text = endpoint.Redactor.Redact(text);
        text = Word().Replace(text, w => secrets.Any(secret => HoldsPartOf(w.Value, secret)) ? "[redacted]" : w.Value);
        text = KeyShaped().Replace(text, "[redacted]");
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= 300 ? text : text[..300] + "…";
    }

    static bool HoldsPartOf(string word, string secret)
    {
        if (secret.Length < 8) return false;
        if (word.Contains(secret[..6], StringComparison.Ordinal)) return true;
        var mask = MaskRun().Match(word);
        if (!mask.Success) return false;
        var before = word[..mask.Index].TrimStart('\'', '"', '`', '(', '[', '{', ':');
        var after = word[(mask.Index + mask.Length)..].TrimEnd('.', ',', ';', ':', '\'', '"', '`', ')', ']', '}');
        return (before.Length >= 2 && secret.StartsWith(before, StringComparison.Ordinal))
            || (after.Length >= 2 && secret.EndsWith(after, StringComparison.Ordinal));
    }

    internal static bool IsAzureHost(string host) =>
        host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".cognitiveservices.azure.com", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".services.ai.azure.com", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Sends to exactly the modelUrl, with the endpoint's credentials (Authorization: Bearer, or api-key for Azure OpenAI;
    /// X-Client-Key and X-Secret-Key), and checks the answer: an error status, a body that is not a chat completion, or a
    /// streamed answer that is not an event stream becomes a ModelCallException here.
    /// </summary>
    sealed class EndpointPolicy(ModelEndpoint endpoint, Uri url, StreamWatch? watch) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Prepare(message);
            ProcessNext(message, pipeline, currentIndex);
            if (message.Response is { Status: >= 300 } response && !message.BufferResponse) response.BufferContent(message.CancellationToken);
            Inspect(message);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Prepare(message);
            await ProcessNextAsync(message, pipeline, currentIndex);
            if (message.Response is { Status: >= 300 } response && !message.BufferResponse) await response.BufferContentAsync(message.CancellationToken);
            Inspect(message);
        }

        void Prepare(PipelineMessage message)
        {
            var request = message.Request;
            request.Uri = url;
            request.Headers.Remove("Authorization");
            request.Headers.Remove("api-key");
            if (!string.IsNullOrEmpty(endpoint.Token))
            {
                if (IsAzureHost(url.Host)) request.Headers.Set("api-key", endpoint.Token);
                else request.Headers.Set("Authorization", "Bearer " + endpoint.Token);
            }
            if (!string.IsNullOrEmpty(endpoint.ClientKey)) request.Headers.Set("X-Client-Key", endpoint.ClientKey);
            if (!string.IsNullOrEmpty(endpoint.SecretKey)) request.Headers.Set("X-Secret-Key", endpoint.SecretKey);
        }

        void Inspect(PipelineMessage message)
        {
            var response = message.Response ?? throw new ModelCallException(ModelFailure.NotOpenAiCompatible, NotOpenAiReason);
            if (response.Status >= 300)
            {
                response.Headers.TryGetValue("Retry-After", out var retryAfter);
                throw StatusFailure(response.Status, ErrorMessage(response), retryAfter, endpoint);
            }
            response.Headers.TryGetValue("Content-Type", out var contentType);
            if (!message.BufferResponse)
            {
                // A streamed answer is an event stream; anything else (an HTML page, a whole JSON completion) is not one.
                if (contentType is null || !contentType.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
                    throw new ModelCallException(ModelFailure.NotOpenAiCompatible, NotOpenAiReason);
                // The SDK reads a streamed error event as an empty chunk: the events are watched on their way to it.
                if (watch is not null && response.ContentStream is { } content)
                    response.ContentStream = new EventStreamWatcher(content, watch, endpoint);
                return;
            }
            if (!LooksLikeCompletion(response.Content))
                throw new ModelCallException(ModelFailure.NotOpenAiCompatible, NotOpenAiReason);
        }

        static bool LooksLikeCompletion(BinaryData content)
        {
            try
            {
                using var document = JsonDocument.Parse(content.ToMemory());
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("choices", out var choices)
                    && choices.ValueKind == JsonValueKind.Array;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        /// <summary>OpenAI's error.message (or a top-level "message"/"error" string), when the body has one.</summary>
        static string? ErrorMessage(PipelineResponse response)
        {
            try
            {
                using var document = JsonDocument.Parse(response.Content.ToMemory());
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return null;
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String) return error.GetString();
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) return m.GetString();
                }
                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String) return message.GetString();
                return null;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return null;
            }
        }
    }
}
