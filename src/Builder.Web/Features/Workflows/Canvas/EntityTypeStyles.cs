using Builder.Domain.WorkflowEntities;

namespace Builder.Web.Features.Workflows.Canvas;

/// <summary>How each entity type is drawn (its shape and colour are data, editable by a System user).</summary>
public sealed class EntityTypeStyles(IEnumerable<WorkflowEntityTypeView> types)
{
    public static readonly string[] Shapes = WorkflowEntityType.Shapes;
    private readonly Dictionary<string, WorkflowEntityTypeView> _byName =
        types.GroupBy(t => t.Name.Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    public string Color(string entityType) => _byName.GetValueOrDefault(entityType.Trim())?.Color ?? "#607d8b";

    public string Shape(string entityType) => _byName.GetValueOrDefault(entityType.Trim())?.Shape ?? "rectangle";

    /// <summary>The node's own presentation.type when it is a known shape, else its type's shape.</summary>
    public string ShapeOf(CanvasNode node) => Shapes.Contains(node.Shape, StringComparer.OrdinalIgnoreCase) ? node.Shape.ToLowerInvariant() : Shape(node.EntityType);

    /// <summary>The type's display name ("Event"), whatever case the node uses.</summary>
    public string DisplayName(string entityType) => _byName.GetValueOrDefault(entityType.Trim())?.Name ?? entityType;
}
