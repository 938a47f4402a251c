using static Builder.Domain.Workflows.WorkflowProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// The depth-first walk behind <see cref="WorkflowValidator"/>: an explicit stack (no recursion), object and id
/// identity to catch shared nodes and cycles, and the per-node rules on each node entered.
/// </summary>
internal sealed class WorkflowTreeWalk(WorkflowLimits limits, ProblemCollector problems, IReadOnlyDictionary<Guid, string> entityTypes)
{
    private sealed class Frame(WorkflowNode node, NodeLocation location)
    {
        public WorkflowNode Node { get; } = node;
        public NodeLocation Location { get; } = location;
        public int NextChild { get; set; }
    }

    private readonly HashSet<WorkflowNode> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<WorkflowNode> _onPath = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _idsSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _idsOnPath = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _stack = new();
    private int _count;
    private Frame? _firstOverLimit;

    public void Run(WorkflowNode root)
    {
        Enter(root, NodeLocation.Root);
        while (_stack.Count > 0)
        {
            var frame = _stack.Peek();
            var children = frame.Node.Children ?? [];
            if (frame.NextChild >= children.Count)
            {
                _stack.Pop();
                _onPath.Remove(frame.Node);
                if (frame.Node.Id is { } id) _idsOnPath.Remove(id);
                continue;
            }
            var index = frame.NextChild++;
            var child = children[index];
            var location = frame.Location.Child(index);
            if (IsRepeat(child, location)) continue;
            Enter(child!, location);
        }
        if (_firstOverLimit is { } over)
            problems.Add(over.Location, over.Node.Id, null, TooManyNodes,
                $"The workflow has {_count} nodes; the limit is {limits.MaxNodes}. This is the first node beyond it.");
    }

    private bool IsRepeat(WorkflowNode? child, NodeLocation location)
    {
        string? message = null, code = null;
        if (child is null) (code, message) = (InvalidType, "This child is missing (null).");
        else if (_onPath.Contains(child)) (code, message) = (Cycle, "This node is one of its own ancestors; a workflow must be a tree.");
        else if (_seen.Contains(child)) (code, message) = (SharedNode, "This node already appears elsewhere in the workflow; a node can have only one parent.");
        else if (child.Id is { } id && _idsOnPath.Contains(id)) (code, message) = (Cycle, $"Node '{id}' is one of its own ancestors; a workflow must be a tree.");
        else if (child.Id is { } again && _idsSeen.Contains(again)) (code, message) = (SharedNode, $"Node '{again}' already appears elsewhere in the workflow; a node can have only one parent.");
        if (code is null) return false;
        problems.Add(location, child?.Id, null, code, message!);
        return true;
    }

    private void Enter(WorkflowNode node, NodeLocation location)
    {
        var frame = new Frame(node, location);
        if (++_count == limits.MaxNodes + 1) _firstOverLimit = frame;
        var facts = new NodeFacts(node.Id, node.Name, node.EntityId, node.EntityType, node.Presentation, node.Children?.Count ?? 0);
        NodeChecks.Check(problems, location, facts, entityTypes, limits);
        _seen.Add(node);
        _onPath.Add(node);
        if (node.Id is { } id) { _idsSeen.Add(id); _idsOnPath.Add(id); }
        _stack.Push(frame);
    }
}
