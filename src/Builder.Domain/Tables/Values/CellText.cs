using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Builder.Domain.Tables.Values;

/// <summary>The parsers and formats behind <see cref="ColumnValues"/>: invariant culture, ISO 8601, compact JSON.</summary>
internal static partial class CellText
{
    /// <summary>Compact JSON that keeps non-ASCII letters as they are (“é”, not \u00E9): what a cell stores and exports.</summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    private const int QuoteLength = 60;

    /// <summary>A value as a reason shows it: in curly quotes, on one line, cut after 60 characters.</summary>
    public static string Quote(string value)
    {
        var line = value.ReplaceLineEndings(" ");
        if (line.Length > QuoteLength) line = line[..(QuoteLength - 1)] + "…";
        return "“" + line + "”";
    }

    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string ToJsonText(JsonNode node) => node.ToJsonString(Compact);

    // ---- numbers ----

    private const NumberStyles WholeStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// A whole number as text: digits with an optional leading + or -. No thousands separators and no decimal point, not
    /// even "3.0": "1.000" is a thousand in half of Europe, so a point is never read as a whole number silently.
    /// </summary>
    public static CellResult ParseInteger(string text)
    {
        var s = text.Trim();
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return CellResult.Valid(n);
        var unsigned = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (unsigned.Length > 0 && unsigned.All(char.IsAsciiDigit))
            return CellResult.Invalid($"{Quote(text)} is too large for a whole number");
        if (decimal.TryParse(s, WholeStyle, CultureInfo.InvariantCulture, out var d))
        {
            return decimal.Truncate(d) == d
                ? CellResult.Invalid($"{Quote(text)} is not a whole number (remove the decimal point)")
                : CellResult.Invalid($"{Quote(text)} is not a whole number");
        }
        if (s.Length > 0 && s.Any(char.IsDigit) && s.All(c => char.IsDigit(c) || c is ',' or ' ' or '\u00A0' or '\'' or '.' or '+' or '-'))
            return CellResult.Invalid($"{Quote(text)} is not a whole number (write it without thousands separators)");
        return CellResult.Invalid($"{Quote(text)} is not a whole number");
    }

    public static CellResult Whole(decimal d, string shown)
    {
        if (decimal.Truncate(d) != d) return CellResult.Invalid($"{Quote(shown)} is not a whole number");
        if (d < long.MinValue || d > long.MaxValue) return CellResult.Invalid($"{Quote(shown)} is too large for a whole number");
        return CellResult.Valid((long)d);
    }

    public static CellResult ParseDecimal(string text)
    {
        var s = text.Trim();
        if (!decimal.TryParse(s, NumberStyle, CultureInfo.InvariantCulture, out var d))
        {
            if (s.Count(c => c == ',') == 1 && decimal.TryParse(s.Replace(',', '.'), NumberStyle, CultureInfo.InvariantCulture, out _))
                return CellResult.Invalid($"{Quote(text)} is not a number (use a dot as the decimal separator, without thousands separators)");
            if (s.Length > 0 && s.Any(char.IsDigit) && s.All(c => char.IsDigit(c) || c is ',' or ' ' or '\u00A0' or '\'' or '.' or '+' or '-'))
                return CellResult.Invalid($"{Quote(text)} is not a number (write it without thousands separators)");
            var digits = s.TrimStart('+', '-');
            if (digits.Length > 0 && digits.All(c => char.IsDigit(c) || c is '.' or 'e' or 'E' or '+' or '-'))
                return CellResult.Invalid($"{Quote(text)} is too large for a decimal");
            return CellResult.Invalid($"{Quote(text)} is not a number");
        }
        return CheckDecimal(d, text);
    }

    /// <summary>A decimal fits the column: at most 15 significant digits, 10 after the point, below 10^28.</summary>
    public static CellResult CheckDecimal(decimal d, string shown)
    {
        if (Math.Abs(d) >= ColumnLimits.DecimalMagnitude) return CellResult.Invalid($"{Quote(shown)} is too large for a decimal");
        var (significant, scale) = Digits(d);
        if (significant > ColumnLimits.DecimalSignificantDigits)
            return CellResult.Invalid($"{Quote(shown)} has more than {ColumnLimits.DecimalSignificantDigits} significant digits");
        if (scale > ColumnLimits.DecimalScale)
            return CellResult.Invalid($"{Quote(shown)} has more than {ColumnLimits.DecimalScale} digits after the decimal point");
        return CellResult.Valid(Normalize(d));
    }

    /// <summary>The decimal without trailing zeros after the point (1.50 → 1.5), so that equal values store and print alike.</summary>
    public static decimal Normalize(decimal d) => d / 1.0000000000000000000000000000m;

    private static (int Significant, int Scale) Digits(decimal d)
    {
        if (d == 0) return (0, 0);
        var s = Math.Abs(d).ToString(CultureInfo.InvariantCulture);
        var point = s.IndexOf('.');
        var scale = 0;
        if (point >= 0)
        {
            s = s.TrimEnd('0');
            scale = s.Length - point - 1;
            if (scale == 0) s = s[..point];
        }
        var digits = s.Replace(".", "").TrimStart('0').TrimEnd('0');
        return (digits.Length, scale);
    }

    public static string FormatDecimal(decimal d) => Normalize(d).ToString(CultureInfo.InvariantCulture);

    // ---- booleans ----

