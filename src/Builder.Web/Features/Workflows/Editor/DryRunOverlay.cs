using Builder.Domain.Workflows;

namespace Builder.Web.Features.Workflows.Editor;

/// <summary>How a dry run shows on the canvas: each node it reached gets the state of its last step.</summary>
public static class DryRunOverlay
{
    /// <summary>Node id → on-path, stopped or failed.</summary>
    public static IReadOnlyDictionary<string, string> States(DryRunResult result) =>
        result.Steps.Where(s => s.NodeId is not null).GroupBy(s => s.NodeId!).ToDictionary(g => g.Key, g => g.Last().Outcome switch
        {
            DryRunOutcome.Continued => "on-path",
            DryRunOutcome.Stopped => "stopped",
            _ => "failed",
        });
}
