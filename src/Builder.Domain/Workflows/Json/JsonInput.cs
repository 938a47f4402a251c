using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Checks that a caller's JSON can be read. A <see cref="JsonObject"/> parsed from text with a repeated property
/// name throws <see cref="ArgumentException"/> on first access; the engines check up front and report it instead.
/// </summary>
internal static class JsonInput
{
    /// <summary>Null when every object in <paramref name="node"/> can be read; otherwise why not.</summary>
    public static string? FindProblem(JsonNode? node, string what)
    {
        var pending = new Stack<JsonNode>();
        if (node is not null) pending.Push(node);
        try
        {
            while (pending.Count > 0)
            {
                switch (pending.Pop())
                {
                    case JsonObject obj:
                        foreach (var property in obj) if (property.Value is not null) pending.Push(property.Value);
                        break;
                    case JsonArray array:
                        foreach (var item in array) if (item is not null) pending.Push(item);
                        break;
                }
            }
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return $"The {what} could not be read: {ex.Message}";
        }
    }
}
