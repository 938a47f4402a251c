using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Builder.Domain.Tables.Csv;

/// <summary>
/// A streaming RFC 4180 reader: quoted cells with doubled quotes and newlines inside, a UTF-8 (or UTF-16) byte order mark,
/// CRLF, LF or CR line ends, a delimiter given or detected among , ; tab | from the first lines. It holds one buffer of
/// 64 K characters and the record being read, never the file; a cell is never held beyond <see cref="CsvReadOptions.MaxFieldLength"/>.
/// Blank lines are skipped (their line numbers still count). A record whose number of cells differs from the first record
/// (the header) carries a <see cref="CsvRecord.Problem"/>.
/// </summary>
/// <remarks>
/// Written here rather than taken from CsvHelper or Sep: the import needs the line where each record starts, a ragged row
/// reported instead of thrown, delimiter detection on a non-seekable upload stream, and caps that keep a malformed file (an
/// unclosed quote) from being buffered whole; each needs configuration or wrapping in those libraries, while the state
/// machine is about a hundred lines.
/// </remarks>
public sealed class CsvReader : IAsyncDisposable, IDisposable
{
    private const int BufferSize = 64 * 1024;
    private const int DetectRecords = 10;

    private readonly StreamReader _reader;
    private readonly CsvReadOptions _options;
    private readonly char[] _buffer = new char[BufferSize];
    private int _pos;
    private int _len;
    private bool _eof;

    // the record being read
    private enum State { RecordStart, FieldStart, Unquoted, Quoted, QuoteInQuoted }
    private State _state = State.RecordStart;
    private char[] _field = new char[256];
    private int _fieldLength;
    private readonly List<string> _fields = [];
    private string? _problem;
    private long _recordLine;

    private long _line = 1;
    private bool _previousCr;
    private int _expectedColumns = -1;

