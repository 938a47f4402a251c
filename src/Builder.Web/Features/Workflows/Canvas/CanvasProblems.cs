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
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(Text).Distinct().ToList(), StringComparer.Ordinal);
        return new(byNode, problems.Where(p => p.NodeId is null).Select(Text).Distinct().ToList());
    }

    // The per-node rules are shared with the API, whose messages name an entity by its id (the API's caller has the
    // ids); on the canvas the problem sits on the node itself, so it reads without the id.
    private static string Text(ValidationProblem problem) => problem.Code switch
    {
        WorkflowProblemCodes.UnknownEntity => "The node's entity does not exist in this organization (it may have been deleted).",
        WorkflowProblemCodes.EntityTypeMismatch => "The node's entity type differs from the entity's own type: add the entity again from the palette.",
        _ => problem.Message,
    };
}
