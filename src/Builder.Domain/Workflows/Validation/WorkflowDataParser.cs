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
    public static WorkflowParseResult Parse(string? json, WorkflowLimits? limits = null) =>
        Collect(limits, problems => Read(json, limits ?? WorkflowLimits.Default, problems));

    /// <summary>Parses a JSON node (as bound from a request body).</summary>
    public static WorkflowParseResult Parse(JsonNode? json, WorkflowLimits? limits = null) =>
        Collect(limits, problems => Read(json, limits ?? WorkflowLimits.Default, problems));

    /// <summary>Parses a JSON element: <c>{ "root": { … } }</c>.</summary>
    public static WorkflowParseResult Parse(JsonElement json, WorkflowLimits? limits = null) =>
        Collect(limits, problems => Read(json, problems));

    internal static WorkflowData? Read(string? json, WorkflowLimits limits, ProblemCollector problems)
    {
        if (string.IsNullOrWhiteSpace(json)) return Fail(problems, MissingRoot, "The workflow data is empty; it needs a root node.");
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth });
            return Read(document.RootElement, problems);
        }
        catch (JsonException ex) when (IsTooDeep(ex))
        {
            // Still unreadable text (invalid_json), but in words that name the workflow's depth limit.
            return Fail(problems, InvalidJson, TooDeepMessage(limits));
        }
        catch (JsonException ex)
        {
            return Fail(problems, InvalidJson, $"The workflow data is not valid JSON: {ex.Message}");
        }
    }

    internal static WorkflowData? Read(JsonNode? json, WorkflowLimits limits, ProblemCollector problems)
    {
        if (json is null) return Fail(problems, MissingRoot, "The workflow data is empty; it needs a root node.");
        try
        {
            // The node is already in memory (a request body, the canvas), so read it as deep as it is, up to a generous bound;
            // the walk is iterative and the validator then names the first node past the depth limit.
            var depth = Math.Max(limits.MaxJsonDepth, NodeReadDepth);
            return Read(JsonSerializer.SerializeToElement(json, new JsonSerializerOptions { MaxDepth = depth }), problems);
        }
        catch (Exception ex) when ((ex is JsonException or InvalidOperationException) && IsTooDeep(ex))
        {
            return Fail(problems, TooDeep, TooDeepMessage(limits));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return Fail(problems, InvalidJson, $"The workflow data could not be read: {ex.Message}");
        }
    }

    internal static WorkflowData? Read(JsonElement json, ProblemCollector problems)
    {
        if (json.ValueKind != JsonValueKind.Object)
            return Fail(problems, InvalidType, $"The workflow data must be a JSON object with a root node, not {Describe(json)}.");

        JsonElement? root = null;
        var rootCount = 0;
        foreach (var property in json.EnumerateObject())
        {
            if (!property.NameEquals("root")) continue;
            if (++rootCount == 1) root = property.Value;
        }
        if (rootCount == 0) return Fail(problems, MissingRoot, "The workflow data has no root node.");
        if (rootCount > 1)
            problems.Add(NodeLocation.Root, null, null, MultipleRoots, $"The workflow data has {rootCount} root nodes; it must have exactly one.");
        if (root!.Value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(NodeLocation.Root, null, null, InvalidType, $"The root must be a node object, not {Describe(root.Value)}.");
            return null;
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
        return new WorkflowData(rootSlot[0]);
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

    private static WorkflowParseResult Collect(WorkflowLimits? limits, Func<ProblemCollector, WorkflowData?> read)
    {
        var problems = new ProblemCollector((limits ?? WorkflowLimits.Default).MaxProblems);
        var data = read(problems);
        return new WorkflowParseResult(data, problems.ToList());
    }

    /// <summary>How deep an in-memory JSON node is read before it is refused as too deep (about 500 tree levels).</summary>
    private const int NodeReadDepth = 1024;

    /// <summary>The reader's "maximum configured depth … exceeded" and the writer's "… larger than the maximum allowed depth …".</summary>
    private static bool IsTooDeep(Exception ex) => ex.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase)
        || ex.Message.Contains("maximum allowed depth", StringComparison.OrdinalIgnoreCase);

    private static string TooDeepMessage(WorkflowLimits limits) =>
        $"The workflow data is nested too deeply; a workflow may be at most {limits.MaxDepth} levels deep.";

    private static WorkflowData? Fail(ProblemCollector problems, string code, string message)
    {
        problems.Add(NodeLocation.Fixed("$"), null, null, code, message);
        return null;
    }
}
