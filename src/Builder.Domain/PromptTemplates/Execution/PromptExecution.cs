namespace Builder.Domain.PromptTemplates.Execution;

/// <summary>
/// One run of a prompt template, successful or not: the version, the model (id and the name it had then), the inputs, the
/// output or the error, tokens, latency, who and when. Never holds a credential. Deleted with its template.
/// </summary>
public sealed class PromptExecution
{
    public const int ErrorMax = 2000;
    public const int FinishReasonMax = 64;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PromptTemplateId { get; set; }
    public Guid OrganizationId { get; set; }
    public int Version { get; set; }
    public Guid ModelId { get; set; }
    public string ModelName { get; set; } = "";

    /// <summary>The variable set chosen by name, if any.</summary>
    public string? VariableSet { get; set; }

    /// <summary>The values substituted (the set's merged with the request's), as a JSON object.</summary>
    public string InputsJson { get; set; } = "{}";

    public bool Succeeded { get; set; }
    /// <summary>The output; for a streamed run that failed midway, the words that arrived before the failure (or null).</summary>
    public string? Output { get; set; }

    /// <summary>The reason a person reads (the gateway's, never carrying a credential).</summary>
    public string? Error { get; set; }
    public string? FinishReason { get; set; }
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
    public long LatencyMs { get; set; }
    public bool Streamed { get; set; }
    public string ExecutedBy { get; set; } = "";
    public DateTime ExecutedAt { get; set; }
}