    public static CellResult ParseBoolean(string text)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "y" or "1": return CellResult.Valid(true);
            case "false" or "no" or "n" or "0": return CellResult.Valid(false);
            default: return CellResult.Invalid($"{Quote(text)} is not a yes/no value (use true/false, yes/no or 1/0)");
        }
    }

    // ---- dates ----

    public static CellResult ParseDate(string text)
    {
        var s = text.Trim();
        if (DateShape().IsMatch(s))
        {
            return DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? CellResult.Valid(date)
                : CellResult.Invalid($"{Quote(text)} is not a valid date");
        }
        if (DateTimeShape().IsMatch(s))
            return CellResult.Invalid($"{Quote(text)} has a time; a date is written yyyy-mm-dd, e.g. 2024-03-31");
        return CellResult.Invalid($"{Quote(text)} is not a date (write it yyyy-mm-dd, e.g. 2024-03-31)");
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An ISO 8601 date and time with Z or an offset, to UTC. A bare date is midnight UTC only when <paramref name="dateAsMidnight"/>.</summary>
    public static CellResult ParseDateTime(string text, bool dateAsMidnight)
    {
        var s = text.Trim();
        var m = DateTimeShape().Match(s);
        if (!m.Success)
        {
            if (dateAsMidnight && DateShape().IsMatch(s))
                return ParseDate(s) is { Ok: true, Value: DateOnly date } ? CellResult.Valid(Midnight(date)) : CellResult.Invalid($"{Quote(text)} is not a valid date");
            return CellResult.Invalid($"{Quote(text)} is not a date and time (use ISO 8601, e.g. 2024-03-31T14:30:00Z)");
        }
        if (!m.Groups["zone"].Success)
            return CellResult.Invalid($"{Quote(text)} has no time zone (add Z for UTC or an offset such as +02:00)");
        try
        {
            var g = m.Groups;
            int N(string name) => int.Parse(g[name].Value, CultureInfo.InvariantCulture);
            var seconds = g["s"].Success ? N("s") : 0;
            var ticks = g["f"].Success ? long.Parse(g["f"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture) : 0;
            var offset = TimeSpan.Zero;
            var zone = g["zone"].Value;
            if (zone is not ("Z" or "z"))
            {
                var sign = zone[0] == '-' ? -1 : 1;
                var digits = zone[1..].Replace(":", "");
                var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
                var minutes = digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
                if (hours > 14 || minutes > 59) return CellResult.Invalid($"{Quote(text)} has an impossible time zone offset");
                offset = sign * new TimeSpan(hours, minutes, 0);
            }
            var value = new DateTimeOffset(N("y"), N("mo"), N("d"), N("h"), N("mi"), seconds, offset).AddTicks(ticks);
            return CellResult.Valid(value.UtcDateTime);
        }
        catch (ArgumentOutOfRangeException)
        {
            return CellResult.Invalid($"{Quote(text)} is not a valid date and time");
        }
    }

    public static DateTime Midnight(DateOnly date) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>ISO 8601 in UTC, with a fraction only when there is one: 2024-03-31T14:30:00Z, 2024-03-31T14:30:00.25Z.</summary>
    public static string FormatDateTime(DateTime value) =>
        Utc(value).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex DateShape();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})[Tt ](?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,7}))?)?(?<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex DateTimeShape();

    // ---- JSON ----

    public static CellResult ParseJson(string text)
    {
        if (text.Length > ColumnLimits.JsonLength * 2)
            return CellResult.Invalid($"The JSON is {Count(text.Length)} characters long; a JSON cell holds at most {Count(ColumnLimits.JsonLength)}");
        try
        {
            var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            return CheckJson(node);
        }
        catch (JsonException)
        {
            return CellResult.Invalid($"{Quote(text)} is not valid JSON");
        }
    }

    /// <summary>How deep a JSON cell may nest: what the store's reads parse (System.Text.Json's default), so a stored cell always reads back.</summary>
    public const int JsonMaxDepth = 64;

    public static CellResult CheckJson(JsonNode? node)
    {
        if (node is null) return CellResult.Empty;
        if (Depth(node) > JsonMaxDepth)
            return CellResult.Invalid($"The JSON nests more than {JsonMaxDepth} levels of objects and arrays; a JSON cell holds at most {JsonMaxDepth}");
        var length = ToJsonText(node).Length;
        return length > ColumnLimits.JsonLength
            ? CellResult.Invalid($"The JSON is {Count(length)} characters long; a JSON cell holds at most {Count(ColumnLimits.JsonLength)}")
            : CellResult.Valid(node);
    }

    /// <summary>The nesting depth of objects and arrays (a scalar is 0), counted without recursion; stops counting past the limit.</summary>
    private static int Depth(JsonNode root)
    {
        var deepest = 0;
        var pending = new Stack<(JsonNode Node, int Depth)>();
        pending.Push((root, 1));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            IEnumerable<JsonNode?> children = node switch { JsonObject o => o.Select(p => p.Value), JsonArray a => a, _ => [] };
            if (node is not (JsonObject or JsonArray)) continue;
            deepest = Math.Max(deepest, depth);
            if (deepest > JsonMaxDepth) return deepest;
            foreach (var child in children)
                if (child is JsonObject or JsonArray) pending.Push((child, depth + 1));
        }
        return deepest;
    }

    public static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "a JSON object",
        JsonValueKind.Array => "a JSON array",
        JsonValueKind.String => "a text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };
}
