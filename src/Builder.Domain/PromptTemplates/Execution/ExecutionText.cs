using System.Text.Json.Nodes;

namespace Builder.Domain.PromptTemplates.Execution;

/// <summary>Cuts what a run record keeps (and what a list entry carries) to a bound, never splitting a surrogate pair.</summary>
public static class ExecutionText
{
    /// <summary>At most <paramref name="max"/> characters of <paramref name="text"/>; a cut never ends on the first half of a surrogate pair.</summary>
    public static string? Cut(string? text, int max, out bool cut)
    {
        cut = text is not null && text.Length > max;
        if (!cut) return text;
        var length = max;
        if (length > 0 && char.IsHighSurrogate(text![length - 1])) length--;
        return text![..length];
    }

    /// <summary>
    /// The inputs as a JSON object of at most <paramref name="max"/> characters. When the whole is longer, the room is shared among
    /// the values in order: a value that does not fit its share is kept as the start of its text (a string), and values left with
    /// no room are left out; <paramref name="cut"/> says so.
    /// </summary>
    public static string CutInputs(JsonObject inputs, int max, out bool cut)
    {
        var whole = inputs.ToJsonString();
        cut = whole.Length > max;
        if (!cut) return whole;
        var result = new JsonObject();
        var left = inputs.Count;
        var used = 2; // {}
        foreach (var (key, value) in inputs)
        {
            var share = (max - used) / Math.Max(1, left--);
            var keyCost = new JsonObject { [key] = null }.ToJsonString().Length; // {"key":null}
            if (share - keyCost < 16) continue;
            JsonNode? kept = value?.DeepClone();
            if (Cost(key, kept) > share)
            {
                var raw = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value!.ToJsonString();
                var length = Math.Min(raw.Length, share);
                string candidate;
                do
                {
                    candidate = Cut(raw, length, out _)!;
                    var over = Cost(key, candidate) - share;
                    if (over <= 0) break;
                    length = Math.Max(0, length - Math.Max(1, over / 6 + 1));
                } while (length > 0);
                kept = JsonValue.Create(length > 0 ? candidate : "");
            }
            used += Cost(key, kept) - (result.Count == 0 ? 2 : 1);
            result[key] = kept;
        }
        var json = result.ToJsonString();
        return json.Length <= max ? json : "{}";
    }

    private static int Cost(string key, JsonNode? value) => new JsonObject { [key] = value?.DeepClone() }.ToJsonString().Length;
}
