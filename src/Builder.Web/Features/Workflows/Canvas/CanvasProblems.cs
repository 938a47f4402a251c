using Builder.Domain.Workflows;

namespace Builder.Web.Features.Workflows.Canvas;

/// <summary>The domain's validation of the canvas's flat node list, grouped by node for the badges.</summary>
public sealed record CanvasProblems(IReadOnlyDictionary<string, IReadOnlyList<string>> ByNode, IReadOnlyList<string> General)
{
    private static readonly WorkflowGraphValidator Validator = new();

    public static CanvasProblems Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>(), []);

    public int Count => ByNode.Values.Sum(v => v.Count) + General.Count;

    public IReadOnlyList<string> For(string id) => ByNode.GetValueOrDefault(id) ?? [];

    public static CanvasProblems Check(IReadOnlyList<CanvasNode> nodes, IReadOnlyDictionary<Guid, string> entityTypes)
    {
        if (nodes.Count == 0) return new(new Dictionary<string, IReadOnlyList<string>>(), ["The workflow is empty: add an entity from the palette."]);
        var graph = nodes.Select(n => new WorkflowGraphNode(n.Id, n.ParentId, n.Name, n.EntityId, n.EntityType,
            new NodePresentation(n.Shape, n.X, n.Y))).ToList();
        var problems = Validator.Validate(graph, entityTypes);
        var byNode = problems.Where(p => p.NodeId is not null).GroupBy(p => p.NodeId!)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.Message).Distinct().ToList(), StringComparer.Ordinal);
        return new(byNode, problems.Where(p => p.NodeId is null).Select(p => p.Message).Distinct().ToList());
    }
}
