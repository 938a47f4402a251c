namespace Builder.Domain.Workflows;

/// <summary>One visited node of a dry run with the visited nodes under it: the path taken, as the tree it is.</summary>
public sealed record DryRunPathNode(DryRunStep Step, IReadOnlyList<DryRunPathNode> Children);

/// <summary>Turns a dry run's steps (depth-first order) into the tree of the path taken, and says in words where it ended.</summary>
public static class DryRunPath
{
    /// <summary>The root's node with every visited descendant under its parent; null when nothing was visited.</summary>
    public static DryRunPathNode? Tree(DryRunResult result)
    {
        if (result.Steps.Count == 0) return null;
        var children = result.Steps.ToDictionary(s => s.NodePath, _ => new List<DryRunPathNode>());
        var nodes = new Dictionary<string, DryRunPathNode>();
        // Build bottom-up: a step's children all come after it in depth-first order.
        for (var i = result.Steps.Count - 1; i >= 0; i--)
        {
            var step = result.Steps[i];
            var node = new DryRunPathNode(step, Enumerable.Reverse(children[step.NodePath]).ToList());
            nodes[step.NodePath] = node;
            if (ParentPath(step.NodePath) is { } parent && children.TryGetValue(parent, out var siblings)) siblings.Add(node);
        }
        return nodes.GetValueOrDefault(result.Steps[0].NodePath);
    }

    /// <summary>
    /// A sentence when the walk ended at the root — "Stopped at the root: its condition was false" — or null when it
    /// went further (or nothing was visited).
    /// </summary>
    public static string? StoppedAtRoot(DryRunResult result) => result.Steps is [var root] ? root.Outcome switch
    {
        DryRunOutcome.Stopped => "Stopped at the root: its condition was false.",
        DryRunOutcome.Failed => $"Stopped at the root: {root.Message}",
        _ => null,
    } : null;

    private static string? ParentPath(string path)
    {
        var cut = path.LastIndexOf(".children[", StringComparison.Ordinal);
        return cut < 0 ? null : path[..cut];
    }
}
