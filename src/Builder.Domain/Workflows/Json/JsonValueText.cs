using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>Reads JSON values as text, numbers, booleans and dates the same way across the engines.</summary>
internal static class JsonValueText
{
    /// <summary>The kind of a node, treating a null reference as JSON null.</summary>
    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static bool IsScalar(JsonNode? node) => Kind(node) is not (JsonValueKind.Object or JsonValueKind.Array);

    /// <summary>
    /// The text of a value: a string as is, a number as written, <c>true</c>/<c>false</c>, <c>null</c>,
    /// and objects and arrays as compact JSON.
    /// </summary>
    public static string ToText(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.String => node!.GetValue<string>(),
        JsonValueKind.Null => "null",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => node!.ToJsonString(),
    };

    /// <summary>A number from a JSON number, or from a string that is an invariant-culture number.</summary>
    public static bool TryGetNumber(JsonNode? node, out double number)
    {
        number = 0;
        return Kind(node) switch
        {
            JsonValueKind.Number => double.TryParse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)
                && double.IsFinite(number),
            JsonValueKind.String => TryParseNumber(node!.GetValue<string>(), out number),
            _ => false,
        };
    }

    /// <summary>
    /// Orders two values as numbers: exactly (decimal) when both fit, so large integers stay distinct, else as doubles.
    /// False when either is not a number.
    /// </summary>
    public static bool TryCompareNumbers(JsonNode? a, JsonNode? b, out int order)
    {
        order = 0;
        if (!TryGetNumber(a, out var da) || !TryGetNumber(b, out var db)) return false;
        order = TryGetDecimal(a, out var ma) && TryGetDecimal(b, out var mb) ? ma.CompareTo(mb) : da.CompareTo(db);
        return true;
    }

    private static bool TryGetDecimal(JsonNode? node, out decimal number) =>
        decimal.TryParse(Kind(node) == JsonValueKind.String ? node!.GetValue<string>().Trim() : node!.ToJsonString(),
            NumberStyles.Float, CultureInfo.InvariantCulture, out number);

    public static bool TryParseNumber(string text, out double number) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)
        && double.IsFinite(number) && text.Trim().Length > 0;

    /// <summary>A boolean from JSON true/false or the strings "true"/"false" (any case).</summary>
    public static bool TryGetBoolean(JsonNode? node, out bool value)
    {
        value = false;
        switch (Kind(node))
        {
            case JsonValueKind.True: value = true; return true;
            case JsonValueKind.False: return true;
            case JsonValueKind.String:
                return bool.TryParse(node!.GetValue<string>().Trim(), out value);
            default: return false;
        }
    }

    /// <summary>An instant from an ISO 8601 date or date-time string (<c>2024-01-15</c>, <c>2024-01-15T10:30:00Z</c>); no zone means UTC.</summary>
    public static bool TryGetDate(JsonNode? node, out DateTimeOffset date)
    {
        date = default;
        if (Kind(node) != JsonValueKind.String) return false;
        var text = node!.GetValue<string>().Trim();
        return LooksLikeIsoDate(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);
    }

    public static bool LooksLikeIsoDate(string text) =>
        text.Length >= 10 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2])
        && char.IsAsciiDigit(text[3]) && text[4] == '-' && char.IsAsciiDigit(text[5]) && char.IsAsciiDigit(text[6])
        && text[7] == '-' && char.IsAsciiDigit(text[8]) && char.IsAsciiDigit(text[9]);
}
