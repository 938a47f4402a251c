using static Builder.Domain.Workflows.WorkflowProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Checks a workflow given as a flat <c>(id, parentId)</c> node list: exactly one root; no node listed twice with a
/// different parent (second parent) or the same one (duplicate id); parents exist; no cycles (each node on a cycle
/// is reported); plus the per-node rules of <see cref="WorkflowValidator"/>. Node paths are <c>$.nodes[i]</c>.
/// Linear in the node count, no recursion. To check a single new link first, use <see cref="WorkflowConnectionRules"/>.
/// </summary>
public sealed class WorkflowGraphValidator(WorkflowLimits? limits = null)
{
    internal const int NoParent = -1, MissingParent = -2;

    /// <summary>The limits this validator applies.</summary>
    public WorkflowLimits Limits { get; } = limits ?? WorkflowLimits.Default;

    /// <summary>Validates <paramref name="nodes"/> against the organization's entities (id → type name).</summary>
    public IReadOnlyList<ValidationProblem> Validate(IReadOnlyList<WorkflowGraphNode> nodes, IReadOnlyDictionary<Guid, string> entityTypes)
    {
        var problems = new ProblemCollector(Limits.MaxProblems);
        var at = new NodeLocation[nodes.Count];
        for (var i = 0; i < nodes.Count; i++) at[i] = NodeLocation.Fixed($"$.nodes[{i}]");

        var byId = IndexIds(nodes, at, problems, out var included);
        var parent = ResolveParents(nodes, at, problems, byId, included);
        CheckRoots(nodes, at, problems, parent, included);
        var depth = ParentLinks.Depths(parent, ParentLinks.FindCycles(nodes, at, problems, parent, included), included);

        var childCount = new int[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
            if (included[i] && parent[i] >= 0) childCount[parent[i]]++;

        var count = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            if (!included[i]) continue;
            var node = nodes[i];
            var facts = new NodeFacts(node.Id, node.Name, node.EntityId, node.EntityType, node.Presentation, childCount[i]);
            NodeChecks.Check(problems, NodeLocation.Fixed(at[i].Path, depth[i]), facts, entityTypes, Limits);
            if (++count == Limits.MaxNodes + 1)
                problems.Add(at[i], node.Id, null, TooManyNodes,
                    $"The workflow has {included.Count(x => x)} nodes; the limit is {Limits.MaxNodes}. This is the first node beyond it.");
        }
        return problems.ToList();
    }

    private static Dictionary<string, int> IndexIds(IReadOnlyList<WorkflowGraphNode> nodes, NodeLocation[] at,
        ProblemCollector problems, out bool[] included)
    {
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        included = new bool[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (string.IsNullOrWhiteSpace(node.Id))
                problems.Add(at[i], null, "id", NodeIdRequired, "The node needs an id.");
            else if (byId.TryGetValue(node.Id, out var first))
            {
                if (SameParent(node.ParentId, nodes[first].ParentId))
                    problems.Add(at[i], node.Id, "id", DuplicateNodeId, $"{Label(node)} has the same id as {Label(nodes[first])}.");
                else
                    problems.Add(at[i], node.Id, "parentId", SecondParent,
                        $"{Label(node)} already has parent {ParentLabel(nodes, nodes[first].ParentId)}; it cannot also have parent {ParentLabel(nodes, node.ParentId)}.");
            }
            else
            {
                byId[node.Id] = i;
                included[i] = true;
            }
        }
        return byId;
    }

    private static int[] ResolveParents(IReadOnlyList<WorkflowGraphNode> nodes, NodeLocation[] at, ProblemCollector problems,
        Dictionary<string, int> byId, bool[] included)
    {
        var parent = new int[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            var parentId = nodes[i].ParentId;
            if (string.IsNullOrEmpty(parentId)) parent[i] = NoParent;
            else if (byId.TryGetValue(parentId, out var p)) parent[i] = p;
            else
            {
                parent[i] = MissingParent;
                if (included[i]) problems.Add(at[i], nodes[i].Id, "parentId", UnknownParent, $"The parent of {Label(nodes[i])} is not a node of this workflow.");
            }
        }
        return parent;
    }

    private static void CheckRoots(IReadOnlyList<WorkflowGraphNode> nodes, NodeLocation[] at, ProblemCollector problems,
        int[] parent, bool[] included)
    {
        int? root = null;
        for (var i = 0; i < nodes.Count; i++)
        {
            if (!included[i] || parent[i] != NoParent) continue;
            if (root is null) root = i;
            else problems.Add(at[i], nodes[i].Id, "parentId", MultipleRoots,
                $"Only one node may have no parent, and {Label(nodes[root.Value])} already is the root.");
        }
        if (root is null)
            problems.Add(NodeLocation.Fixed("$"), null, null, MissingRoot,
                nodes.Count == 0 ? "The workflow has no nodes." : "Every node has a parent, so there is no root.");
    }

    private static bool SameParent(string? a, string? b) =>
        string.Equals(string.IsNullOrEmpty(a) ? null : a, string.IsNullOrEmpty(b) ? null : b, StringComparison.Ordinal);

    /// <summary>How a message names a node: by the name a person gave it, never by its internal id.</summary>
    internal static string Label(WorkflowGraphNode node) => string.IsNullOrWhiteSpace(node.Name) ? "a node without a name" : $"'{node.Name}'";

    private static string ParentLabel(IReadOnlyList<WorkflowGraphNode> nodes, string? parentId)
    {
        if (string.IsNullOrEmpty(parentId)) return "none (it is a root)";
        foreach (var node in nodes)
            if (node.Id == parentId) return Label(node);
        return "a node that is not in this workflow";
    }
}
