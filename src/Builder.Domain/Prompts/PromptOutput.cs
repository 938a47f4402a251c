using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.PromptTemplates;

namespace Builder.Domain.Prompts;

/// <summary>The result of checking a model's answer against a json prompt's output template.</summary>
public sealed record PromptJsonCheck(bool Valid, JsonNode? Json, string? Problem)
{
    /// <summary>The answer indented, or null when it is not valid JSON.</summary>
    public string? Pretty => Json?.ToJsonString(PromptOutput.Indented);
}

/// <summary>
/// The rules of a json prompt's output: the template must be valid JSON once its <c>{{placeholders}}</c> are filled in, and
/// the model's answer must be JSON with the template's shape (the same kind of value, and for an object the same top-level keys).
/// </summary>
public static class PromptOutput
{
    internal static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 64 };

    /// <summary>
    /// The value each placeholder gets while the template is checked: "1" reads as JSON inside a string ("{{x}}" → "1") and
    /// bare ({{count}} → 1, {{a}}{{b}} → 11), so both ways of writing a slot pass.
    /// </summary>
    public const string Placeholder = "1";

    /// <summary>Null when the template is fine, otherwise the sentence a person reads.</summary>
    public static string? TemplateProblem(string? template)
    {
        if (string.IsNullOrWhiteSpace(template))
            return "An output template is required for the json format: the JSON the model should answer with, e.g. { \"answer\": \"{{answer}}\" }.";
        var parsed = ParseTemplate(template, out var error);
        return parsed is null ? $"The output template is not valid JSON once its placeholders are filled in: {error}" : null;
    }

    /// <summary>The template with every placeholder filled in with <see cref="Placeholder"/>, parsed; null (with the reason) when it is not JSON.</summary>
    public static JsonNode? ParseTemplate(string template, out string? error)
    {
        var values = PromptVariables.Names(template).ToDictionary(n => n, _ => (JsonNode?)JsonValue.Create(Placeholder));
        var filled = PromptText.Substitute(template, values).Text;
        try
        {
            error = null;
            var node = JsonNode.Parse(filled, documentOptions: Strict);
            if (node is null) error = "it is null.";
            return node;
        }
        catch (JsonException e)
        {
            error = Describe(e);
            return null;
        }
    }

    /// <summary>
    /// Parses a model's answer (a surrounding ```json fence is allowed) and checks it has the template's shape: the same kind
    /// of value, and for an object the same top-level keys (every missing and every extra key is named).
    /// </summary>
    public static PromptJsonCheck Check(string output, string template)
    {
        var shape = ParseTemplate(template, out _);
        JsonNode? answer;
        try
        {
            answer = JsonNode.Parse(Unfence(output), documentOptions: Strict);
        }
        catch (JsonException e)
        {
            return new PromptJsonCheck(false, null, $"The model's answer is not valid JSON: {Describe(e)}");
        }
        if (answer is null) return new PromptJsonCheck(false, null, "The model answered null, not JSON shaped like the output template.");
        if (shape is null) return new PromptJsonCheck(true, answer, null);
        if (Kind(shape) != Kind(answer))
            return new PromptJsonCheck(false, answer, $"The model answered a JSON {Kind(answer)}, but the output template is a JSON {Kind(shape)}.");
        if (shape is JsonObject expected && answer is JsonObject actual)
        {
            var missing = expected.Select(p => p.Key).Where(k => !actual.ContainsKey(k)).ToList();
            var extra = actual.Select(p => p.Key).Where(k => !expected.ContainsKey(k)).ToList();
            var problems = new List<string>();
            if (missing.Count > 0) problems.Add($"missing {Keys(missing)}");
            if (extra.Count > 0) problems.Add($"unexpected {Keys(extra)}");
            if (problems.Count > 0)
                return new PromptJsonCheck(false, answer, $"The model's JSON does not match the output template: {string.Join("; ", problems)}.");
        }
        return new PromptJsonCheck(true, answer, null);
    }

    private static string Keys(List<string> keys) => (keys.Count == 1 ? "the key " : "the keys ") + string.Join(", ", keys.Select(k => $"'{k}'"));

    private static string Kind(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            _ => "boolean",
        },
    };

    /// <summary>Strips a Markdown code fence (```json … ```) that models like to put around JSON.</summary>
    internal static string Unfence(string output)
    {
        var text = output.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal)) return text;
        var firstLine = text.IndexOf('\n');
        if (firstLine < 0) return text;
        var body = text[(firstLine + 1)..];
        var close = body.LastIndexOf("```", StringComparison.Ordinal);
        return (close >= 0 ? body[..close] : body).Trim();
    }

    /// <summary>"'}' is invalid after a value … (line 1)" without the reader's internal paths and advice.</summary>
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        foreach (var marker in new[] { " Path:", " LineNumber:", " Change the reader options" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut >= 0) message = message[..cut];
        }
        message = message.Replace(" which is not supported in this mode", ", which JSON does not allow", StringComparison.Ordinal);
        // Only the line: a position would count the filled-in placeholders, not what the person typed.
        var where = e.LineNumber is { } line ? $" (line {line + 1})" : "";
        return message.TrimEnd('.', ' ') + where + ".";
    }
}
