using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Builder.Domain.Tables.Values.CellText;

namespace Builder.Domain.Tables.Values;

public static partial class ColumnValues
{
    /// <summary>
    /// Converts a stored value of a column of shape <paramref name="from"/> for a column of shape <paramref name="to"/> (a type
    /// change, or new options). Every pair of types is defined; a value that does not convert fails with the reason, never
    /// silently becomes something else or empty. Null stays null.
    /// </summary>
    /// <remarks>
    /// The rules, by target:
    /// <list type="bullet">
    /// <item>text, long text: the value as <see cref="ToText"/> writes it (JSON and files as compact JSON), within the length limit;</item>
    /// <item>integer: texts as <see cref="FromText"/> reads them ("3.0" fails: no decimal point in a whole number), a decimal only when
    /// whole, a boolean as 1/0, a link's row id, a JSON number or string; dates don't convert;</item>
    /// <item>decimal: as integer, within 15 significant digits; boolean: texts, 0/1 from numbers, JSON true/false;</item>
    /// <item>date: a date and time only at midnight UTC; date and time: a date at midnight UTC; both from texts and JSON strings;</item>
    /// <item>single select: any scalar whose text is an option; a multiple select only with at most one value;</item>
    /// <item>multiple select: a single select as one value, a text split at commas, a JSON array of options;</item>
    /// <item>JSON: a text parsed as JSON, a select as a JSON string, numbers, booleans, dates as JSON values, a file as its object;</item>
    /// <item>file: only from JSON or text holding a file object, and a file converts only to JSON or text;</item>
    /// <item>link: a positive whole number from integer, decimal, text or JSON (that the row exists is checked by the caller).</item>
    /// </list>
    /// </remarks>
    public static CellResult Convert(object? value, ColumnShape from, ColumnShape to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (value is null) return CellResult.Empty;

        if (from.Type == ColumnType.File && to.Type is not (ColumnType.File or ColumnType.Json or ColumnType.Text or ColumnType.LongText))
            return CellResult.Invalid($"A file converts only to JSON or text, not to {to.Type.Label()}");
        if (to.Type == ColumnType.File && from.Type is not (ColumnType.File or ColumnType.Json or ColumnType.Text or ColumnType.LongText))
            return CellResult.Invalid($"{from.Type.Label()} can't be converted to File (only JSON or text holding a file can)");

        return to.Type switch
        {
            ColumnType.Text or ColumnType.LongText => CheckLength(to.Type, ToText(from, value)),
            ColumnType.Integer => ToInteger(value, from, to),
            ColumnType.Link => ToLink(value, from, to),
            ColumnType.Decimal => ToDecimal(value, from, to),
            ColumnType.Boolean => ToBoolean(value, from, to),
            ColumnType.Date => ToDate(value, from, to),
            ColumnType.DateTime => ToDateTime(value, from, to),
            ColumnType.SingleSelect => ToSingleSelect(value, from, to),
            ColumnType.MultiSelect => ToMultiSelect(value, from, to),
            ColumnType.Json => ToJsonCell(value, from),
            ColumnType.File => from.Type == ColumnType.Json ? ReadFile(As<JsonNode>(from, value)) : FromText(to, ToText(from, value)),
            _ => throw new ArgumentOutOfRangeException(nameof(to), to.Type, "Unknown column type."),
        };
    }

    private static CellResult Cannot(ColumnShape from, ColumnShape to) =>
        CellResult.Invalid($"{from.Type.Label()} can't be converted to {to.Type.Label()}");

    private static CellResult CannotJson(JsonNode node, ColumnShape to) =>
        CellResult.Invalid($"{Capitalize(Kind(node))} can't be converted to {to.Type.Label()}");

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>
    /// The text a textual source holds for a scalar target: a text, a single select, a multiple select with at most one value,
    /// a JSON scalar. Null with a failure when the source has no such text.
    /// </summary>
    private static (string? Text, CellResult Failure) Textual(object value, ColumnShape from, ColumnShape to)
    {
        switch (from.Type)
        {
            case ColumnType.Text or ColumnType.LongText or ColumnType.SingleSelect:
                return (As<string>(from, value), default);
            case ColumnType.MultiSelect:
                var values = As<IReadOnlyList<string>>(from, value);
                if (values.Count > 1)
                    return (null, CellResult.Invalid($"{Quote(MultiToText(values))} holds {values.Count} options; {Article(to.Type)} {to.Type.Label().ToLowerInvariant()} holds one value"));
                return (values.Count == 0 ? "" : values[0], default);
            case ColumnType.Json:
                var node = As<JsonNode>(from, value);
                return node.GetValueKind() switch
                {
                    JsonValueKind.String => (node.GetValue<string>(), default),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => (node.ToJsonString(), default),
                    _ => (null, CannotJson(node, to)),
                };
            default:
                return (null, Cannot(from, to));
        }
    }

    private static string Article(ColumnType type) => type is ColumnType.Integer ? "an" : "a";

    private static CellResult ToInteger(object value, ColumnShape from, ColumnShape to)
    {
        switch (from.Type)
        {
            case ColumnType.Integer or ColumnType.Link: return CellResult.Valid(AsLong(from, value));
            case ColumnType.Decimal:
                var d = AsDecimal(from, value);
                return Whole(d, FormatDecimal(d));
            case ColumnType.Boolean: return CellResult.Valid(As<bool>(from, value) ? 1L : 0L);
            case ColumnType.Json when value is JsonNode node && node.GetValueKind() == JsonValueKind.Number: return WholeJson(node);
        }
        var (text, failure) = Textual(value, from, to);
        return text is null ? failure : FromText(to, text);
    }

