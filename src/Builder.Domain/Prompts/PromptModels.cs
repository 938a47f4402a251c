using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Builder.Domain.Models;
using Builder.Domain.PromptTemplates;
using Builder.Domain.Sharing;

namespace Builder.Domain.Prompts;

/// <summary>A new prompt or an edit: fields left null keep their value ("" clears the model or the output template).</summary>
public sealed record PromptInput(string? Title, string? Content, Guid? ModelId, string? OutputFormat, string? OutputTemplate);

/// <summary>A prompt as the API answers it (the reference's shape). <see cref="ConcurrencyToken"/> is the ETag, not part of the JSON.</summary>
public sealed record PromptView(
    Guid Id,
    Guid OrganizationId,
    Guid? ModelId,
    NamedRef? Model,
    NamedRef Organization,
    string Title,
    string Content,
    string OutputFormat,
    string? OutputTemplate,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string UpdatedBy,
    [property: JsonIgnore] Guid ConcurrencyToken) : OwnedView
{
    /// <summary>The variables the content uses, in order of first use.</summary>
    public IReadOnlyList<string> Variables => PromptVariables.Names(Content);
}

/// <summary>
/// One run of a prompt. <see cref="Output"/> is the model's answer (for json, pretty-printed when it is valid JSON);
/// <see cref="Json"/> the parsed answer; <see cref="Valid"/> false with <see cref="Problem"/> when a json answer is not JSON of the
/// template's shape. Text prompts are always valid.
/// </summary>
public sealed record PromptRunResult(
    string Output,
    string OutputFormat,
    JsonNode? Json,
    bool Valid,
    string? Problem,
    NamedRef Model,
    ModelUsage Usage,
    long LatencyMs,
    string? FinishReason);

/// <summary>One piece of a streamed prompt run: a text <see cref="Delta"/>, or (last) the <see cref="Result"/> with an empty delta.</summary>
public sealed record PromptRunUpdate(string Delta, PromptRunResult? Result = null);
