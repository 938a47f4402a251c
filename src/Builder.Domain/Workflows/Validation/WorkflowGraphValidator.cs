using static Builder.Domain.Workflows.WorkflowProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Checks a workflow given as a flat <c>(id, parentId)</c> node list: exactly one root; no node listed twice with a
/// different parent (second parent) or the same one (duplicate id); parents exist; no cycles (each node on a cycle
/// is reported); plus the per-node rules of <see cref="WorkflowValidator"/>. Node paths are <c>$.nodes[i]</c>.
/// Linear in the node count, no recursion.
/// </summary>
public sealed class WorkflowGraphValidator(WorkflowLimits? limits = null)
{
    private const int NoParent = -1, MissingParent = -2;

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
        var depth = Depths(parent, FindCycles(nodes, at, problems, parent, included), included);

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

    /// <summary>
    /// Whether linking <paramref name="parentId"/> → <paramref name="childId"/> keeps the workflow a tree.
    /// Returns the reason it would not (cycle, second parent, child under a Result, unknown node), or null when the
    /// link is allowed (or already exists).
    /// </summary>
    public static ValidationProblem? CheckConnection(IReadOnlyList<WorkflowGraphNode> nodes, string parentId, string childId)
    {
        var byId = new Dictionary<string, (WorkflowGraphNode Node, int Index)>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++) byId.TryAdd(nodes[i].Id, (nodes[i], i));
        if (!byId.TryGetValue(childId, out var child))
            return new ValidationProblem("$", childId, null, UnknownParent, $"There is no node '{childId}'.");
        ValidationProblem Refuse(string code, string message) => new($"$.nodes[{child.Index}]", childId, null, code, message);
        if (!byId.TryGetValue(parentId, out var parent)) return Refuse(UnknownParent, $"There is no node '{parentId}'.");
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
                    problems.Add(at[i], node.Id, "id", DuplicateNodeId, $"Node id '{node.Id}' is already used by {at[first].Path}.");
                else
                    problems.Add(at[i], node.Id, "parentId", SecondParent,
                        $"Node '{node.Id}' already has parent {Show(nodes[first].ParentId)}; it cannot also have parent {Show(node.ParentId)}.");
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
                if (included[i]) problems.Add(at[i], nodes[i].Id, "parentId", UnknownParent, $"Parent '{parentId}' is not a node of this workflow.");
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
                $"Only one node may have no parent, and '{nodes[root.Value].Id}' already is the root.");
        }
        if (root is null)
            problems.Add(NodeLocation.Fixed("$"), null, null, MissingRoot,
                nodes.Count == 0 ? "The workflow has no nodes." : "Every node has a parent, so there is no root.");
    }

    /// <summary>Reports each node on a parent cycle; returns which nodes are on or under one.</summary>
    private static bool[] FindCycles(IReadOnlyList<WorkflowGraphNode> nodes, NodeLocation[] at, ProblemCollector problems,
        int[] parent, bool[] included)
    {
        const byte Unvisited = 0, InProgress = 1, Done = 2;
        var state = new byte[nodes.Count];
        var cyclic = new bool[nodes.Count];
        var chain = new List<int>();
        for (var start = 0; start < nodes.Count; start++)
        {
            if (!included[start] || state[start] != Unvisited) continue;
            chain.Clear();
            var current = start;
            while (current >= 0 && state[current] == Unvisited)
            {
                state[current] = InProgress;
                chain.Add(current);
                current = parent[current];
            }
            var underCycle = current >= 0 && cyclic[current];
            if (current >= 0 && state[current] == InProgress)
            {
                var members = chain.GetRange(chain.IndexOf(current), chain.Count - chain.IndexOf(current));
                var loop = string.Join(" → ", members.Append(current).Take(12).Select(m => $"'{nodes[m].Id}'"));
                foreach (var m in members)
                {
                    cyclic[m] = true;
                    problems.Add(at[m], nodes[m].Id, "parentId", Cycle, $"Node '{nodes[m].Id}' is its own ancestor: {loop}.");
                }
                underCycle = true;
            }
            foreach (var m in chain)
            {
                state[m] = Done;
                if (underCycle) cyclic[m] = true;
            }
        }
        return cyclic;
    }

    /// <summary>Depth from the root (1), or from the top of a detached branch; 0 for nodes on or under a cycle.</summary>
    private static int[] Depths(int[] parent, bool[] cyclic, bool[] included)
    {
        var depth = new int[parent.Length];
        var chain = new Stack<int>();
        for (var start = 0; start < parent.Length; start++)
        {
            if (!included[start] || cyclic[start] || depth[start] > 0) continue;
            var current = start;
            while (current >= 0 && depth[current] == 0) { chain.Push(current); current = parent[current]; }
            var known = current >= 0 ? depth[current] : 0;
            while (chain.Count > 0) depth[chain.Pop()] = ++known;
        }
        return depth;
    }

    private static bool SameParent(string? a, string? b) =>
        string.Equals(string.IsNullOrEmpty(a) ? null : a, string.IsNullOrEmpty(b) ? null : b, StringComparison.Ordinal);

    private static string Show(string? parentId) => string.IsNullOrEmpty(parentId) ? "none (it is a root)" : $"'{parentId}'";
}