    private static CellResult ToLink(object value, ColumnShape from, ColumnShape to)
    {
        if (from.Type == ColumnType.Boolean) return Cannot(from, to);
        var whole = ToInteger(value, from, to);
        if (!whole.Ok || whole.Value is null) return whole;
        return RowId(whole, ((long)whole.Value).ToString(CultureInfo.InvariantCulture));
    }

    private static CellResult ToDecimal(object value, ColumnShape from, ColumnShape to)
    {
        switch (from.Type)
        {
            case ColumnType.Integer or ColumnType.Link:
                var l = AsLong(from, value);
                return CheckDecimal(l, l.ToString(CultureInfo.InvariantCulture));
            case ColumnType.Decimal:
                var d = AsDecimal(from, value);
                return CheckDecimal(d, FormatDecimal(d));
            case ColumnType.Boolean: return CellResult.Valid(As<bool>(from, value) ? 1m : 0m);
        }
        var (text, failure) = Textual(value, from, to);
        return text is null ? failure : FromText(to, text);
    }

    private static CellResult ToBoolean(object value, ColumnShape from, ColumnShape to)
    {
        switch (from.Type)
        {
            case ColumnType.Boolean: return CellResult.Valid(As<bool>(from, value));
            case ColumnType.Integer:
                var l = AsLong(from, value);
                return l is 0 or 1 ? CellResult.Valid(l == 1) : CellResult.Invalid($"{Quote(l.ToString(CultureInfo.InvariantCulture))} is not 0 or 1");
            case ColumnType.Decimal:
                var d = AsDecimal(from, value);
                return d is 0m or 1m ? CellResult.Valid(d == 1m) : CellResult.Invalid($"{Quote(FormatDecimal(d))} is not 0 or 1");
            case ColumnType.Link: return Cannot(from, to);
        }
        var (text, failure) = Textual(value, from, to);
        return text is null ? failure : FromText(to, text);
    }

    private static CellResult ToDate(object value, ColumnShape from, ColumnShape to)
    {
        switch (from.Type)
        {
            case ColumnType.Date: return CellResult.Valid(As<DateOnly>(from, value));
            case ColumnType.DateTime:
                var utc = Utc(As<DateTime>(from, value));
                return utc.TimeOfDay == TimeSpan.Zero
                    ? CellResult.Valid(DateOnly.FromDateTime(utc))
                    : CellResult.Invalid($"{Quote(FormatDateTime(utc))} has a time of day ({utc.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC); only a value at midnight UTC converts to a date");
            case ColumnType.Integer or ColumnType.Link or ColumnType.Decimal or ColumnType.Boolean: return Cannot(from, to);
            case ColumnType.Json when value is JsonNode node && node.GetValueKind() != JsonValueKind.String: return CannotJson(node, to);
        }
        var (text, failure) = Textual(value, from, to);
        return text is null ? failure : FromText(to, text);
    }

    private static CellResult ToDateTime(object value, ColumnShape from, ColumnShape to)
    {
        switch (from.Type)
        {
            case ColumnType.DateTime: return CellResult.Valid(Utc(As<DateTime>(from, value)));
            case ColumnType.Date: return CellResult.Valid(Midnight(As<DateOnly>(from, value)));
            case ColumnType.Integer or ColumnType.Link or ColumnType.Decimal or ColumnType.Boolean: return Cannot(from, to);
            case ColumnType.Json when value is JsonNode node && node.GetValueKind() != JsonValueKind.String: return CannotJson(node, to);
        }
        var (text, failure) = Textual(value, from, to);
        return text is null ? failure : FromText(to, text);
    }

    private static CellResult ToSingleSelect(object value, ColumnShape from, ColumnShape to)
    {
        string? text;
        switch (from.Type)
        {
            case ColumnType.Integer or ColumnType.Link or ColumnType.Decimal or ColumnType.Boolean or ColumnType.Date or ColumnType.DateTime:
                text = ToText(from, value);
                break;
            default:
                (text, var failure) = Textual(value, from, to);
                if (text is null) return failure;
                break;
        }
        return text.Length == 0 ? CellResult.Empty : Option(to, text.Trim(), exact: false);
    }

    private static CellResult ToMultiSelect(object value, ColumnShape from, ColumnShape to)
    {
        switch (from.Type)
        {
            case ColumnType.MultiSelect: return Options(to, As<IReadOnlyList<string>>(from, value), exact: false);
            case ColumnType.SingleSelect: return Options(to, [As<string>(from, value)], exact: false);
            case ColumnType.Text or ColumnType.LongText: return FromText(to, As<string>(from, value));
            case ColumnType.Json:
                var node = As<JsonNode>(from, value);
                return node switch
                {
                    JsonArray array => Options(to, array, exact: false),
                    _ when node.GetValueKind() == JsonValueKind.String => FromText(to, node.GetValue<string>()),
                    _ when node.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => Options(to, [node.ToJsonString()], exact: false),
                    _ => CannotJson(node, to),
                };
            default:
                return Options(to, [ToText(from, value)], exact: false);
        }
    }

    private static CellResult ToJsonCell(object value, ColumnShape from)
    {
        switch (from.Type)
        {
            case ColumnType.Text or ColumnType.LongText:
                var text = As<string>(from, value);
                if (text.Length == 0) return CellResult.Empty;
                var parsed = ParseJson(text);
                return parsed.Ok
                    ? parsed
                    : CellResult.Invalid($"{Quote(text)} is not valid JSON (a text in JSON is written in double quotes)");
            case ColumnType.Json: return CheckJson(As<JsonNode>(from, value).DeepClone());
            default: return CheckJson(ToJson(from, value));
        }
    }
}
