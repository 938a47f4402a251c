namespace Builder.Domain.Workflows;

/// <summary>
/// Where a node sits, as a linked list to its parent. The path text is built only when asked for, so walking a
/// deep tree costs no string per node.
/// </summary>
internal sealed class NodeLocation
{
    private readonly NodeLocation? _parent;
    private readonly int _childIndex;
    private string? _path;

    private NodeLocation(NodeLocation? parent, int childIndex, int depth, string? path)
    {
        _parent = parent;
        _childIndex = childIndex;
        Depth = depth;
        _path = path;
    }

    /// <summary>The root node, at <c>$.root</c>, depth 1.</summary>
    public static NodeLocation Root { get; } = new(null, 0, 1, "$.root");

    /// <summary>A fixed location, e.g. <c>$.nodes[3]</c> in a flat list.</summary>
    public static NodeLocation Fixed(string path, int depth = 0) => new(null, 0, depth, path);

    /// <summary>Depth from the root; the root is 1.</summary>
    public int Depth { get; }

    public NodeLocation Child(int index) => new(this, index, Depth + 1, null);

    public string Path => _path ??= Build();

    public override string ToString() => Path;

    private string Build()
    {
        var chain = new Stack<NodeLocation>();
        var node = this;
        while (node._path is null) { chain.Push(node); node = node._parent!; }
        var text = new System.Text.StringBuilder(node._path);
        while (chain.Count > 0) text.Append(".children[").Append(chain.Pop()._childIndex).Append(']');
        return text.ToString();
    }
}
