using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Builder.Domain.Tables.Values.CellText;

namespace Builder.Domain.Tables.Values;

/// <summary>
/// Reads, checks, converts and writes cell values of AutessaDB tables; the one place that knows what a valid cell is.
/// Values come out in the stored .NET shape documented on <see cref="ColumnType"/>; null is an empty cell for every type.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="FromJson"/> (API input) is strict: the JSON kind must match the type (an integer or link also takes a string holding one).</item>
/// <item><see cref="FromText"/> (CSV, grid editor) is lenient but never guesses: empty is null, invariant culture, no thousands
/// separators, dates in ISO 8601, a date and time needs Z or an offset.</item>
/// <item><see cref="Convert"/> (type change) handles every pair of the 12 types; a value that can't convert fails with the reason.</item>
/// <item><see cref="ToJson"/> and <see cref="ToText"/> write a value; <see cref="ToText"/> round-trips through <see cref="FromText"/>
/// (an empty text and null both write as empty).</item>
/// </list>
/// </remarks>
public static partial class ColumnValues
{
    // ================= FromJson =================

    /// <summary>Reads an API value (strict). JSON null (or a missing node) is an empty cell.</summary>
    public static CellResult FromJson(ColumnShape shape, JsonNode? node)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (node is null || node.GetValueKind() == JsonValueKind.Null) return CellResult.Empty;
        var kind = node.GetValueKind();
        string? text = kind == JsonValueKind.String ? node.GetValue<string>() : null;
        switch (shape.Type)
        {
            case ColumnType.Text:
            case ColumnType.LongText:
                return text is null ? Expected("a text (a JSON string)", node) : CheckLength(shape.Type, text);
            case ColumnType.Integer:
                if (kind == JsonValueKind.Number) return WholeJson(node);
                return text is null ? Expected("a whole number", node) : ParseInteger(text);
            case ColumnType.Link:
                if (kind == JsonValueKind.Number) return RowId(WholeJson(node), node.ToJsonString());
                return text is null ? Expected("a row id (a positive whole number)", node) : RowId(ParseInteger(text), text);
            case ColumnType.Decimal:
                if (kind == JsonValueKind.Number) return ParseDecimal(node.ToJsonString());
                return text is null ? Expected("a number", node) : ParseDecimal(text);
            case ColumnType.Boolean:
                return kind switch
                {
                    JsonValueKind.True => CellResult.Valid(true),
                    JsonValueKind.False => CellResult.Valid(false),
                    _ => Expected("true or false", node),
                };
            case ColumnType.Date:
                return text is null ? Expected("a date (a string yyyy-mm-dd)", node) : ParseDate(text);
            case ColumnType.DateTime:
                return text is null ? Expected("a date and time (an ISO 8601 string with Z or an offset)", node) : ParseDateTime(text, dateAsMidnight: false);
            case ColumnType.SingleSelect:
                return text is null ? Expected("one of the options (a JSON string)", node) : Option(shape, text, exact: true);
            case ColumnType.MultiSelect:
                return node is JsonArray array ? Options(shape, array, exact: true) : Expected("a JSON array of options", node);
            case ColumnType.Json:
                return CheckJson(node.DeepClone());
            case ColumnType.File:
                return ReadFile(node);
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape.Type, "Unknown column type.");
        }
    }

    private static CellResult Expected(string what, JsonNode got) =>
        CellResult.Invalid(got.GetValueKind() == JsonValueKind.String
            ? $"Expected {what}, got the text {Quote(got.GetValue<string>())}"
            : $"Expected {what}, got {Kind(got)}");

    private static CellResult WholeJson(JsonNode node)
    {
        var raw = node.ToJsonString();
        if (!decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return CellResult.Invalid($"{Quote(raw)} is too large for a whole number");
        return Whole(d, raw);
    }

    private static CellResult RowId(CellResult whole, string shown) => whole switch
    {
        { Ok: true, Value: long id } when id > 0 => whole,
        { Ok: true } => CellResult.Invalid($"{Quote(shown)} is not a row id (a positive whole number)"),
        _ => CellResult.Invalid($"{Quote(shown)} is not a row id (a positive whole number)"),
    };

    // ================= FromText =================

    /// <summary>
    /// Reads a value a person typed or a CSV cell (lenient, never guessing): null or empty is an empty cell (for the types
    /// other than text, so is a cell of spaces); booleans true/false/yes/no/y/n/1/0 in any case; numbers in invariant culture
    /// without thousands separators; a multiple select as "a, b" or a JSON array; JSON, file cells as JSON text.
    /// </summary>
    public static CellResult FromText(ColumnShape shape, string? text)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (string.IsNullOrEmpty(text)) return CellResult.Empty;
        if (shape.Type is not (ColumnType.Text or ColumnType.LongText) && string.IsNullOrWhiteSpace(text)) return CellResult.Empty;
        return shape.Type switch
        {
            ColumnType.Text or ColumnType.LongText => CheckLength(shape.Type, text),
            ColumnType.Integer => ParseInteger(text),
            ColumnType.Link => RowId(ParseInteger(text), text),
            ColumnType.Decimal => ParseDecimal(text),
            ColumnType.Boolean => ParseBoolean(text),
            ColumnType.Date => ParseDate(text),
            ColumnType.DateTime => ParseDateTime(text, dateAsMidnight: true),
            ColumnType.SingleSelect => Option(shape, text.Trim(), exact: false),
            ColumnType.MultiSelect => MultiFromText(shape, text),
            ColumnType.Json => ParseJson(text),
            ColumnType.File => ParseJson(text) is { Ok: true, Value: JsonNode node } ? ReadFile(node) : NotAFile(text),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape.Type, "Unknown column type."),
        };
    }

    private static CellResult CheckLength(ColumnType type, string text)
    {
        var max = type == ColumnType.LongText ? ColumnLimits.LongTextLength : ColumnLimits.TextLength;
        if (text.Length <= max) return CellResult.Valid(text);
        return CellResult.Invalid(type == ColumnType.LongText
            ? $"The text is {Count(text.Length)} characters long; a long text holds at most {Count(max)}"
            : $"The text is {Count(text.Length)} characters long; a text holds at most {Count(max)} (a long text holds more)");
    }

    private static CellResult MultiFromText(ColumnShape shape, string text)
    {
        var s = text.Trim();
        if (s.StartsWith('['))
        {
            return ParseJson(s) is { Ok: true, Value: JsonArray array }
                ? Options(shape, array, exact: false)
                : CellResult.Invalid($"{Quote(text)} is not a JSON array of options");
        }
        var parts = s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return Options(shape, parts, exact: false);
    }

    // ---- selects ----

    private static CellResult Option(ColumnShape shape, string value, bool exact)
    {
        var options = shape.Options ?? [];
        foreach (var option in options)
            if (option == value) return CellResult.Valid(option);
        if (!exact)
        {
            string? match = null;
            var matches = 0;
            foreach (var option in options)
                if (string.Equals(option, value, StringComparison.OrdinalIgnoreCase)) { match = option; matches++; }
            if (matches == 1) return CellResult.Valid(match);
        }
        return CellResult.Invalid($"{Quote(value)} is not one of the options {ListOptions(options)}");
    }

    private static string ListOptions(IReadOnlyList<string> options)
    {
        if (options.Count == 0) return "(the column has no options)";
        const int shown = 10;
        var list = string.Join(", ", options.Take(shown));
        return options.Count > shown ? $"({list}, … and {options.Count - shown} more)" : $"({list})";
    }

    private static CellResult Options(ColumnShape shape, JsonArray array, bool exact)
    {
        var values = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is null || item.GetValueKind() != JsonValueKind.String)
                return CellResult.Invalid($"Expected a JSON array of options (texts), found {(item is null ? "null" : Kind(item))} in it");
            values.Add(item.GetValue<string>());
        }
        return Options(shape, values, exact);
    }

    private static CellResult Options(ColumnShape shape, IReadOnlyList<string> values, bool exact)
    {
        if (values.Count == 0) return CellResult.Empty;
        var chosen = new List<string>(values.Count);
        foreach (var value in values)
        {
            var one = Option(shape, exact ? value : value.Trim(), exact);
            if (!one.Ok) return one;
            var option = (string)one.Value!;
            if (chosen.Contains(option)) return CellResult.Invalid($"{Quote(option)} is chosen twice");
            chosen.Add(option);
        }
        return CellResult.Valid(chosen.AsReadOnly());
    }

    // ---- files ----

    private static CellResult NotAFile(string text) =>
        CellResult.Invalid($"{Quote(text)} is not a file (a JSON object with key, name, size and contentType)");

    private static CellResult ReadFile(JsonNode node)
    {
        if (node is not JsonObject o) return NotAFile(node.ToJsonString(Compact));
        string? Str(string name) => o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        var key = Str("key");
        var name = Str("name");
        var contentType = o["contentType"] is null ? "application/octet-stream" : Str("contentType");
        long? size = o["size"] is JsonValue sv && sv.GetValueKind() == JsonValueKind.Number && WholeJson(sv) is { Ok: true, Value: long n } && n >= 0 ? n : null;
        if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(name) || size is null || string.IsNullOrWhiteSpace(contentType))
            return NotAFile(node.ToJsonString(Compact));
        if (key.Length > ColumnLimits.FileKeyLength || name.Length > ColumnLimits.FileNameLength || contentType.Length > 255)
            return CellResult.Invalid($"The file {Quote(name)} has a name longer than {ColumnLimits.FileNameLength} characters or a key longer than {ColumnLimits.FileKeyLength}");
        return CellResult.Valid(new FileCell(key, name, size.Value, contentType));
    }

    private static JsonObject FileJson(FileCell file) => new()
    {
        ["key"] = file.Key,
        ["name"] = file.Name,
        ["size"] = file.Size,
        ["contentType"] = file.ContentType,
    };

    // ================= ToJson / ToText =================

    /// <summary>Writes a stored value for the API: strings, numbers, booleans, dates as yyyy-mm-dd, date and time as ISO 8601 UTC, arrays, objects.</summary>
    public static JsonNode? ToJson(ColumnShape shape, object? value)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (value is null) return null;
        return shape.Type switch
        {
            ColumnType.Text or ColumnType.LongText or ColumnType.SingleSelect => JsonValue.Create(As<string>(shape, value)),
            ColumnType.Integer or ColumnType.Link => JsonValue.Create(AsLong(shape, value)),
            ColumnType.Decimal => JsonValue.Create(Normalize(AsDecimal(shape, value))),
            ColumnType.Boolean => JsonValue.Create(As<bool>(shape, value)),
            ColumnType.Date => JsonValue.Create(FormatDate(As<DateOnly>(shape, value))),
            ColumnType.DateTime => JsonValue.Create(FormatDateTime(As<DateTime>(shape, value))),
            ColumnType.MultiSelect => new JsonArray(As<IReadOnlyList<string>>(shape, value).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            ColumnType.Json => As<JsonNode>(shape, value).DeepClone(),
            ColumnType.File => FileJson(As<FileCell>(shape, value)),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape.Type, "Unknown column type."),
        };
    }

    /// <summary>
    /// Writes a stored value as text (CSV export, display); <see cref="FromText"/> reads it back to the same value. Null is
    /// empty; numbers in invariant culture; true/false; ISO 8601; a multiple select as "a, b" (a JSON array when an option
    /// holds a comma or would read as one); JSON and files as compact JSON.
    /// </summary>
    public static string ToText(ColumnShape shape, object? value)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (value is null) return "";
        return shape.Type switch
        {
            ColumnType.Text or ColumnType.LongText or ColumnType.SingleSelect => As<string>(shape, value),
            ColumnType.Integer or ColumnType.Link => AsLong(shape, value).ToString(CultureInfo.InvariantCulture),
            ColumnType.Decimal => FormatDecimal(AsDecimal(shape, value)),
            ColumnType.Boolean => As<bool>(shape, value) ? "true" : "false",
            ColumnType.Date => FormatDate(As<DateOnly>(shape, value)),
            ColumnType.DateTime => FormatDateTime(As<DateTime>(shape, value)),
            ColumnType.MultiSelect => MultiToText(As<IReadOnlyList<string>>(shape, value)),
            ColumnType.Json => ToJsonText(As<JsonNode>(shape, value)),
            ColumnType.File => ToJsonText(FileJson(As<FileCell>(shape, value))),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape.Type, "Unknown column type."),
        };
    }

    private static string MultiToText(IReadOnlyList<string> values)
    {
        var plain = values.All(v => v.Length > 0 && !v.Contains(',') && v.Trim() == v && !v.StartsWith('['));
        if (plain) return string.Join(", ", values);
        return ToJsonText(new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()));
    }

    // ---- the stored shape (a wrong shape is a programming error) ----

    private static T As<T>(ColumnShape shape, object value) => value is T t
        ? t
        : throw new ArgumentException($"A {shape.Type} value is stored as {typeof(T).Name}, not {value.GetType().Name}.", nameof(value));

    private static long AsLong(ColumnShape shape, object value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        _ => As<long>(shape, value),
    };

    private static decimal AsDecimal(ColumnShape shape, object value) => value switch
    {
        decimal d => d,
        long l => l,
        int i => i,
        double f when double.IsFinite(f) => (decimal)f,
        _ => As<decimal>(shape, value),
    };
}
