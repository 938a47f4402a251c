using System.Text.Json;
using System.Text.Json.Nodes;
using static Builder.Domain.Workflows.WorkflowProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Reads <c>workflowData</c> JSON into a <see cref="WorkflowData"/> tree without throwing: every structural
/// problem (missing root, wrong JSON types, positions that are not finite numbers, bad GUIDs) is reported with
/// its location. The walk is iterative, so deep trees cannot overflow the stack.
/// </summary>
/// <remarks>
/// Missing <c>name</c>, <c>entityId</c> and <c>entityType</c> are read as empty and left to
/// <see cref="WorkflowValidator"/>; a missing <c>presentation.type</c> becomes <c>circle</c>; missing
/// <c>children</c> means none; an optional string <c>id</c> is kept as <see cref="WorkflowNode.Id"/>;
/// unknown properties are ignored.
/// </remarks>
public static class WorkflowDataParser
{
    /// <summary>Parses JSON text. Text nested deeper than the limits allow is reported, not thrown.</summary>
    public static WorkflowParseResult Parse(string? json, WorkflowLimits? limits = null)
    {
        limits ??= WorkflowLimits.Default;
        if (string.IsNullOrWhiteSpace(json)) return Failed(MissingRoot, "The workflow data is empty; it needs a root node.");
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth });
            return Parse(document.RootElement);
        }
        catch (JsonException ex)
        {
            return Failed(InvalidJson, $"The workflow data is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Parses a JSON node (as bound from a request body).</summary>
    public static WorkflowParseResult Parse(JsonNode? json, WorkflowLimits? limits = null)
    {
        if (json is null) return Failed(MissingRoot, "The workflow data is empty; it needs a root node.");
        limits ??= WorkflowLimits.Default;
        try
        {
            return Parse(JsonSerializer.SerializeToElement(json, new JsonSerializerOptions { MaxDepth = limits.MaxJsonDepth }));
        }
        catch (JsonException ex)
        {
            return Failed(InvalidJson, $"The workflow data could not be read: {ex.Message}");
        }
    }

    /// <summary>Parses a JSON element: <c>{ "root": { … } }</c>.</summary>
    public static WorkflowParseResult Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
            return Failed(InvalidType, $"The workflow data must be a JSON object with a root node, not {Describe(json)}.");

        var problems = new ProblemCollector(WorkflowLimits.Default.MaxProblems);
        JsonElement? root = null;
        var rootCount = 0;
        foreach (var property in json.EnumerateObject())
        {
            if (!property.NameEquals("root")) continue;
            if (++rootCount == 1) root = property.Value;
        }
        if (rootCount == 0) return Failed(MissingRoot, "The workflow data has no root node.");
        if (rootCount > 1)
            problems.Add(NodeLocation.Root, null, null, MultipleRoots, $"The workflow data has {rootCount} root nodes; it must have exactly one.");
        if (root!.Value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(NodeLocation.Root, null, null, InvalidType, $"The root must be a node object, not {Describe(root.Value)}.");
            return new WorkflowParseResult(null, problems.ToList());
        }

        var rootSlot = new WorkflowNode[1];
        var pending = new Stack<(JsonElement Element, NodeLocation Location, WorkflowNode[] Slots, int Index)>();
        pending.Push((root.Value, NodeLocation.Root, rootSlot, 0));
        while (pending.Count > 0)
        {
            var (element, location, slots, index) = pending.Pop();
            var reader = new NodeReader(element, location, problems);
            var children = reader.ChildElements();
            var childSlots = new WorkflowNode[children.Count];
            slots[index] = reader.Read(Array.AsReadOnly(childSlots));
            for (var i = children.Count - 1; i >= 0; i--)
                pending.Push((children[i].Element, location.Child(children[i].Index), childSlots, i));
        }
        return new WorkflowParseResult(new WorkflowData(rootSlot[0]), problems.ToList());
    }

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static WorkflowParseResult Failed(string code, string message) =>
        new(null, [new ValidationProblem("$", null, null, code, message)]);
}
