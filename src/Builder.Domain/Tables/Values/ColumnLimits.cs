namespace Builder.Domain.Tables.Values;

/// <summary>The limits of cell values and select options, shared by the API, the grid, the CSV import and <c>table-options</c>.</summary>
public static class ColumnLimits
{
    /// <summary>Characters of a text or single select cell (SQL Server <c>nvarchar(500)</c>).</summary>
    public const int TextLength = 500;

    /// <summary>Characters of a long text cell.</summary>
    public const int LongTextLength = 100_000;

    /// <summary>Characters of a JSON cell written as compact JSON (also bounds multi select and file cells).</summary>
    public const int JsonLength = 100_000;

    /// <summary>Options of a single or multiple select column.</summary>
    public const int OptionsPerSelect = 500;

    /// <summary>Characters of one select option.</summary>
    public const int OptionLength = 100;

    /// <summary>Significant digits of a decimal: what a SQLite REAL (a double) keeps exactly.</summary>
    public const int DecimalSignificantDigits = 15;

    /// <summary>Digits after the decimal point of a decimal (SQL Server <c>decimal(38,10)</c>).</summary>
    public const int DecimalScale = 10;

    /// <summary>A decimal's magnitude stays below 10^28 (SQL Server <c>decimal(38,10)</c> has 28 integer digits).</summary>
    public const decimal DecimalMagnitude = 10_000_000_000_000_000_000_000_000_000m;

    /// <summary>Characters of a file cell's name and of its store key.</summary>
    public const int FileNameLength = 255;

    public const int FileKeyLength = 500;

    /// <summary>The most characters a cell of the type holds as text, or null when the type has no character limit of its own.</summary>
    public static int? MaxLength(ColumnType type) => type switch
    {
        ColumnType.Text or ColumnType.SingleSelect => TextLength,
        ColumnType.LongText => LongTextLength,
        ColumnType.Json or ColumnType.MultiSelect or ColumnType.File => JsonLength,
        _ => null,
    };

    /// <summary>
    /// Checks a select column's options: at most <see cref="OptionsPerSelect"/>, each non-empty, without spaces around it,
    /// at most <see cref="OptionLength"/> characters, no two the same (ignoring case). Null when they are fine, else the reason.
    /// </summary>
    public static string? CheckOptions(IReadOnlyList<string>? options)
    {
        if (options is null || options.Count == 0) return "A select column needs at least one option.";
        if (options.Count > OptionsPerSelect) return $"A select column has at most {OptionsPerSelect} options ({options.Count} given).";
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in options)
        {
            if (string.IsNullOrWhiteSpace(option)) return "An option can't be empty.";
            if (option.Trim() != option) return $"The option {CellText.Quote(option)} has spaces around it.";
            if (option.Length > OptionLength) return $"The option {CellText.Quote(option)} is longer than {OptionLength} characters.";
            if (!seen.Add(option)) return $"The option {CellText.Quote(option)} is listed twice.";
        }
        return null;
    }
}
