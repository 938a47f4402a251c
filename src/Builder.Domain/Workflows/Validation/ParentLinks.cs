using static Builder.Domain.Workflows.WorkflowProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Cycle and depth finding over a parent-index array (<c>parent[i]</c> is the index of node i's parent, or negative
/// for none), for <see cref="WorkflowGraphValidator"/>. Iterative and linear.
/// </summary>
internal static class ParentLinks
{
    /// <summary>Reports each node on a parent cycle; returns which nodes are on or under one.</summary>
    public static bool[] FindCycles(IReadOnlyList<WorkflowGraphNode> nodes, NodeLocation[] at, ProblemCollector problems,
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
                var loop = string.Join(" → ", members.Append(current).Take(12).Select(m => WorkflowGraphValidator.Label(nodes[m])));
                foreach (var m in members)
                {
                    cyclic[m] = true;
                    problems.Add(at[m], nodes[m].Id, "parentId", Cycle, $"{Capital(WorkflowGraphValidator.Label(nodes[m]))} is its own ancestor: {loop}.");
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

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Depth from the root (1), or from the top of a detached branch; 0 for nodes on or under a cycle.</summary>
    public static int[] Depths(int[] parent, bool[] cyclic, bool[] included)
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
}
