namespace Builder.Web.Features.Workflows.Canvas;

/// <summary>
/// One node as the canvas keeps it: flat, naming its parent (null for a root or a node not yet connected).
/// Children of a node are the nodes naming it, in list order. Positions are the node's centre in canvas units.
/// </summary>
public sealed record CanvasNode(string Id, string? ParentId, string Name, Guid EntityId, string EntityType, string Shape, double X, double Y);

/// <summary>Where a moved node ended up (what the JS module reports when a drag ends).</summary>
public sealed record NodePosition(string Id, double X, double Y);

/// <summary>
/// Node size and spacing, in one place: the components draw with them, the layout spaces with them, and the JS module
/// receives them at start-up (<see cref="ForScript"/>) instead of keeping a copy.
/// </summary>
public static class CanvasGeometry
{
    public const double NodeWidth = 170;
    public const double NodeHeight = 56;
    public const double HalfWidth = NodeWidth / 2;
    public const double HalfHeight = NodeHeight / 2;
    /// <summary>The least vertical pull of a link's curve.</summary>
    public const double LinkBend = 40;
    public const double PortRadius = 7;
    /// <summary>How far a pasted or dropped node moves, per step, off a node it would otherwise sit on.</summary>
    public const double StackOffset = 24;

    /// <summary>The outline of each shape, centred on the node's position.</summary>
    public static string Outline(string shape) => shape switch
    {
        "diamond" => FormattableString.Invariant($"0,{-HalfHeight - 6} {HalfWidth + 11},0 0,{HalfHeight + 6} {-HalfWidth - 11},0"),
        "hexagon" => FormattableString.Invariant($"{-HalfWidth},0 {-HalfWidth + 19},{-HalfHeight} {HalfWidth - 19},{-HalfHeight} {HalfWidth},0 {HalfWidth - 19},{HalfHeight} {-HalfWidth + 19},{HalfHeight}"),
        _ => "",
    };

    /// <summary>
    /// Below this zoom the nodes' texts are not drawn (13 px labels would be under 5 px on screen): the canvas then has no
    /// SVG text to lay out again when the zoom changes. The browser lays out every SVG text again on any change of scale
    /// (its glyphs are sized for the screen), which at 2,000 nodes was most of the frame that draws an auto-layout and
    /// of every wheel step. The canvas starts without them (<c>wf-far</c>) until the first fit says otherwise.
    /// </summary>
    public const double LabelMinZoom = 0.4;

    /// <summary>What the JS module needs to draw links and place the connect line while a gesture runs.</summary>
    public static object ForScript { get; } = new { halfWidth = HalfWidth, halfHeight = HalfHeight, linkBend = LinkBend, labelMinZoom = LabelMinZoom };

    /// <summary>A curved parent→child link from the parent's output port (bottom) to the child's top.</summary>
    public static string LinkPath(double px, double py, double cx, double cy)
    {
        var (x1, y1, x2, y2) = (px, py + HalfHeight, cx, cy - HalfHeight);
        var bend = Math.Max(LinkBend, Math.Abs(y2 - y1) / 2);
        return FormattableString.Invariant($"M{x1:0.#},{y1:0.#} C{x1:0.#},{y1 + bend:0.#} {x2:0.#},{y2 - bend:0.#} {x2:0.#},{y2:0.#}");
    }
}
