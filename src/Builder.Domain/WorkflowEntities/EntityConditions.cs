using System.Text.Json.Nodes;

namespace Builder.Domain.WorkflowEntities;

/// <summary>Structural checks of an entity's condition tree before it is stored.</summary>
public static class EntityConditions
{
    public const int MaxRules = 500;

    /// <summary>Every problem in the condition, each with the path of the part it belongs to; empty when it is valid or absent.</summary>
    public static IReadOnlyList<string> Problems(JsonNode? condition)
    {
        var problems = new List<string>();
        if (condition is null) return problems;
        var count = 0;
        var pending = new Stack<(JsonNode? Node, string Path, int Depth)>();
        pending.Push((condition, "condition", 0));
        while (pending.Count > 0)
        {
            var (node, path, depth) = pending.Pop();
            if (++count > MaxRules) { problems.Add($"A condition has at most {MaxRules} parts."); break; }
            if (depth > 32) { problems.Add($"{path}: groups nest at most 32 deep."); continue; }
            if (node is not JsonObject obj) { problems.Add($"{path}: must be an object."); continue; }
            var type = (obj["type"] as JsonValue)?.TryGetValue<string>(out var t) == true ? t : null;
            switch (type)
            {
                case "group":
                    var op = (obj["operator"] as JsonValue)?.TryGetValue<string>(out var o) == true ? o : null;
                    if (op is not ("AND" or "OR")) problems.Add($"{path}.operator: must be AND or OR.");
                    if (obj["conditions"] is not JsonArray children) { problems.Add($"{path}.conditions: must be a list."); break; }
                    for (var i = children.Count - 1; i >= 0; i--) pending.Push((children[i], $"{path}.conditions[{i}]", depth + 1));
                    break;
                case "rule":
                    var field = (obj["field"] as JsonValue)?.TryGetValue<string>(out var f) == true ? f : null;
                    if (string.IsNullOrWhiteSpace(field)) problems.Add($"{path}.field: is required, like message.type.");
                    var comparison = (obj["comparison"] as JsonValue)?.TryGetValue<string>(out var c) == true ? c : null;
                    if (comparison is null || !Comparisons.Contains(comparison))
                        problems.Add($"{path}.comparison: must be one of {string.Join(", ", Comparisons)}.");
                    break;
                default:
                    problems.Add($"{path}.type: must be 'group' or 'rule'.");
                    break;
            }
        }
        return problems;
    }

    public static readonly string[] Comparisons =
    [
        "equals", "not_equals", "contains", "starts_with", "ends_with", "greater_than", "less_than", "exists", "not_exists", "in", "matches",
    ];
}
