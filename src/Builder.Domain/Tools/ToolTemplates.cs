using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Builder.Domain.Common;

namespace Builder.Domain.Tools;

/// <summary>The rules of a tool's input schema and HTTP template: shapes, limits and placeholders.</summary>
public static partial class ToolTemplates
{
    public const int SchemaMax = 100_000, UrlMax = 2048, HeadersMax = 50, HeaderNameMax = 100, HeaderValueMax = 4000, BodyMax = 100_000, ToolNameMax = 200;
    public const int SchemaDepthMax = 32, PlaceholderErrorsMax = 10;

    public static IReadOnlyList<string> Methods { get; } = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>The schema every new tool starts with: an object without properties.</summary>
    public static JsonObject EmptySchema() => new() { ["type"] = "object", ["properties"] = new JsonObject() };

    [GeneratedRegex(@"\{\{([^{}]*)\}\}", RegexOptions.NonBacktracking)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.NonBacktracking)]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", RegexOptions.NonBacktracking)]
    private static partial Regex HeaderName();

    /// <summary>
    /// Parses and checks an input schema: valid JSON, an object with <c>"type": "object"</c>, <c>properties</c> an object of
    /// objects, <c>required</c> an array of property names. Adds a message to <paramref name="field"/> and answers null when it is not.
    /// </summary>
    public static JsonObject? CheckSchema(string text, Validator validator, string field = "inputSchema")
    {
        if (text.Length > SchemaMax)
        {
            validator.Add(field, $"The input schema must be at most {SchemaMax} characters; this one has {text.Length}.");
            return null;
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = SchemaDepthMax });
        }
        catch (JsonException e)
        {
            validator.Add(field, $"The input schema is not valid JSON: {e.Message}");
            return null;
        }
        if (node is not JsonObject schema)
        {
            validator.Add(field, "The input schema must be a JSON Schema object, for example {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}.");
            return null;
        }
        var before = validator.Count;
        if (schema["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String || type.GetValue<string>() != "object")
            validator.Add(field, "The input schema must describe an object: give it \"type\": \"object\" (a tool's input is an object of named arguments).");
        var names = new HashSet<string>(StringComparer.Ordinal);
        switch (schema["properties"])
        {
            case null when !schema.ContainsKey("properties"):
                break;
            case JsonObject properties:
                foreach (var (name, value) in properties)
                {
                    if (value is not JsonObject) validator.Add(field, $"The input schema's property \"{name}\" must be a schema object, for example {{\"type\": \"string\"}}.");
                    names.Add(name);
                }
                break;
            default:
                validator.Add(field, "The input schema's \"properties\" must be an object of property schemas.");
                break;
        }
        if (schema.ContainsKey("required"))
        {
            if (schema["required"] is not JsonArray required) validator.Add(field, "The input schema's \"required\" must be an array of property names.");
            else
                foreach (var item in required)
                {
                    if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                        validator.Add(field, "The input schema's \"required\" must list property names (strings).");
                    else if (!names.Contains(v.GetValue<string>()))
                        validator.Add(field, $"The input schema requires \"{v.GetValue<string>()}\", which is not one of its properties.");
                }
        }
        return validator.Count == before ? schema : null;
    }

    /// <summary>The property names of a schema (for the <c>{{input.field}}</c> check).</summary>
    public static IReadOnlySet<string> PropertyNames(JsonObject schema) =>
        schema["properties"] is JsonObject properties ? properties.Select(p => p.Key).ToHashSet(StringComparer.Ordinal) : new HashSet<string>();

    /// <summary>
    /// Checks the placeholders of one template text: each is <c>{{input.field}}</c> with a field of the schema, or
    /// <c>{{env.NAME}}</c> with a variable name.
    /// </summary>
    public static void CheckPlaceholders(string? text, IReadOnlySet<string> inputs, Validator validator, string field)
    {
        if (string.IsNullOrEmpty(text)) return;
        var before = validator.Count;
        foreach (Match match in Placeholder().Matches(text))
        {
            // A text of thousands of bad placeholders is not answered with thousands of messages.
            if (validator.Count - before >= PlaceholderErrorsMax)
            {
                validator.Add(field, "… and more placeholders like these: correct the ones above first.");
                return;
            }
            var inner = match.Groups[1].Value.Trim();
            var dot = inner.IndexOf('.');
            var (scope, name) = dot < 0 ? (inner, "") : (inner[..dot], inner[(dot + 1)..]);
            if (scope == "input" && Identifier().IsMatch(name))
            {
                if (!inputs.Contains(name))
                    validator.Add(field, $"{match.Value}: the input schema has no property \"{name}\"; add it to the schema or correct the name.");
            }
            else if (scope == "env" && Identifier().IsMatch(name)) { }
            else validator.Add(field, $"{match.Value} is not a placeholder: use {{{{input.field}}}} for an argument or {{{{env.NAME}}}} for an environment variable.");
        }
    }

    /// <summary>The names and placeholders of <c>{{input.*}}</c> and <c>{{env.*}}</c> in a text, for the tool runner.</summary>
    public static IEnumerable<(string Scope, string Name, string Text)> Placeholders(string? text)
    {
        if (string.IsNullOrEmpty(text)) yield break;
        foreach (Match match in Placeholder().Matches(text))
        {
            var inner = match.Groups[1].Value.Trim();
            var dot = inner.IndexOf('.');
            if (dot > 0) yield return (inner[..dot], inner[(dot + 1)..], match.Value);
        }
    }

    public static bool IsHeaderName(string name) => name.Length <= HeaderNameMax && HeaderName().IsMatch(name);

    public static bool HasLineBreak(string value) => value.Contains('\r') || value.Contains('\n');
}
