using System.Globalization;
using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Dotted paths into a JSON document, as used by condition fields and <c>{{templates}}</c>:
/// <c>message.user.id</c>, <c>message.items.0.id</c> or <c>message.items[0].id</c>.
/// A segment names an object property (case-sensitive); on an array, a segment that is a non-negative
/// integer is an index. Property names containing dots or brackets cannot be addressed.
/// </summary>
public static class JsonFieldPath
{
    /// <summary>The longest path accepted, in characters.</summary>
    public const int MaxLength = 500;

    /// <summary>Splits <paramref name="path"/> into segments; false when it is empty, too long or malformed.</summary>
    public static bool TryParse(string? path, out IReadOnlyList<string> segments)
    {
        segments = [];
        if (string.IsNullOrWhiteSpace(path) || path.Length > MaxLength) return false;
        var text = path.Trim();
        var result = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (result.Count == 0 || close < 0 || !IsIndex(text[(i + 1)..close])) return false;
                result.Add(text[(i + 1)..close]);
                i = close + 1;
            }
            else
            {
                var end = i;
                while (end < text.Length && text[end] is not ('.' or '[' or ']')) end++;
                if (end == i) return false;
                result.Add(text[i..end]);
                i = end;
            }
            if (i == text.Length) break;
            if (text[i] is not ('.' or '[')) return false;
            if (text[i] == '.')
            {
                i++;
                if (i == text.Length || text[i] is '.' or '[' or ']') return false;
            }
        }
        segments = result;
        return true;
    }

    /// <summary>True when <paramref name="path"/> is a well-formed path.</summary>
    public static bool IsValid(string? path) => TryParse(path, out _);

    /// <summary>
    /// Follows <paramref name="path"/> from <paramref name="root"/>. True when every segment exists; the value may
    /// then still be JSON null (returned as a null reference).
    /// </summary>
    public static bool TryResolve(JsonNode? root, string? path, out JsonNode? value)
    {
        value = null;
        if (!TryParse(path, out var segments)) return false;
        var current = root;
        foreach (var segment in segments)
        {
            switch (current)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var child):
                    current = child;
                    break;
                case JsonArray array when IsIndex(segment)
                        && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                        && i < array.Count:
                    current = array[i];
                    break;
                default:
                    return false;
            }
        }
        value = current;
        return true;
    }

    private static bool IsIndex(string text) =>
        text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit);
}
