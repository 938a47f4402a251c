using Builder.Domain.Workflows;

namespace Builder.Web.Features.Workflows.Canvas;

/// <summary>
/// The canvas's editable state: a flat node list, the selection and the undo history. Every edit goes through
/// <see cref="Edit"/>, so each one can be undone. Components render from it and call its operations; they hold no logic.
/// </summary>
public sealed class CanvasModel
{
    private CanvasNode[] _nodes;
    private readonly CanvasHistory<CanvasNode[]> _history = new();

    public CanvasModel(IEnumerable<CanvasNode> nodes) => _nodes = nodes.ToArray();

    public IReadOnlyList<CanvasNode> Nodes => _nodes;
    public HashSet<string> Selection { get; } = new(StringComparer.Ordinal);
    public CanvasHistory<CanvasNode[]> History => _history;

    /// <summary>Raised after every change of nodes (edit, undo, redo, replace).</summary>
    public event Action? Changed;

    public CanvasNode? Find(string? id) => id is null ? null : Array.Find(_nodes, n => n.Id == id);
    public IEnumerable<CanvasNode> ChildrenOf(string id) => _nodes.Where(n => n.ParentId == id);
    public IEnumerable<CanvasNode> Roots => _nodes.Where(n => n.ParentId is null);
    public CanvasNode? SingleSelected => Selection.Count == 1 ? Find(Selection.First()) : null;

    public void Edit(string label, Func<CanvasNode[], CanvasNode[]> change)
    {
        var next = change(_nodes);
        if (ReferenceEquals(next, _nodes)) return;
        _history.Record(label, _nodes);
        _nodes = next;
        Selection.RemoveWhere(id => Find(id) is null);
        Changed?.Invoke();
    }

    public bool Undo() => Apply(_history.TryUndo(_nodes, out var state, out _), state);
    public bool Redo() => Apply(_history.TryRedo(_nodes, out var state, out _), state);

    /// <summary>Replaces everything (a reload or a restored draft) as one undoable edit.</summary>
    public void Replace(string label, IEnumerable<CanvasNode> nodes) => Edit(label, _ => nodes.ToArray());

    /// <summary>Adds a node at (x, y), or a little down and right of it when a node already sits there.</summary>
    public CanvasNode AddNode(string name, Guid entityId, string entityType, string shape, double x, double y, string? parentId = null)
    {
        var (dx, dy) = new CanvasOccupancy(_nodes).Offset([(x, y)]);
        (x, y) = (x + dx, y + dy);
        var node = new CanvasNode(WorkflowJson.NewId(_nodes.Select(n => n.Id).ToHashSet()), parentId, name, entityId, entityType, shape, x, y);
        Edit($"Add {name}", nodes => [.. nodes, node]);
        Select(node.Id);
        return node;
    }

    /// <summary>Adds a node under <paramref name="parentId"/>, placed below it beside its existing children.</summary>
    public CanvasNode? AddChild(string parentId, string name, Guid entityId, string entityType, string shape)
    {
        if (Find(parentId) is not { } parent) return null;
        if (WorkflowEntityTypes.IsResult(parent.EntityType)) return null;
        var siblings = ChildrenOf(parentId).ToList();
        var x = siblings.Count == 0 ? parent.X : siblings.Max(s => s.X) + TreeLayout.ColumnWidth;
        return AddNode(name, entityId, entityType, shape, x, parent.Y + TreeLayout.RowHeight, parentId);
    }

    public void Move(IReadOnlyList<NodePosition> moves)
    {
        var byId = moves.ToDictionary(m => m.Id, StringComparer.Ordinal);
        Edit(moves.Count == 1 ? "Move node" : $"Move {moves.Count} nodes", nodes => nodes
            .Select(n => byId.TryGetValue(n.Id, out var m) ? n with { X = m.X, Y = m.Y } : n).ToArray());
    }

    /// <summary>Tidies the whole canvas (one undoable edit).</summary>
    public void Layout()
    {
        if (_nodes.Length == 0) return;
        var byId = TreeLayout.Arrange(_nodes).ToDictionary(p => p.Id, StringComparer.Ordinal);
        Edit("Auto-layout", nodes => nodes.Select(n => byId[n.Id] is var p ? n with { X = p.X, Y = p.Y } : n).ToArray());
    }

