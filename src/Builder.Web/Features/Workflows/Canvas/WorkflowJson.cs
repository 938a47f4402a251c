using System.Text.Json.Nodes;
using Builder.Domain.Workflows;

namespace Builder.Web.Features.Workflows.Canvas;

/// <summary>
/// Converts between <c>workflowData</c> (<c>{ "root": { …, "children": [ … ] } }</c>) and the canvas's flat node list.
/// Node ids are kept (and added where missing) so dry-run steps and validation problems point at canvas nodes.
/// </summary>
public static class WorkflowJson
{
    public static List<CanvasNode> Read(JsonNode? workflowData)
    {
        var nodes = new List<CanvasNode>();
        var parsed = WorkflowDataParser.Parse(workflowData);
        if (parsed.Data?.Root is not { } root) return nodes;
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(WorkflowNode Node, string? ParentId)>([(root, null)]);
        while (pending.Count > 0)
        {
            var (node, parentId) = pending.Pop();
            var id = node.Id is { Length: > 0 } given && used.Add(given) ? given : NewId(used);
            var p = node.Presentation;
            nodes.Add(new CanvasNode(id, parentId, node.Name, node.EntityId, node.EntityType, p.Type,
                double.IsFinite(p.X) ? p.X : 0, double.IsFinite(p.Y) ? p.Y : 0));
            for (var i = node.Children.Count - 1; i >= 0; i--) pending.Push((node.Children[i], id));
        }
        return nodes;
    }

    /// <summary>The tree under <paramref name="rootId"/> (the first root when null) as <c>workflowData</c>.</summary>
    public static JsonObject Write(IReadOnlyList<CanvasNode> nodes, string? rootId = null)
    {
        var children = nodes.Where(n => n.ParentId is not null).ToLookup(n => n.ParentId!, StringComparer.Ordinal);
        var root = rootId is null ? nodes.FirstOrDefault(n => n.ParentId is null) : nodes.FirstOrDefault(n => n.Id == rootId);
        if (root is null) return new JsonObject();
        var rootJson = NodeJson(root);
        var pending = new Stack<(CanvasNode Node, JsonObject Json)>([(root, rootJson)]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { root.Id };
        while (pending.Count > 0)
        {
            var (node, json) = pending.Pop();
            var array = (JsonArray)json["children"]!;
            foreach (var child in children[node.Id])
            {
                if (!seen.Add(child.Id)) continue;
                var childJson = NodeJson(child);
                array.Add(childJson);
                pending.Push((child, childJson));
            }
        }
        return new JsonObject { ["root"] = rootJson };
    }

    public static string NewId(ISet<string>? taken = null)
    {
        while (true)
        {
            var id = "n" + Guid.NewGuid().ToString("N")[..8];
            if (taken is null || taken.Add(id)) return id;
        }
    }

    private static JsonObject NodeJson(CanvasNode n) => new()
    {
        ["id"] = n.Id,
        ["name"] = n.Name,
        ["entityId"] = n.EntityId.ToString(),
        ["entityType"] = n.EntityType,
        ["presentation"] = new JsonObject
        {
            ["type"] = n.Shape,
            ["position"] = new JsonObject { ["x"] = Math.Round(n.X, 1), ["y"] = Math.Round(n.Y, 1) },
        },
        ["children"] = new JsonArray(),
    };
}
