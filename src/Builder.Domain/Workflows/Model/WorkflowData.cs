namespace Builder.Domain.Workflows;

/// <summary>
/// A workflow's saved tree, the <c>workflowData</c> document: <c>{ "root": { …node… } }</c>.
/// Build it with <see cref="WorkflowDataParser"/> and check it with <see cref="WorkflowValidator"/>.
/// </summary>
public sealed record WorkflowData(WorkflowNode Root);
