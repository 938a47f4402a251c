namespace Builder.Domain.PromptTemplates.Execution;

/// <summary>
/// One run of a prompt template, successful or not: the version, the model (id and the name it had then), the inputs, the
/// output or the error, tokens, latency, who and when. Never holds a credential. Deleted with its template.
/// </summary>
public sealed class PromptExecution
{
    public const int ErrorMax = 2000;
    public const int FinishReasonMax = 64;

    /// <summary>The most characters of output a record keeps (the run's own answer to its caller is whole); longer is cut and flagged.</summary>
    public const int OutputMax = 65_536;

    /// <summary>The most characters of inputs JSON a record keeps; longer values are cut (the JSON stays valid) and flagged.</summary>
    public const int InputsMax = 65_536;

    /// <summary>The most characters of output (and of inputs JSON) each entry of the execution list carries; the single record has all that is stored.</summary>
    public const int ListTextMax = 4_000;

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

    /// <summary>The output was longer than <see cref="OutputMax"/> and only its start is kept.</summary>
    public bool OutputTruncated { get; set; }

    /// <summary>The inputs JSON was longer than <see cref="InputsMax"/>: long values are kept cut (as strings), and values that did not fit are left out.</summary>
    public bool InputsTruncated { get; set; }

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