    private CsvReader(Stream stream, CsvReadOptions options)
    {
        _options = options;
        _reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, BufferSize, options.LeaveOpen);
    }

    /// <summary>The delimiter given or detected.</summary>
    public char Delimiter { get; private set; }

    /// <summary>Opens a reader over a stream and detects the delimiter (reading the first 64 K characters) unless it is given.</summary>
    public static async Task<CsvReader> OpenAsync(Stream stream, CsvReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new CsvReader(stream, options ?? CsvReadOptions.Default);
        await reader.FillAllAsync(cancellationToken);
        reader.Delimiter = reader._options.Delimiter ?? DetectDelimiter(reader._buffer.AsSpan(0, reader._len), reader._eof);
        return reader;
    }

    /// <summary>Reads every record of a stream: the header first, each with the line where it starts.</summary>
    public static async IAsyncEnumerable<CsvRecord> ReadAsync(Stream stream, CsvReadOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var reader = await OpenAsync(stream, options, cancellationToken);
        await foreach (var record in reader.ReadRecordsAsync(cancellationToken)) yield return record;
    }

    /// <summary>The records from where the reader stands.</summary>
    public async IAsyncEnumerable<CsvRecord> ReadRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadRecordAsync(cancellationToken) is { } record) yield return record;
    }

    /// <summary>The next record, or null at the end of the file.</summary>
    public async ValueTask<CsvRecord?> ReadRecordAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (Parse() is { } record) return record;
            if (_eof) return Finish();
            cancellationToken.ThrowIfCancellationRequested();
            _len = await _reader.ReadAsync(_buffer.AsMemory(), cancellationToken);
            _pos = 0;
            if (_len == 0) _eof = true;
        }
    }

    private async Task FillAllAsync(CancellationToken cancellationToken)
    {
        while (_len < _buffer.Length)
        {
            var read = await _reader.ReadAsync(_buffer.AsMemory(_len), cancellationToken);
            if (read == 0) { _eof = true; break; }
            _len += read;
        }
    }

    /// <summary>Consumes the buffered characters until a record ends (returned) or the buffer is empty (null).</summary>
    private CsvRecord? Parse()
    {
        var delimiter = Delimiter;
        while (_pos < _len)
        {
            var c = _buffer[_pos++];
            var newline = c is '\r' or '\n';
            var lineAtChar = _line;
            if (c == '\r') { _line++; _previousCr = true; }
            else if (c == '\n') { if (!_previousCr) _line++; _previousCr = false; }
            else _previousCr = false;

            switch (_state)
            {
                case State.RecordStart:
                    if (newline) continue; // a blank line, or the LF of a CRLF
                    _recordLine = lineAtChar;
                    goto case State.FieldStart;
                case State.FieldStart:
                    if (c == '"') { _state = State.Quoted; continue; }
                    if (c == delimiter) { EndField(); continue; }
                    if (newline) { EndField(); if (EndRecord() is { } r) return r; continue; }
                    Append(c);
                    _state = State.Unquoted;
                    continue;
                case State.Unquoted:
                    if (c == delimiter) { EndField(); _state = State.FieldStart; continue; }
                    if (newline) { EndField(); if (EndRecord() is { } r) return r; continue; }
                    Append(c);
                    continue;
                case State.Quoted:
                    if (c == '"') _state = State.QuoteInQuoted;
                    else Append(c);
                    continue;
                case State.QuoteInQuoted:
                    if (c == '"') { Append('"'); _state = State.Quoted; continue; }
                    if (c == delimiter) { EndField(); _state = State.FieldStart; continue; }
                    if (newline) { EndField(); if (EndRecord() is { } r) return r; continue; }
                    Append(c); // text after a closing quote is kept as it is, as spreadsheets do
                    _state = State.Unquoted;
                    continue;
            }
        }
        return null;
    }

    private CsvRecord? Finish()
    {
        switch (_state)
        {
            case State.RecordStart:
                return null;
            case State.Quoted:
                _problem ??= "A quoted cell is not closed: a \" is missing before the end of the file";
                break;
        }
        EndField();
        return EndRecord();
    }

    private void Append(char c)
    {
        if (_fieldLength >= _options.MaxFieldLength)
        {
            _problem ??= $"A cell is longer than {_options.MaxFieldLength.ToString("N0", CultureInfo.InvariantCulture)} characters";
            return;
        }
        if (_fieldLength == _field.Length) Array.Resize(ref _field, Math.Min(_field.Length * 2, _options.MaxFieldLength));
        _field[_fieldLength++] = c;
    }

    private void EndField()
    {
        _state = State.FieldStart;
        if (_fields.Count >= _options.MaxColumns)
        {
            _problem ??= $"The row has more than {_options.MaxColumns.ToString("N0", CultureInfo.InvariantCulture)} cells";
            _fieldLength = 0;
            return;
        }
        var value = _fieldLength == 0 ? "" : new string(_field, 0, _fieldLength);
        if (_options.UndoFormulaGuard) value = CsvFormulaGuard.Unguard(value);
        _fields.Add(value);
        _fieldLength = 0;
    }

    /// <summary>Ends the record; null when it was only spaces on a line of its own (a blank line) in a file of several columns.</summary>
    private CsvRecord? EndRecord()
    {
        _state = State.RecordStart;
        var fields = _fields.ToArray();
        _fields.Clear();
        var problem = _problem;
        _problem = null;
        if (_expectedColumns > 1 && fields.Length == 1 && string.IsNullOrWhiteSpace(fields[0]) && problem is null) return null;
        if (_expectedColumns < 0) _expectedColumns = fields.Length;
        else if (problem is null && fields.Length != _expectedColumns)
            problem = $"The row has {fields.Length} {(fields.Length == 1 ? "cell" : "cells")}; the header has {_expectedColumns}";
        return new CsvRecord(_recordLine, fields, problem);
    }

    /// <summary>
    /// The delimiter of the first records (up to 10, quotes respected): the candidate found the same number of times, at
    /// least once, on every line; among several, the most frequent; failing that the most frequent on the first line; a
    /// comma when there is none (a single column).
    /// </summary>
    internal static char DetectDelimiter(ReadOnlySpan<char> start, bool wholeFile)
    {
        var candidates = CsvReadOptions.Delimiters;
        var counts = new List<int[]>();
        var current = new int[candidates.Count];
        var quoted = false;
        var any = false;
        for (var i = 0; i < start.Length && counts.Count < DetectRecords; i++)
        {
            var c = start[i];
            if (c == '"') { quoted = !quoted; any = true; continue; }
            if (quoted) continue;
            if (c is '\r' or '\n')
            {
                if (any) counts.Add(current);
                current = new int[candidates.Count];
                any = false;
                continue;
            }
            any = true;
            for (var k = 0; k < candidates.Count; k++)
                if (c == candidates[k]) current[k]++;
        }
        if (any && wholeFile && counts.Count < DetectRecords) counts.Add(current); // the last line, without a line end
        if (counts.Count == 0) return ',';

        var best = -1;
        for (var k = 0; k < candidates.Count; k++)
        {
            var first = counts[0][k];
            if (first == 0 || counts.Any(line => line[k] != first)) continue;
            if (best < 0 || first > counts[0][best]) best = k;
        }
        if (best >= 0) return candidates[best];
        for (var k = 0; k < candidates.Count; k++)
            if (counts[0][k] > 0 && (best < 0 || counts[0][k] > counts[0][best])) best = k;
        return best >= 0 ? candidates[best] : ',';
    }

    public void Dispose() => _reader.Dispose();

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }
}
