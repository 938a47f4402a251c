using System.Text.Json;
using System.Text.Json.Nodes;
using static Builder.Domain.Workflows.WorkflowProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Checks a workflow tree: one root; every entity exists in the organization and has the type the node claims;
/// each node appears once (no shared nodes, no cycles — by object or by <see cref="WorkflowNode.Id"/>); node count,
/// depth and name length within <see cref="WorkflowLimits"/>; finite positions; Result nodes are leaves.
/// Every problem is returned, each tied to its node. The walk is iterative and linear in the node count.
/// For a flat <c>(id, parentId)</c> node list use <see cref="WorkflowGraphValidator"/>.
/// </summary>
public sealed class WorkflowValidator(WorkflowLimits? limits = null)
{
    /// <summary>The limits this validator applies.</summary>
    public WorkflowLimits Limits { get; } = limits ?? WorkflowLimits.Default;

    /// <summary>Parses and validates <c>workflowData</c> JSON text against the organization's entities (id → type name).</summary>
    public WorkflowValidationResult ValidateJson(string? json, IReadOnlyDictionary<Guid, string> entityTypes) =>
        Combine(WorkflowDataParser.Parse(json, Limits), entityTypes);

    /// <summary>Parses and validates a <c>workflowData</c> element.</summary>
    public WorkflowValidationResult ValidateJson(JsonElement json, IReadOnlyDictionary<Guid, string> entityTypes) =>
        Combine(WorkflowDataParser.Parse(json), entityTypes);

    /// <summary>Parses and validates a <c>workflowData</c> node.</summary>
    public WorkflowValidationResult ValidateJson(JsonNode? json, IReadOnlyDictionary<Guid, string> entityTypes) =>
        Combine(WorkflowDataParser.Parse(json, Limits), entityTypes);

    /// <summary>Validates a tree against the organization's entities (id → type name).</summary>
    public IReadOnlyList<ValidationProblem> Validate(WorkflowData? workflow, IReadOnlyDictionary<Guid, string> entityTypes)
    {
        var problems = new ProblemCollector(Limits.MaxProblems);
        if (workflow?.Root is null)
        {
            problems.Add(NodeLocation.Fixed("$"), null, null, MissingRoot, "The workflow has no root node.");
            return problems.ToList();
        }
        new TreeWalk(this, problems, entityTypes).Run(workflow.Root);
        return problems.ToList();
    }

    private WorkflowValidationResult Combine(WorkflowParseResult parsed, IReadOnlyDictionary<Guid, string> entityTypes)
    {
        if (parsed.Data is null) return new WorkflowValidationResult(null, parsed.Problems);
        var reported = parsed.Problems.Select(p => p.Location).ToHashSet(StringComparer.Ordinal);
        var more = Validate(parsed.Data, entityTypes).Where(p => !AlreadyReported(p, reported));
        return new WorkflowValidationResult(parsed.Data, [.. parsed.Problems, .. more]);
    }

    /// <summary>True when the parser already reported this field or a field containing it (so a bad GUID is not also "unknown").</summary>
    private static bool AlreadyReported(ValidationProblem problem, HashSet<string> reported)
    {
        if (problem.Field is null) return false;
        var location = problem.Location;
        while (location.Length > problem.NodePath.Length)
        {
            if (reported.Contains(location)) return true;
            location = location[..location.LastIndexOf('.')];
        }
        return false;
    }

    private sealed class TreeWalk(WorkflowValidator validator, ProblemCollector problems, IReadOnlyDictionary<Guid, string> entityTypes)
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
                    $"The workflow has {_count} nodes; the limit is {validator.Limits.MaxNodes}. This is the first node beyond it.");
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
            if (++_count == validator.Limits.MaxNodes + 1) _firstOverLimit = frame;
            var facts = new NodeFacts(node.Id, node.Name, node.EntityId, node.EntityType, node.Presentation, node.Children?.Count ?? 0);
            NodeChecks.Check(problems, location, facts, entityTypes, validator.Limits);
            _seen.Add(node);
            _onPath.Add(node);
            if (node.Id is { } id) { _idsSeen.Add(id); _idsOnPath.Add(id); }
            _stack.Push(frame);
        }
    }
}
