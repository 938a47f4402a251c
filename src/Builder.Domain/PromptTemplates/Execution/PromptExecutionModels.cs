using System.Text.Json.Nodes;
using Builder.Domain.Models;

namespace Builder.Domain.PromptTemplates.Execution;

/// <summary>
/// What to run: the values come from <see cref="VariableSet"/> (a set of the chosen version, by name) with <see cref="Values"/>
/// over them; the content is the current version's, or <see cref="Version"/>'s, or <see cref="Label"/>'s; the model is
/// <see cref="ModelId"/> (the organization's or a visible system model), by default the version's.
/// </summary>
public sealed record PromptExecutionRequest(
    string? VariableSet = null,
    IReadOnlyDictionary<string, JsonNode?>? Values = null,
    int? Version = null,
    string? Label = null,
    Guid? ModelId = null);

/// <summary>A finished run: the API's <c>{ output, model {id, name}, version, usage, latencyMs, finishReason }</c> and the record's id.</summary>
public sealed record PromptExecutionResult(
    Guid ExecutionId,
    string Output,
    NamedRef Model,
    int Version,
    ModelUsage Usage,
    long LatencyMs,
    string? FinishReason);

/// <summary>One piece of a streamed run: a text <see cref="Delta"/>, or (last) the <see cref="Result"/> with an empty delta.</summary>
public sealed record PromptExecutionUpdate(string Delta, long ElapsedMs, PromptExecutionResult? Result = null)
{
    public bool IsFinal => Result is not null;
}

/// <summary>
/// A recorded run. <see cref="OutputTruncated"/>/<see cref="InputsTruncated"/>: the record itself keeps only the start (see
/// <see cref="PromptExecution.OutputMax"/>); <see cref="Shortened"/>: this list entry carries less than the record (output and
/// inputs cut to <see cref="PromptExecution.ListTextMax"/>), and <c>GET …/executions/{executionId}</c> returns all of it.
/// </summary>
public sealed record PromptExecutionView(
    Guid Id,
    int Version,
    NamedRef Model,
    string? VariableSet,
    JsonNode? Inputs,
    bool Succeeded,
    string? Output,
    string? Error,
    ModelUsage Usage,
    long LatencyMs,
    string? FinishReason,
    bool Streamed,
    string ExecutedBy,
    DateTime ExecutedAt,
    bool OutputTruncated = false,
    bool InputsTruncated = false,
    bool Shortened = false);

/// <summary>
/// What analyze-sentiment substitutes into the prompt text (a variable set by name and/or values; none: the raw text) and
/// which analyzer scores it: <see cref="SentimentAnalyzers.Lexicon"/> (the default) or <see cref="SentimentAnalyzers.Model"/>.
/// </summary>
public sealed record PromptSentimentRequest(string? VariableSet = null, IReadOnlyDictionary<string, JsonNode?>? Values = null, string? Analyzer = null);

/// <summary>The analyzers analyze-sentiment offers, as the API names them.</summary>
public static class SentimentAnalyzers
{
    /// <summary>The embedded word-valence lexicon: local, no model.</summary>
    public const string Lexicon = "lexicon";
    /// <summary>The template's model, with a structured-output request.</summary>
    public const string Model = "model";
}

/// <summary>
/// The model failed (refused token, 5xx, timeout, not OpenAI-compatible, …). <see cref="Exception.Message"/> is the reason a
/// person reads, with no credential; the API answers 502 with it. The run is recorded as <see cref="ExecutionId"/>.
/// </summary>
public sealed class PromptExecutionException(string reason, ModelFailure failure, int? statusCode, Guid executionId) : Exception(reason)
{
    public ModelFailure Failure { get; } = failure;
    public int? StatusCode { get; } = statusCode;
    public Guid ExecutionId { get; } = executionId;
}
