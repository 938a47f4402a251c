// TEMPORARY: stands in for the values engineer's Tables/Values (branch h/values) until it is merged; removed by the merge.
using System.Globalization;
using System.Text.Json.Nodes;

namespace Builder.Domain.Tables.Values;

public readonly record struct CellResult(bool Ok, object? Value, string? Reason)
{
    public static CellResult Empty => new(true, null, null);
    public static CellResult Valid(object? value) => new(true, value, null);
    public static CellResult Invalid(string reason) => new(false, null, reason);
}

public static class ColumnLimits
{
    public const int OptionsPerSelect = 500;
    public const int OptionLength = 100;

    public static string? CheckOptions(IReadOnlyList<string>? options)
    {
        if (options is null || options.Count == 0) return "A select column needs at least one option.";
        if (options.Count > OptionsPerSelect) return $"A select column has at most {OptionsPerSelect} options ({options.Count} given).";
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in options)
        {
            if (string.IsNullOrWhiteSpace(option)) return "An option can't be empty.";
            if (option.Trim() != option) return $"The option “{option}” has spaces around it.";
            if (option.Length > OptionLength) return $"The option “{option}” is longer than {OptionLength} characters.";
            if (!seen.Add(option)) return $"The option “{option}” is listed twice.";
        }
        return null;
    }
}

public static partial class ColumnValues
{
    public static CellResult FromText(ColumnShape shape, string? text)
    {
        if (string.IsNullOrEmpty(text)) return CellResult.Empty;
        return shape.Type switch
        {
            ColumnType.Text or ColumnType.LongText => CellResult.Valid(text),
            ColumnType.Integer => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? CellResult.Valid(l) : CellResult.Invalid($"“{text}” is not a whole number"),
            ColumnType.Decimal => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? CellResult.Valid(d) : CellResult.Invalid($"“{text}” is not a number"),
            ColumnType.Boolean => text is "true" or "false" ? CellResult.Valid(text == "true") : CellResult.Invalid($"“{text}” is not true or false"),
            ColumnType.SingleSelect => shape.Options?.Contains(text) == true ? CellResult.Valid(text) : CellResult.Invalid($"“{text}” is not an option"),
            _ => CellResult.Invalid("not supported by the stub"),
        };
    }

    public static CellResult FromJson(ColumnShape shape, JsonNode? node) => node is null ? CellResult.Empty
        : node is JsonValue v && v.TryGetValue<string>(out var s) ? FromText(shape, s) : FromText(shape, node.ToJsonString());

    public static JsonNode? ToJson(ColumnShape shape, object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        decimal d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        _ => JsonValue.Create(ToText(shape, value)),
    };

    public static string ToText(ColumnShape shape, object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(", ", list),
        _ => value.ToString() ?? "",
    };

    public static CellResult Convert(object? value, ColumnShape from, ColumnShape to) =>
        value is null ? CellResult.Empty : FromText(to, ToText(from, value));
}
