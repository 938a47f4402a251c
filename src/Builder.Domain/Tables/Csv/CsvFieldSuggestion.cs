using System.Globalization;
using System.Text;
using System.Text.Json;
using Builder.Domain.Tables.Values;

namespace Builder.Domain.Tables.Csv;

/// <summary>A field to create from a CSV column: a column name following the identifier rule, made from the header, and a type.</summary>
public sealed record CsvFieldSuggestion(int CsvColumn, string Header, string Name, ColumnShape Shape);

/// <summary>
/// Suggests a column type from a CSV column's values (for creating fields from the header). The narrowest type every
/// non-empty value reads as with <see cref="ColumnValues.FromText"/> wins: boolean (when a word such as yes/true appears; only
/// 0 and 1 is an integer), integer (not when a value has a leading zero, like an id or a postcode: that stays text), decimal,
/// date, date and time, JSON (objects and arrays); else a single select when at most 20 distinct short values repeat, a long
/// text when a value is over 500 characters, or text.
/// </summary>
public sealed class CsvTypeGuess
{
    public const int MaxSelectOptions = 20;

    private bool _integer = true, _decimal = true, _boolean = true, _booleanWord, _date = true, _dateTime = true, _json = true, _leadingZero;
    private long _values;
    private int _maxLength;
    private readonly List<string> _distinct = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private bool _tooManyDistinct;

    private static readonly ColumnShape IntegerShape = new(ColumnType.Integer), DecimalShape = new(ColumnType.Decimal),
        BooleanShape = new(ColumnType.Boolean), DateShape = new(ColumnType.Date), DateTimeShape = new(ColumnType.DateTime);

    public void Add(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        _values++;
        var v = value.Trim();
        _maxLength = Math.Max(_maxLength, value.Length);
        if (_integer && !ColumnValues.FromText(IntegerShape, v).Ok) _integer = false;
        if (_integer && v.Length > 1 && v.TrimStart('+', '-')[0] == '0') _leadingZero = true;
        if (_decimal && !ColumnValues.FromText(DecimalShape, v).Ok) _decimal = false;
        if (_boolean)
        {
            if (!ColumnValues.FromText(BooleanShape, v).Ok) _boolean = false;
            else if (v is not ("0" or "1")) _booleanWord = true;
        }
        if (_date && !ColumnValues.FromText(DateShape, v).Ok) _date = false;
        if (_dateTime && !ColumnValues.FromText(DateTimeShape, v).Ok) _dateTime = false;
        if (_json && !(v[0] is '{' or '[' && IsJson(v))) _json = false;
        if (!_tooManyDistinct && _seen.Add(v))
        {
            _distinct.Add(v);
            if (_distinct.Count > MaxSelectOptions || v.Length > ColumnLimits.OptionLength) _tooManyDistinct = true;
        }
    }

    private static bool IsJson(string v)
    {
        try
        {
            using var _ = JsonDocument.Parse(v);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public ColumnShape Suggest()
    {
        if (_values == 0) return new ColumnShape(ColumnType.Text);
        if (_boolean && _booleanWord) return BooleanShape;
        if (_integer && !_leadingZero) return IntegerShape;
        if (_decimal && !_integer) return DecimalShape;
        if (_date) return DateShape;
        if (_dateTime) return DateTimeShape;
        if (_json) return new ColumnShape(ColumnType.Json);
        if (_maxLength > ColumnLimits.TextLength) return new ColumnShape(ColumnType.LongText);
        if (!_tooManyDistinct && !_integer && _values >= 2L * _distinct.Count && _distinct.Count >= 2
            && ColumnLimits.CheckOptions(_distinct) is null)
            return new ColumnShape(ColumnType.SingleSelect, _distinct.ToArray());
        return new ColumnShape(ColumnType.Text);
    }

    /// <summary>
    /// Reads a file (streaming, at most <paramref name="maxRows"/> data rows) and suggests a field per CSV column: a name
    /// made from the header (lower case letters, digits and _, starting with a letter, unique, not a system name) and a type.
    /// </summary>
    public static async Task<IReadOnlyList<CsvFieldSuggestion>> SuggestAsync(Stream stream, int maxRows = 10_000,
        CsvReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var reader = await CsvReader.OpenAsync(stream, options, cancellationToken);
        var header = (await reader.ReadRecordAsync(cancellationToken))?.Fields ?? [];
        var guesses = header.Select(_ => new CsvTypeGuess()).ToArray();
        var rows = 0;
        while (rows < maxRows && await reader.ReadRecordAsync(cancellationToken) is { } record)
        {
            rows++;
            if (!record.Ok) continue;
            for (var i = 0; i < guesses.Length; i++) guesses[i].Add(record.Field(i));
        }
        var names = ColumnNames(header);
        return header.Select((h, i) => new CsvFieldSuggestion(i, h, names[i], guesses[i].Suggest())).ToArray();
    }

    private static readonly HashSet<string> SystemNames = ["id", "createdat", "updatedat", "createdby", "created_at", "updated_at", "created_by"];

    /// <summary>Column names for header cells: "Unit price (€)" → unit_price, "2024 Total" → c_2024_total; unique; at most 63 characters.</summary>
    public static IReadOnlyList<string> ColumnNames(IReadOnlyList<string> headers)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var names = new string[headers.Count];
        for (var i = 0; i < headers.Count; i++)
        {
            var name = Identifier(headers[i]);
            if (name.Length == 0) name = $"column_{i + 1}";
            if (!char.IsAsciiLetterLower(name[0])) name = "c_" + name;
            if (name.Length > 63) name = name[..63].TrimEnd('_');
            var unique = name;
            for (var n = 2; SystemNames.Contains(unique) || !used.Add(unique); n++)
            {
                var suffix = "_" + n.ToString(CultureInfo.InvariantCulture);
                unique = (name.Length + suffix.Length > 63 ? name[..(63 - suffix.Length)] : name) + suffix;
            }
            names[i] = unique;
        }
        return names;
    }

    private static string Identifier(string header)
    {
        var sb = new StringBuilder();
        foreach (var c in header.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterLower(lower) || char.IsAsciiDigit(lower)) sb.Append(lower);
            else if (sb.Length > 0 && sb[^1] != '_') sb.Append('_');
        }
        return sb.ToString().TrimEnd('_');
    }
}
