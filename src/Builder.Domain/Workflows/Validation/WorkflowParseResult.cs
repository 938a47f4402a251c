namespace Builder.Domain.Workflows;

/// <summary>
/// What <see cref="WorkflowDataParser"/> read. <see cref="Data"/> is a best-effort tree whenever a root object
/// was found — fields it could not read hold placeholders (empty name, <see cref="Guid.Empty"/>, NaN) and are
/// listed in <see cref="Problems"/> — so validation can still report everything else.
/// </summary>
public sealed record WorkflowParseResult(WorkflowData? Data, IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>True when the document was read without a structural problem.</summary>
    public bool IsValid => Data is not null && Problems.Count == 0;
}
