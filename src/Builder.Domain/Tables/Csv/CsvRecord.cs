namespace Builder.Domain.Tables.Csv;

/// <summary>How <see cref="CsvReader"/> reads a file. The defaults suit an upload to an AutessaDB table.</summary>
public sealed record CsvReadOptions
{
    /// <summary>The delimiter, or null to detect it among , ; tab | from the first lines.</summary>
    public char? Delimiter { get; init; }

    /// <summary>The longest cell in characters; a longer one makes its record a problem (and is never held whole).</summary>
    public int MaxFieldLength { get; init; } = 100_000;

    /// <summary>The most cells in a record; more make the record a problem.</summary>
    public int MaxColumns { get; init; } = 1_000;

    /// <summary>
    /// Removes the apostrophe that <see cref="CsvFormulaGuard"/> put before a cell starting with = + - @ (so that an export
    /// imports back unchanged). True by default.
    /// </summary>
    public bool UndoFormulaGuard { get; init; } = true;

    /// <summary>Whether the caller's stream stays open when the reader is disposed.</summary>
    public bool LeaveOpen { get; init; }

    public static CsvReadOptions Default { get; } = new();

    /// <summary>The delimiters detection chooses among, in the order that breaks a tie.</summary>
    public static IReadOnlyList<char> Delimiters { get; } = [',', ';', '\t', '|'];
}

/// <summary>
/// One record (row) of a CSV file: the 1-based <see cref="Line"/> of the file where it starts (a cell may hold newlines, so a
/// record can span lines), its cells, and a <see cref="Problem"/> a person reads when the record is not well formed (a
/// different number of cells than the header, a cell too long, too many cells, a quote never closed). A record with a
/// problem is reported, never thrown: the import skips it or stops, as the user chose.
/// </summary>
public sealed class CsvRecord(long line, string[] fields, string? problem)
{
    public long Line { get; } = line;

    public IReadOnlyList<string> Fields { get; } = fields;

    public string? Problem { get; } = problem;

    public bool Ok => Problem is null;

    /// <summary>The cell at a 0-based index, or null when the record is shorter.</summary>
    public string? Field(int index) => index >= 0 && index < Fields.Count ? Fields[index] : null;

    public override string ToString() => $"line {Line}: {string.Join(" | ", Fields)}{(Problem is null ? "" : " (" + Problem + ")")}";
}
