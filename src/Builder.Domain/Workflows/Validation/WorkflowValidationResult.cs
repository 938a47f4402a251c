namespace Builder.Domain.Workflows;

/// <summary>The outcome of validating <c>workflowData</c> JSON: the tree as read (when a root was found) and every problem.</summary>
public sealed record WorkflowValidationResult(WorkflowData? Data, IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>True when the workflow can be saved.</summary>
    public bool IsValid => Data is not null && Problems.Count == 0;
}
