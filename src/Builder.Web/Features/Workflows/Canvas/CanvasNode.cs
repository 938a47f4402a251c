namespace Builder.Web.Features.Workflows.Canvas;

/// <summary>
/// One node as the canvas keeps it: flat, naming its parent (null for a root or a node not yet connected).
/// Children of a node are the nodes naming it, in list order. Positions are the node's centre in canvas units.
/// </summary>
public sealed record CanvasNode(string Id, string? ParentId, string Name, Guid EntityId, string EntityType, string Shape, double X, double Y);

/// <summary>Where a moved node ended up (what the JS module reports when a drag ends).</summary>
public sealed record NodePosition(string Id, double X, double Y);

/// <summary>Node size and spacing shared by the components, the layout and the JS module (which reads them from the DOM).</summary>
public static class CanvasGeometry
{
    public const double NodeWidth = 170;
    public const double NodeHeight = 56;
    public const double HalfWidth = NodeWidth / 2;
    public const double HalfHeight = NodeHeight / 2;

    /// <summary>A curved parent→child link from the parent's output port (bottom) to the child's top.</summary>
    public static string LinkPath(double px, double py, double cx, double cy)
    {
        var (x1, y1, x2, y2) = (px, py + HalfHeight, cx, cy - HalfHeight);
        var bend = Math.Max(40, Math.Abs(y2 - y1) / 2);
        return FormattableString.Invariant($"M{x1:0.#},{y1:0.#} C{x1:0.#},{y1 + bend:0.#} {x2:0.#},{y2 - bend:0.#} {x2:0.#},{y2:0.#}");
    }
}
