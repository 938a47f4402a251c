namespace Builder.Web.Features.Workflows.Canvas;

/// <summary>Arrow-key moves between nodes: up to the parent, down to the first child, left and right between siblings.</summary>
public static class CanvasNavigation
{
    public static string? Next(IReadOnlyList<CanvasNode> nodes, string? currentId, string key)
    {
        var current = currentId is null ? null : nodes.FirstOrDefault(n => n.Id == currentId);
        if (current is null) return nodes.FirstOrDefault(n => n.ParentId is null)?.Id ?? nodes.FirstOrDefault()?.Id;
        var siblings = nodes.Where(n => n.ParentId == current.ParentId).ToList();
        var index = siblings.FindIndex(n => n.Id == current.Id);
        return key switch
        {
            "ArrowUp" => current.ParentId ?? current.Id,
            "ArrowDown" => nodes.FirstOrDefault(n => n.ParentId == current.Id)?.Id ?? current.Id,
            "ArrowLeft" => index > 0 ? siblings[index - 1].Id : current.Id,
            "ArrowRight" => index < siblings.Count - 1 ? siblings[index + 1].Id : current.Id,
            _ => current.Id,
        };
    }
}
