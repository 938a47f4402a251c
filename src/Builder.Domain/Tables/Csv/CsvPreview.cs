namespace Builder.Domain.Tables.Csv;

/// <summary>The start of a CSV file: its delimiter, header and first rows (records with a problem included, marked).</summary>
public sealed record CsvPreview(char Delimiter, IReadOnlyList<string> Header, IReadOnlyList<CsvRecord> Rows, bool HasMoreRows)
{
    /// <summary>Reads the header and the first <paramref name="rows"/> records, and no further.</summary>
    public static async Task<CsvPreview> ReadAsync(Stream stream, int rows = 20, CsvReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        await using var reader = await CsvReader.OpenAsync(stream, options, cancellationToken);
        var header = await reader.ReadRecordAsync(cancellationToken);
        var list = new List<CsvRecord>(Math.Min(rows, 1_000));
        while (list.Count < rows && await reader.ReadRecordAsync(cancellationToken) is { } record) list.Add(record);
        var more = list.Count == rows && await reader.ReadRecordAsync(cancellationToken) is not null;
        return new CsvPreview(reader.Delimiter, header?.Fields ?? [], list, more);
    }
}
