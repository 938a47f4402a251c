using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Common;

namespace Builder.Domain.PromptTemplates;

/// <summary>A prompt text with its variables replaced, and the names that had no value (each once, in order of first use).</summary>
public sealed record PromptSubstitution(string Text, IReadOnlyList<string> Missing)
{
    public bool Complete => Missing.Count == 0;

    /// <summary>400 naming every missing variable, for callers (execute) that need a complete prompt.</summary>
    public PromptSubstitution ThrowIfMissing()
    {
        if (Missing.Count > 0) throw new ValidationException("values", PromptText.MissingMessage(Missing));
        return this;
    }
}

public static class PromptText
{
    /// <summary>
    /// Replaces every <c>{{name}}</c> (as <see cref="PromptVariables.Find"/> reads them) with its value: a string as it is, a
    /// number or boolean as JSON writes it, an object or array as compact JSON. A name without a value (absent or null) is
    /// left as written and reported in <see cref="PromptSubstitution.Missing"/>. Values are inserted once, never re-read.
    /// </summary>
    public static PromptSubstitution Substitute(string? text, IReadOnlyDictionary<string, JsonNode?> values)
    {
        text ??= "";
        var occurrences = PromptVariables.Find(text);
        if (occurrences.Count == 0) return new PromptSubstitution(text, []);
        var result = new StringBuilder(text.Length);
        var missing = new List<string>();
        var at = 0;
        foreach (var occurrence in occurrences)
        {
            result.Append(text, at, occurrence.Start - at);
            if (values.TryGetValue(occurrence.Name, out var value) && value is not null)
                result.Append(ToText(value));
            else
            {
                result.Append(text, occurrence.Start, occurrence.Length);
                if (!missing.Contains(occurrence.Name, StringComparer.Ordinal)) missing.Add(occurrence.Name);
            }
            at = occurrence.Start + occurrence.Length;
        }
        result.Append(text, at, text.Length - at);
        return new PromptSubstitution(result.ToString(), missing);
    }

    /// <summary>"Missing values for the variables: userName, productName."</summary>
    public static string MissingMessage(IReadOnlyList<string> missing) =>
        missing.Count == 1
            ? $"Missing a value for the variable '{missing[0]}'."
            : $"Missing values for the variables: {string.Join(", ", missing.Select(m => $"'{m}'"))}.";

    /// <summary>How a value reads inside a prompt: strings unquoted, everything else as compact JSON.</summary>
    public static string ToText(JsonNode value) =>
        value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : value.ToJsonString();
}
