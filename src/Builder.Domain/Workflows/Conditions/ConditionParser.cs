using System.Text.Json;
using System.Text.Json.Nodes;
using static Builder.Domain.Workflows.ConditionProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Reads an entity condition — a group tree of <c>group</c> and <c>rule</c> objects — and lists every problem
/// (unknown type, operator or comparison, bad field path, a value that does not suit its comparison, an invalid
/// regular expression) with its location, instead of throwing. JSON null, or no text, means "no condition".
/// </summary>
public static class ConditionParser
{
    /// <summary>Deepest group nesting accepted; the root group is level 1.</summary>
    public const int MaxNesting = 32;

    /// <summary>Most groups and rules in one condition, nested groups included (<see cref="ConditionLimits.MaxParts"/>).</summary>
    public const int MaxConditions = ConditionLimits.MaxParts;

    /// <summary>Longest <c>matches</c> pattern, in characters (<see cref="ConditionLimits.MaxPatternLength"/>).</summary>
    public const int MaxPatternLength = ConditionLimits.MaxPatternLength;

    /// <summary>Parses condition JSON text.</summary>
    public static ConditionParseResult Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new ConditionParseResult(null, []);
        JsonNode? node;
        try { node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = StoredJson.MaxDepth }); }
        catch (JsonException ex) { return Failed(InvalidJson, $"The condition is not valid JSON: {ex.Message}"); }
        return Parse(node);
    }

    /// <summary>Parses a condition node.</summary>
    public static ConditionParseResult Parse(JsonNode? json)
    {
        if (json is null) return new ConditionParseResult(null, []);
        var reader = new ConditionReader();
        try
        {
            var condition = reader.Read(json, "$", 1);
            return new ConditionParseResult(reader.Problems.Count == 0 ? condition : null, reader.Problems);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // Thrown by JsonObject on duplicate property names.
            return Failed(InvalidJson, $"The condition could not be read: {ex.Message}");
        }
    }

    private static ConditionParseResult Failed(string code, string message) => new(null, [new ConditionProblem("$", code, message)]);
}
