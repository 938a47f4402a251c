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
    /// The longest prompt a substitution may make, in characters (about 2 MB of text, far past any model's context). A value
    /// used many times multiplies: a 1 MB value in a 100,000-character text of <c>{{x}}</c> would make 20 GB.
    /// </summary>
    public const int SubstitutedMax = 1_000_000;

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
        // Each value is written once and its length counted before anything is built: a value used many times cannot
        // make the server build (and send, and store) a prompt many times the size of the request.
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        long length = text.Length;
        foreach (var occurrence in occurrences)
        {
            if (!values.TryGetValue(occurrence.Name, out var value) || value is null) continue;
            if (!texts.TryGetValue(occurrence.Name, out var valueText)) texts[occurrence.Name] = valueText = ToText(value);
            length += valueText.Length - occurrence.Length;
            if (length > SubstitutedMax)
                throw new ValidationException("values",
                    $"With its values the prompt would be longer than {SubstitutedMax:N0} characters; shorten the values or use them fewer times.");
        }
        var result = new StringBuilder((int)length);
        var missing = new List<string>();
        var at = 0;
        foreach (var occurrence in occurrences)
        {
            result.Append(text, at, occurrence.Start - at);
            if (texts.TryGetValue(occurrence.Name, out var valueText))
                result.Append(valueText);
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
