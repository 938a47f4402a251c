using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>The outcome of <see cref="WorkflowDryRunner.Run(WorkflowData, IReadOnlyDictionary{Guid, WorkflowEntityDefinition}, JsonNode?)"/>.</summary>
/// <param name="Steps">Every node visited, in the order visited (depth-first, children in order) — the path taken.</param>
/// <param name="Completed">False when the run was cut short (step, depth or time budget, unreadable message); <see cref="Message"/> says why.</param>
/// <param name="Message">Why the run was cut short, or null.</param>
public sealed record DryRunResult(IReadOnlyList<DryRunStep> Steps, bool Completed, string? Message = null)
{
    /// <summary>The visited nodes' ids (or paths when a node has no id), in order — what a canvas highlights.</summary>
    public IReadOnlyList<string> PathTaken => Steps.Select(s => s.NodeId ?? s.NodePath).ToArray();
}
