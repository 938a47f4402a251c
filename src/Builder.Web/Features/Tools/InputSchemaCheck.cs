using System.Text;
using System.Text.Json;

namespace Builder.Web.Features.Tools;

/// <summary>
/// What the tool editor says about an input schema while it is typed, in plain words with the line and column: not JSON,
/// not an object, not an object schema, properties that are not schemas, required names that are not properties. The
/// tool service validates again on save; this is the editor's immediate feedback.
/// </summary>
public static class InputSchemaCheck
{
    /// <summary>One problem; <see cref="Line"/> and <see cref="Column"/> are 1-based, null for the schema as a whole.</summary>
    public sealed record Problem(string Message, int? Line = null, int? Column = null)
    {
        public override string ToString() => Line is { } line ? $"Line {line}, column {Column ?? 1}: {Message}" : Message;
    }

    public const string Empty = """
        {
          "type": "object",
          "properties": {},
          "required": []
        }
        """;

    public static IReadOnlyList<Problem> Check(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [new("The input schema is empty. Write a JSON object such as { \"type\": \"object\", \"properties\": { … } }.")];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = Column(text, line, (int)(e.BytePositionInLine ?? 0));
            return [new($"This is not valid JSON: {Plain(e.Message)}", line, column)];
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return [new($"The input schema must be a JSON object (a schema with \"type\": \"object\"), not {Kind(root.ValueKind)}.")];
            var problems = new List<Problem>();
            if (!root.TryGetProperty("type", out var type))
                problems.Add(new("The input schema needs \"type\": \"object\": a tool's input is an object whose properties are its arguments."));
            else if (type.ValueKind != JsonValueKind.String || type.GetString() != "object")
                problems.Add(new($"\"type\" is {Show(type)}; a tool's input schema must have \"type\": \"object\"."));
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (root.TryGetProperty("properties", out var properties))
            {
                if (properties.ValueKind != JsonValueKind.Object) problems.Add(new($"\"properties\" must be an object of named schemas, not {Kind(properties.ValueKind)}."));
                else
                    foreach (var property in properties.EnumerateObject())
                    {
                        names.Add(property.Name);
                        if (property.Value.ValueKind != JsonValueKind.Object)
                            problems.Add(new($"The property \"{property.Name}\" must be a schema object such as {{ \"type\": \"string\" }}, not {Kind(property.Value.ValueKind)}."));
                        else if (property.Value.TryGetProperty("type", out var t) && !ValidType(t))
                            problems.Add(new($"The property \"{property.Name}\" has type {Show(t)}; use string, number, integer, boolean, object, array or null."));
                    }
            }
            if (root.TryGetProperty("required", out var required))
            {
                if (required.ValueKind != JsonValueKind.Array) problems.Add(new($"\"required\" must be an array of property names, not {Kind(required.ValueKind)}."));
                else
                    foreach (var item in required.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.String) problems.Add(new($"\"required\" lists {Show(item)}; it must list property names as strings."));
                        else if (!names.Contains(item.GetString()!)) problems.Add(new($"\"required\" names \"{item.GetString()}\", which is not one of the properties."));
                    }
            }
            return problems;
        }
    }

    /// <summary>The top-level property names of a valid object schema (for the {{input.field}} help); empty otherwise.</summary>
    public static IReadOnlyList<string> PropertyNames(string? text)
    {
        try
        {
            using var document = JsonDocument.Parse(text ?? "");
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
                ? p.EnumerateObject().Select(o => o.Name).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static readonly HashSet<string> Types = ["string", "number", "integer", "boolean", "object", "array", "null"];

    private static bool ValidType(JsonElement type) => type.ValueKind switch
    {
        JsonValueKind.String => Types.Contains(type.GetString()!),
        JsonValueKind.Array => type.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String && Types.Contains(t.GetString()!)),
        _ => false,
    };

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    private static string Show(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }

    /// <summary>System.Text.Json reports a byte offset in the line; people count characters.</summary>
    private static int Column(string text, int line, int bytes)
    {
        var lines = text.Split('\n');
        if (line - 1 >= lines.Length) return bytes + 1;
        var content = Encoding.UTF8.GetBytes(lines[line - 1]);
        return Encoding.UTF8.GetCharCount(content, 0, Math.Min(bytes, content.Length)) + 1;
    }

    /// <summary>The parser's message without its position suffix (the line and column are said separately).</summary>
    private static string Plain(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).Trim();
        if (text.StartsWith("Expected depth to be zero at the end of the JSON payload", StringComparison.Ordinal))
            return "the text ends before every { or [ is closed.";
        if (text.Contains("end of data", StringComparison.OrdinalIgnoreCase) || text.Contains("incomplete", StringComparison.OrdinalIgnoreCase))
            return "the text ends too early; something is not closed.";
        return text.Length == 0 ? "it cannot be read." : char.ToLowerInvariant(text[0]) + text[1..];
    }
}
