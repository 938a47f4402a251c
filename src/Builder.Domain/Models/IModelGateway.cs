using System.Text.Json;

namespace Builder.Domain.Models;

/// <summary>
/// Calls OpenAI-compatible chat-completions endpoints through the one outbound HTTP client (and its address policy).
/// Every failure is a <see cref="ModelCallException"/> whose message is a clear reason ("the endpoint refused the token (401)",
/// "timed out after 10 s", …) and never carries a credential; the caller's own cancellation stays an
/// <see cref="OperationCanceledException"/>.
/// </summary>
public interface IModelGateway
{
    /// <summary>One minimal request. Never throws for a failing endpoint: the result carries the reason instead.</summary>
    Task<ModelTestResult> TestAsync(ModelEndpoint endpoint, CancellationToken cancellationToken = default);

    /// <summary>One completion of the messages. Throws <see cref="ModelCallException"/> on failure.</summary>
    Task<ModelCompletion> CompleteAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The completion as it arrives: text deltas in order, then exactly one last update whose <see cref="ModelStreamUpdate.Final"/>
    /// carries the whole output, usage, finish reason and latency. Throws <see cref="ModelCallException"/> on failure (also mid-stream).
    /// </summary>
    IAsyncEnumerable<ModelStreamUpdate> StreamAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null, CancellationToken cancellationToken = default);
}

public static class ModelGatewayExtensions
{
    /// <summary>A single user prompt.</summary>
    public static Task<ModelCompletion> CompleteAsync(this IModelGateway gateway, ModelEndpoint endpoint, string prompt, ModelCallOptions? options = null, CancellationToken cancellationToken = default)
        => gateway.CompleteAsync(endpoint, [ModelMessage.User(prompt)], options, cancellationToken);

    /// <summary>A single user prompt, streamed.</summary>
    public static IAsyncEnumerable<ModelStreamUpdate> StreamAsync(this IModelGateway gateway, ModelEndpoint endpoint, string prompt, ModelCallOptions? options = null, CancellationToken cancellationToken = default)
        => gateway.StreamAsync(endpoint, [ModelMessage.User(prompt)], options, cancellationToken);
}

/// <summary>
/// One chat message. Role is "system", "user", "assistant" or "tool". An assistant message may carry the
/// <see cref="ToolCalls"/> the model asked for (its content may then be empty); a "tool" message is the result of one of
/// them, naming it by <see cref="ToolCallId"/> (OpenAI's <c>tool_calls</c> and <c>tool_call_id</c>).
/// </summary>
public sealed record ModelMessage(string Role, string Content)
{
    public const string ToolRole = "tool";

    /// <summary>The tools an assistant message asked to call, in order; empty for every other message.</summary>
    public IReadOnlyList<ModelToolCall> ToolCalls { get; init; } = [];

    /// <summary>For a "tool" message: the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }

    public static ModelMessage System(string content) => new("system", content);
    public static ModelMessage User(string content) => new("user", content);
    public static ModelMessage Assistant(string content) => new("assistant", content);

    /// <summary>The model's turn that asked for tool calls (with whatever text it wrote beside them).</summary>
    public static ModelMessage AssistantToolCalls(IReadOnlyList<ModelToolCall> calls, string? content = null) =>
        new("assistant", content ?? "") { ToolCalls = calls };

    /// <summary>The result of the tool call <paramref name="toolCallId"/>, as the text the model reads.</summary>
    public static ModelMessage ToolResult(string toolCallId, string content) => new(ToolRole, content) { ToolCallId = toolCallId };
}

/// <summary>
/// A tool the model may call: its name (letters, digits, '_' and '-', at most 64), what it does, and the JSON schema of its
/// arguments (an object schema). Sent as OpenAI's <c>tools: [{ type: "function", function: { name, description, parameters } }]</c>.
/// </summary>
public sealed record ModelTool(string Name, string Description, JsonElement InputSchema);

/// <summary>One tool call the model asked for: the call's id, the tool's name and its arguments as the JSON text the model wrote.</summary>
public sealed record ModelToolCall(string Id, string Name, string ArgumentsJson);

/// <summary>Per-call overrides of the endpoint's defaults, and the answer's format.</summary>
public sealed record ModelCallOptions
{
    public double? Temperature { get; init; }
    public int? MaxOutputTokens { get; init; }
    public TimeSpan? Timeout { get; init; }

    /// <summary>Ask for a JSON object (<c>response_format: json_object</c>) when no schema is given.</summary>
    public bool Json { get; init; }

    /// <summary>Structured output: the JSON schema the answer must follow (<c>response_format: json_schema</c>).</summary>
    public JsonElement? JsonSchema { get; init; }
    public string? JsonSchemaName { get; init; }

    /// <summary>The tools the model may call (none by default: the request carries no <c>tools</c>).</summary>
    public IReadOnlyList<ModelTool>? Tools { get; init; }
}

public sealed record ModelUsage(int InputTokens, int OutputTokens)
{
    public static readonly ModelUsage None = new(0, 0);
}

/// <summary>
/// A finished completion. FinishReason is the endpoint's ("stop", "length", "content_filter", "tool_calls", …) or null.
/// <see cref="ToolCalls"/> holds the tool calls the model asked for instead of (or beside) an answer.
/// </summary>
public sealed record ModelCompletion(string Output, ModelUsage Usage, string? FinishReason, long LatencyMs, string ModelName)
{
    public IReadOnlyList<ModelToolCall> ToolCalls { get; init; } = [];
}

/// <summary>
/// One piece of a streamed completion: a text <see cref="Delta"/>, or (last) the <see cref="Final"/> completion with an empty delta.
/// <see cref="ElapsedMs"/> is the time since the request was sent.
/// </summary>
public sealed record ModelStreamUpdate(string Delta, long ElapsedMs, ModelCompletion? Final = null)
{
    public bool IsFinal => Final is not null;
}

/// <summary>Result of a connection test: ok with latency and reply, or the reason it failed.</summary>
public sealed record ModelTestResult(bool Ok, long LatencyMs, string? Reply, string? Reason, ModelFailure? Failure)
{
    public static ModelTestResult Success(long latencyMs, string reply) => new(true, latencyMs, reply, null, null);
    public static ModelTestResult Failed(long latencyMs, ModelCallException e) => new(false, latencyMs, null, e.Message, e.Failure);
}

public static class ModelGatewayRegistration
{
    /// <summary>Registers <see cref="IModelGateway"/>; needs <see cref="Outbound.OutboundHttp.AddOutboundHttp(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration, bool)"/>.</summary>
    public static Microsoft.Extensions.DependencyInjection.IServiceCollection AddModelGateway(this Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton<IModelGateway, ModelGateway>(services);
        return services;
    }
}
