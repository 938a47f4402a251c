using System.Text.Json.Nodes;
using Builder.Domain.Workflows;

namespace Builder.Domain.Tests.Workflows;

/// <summary>Small helpers that build workflows, entities and JSON for the workflow engine tests.</summary>
internal static class WorkflowBuilder
{
    public static readonly Guid EventId = Guid.Parse("11111111-0000-0000-0000-000000000001");
    public static readonly Guid PromptId = Guid.Parse("11111111-0000-0000-0000-000000000002");
    public static readonly Guid ActionId = Guid.Parse("11111111-0000-0000-0000-000000000003");
    public static readonly Guid ResultId = Guid.Parse("11111111-0000-0000-0000-000000000004");

    public static readonly IReadOnlyDictionary<Guid, string> EntityTypes = new Dictionary<Guid, string>
    {
        [EventId] = "Event", [PromptId] = "Prompt", [ActionId] = "Action", [ResultId] = "Result",
    };

    public static WorkflowNode Node(string name, Guid entityId, string type, params WorkflowNode[] children) =>
        new(name, entityId, type, new NodePresentation("circle", 10, 20), children);

    public static WorkflowNode Event(string name, params WorkflowNode[] children) => Node(name, EventId, "event", children);
    public static WorkflowNode Action(string name, params WorkflowNode[] children) => Node(name, ActionId, "action", children);
    public static WorkflowNode Result(string name, params WorkflowNode[] children) => Node(name, ResultId, "result", children);

    /// <summary>A tree of <paramref name="count"/> nodes: an event root, then action nodes with 50 children per parent.</summary>
    public static WorkflowData WideTree(int count)
    {
        var kids = Enumerable.Range(0, count).Select(_ => new List<WorkflowNode>()).ToArray();
        var nodes = Enumerable.Range(0, count)
            .Select(i => new WorkflowNode(i == 0 ? "root" : $"n{i}", i == 0 ? EventId : ActionId, i == 0 ? "event" : "action",
                new NodePresentation("circle", i, i), kids[i]))
            .ToArray();
        for (var i = 1; i < count; i++) kids[(i - 1) / 50].Add(nodes[i]);
        return new WorkflowData(nodes[0]);
    }

    /// <summary>A single chain root → n1 → n2 … with <paramref name="depth"/> nodes.</summary>
    public static WorkflowData Chain(int depth)
    {
        WorkflowNode? current = null;
        for (var i = depth - 1; i >= 0; i--)
            current = Node($"n{i}", i == 0 ? EventId : ActionId, i == 0 ? "event" : "action", current is null ? [] : [current]);
        return new WorkflowData(current!);
    }

    public static JsonObject NodeJson(string name, Guid entityId, string type, params JsonNode[] children) => new()
    {
        ["name"] = name,
        ["entityId"] = entityId.ToString(),
        ["entityType"] = type,
        ["presentation"] = new JsonObject { ["type"] = "circle", ["position"] = new JsonObject { ["x"] = 100, ["y"] = 200 } },
        ["children"] = new JsonArray(children),
    };

    public static string Document(JsonObject root) => new JsonObject { ["root"] = root }.ToJsonString();
}
