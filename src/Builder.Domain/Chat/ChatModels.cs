using System.Text.Json;
using Builder.Domain.Models;

namespace Builder.Domain.Chat;

/// <summary>
/// A tool the chat may call: the name the model sees, what it does, the JSON schema of its arguments (the arguments are
/// checked against it before the tool runs) and what runs it. Independent of how tools are stored: the agents glue makes
/// these from tool definitions (HTTP tools with <see cref="HttpToolRunner.For"/>, MCP tools through the MCP client).
/// </summary>
public sealed record ChatTool(string Name, string Description, JsonElement InputSchema, IChatToolExecutor Executor);

/// <summary>Runs one tool call with arguments that already passed the tool's schema.</summary>
public interface IChatToolExecutor
{
    Task<ToolExecutionResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken);
}

/// <summary>
/// What a tool call gave: the text the model reads, whether it failed, a line saying what was done (e.g. "GET https://… → 200",
/// with every environment value shown as its placeholder), and values the chat must redact wherever it records or shows
/// the result (the write-only environment values the call used).
/// </summary>
public sealed record ToolExecutionResult(string Content, bool IsError = false, string? Detail = null)
{
    public IReadOnlyCollection<string> Secrets { get; init; } = [];

    public static ToolExecutionResult Failed(string reason, string? detail = null) => new(reason, true, detail);
}

/// <summary>An executor from a delegate (tests, and tools that run inside the Builder).</summary>
public sealed class DelegateToolExecutor(Func<JsonElement, CancellationToken, Task<ToolExecutionResult>> execute) : IChatToolExecutor
{
    public Task<ToolExecutionResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) => execute(arguments, cancellationToken);
}

/// <summary>
/// One turn of a chat: the model to call, the system prompt, the conversation so far (user and assistant messages), the
/// new user message and the tools. <see cref="Secrets"/> are values redacted from every step and answer (the glue passes
/// the environment values the agent may read).
/// </summary>
public sealed record ChatTurnRequest(ModelEndpoint Endpoint, string? SystemPrompt, IReadOnlyList<ModelMessage> History, string UserMessage, IReadOnlyList<ChatTool> Tools)
{
    public IReadOnlyCollection<string> Secrets { get; init; } = [];
    public double? Temperature { get; init; }

    /// <summary>
    /// What the agent's knowledge bases gave for this turn (<see cref="KnowledgeRetriever"/>): its block is added to the system
    /// message and its step comes first; null for an agent without knowledge bases.
    /// </summary>
    public KnowledgeContext? Knowledge { get; init; }
}

/// <summary>The limits of the chat loop.</summary>
public sealed record ChatLimits
{
    /// <summary>Rounds of tool calls in one turn; a model that still asks for tools after these gets no more and the turn says so.</summary>
    public int MaxToolRounds { get; init; } = 8;

    /// <summary>Tool calls the model may ask for in one round; the rest are answered with an error, not run.</summary>
    public int MaxCallsPerRound { get; init; } = 16;

    /// <summary>How long one tool call may take.</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most characters of a tool result the model reads.</summary>
    public int ModelResultChars { get; init; } = 16_000;

    /// <summary>The most characters of arguments, a result or an answer kept in a step record.</summary>
    public int RecordChars { get; init; } = 4_000;
}

public enum ChatStepKind
{
    /// <summary>A call of the model (tokens, latency, and the tool calls it asked for or its answer).</summary>
    Model,
    /// <summary>One tool call: its arguments and result (or error).</summary>
    Tool,
    /// <summary>
    /// The search of the agent's knowledge bases before the model is called: the query (<see cref="ChatStep.Arguments"/>), the
    /// passages given to the model (<see cref="ChatStep.Result"/>, and in full in <see cref="ChatStep.Retrieval"/>) and the time.
    /// </summary>
    Retrieval,
}

/// <summary>
/// One recorded step of a turn. Secrets are redacted from every text; <see cref="Arguments"/>, <see cref="Result"/> and
/// <see cref="Error"/> are cut to <see cref="ChatLimits.RecordChars"/> (then <see cref="Truncated"/>).
/// </summary>
public sealed record ChatStep(
    int Round,
    ChatStepKind Kind,
    string? ToolName,
    string? ToolCallId,
    string? Arguments,
    string? Result,
    string? Error,
    int InputTokens,
    int OutputTokens,
    long LatencyMs,
    string? Detail = null,
    bool Truncated = false)
{
    /// <summary>A <see cref="ChatStepKind.Retrieval"/> step's query, passages (with their sources) and notes; null on other steps.</summary>
    public KnowledgeRetrieval? Retrieval { get; init; }
}

public enum ChatOutcome
{
    /// <summary>The model gave its answer.</summary>
    Answered,
    /// <summary>The model kept asking for tools past <see cref="ChatLimits.MaxToolRounds"/>.</summary>
    RoundLimitReached,
    /// <summary>A model call failed; <see cref="ChatTurnResult.Error"/> says why.</summary>
    ModelFailed,
}

/// <summary>The outcome of one turn: the answer shown to the person, every step, the tokens and the time of the whole turn.</summary>
public sealed record ChatTurnResult(string Answer, ChatOutcome Outcome, string? Error, IReadOnlyList<ChatStep> Steps, ModelUsage Usage, long LatencyMs)
{
    /// <summary>The tool calls the model asked for (a step telling that a tool was left out of the turn has no call id).</summary>
    public int ToolCallCount => Steps.Count(s => s.Kind == ChatStepKind.Tool && s.ToolCallId is not null);
}
