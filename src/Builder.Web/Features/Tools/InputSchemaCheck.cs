using System.Text;
using System.Text.Json;
using Builder.Domain.Common;
using Builder.Domain.Tools;

namespace Builder.Web.Features.Tools;

/// <summary>
/// What the tool editor says about an input schema while it is typed: text that is not JSON in plain words with its line
/// and column, and otherwise the tool service's own rules (ToolTemplates.CheckSchema: an object schema, properties that
/// are schemas, required names that are properties), so the editor says at once what a save would refuse.
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
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = ToolTemplates.SchemaDepthMax });
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = Column(text, line, (int)(e.BytePositionInLine ?? 0));
            return [new($"This is not valid JSON: {Plain(e.Message)}", line, column)];
        }
        document.Dispose();
        // The rules of an input schema are the tool service's (ToolTemplates.CheckSchema): the same messages as a save.
        var validator = new Validator();
        ToolTemplates.CheckSchema(text, validator);
        try
        {
            validator.ThrowIfInvalid();
            return [];
        }
        catch (ValidationException e)
        {
            return e.Errors.SelectMany(f => f.Value).Select(m => new Problem(m)).ToList();
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
