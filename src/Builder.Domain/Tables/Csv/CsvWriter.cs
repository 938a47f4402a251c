using System.Text;

namespace Builder.Domain.Tables.Csv;

/// <summary>How <see cref="CsvWriter"/> writes a file.</summary>
public sealed record CsvWriteOptions
{
    public char Delimiter { get; init; } = ',';

    /// <summary>A UTF-8 byte order mark first, so that Excel reads the file as UTF-8. True by default.</summary>
    public bool ByteOrderMark { get; init; } = true;

    /// <summary>CRLF by default, as RFC 4180 says.</summary>
    public string NewLine { get; init; } = "\r\n";

    /// <summary>An apostrophe before a cell a spreadsheet would run as a formula (<see cref="CsvFormulaGuard"/>). True by default.</summary>
    public bool FormulaGuard { get; init; } = true;

    public bool LeaveOpen { get; init; }

    public static CsvWriteOptions Default { get; } = new();
}

/// <summary>
/// A streaming RFC 4180 writer for exports: a record at a time, quoting a cell only when it holds the delimiter, a quote, a
/// line end or spaces at either end; UTF-8, with a byte order mark by default. Writes asynchronously only (an HTTP response
/// forbids synchronous writes), buffering one record.
/// </summary>
public sealed class CsvWriter : IAsyncDisposable
{
    private readonly StreamWriter _writer;
    private readonly CsvWriteOptions _options;
    private readonly StringBuilder _record = new();

    public CsvWriter(Stream stream, CsvWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _options = options ?? CsvWriteOptions.Default;
        if (_options.Delimiter is '"' or '\r' or '\n') throw new ArgumentException("The delimiter can't be a quote or a line end.", nameof(options));
        _writer = new StreamWriter(stream, new UTF8Encoding(_options.ByteOrderMark), 64 * 1024, _options.LeaveOpen);
    }

    /// <summary>Writes one record; a null cell writes as empty.</summary>
    public async ValueTask WriteRecordAsync(IEnumerable<string?> fields, CancellationToken cancellationToken = default)
    {
        _record.Clear();
        var first = true;
        foreach (var field in fields)
        {
            if (!first) _record.Append(_options.Delimiter);
            first = false;
            AppendField(_record, field ?? "", _options.Delimiter, _options.FormulaGuard);
        }
        _record.Append(_options.NewLine);
        await _writer.WriteAsync(_record, cancellationToken);
    }

    /// <summary>One cell as it is written: guarded when asked, quoted (with its quotes doubled) only when needed.</summary>
    public static string Escape(string? field, char delimiter = ',', bool formulaGuard = true)
    {
        var sb = new StringBuilder();
        AppendField(sb, field ?? "", delimiter, formulaGuard);
        return sb.ToString();
    }

    private static void AppendField(StringBuilder sb, string value, char delimiter, bool formulaGuard)
    {
        if (formulaGuard) value = CsvFormulaGuard.Guard(value);
        var needsQuotes = value.Length > 0 && (value[0] == ' ' || value[^1] == ' ' || value.AsSpan().IndexOfAny(['"', '\r', '\n', delimiter]) >= 0);
        if (!needsQuotes)
        {
            sb.Append(value);
            return;
        }
        sb.Append('"');
        foreach (var c in value)
        {
            if (c == '"') sb.Append('"');
            sb.Append(c);
        }
        sb.Append('"');
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
    }
}
