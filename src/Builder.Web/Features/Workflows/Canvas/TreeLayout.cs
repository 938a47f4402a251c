namespace Builder.Web.Features.Workflows.Canvas;

/// <summary>
/// A tidy top-down tree layout: each leaf takes the next horizontal slot, each parent is centred over its first
/// and last child, and each depth is one row. Subtrees occupy disjoint ranges of slots, so no two nodes overlap,
/// children keep their order, and parents sit above their children. Several roots (a canvas with nodes not yet
/// connected) are laid out side by side. Linear in the node count and iterative (deep trees cannot overflow).
/// </summary>
public static class TreeLayout
{
    public const double ColumnWidth = CanvasGeometry.NodeWidth + 40;
    public const double RowHeight = CanvasGeometry.NodeHeight + 84;

    public static IReadOnlyList<NodePosition> Arrange(IReadOnlyList<CanvasNode> nodes, double originX = 0, double originY = 0)
    {
        var ids = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var children = nodes.Where(n => n.ParentId is not null && ids.Contains(n.ParentId))
            .GroupBy(n => n.ParentId!).ToDictionary(g => g.Key, g => g.Select(n => n.Id).ToList(), StringComparer.Ordinal);
        var roots = nodes.Where(n => n.ParentId is null || !ids.Contains(n.ParentId)).Select(n => n.Id).ToList();

        var x = new Dictionary<string, double>(StringComparer.Ordinal);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        var nextSlot = 0;
        foreach (var root in roots.Concat(nodes.Select(n => n.Id)))
        {
            // Post-order without recursion: a node is placed after all its children.
            if (x.ContainsKey(root)) continue;
            var stack = new Stack<(string Id, int Depth, bool Expanded)>();
            stack.Push((root, 0, false));
            while (stack.Count > 0)
            {
                var (id, d, expanded) = stack.Pop();
                if (x.ContainsKey(id)) continue; // a cycle in bad data: place each node once
                var kids = children.GetValueOrDefault(id)?.Where(k => !x.ContainsKey(k)).ToList() ?? [];
                if (!expanded && kids.Count > 0)
                {
                    stack.Push((id, d, true));
                    for (var i = kids.Count - 1; i >= 0; i--) stack.Push((kids[i], d + 1, false));
                    continue;
                }
                depth[id] = d;
                var placed = children.GetValueOrDefault(id)?.Where(x.ContainsKey).ToList() ?? [];
                x[id] = placed.Count == 0 ? nextSlot++ * ColumnWidth : (x[placed[0]] + x[placed[^1]]) / 2;
            }
        }
        return nodes.Select(n => new NodePosition(n.Id, originX + x[n.Id], originY + depth[n.Id] * RowHeight)).ToList();
    }
}
