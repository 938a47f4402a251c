using static Builder.Domain.Workflows.WorkflowProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Decides whether the canvas may link two nodes of a flat <see cref="WorkflowGraphNode"/> list, so a refused
/// connection can show its reason before anything changes.
/// </summary>
public static class WorkflowConnectionRules
{
    /// <summary>
    /// Whether linking <paramref name="parentId"/> → <paramref name="childId"/> keeps the workflow a tree.
    /// Returns the reason it would not (cycle, second parent, child under a Result, unknown node), or null when the
    /// link is allowed (or already exists).
    /// </summary>
    public static ValidationProblem? Check(IReadOnlyList<WorkflowGraphNode> nodes, string parentId, string childId)
    {
        var byId = new Dictionary<string, (WorkflowGraphNode Node, int Index)>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++) byId.TryAdd(nodes[i].Id, (nodes[i], i));
        if (!byId.TryGetValue(childId, out var child))
            return new ValidationProblem("$", childId, null, UnknownParent, "That node is no longer on the canvas.");
        ValidationProblem Refuse(string code, string message) => new($"$.nodes[{child.Index}]", childId, null, code, message);
        if (!byId.TryGetValue(parentId, out var parent)) return Refuse(UnknownParent, "The node to link from is no longer on the canvas.");
        if (parentId == childId) return Refuse(Cycle, "A node cannot be its own child.");
        if (!string.IsNullOrEmpty(child.Node.ParentId))
            return child.Node.ParentId == parentId ? null
                : Refuse(SecondParent, $"'{child.Node.Name}' already has a parent; a node can have only one. Remove that link first.");
        if (WorkflowEntityTypes.IsResult(parent.Node.EntityType))
            return Refuse(ResultHasChildren, $"'{parent.Node.Name}' is a Result node; a Result ends its branch and cannot have children.");

        var visited = new HashSet<string>(StringComparer.Ordinal);
        for (var up = parent.Node; up is not null && visited.Add(up.Id);
             up = string.IsNullOrEmpty(up.ParentId) ? null : byId.GetValueOrDefault(up.ParentId).Node)
        {
            if (up.Id == childId)
                return Refuse(Cycle, $"'{child.Node.Name}' is an ancestor of '{parent.Node.Name}'; linking them would make a cycle.");
        }
        return null;
    }
}
