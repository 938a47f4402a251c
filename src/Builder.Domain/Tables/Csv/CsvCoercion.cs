using Builder.Domain.Tables.Values;

namespace Builder.Domain.Tables.Csv;

/// <summary>A CSV column (0-based index) mapped to a table column of the given shape.</summary>
public sealed record CsvColumnMapping(int CsvColumn, ColumnShape Shape);

/// <summary>A cell that does not convert: the line of its record, the value (cut after 200 characters) and the reason.</summary>
public sealed record CsvCellFailure(long Line, string Value, string Reason);

/// <summary>A record that is not well formed (ragged, a cell too long…): its line and the reason.</summary>
public sealed record CsvRowProblem(long Line, string Reason);

/// <summary>How the cells of one mapped CSV column convert: counts, and the first failures.</summary>
public sealed record CsvColumnReport(int CsvColumn, string Header, ColumnShape Shape, long Converted, long Empty, long Failed, IReadOnlyList<CsvCellFailure> Failures);

/// <summary>The coercion report of a file: data rows read, rows not well formed (the first 20), and one report per mapped column.</summary>
public sealed record CsvCoercionReport(long Rows, long BadRows, IReadOnlyList<CsvRowProblem> RowProblems, IReadOnlyList<CsvColumnReport> Columns)
{
    /// <summary>The cells, over all mapped columns, that do not convert.</summary>
    public long FailedCells => Columns.Sum(c => c.Failed);
}

/// <summary>
/// Tallies, record by record, how the mapped cells convert with <see cref="ColumnValues.FromText"/>: the import job can feed
/// it the records it reads, or <see cref="ReportAsync"/> reads a whole file (streaming) for the report before an import.
/// Records that are not well formed are counted apart and their cells left out of the column counts.
/// </summary>
public sealed class CsvCoercion
{
    public const int MaxListed = 20;
    private const int MaxValueLength = 200;

    private readonly IReadOnlyList<string> _header;
    private readonly IReadOnlyList<CsvColumnMapping> _mappings;
    private readonly long[] _converted, _empty, _failed;
    private readonly List<CsvCellFailure>[] _failures;
    private readonly List<CsvRowProblem> _problems = [];
    private long _rows, _badRows;

    public CsvCoercion(IReadOnlyList<string> header, IReadOnlyList<CsvColumnMapping> mappings)
    {
        _header = header;
        _mappings = mappings;
        _converted = new long[mappings.Count];
        _empty = new long[mappings.Count];
        _failed = new long[mappings.Count];
        _failures = mappings.Select(_ => new List<CsvCellFailure>()).ToArray();
    }

    /// <summary>Adds a data record (not the header).</summary>
    public void Add(CsvRecord record)
    {
        _rows++;
        if (!record.Ok)
        {
            _badRows++;
            if (_problems.Count < MaxListed) _problems.Add(new CsvRowProblem(record.Line, record.Problem!));
            return;
        }
        for (var i = 0; i < _mappings.Count; i++)
        {
            var value = record.Field(_mappings[i].CsvColumn);
            var result = ColumnValues.FromText(_mappings[i].Shape, value);
            if (!result.Ok)
            {
                _failed[i]++;
                if (_failures[i].Count < MaxListed)
                    _failures[i].Add(new CsvCellFailure(record.Line, value!.Length > MaxValueLength ? value[..MaxValueLength] + "…" : value, result.Reason!));
            }
            else if (result.Value is null) _empty[i]++;
            else _converted[i]++;
        }
    }

    public CsvCoercionReport Report() => new(_rows, _badRows, _problems.ToArray(),
        _mappings.Select((m, i) => new CsvColumnReport(m.CsvColumn, m.CsvColumn < _header.Count ? _header[m.CsvColumn] : "",
            m.Shape, _converted[i], _empty[i], _failed[i], _failures[i].ToArray())).ToArray());

    /// <summary>Reads a whole file (streaming, the first record is the header) and reports how the mapped columns convert.</summary>
    public static async Task<CsvCoercionReport> ReportAsync(Stream stream, IReadOnlyList<CsvColumnMapping> mappings,
        CsvReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var reader = await CsvReader.OpenAsync(stream, options, cancellationToken);
        var header = await reader.ReadRecordAsync(cancellationToken);
        var coercion = new CsvCoercion(header?.Fields ?? [], mappings);
        await foreach (var record in reader.ReadRecordsAsync(cancellationToken)) coercion.Add(record);
        return coercion.Report();
    }
}
