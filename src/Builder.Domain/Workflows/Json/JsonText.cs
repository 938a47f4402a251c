using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Reads JSON that a person typed (a sample message) and, when it is not valid, says why in plain words with a
/// 1-based line and column: "The sample JSON is not valid: unexpected character 'u' at line 1, column 10."
/// </summary>
public static class JsonText
{
    /// <summary>Parses <paramref name="text"/>; repeated property names are refused. False with a sentence when it cannot be read.</summary>
    /// <param name="what">What the text is, for the message: "sample JSON".</param>
    public static bool TryParse(string text, string what, out JsonNode? node, out string? error)
    {
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = StoredJson.MaxDepth });
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            node = null;
            error = $"The {what} is not valid: {Describe(text, ex)}.";
            return false;
        }
    }

    /// <summary>Why <paramref name="text"/> failed to parse, e.g. "unexpected character 'u' at line 1, column 10".</summary>
    public static string Describe(string text, JsonException ex)
    {
        if (ex.LineNumber is not { } line || ex.BytePositionInLine is not { } bytes)
            return ex.Message.Contains("uplicate", StringComparison.Ordinal) ? "a property name appears twice in the same object" : "it could not be read";
        var lines = text.Split('\n');
        var lineText = line < lines.Length ? lines[line].TrimEnd('\r') : "";
        var index = CharIndex(lineText, bytes);
        var where = $"line {line + 1}, column {index + 1}";
        if (ex.Message.Contains("uplicate", StringComparison.Ordinal)) return $"a property name appears twice in the same object, at {where}";
        var rest = string.Join('\n', lines.Skip((int)Math.Min(line + 1, lines.Length)));
        if (index >= lineText.Length && string.IsNullOrWhiteSpace(rest))
            return $"it ends too early, at {where} (a closing brace, bracket or quote may be missing)";
        if (index >= lineText.Length) return $"unexpected end of line at {where}";
        return $"unexpected character {Show(lineText[index])} at {where}";
    }

    /// <summary>The char index in <paramref name="line"/> that starts at UTF-8 byte <paramref name="bytes"/>.</summary>
    private static int CharIndex(string line, long bytes)
    {
        long seen = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (seen >= bytes) return i;
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            seen += Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            i += width - 1;
        }
        return line.Length;
    }

    private static string Show(char c) => c switch
    {
        '\'' => "\"'\"",
        _ when char.IsControl(c) || char.IsWhiteSpace(c) => $"U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
