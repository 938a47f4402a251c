namespace Builder.Web.Features.Workflows.Canvas;

/// <summary>
/// Where nodes sit, hashed into node-sized cells, to move new nodes (pasted, dropped, added) off the ones already there:
/// a node "sits on" another when their centres are closer than half a node in both directions.
/// </summary>
public sealed class CanvasOccupancy
{
    private const int MaxSteps = 200;
    private readonly Dictionary<(long, long), List<(double X, double Y)>> _cells = [];

    public CanvasOccupancy(IEnumerable<CanvasNode> nodes)
    {
        foreach (var node in nodes) Add(node.X, node.Y);
    }

    public void Add(double x, double y)
    {
        var cell = Cell(x, y);
        if (!_cells.TryGetValue(cell, out var list)) _cells[cell] = list = [];
        list.Add((x, y));
    }

    public bool IsTaken(double x, double y)
    {
        var (cx, cy) = Cell(x, y);
        for (var i = cx - 1; i <= cx + 1; i++)
            for (var j = cy - 1; j <= cy + 1; j++)
                if (_cells.TryGetValue((i, j), out var list))
                    foreach (var (ox, oy) in list)
                        if (Math.Abs(ox - x) < CanvasGeometry.HalfWidth && Math.Abs(oy - y) < CanvasGeometry.HalfHeight) return true;
        return false;
    }

    /// <summary>
    /// The offset, in steps down and to the right, that puts none of <paramref name="positions"/> on a node already there
    /// (zero when none is; the last step tried when the canvas is packed beyond it).
    /// </summary>
    public (double Dx, double Dy) Offset(IReadOnlyCollection<(double X, double Y)> positions)
    {
        var step = 0d;
        for (var i = 0; i < MaxSteps && positions.Any(p => IsTaken(p.X + step, p.Y + step)); i++) step += CanvasGeometry.StackOffset;
        return (step, step);
    }

    private static (long, long) Cell(double x, double y) =>
        ((long)Math.Floor(x / CanvasGeometry.NodeWidth), (long)Math.Floor(y / CanvasGeometry.NodeHeight));
}