    /// <summary>Links parent → child; returns the reason it is refused (the domain's connection rules), or null.</summary>
    public string? Connect(string parentId, string childId)
    {
        var graph = _nodes.Select(n => new WorkflowGraphNode(n.Id, n.ParentId, n.Name, n.EntityId, n.EntityType,
            new NodePresentation(n.Shape, n.X, n.Y))).ToList();
        if (WorkflowConnectionRules.Check(graph, parentId, childId) is { } refusal) return refusal.Message;
        if (Find(childId)?.ParentId == parentId) return null;
        Edit("Connect", nodes => nodes.Select(n => n.Id == childId ? n with { ParentId = parentId } : n).ToArray());
        return null;
    }

    public void Detach(string id) =>
        Edit("Remove link", nodes => nodes.Select(n => n.Id == id ? n with { ParentId = null } : n).ToArray());

    public void Rename(string id, string name) =>
        Edit("Rename", nodes => nodes.Select(n => n.Id == id && n.Name != name ? n with { Name = name } : n).ToArray());

    /// <summary>Deletes the selected nodes; their children move up to the deleted node's parent, so the tree stays connected.</summary>
    public void DeleteSelection()
    {
        if (Selection.Count == 0) return;
        var doomed = Selection.ToHashSet(StringComparer.Ordinal);
        Edit(doomed.Count == 1 ? "Delete node" : $"Delete {doomed.Count} nodes", nodes =>
        {
            var parentOf = nodes.ToDictionary(n => n.Id, n => n.ParentId, StringComparer.Ordinal);
            string? Surviving(string? parent)
            {
                var guard = 0;
                while (parent is not null && doomed.Contains(parent) && guard++ < nodes.Length) parent = parentOf.GetValueOrDefault(parent);
                return parent;
            }
            return nodes.Where(n => !doomed.Contains(n.Id)).Select(n => n with { ParentId = Surviving(n.ParentId) }).ToArray();
        });
        Selection.Clear();
    }

    /// <summary>The selected nodes with all their descendants (what copy takes), parents before children.</summary>
    public IReadOnlyList<CanvasNode> SelectedSubtrees()
    {
        var taken = new HashSet<string>(Selection, StringComparer.Ordinal);
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var n in _nodes)
                if (n.ParentId is not null && taken.Contains(n.ParentId) && taken.Add(n.Id)) grew = true;
        }
        return _nodes.Where(n => taken.Contains(n.Id)).ToList();
    }

    /// <summary>
    /// Pastes copied subtrees with new ids under <paramref name="parentId"/> when allowed, offset from the originals and
    /// moved on (down and right, all together) until none of them sits on a node already there.
    /// </summary>
    public void Paste(IReadOnlyList<CanvasNode> copied, string? parentId)
    {
        if (copied.Count == 0) return;
        var taken = _nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var newIds = copied.ToDictionary(n => n.Id, _ => WorkflowJson.NewId(taken), StringComparer.Ordinal);
        var parent = Find(parentId);
        if (parent is not null && WorkflowEntityTypes.IsResult(parent.EntityType)) parent = null;
        var tops = copied.Where(n => n.ParentId is null || !newIds.ContainsKey(n.ParentId)).ToList();
        var (dx, dy) = parent is null ? (40d, 40d) : (parent.X - tops[0].X, parent.Y + TreeLayout.RowHeight - tops[0].Y);
        var (mx, my) = new CanvasOccupancy(_nodes).Offset(copied.Select(n => (n.X + dx, n.Y + dy)).ToList());
        (dx, dy) = (dx + mx, dy + my);
        var pasted = copied.Select(n => n with
        {
            Id = newIds[n.Id],
            ParentId = n.ParentId is not null && newIds.TryGetValue(n.ParentId, out var p) ? p : parent?.Id,
            X = n.X + dx, Y = n.Y + dy,
        }).ToArray();
        Edit(pasted.Length == 1 ? "Paste node" : $"Paste {pasted.Length} nodes", nodes => [.. nodes, .. pasted]);
        Selection.Clear();
        Selection.UnionWith(pasted.Where(n => n.ParentId == parent?.Id).Select(n => n.Id));
    }

    public void Select(string id, bool additive = false)
    {
        if (!additive) Selection.Clear();
        if (additive && Selection.Contains(id)) Selection.Remove(id);
        else Selection.Add(id);
    }

    public void SelectMany(IEnumerable<string> ids, bool additive)
    {
        if (!additive) Selection.Clear();
        Selection.UnionWith(ids.Where(id => Find(id) is not null));
    }

    private bool Apply(bool ok, CanvasNode[] state)
    {
        if (!ok) return false;
        _nodes = state;
        Selection.RemoveWhere(id => Find(id) is null);
        Changed?.Invoke();
        return true;
    }
}
