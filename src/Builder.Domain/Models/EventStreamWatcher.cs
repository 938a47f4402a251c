using System.Text;
using System.Text.Json;

namespace Builder.Domain.Models;

/// <summary>What <see cref="EventStreamWatcher"/> saw of one streamed answer.</summary>
internal sealed class StreamWatch
{
    /// <summary>The stream's <c>data: [DONE]</c> arrived: it ended as the protocol says.</summary>
    public bool SawDone { get; set; }
}

/// <summary>
/// Passes a model's server-sent events through to the SDK unchanged while reading them line by line, because the SDK reads an
/// error event (<c>data: {"error": {...}}</c>, or an <c>event: error</c>) as an empty chunk and carries on: such an event ends
/// the stream with a <see cref="ModelCallException"/> naming the endpoint's reason (scrubbed of every credential). The bytes
/// before the error line still reach the SDK first, so the words that arrived are kept. Also notes <c>[DONE]</c>.
/// </summary>
internal sealed class EventStreamWatcher(Stream inner, StreamWatch watch, ModelEndpoint endpoint) : Stream
{
    /// <summary>How much of a line is kept to recognise it; error events are short, content lines need not be kept whole.</summary>
    private const int LineMax = 16 * 1024;

    private static ReadOnlySpan<byte> ErrorProperty => "\"error\""u8;

    private readonly MemoryStream _line = new();
    private bool _lineTooLong, _errorEvent;
    private ModelCallException? _pending;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_pending is not null) throw _pending;
        var read = inner.Read(buffer);
        return Handed(Scan(buffer[..read]));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_pending is not null) throw _pending;
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Handed(Scan(buffer.Span[..read]));
    }

    /// <summary>
    /// What a read hands on. An error line at the very start of what was read leaves nothing before it: handing on 0 bytes
    /// would tell the reader the stream ended cleanly (it would never read again to meet the error), so it throws at once.
    /// </summary>
    private int Handed(int bytes) => bytes == 0 && _pending is not null ? throw _pending : bytes;

    /// <summary>Reads the lines in <paramref name="bytes"/>; returns how many bytes to hand on (fewer when an error line starts in them).</summary>
    private int Scan(ReadOnlySpan<byte> bytes)
    {
        var lineStart = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            Append(bytes[lineStart..i]);
            var error = EndLine();
            if (error is not null)
            {
                _pending = error;
                // Hand on what came before this line; the next read throws.
                return lineStart;
            }
            lineStart = i + 1;
        }
        Append(bytes[lineStart..]);
        return bytes.Length;
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        if (_lineTooLong) return;
        if (_line.Length + part.Length > LineMax)
        {
            _lineTooLong = true;
            return;
        }
        _line.Write(part);
    }

    private ModelCallException? EndLine()
    {
        var tooLong = _lineTooLong;
        var line = _line.GetBuffer().AsSpan(0, (int)_line.Length).TrimEnd((byte)'\r');
        try
        {
            if (tooLong) return null;
            if (line.StartsWith("event:"u8))
            {
                _errorEvent = line["event:"u8.Length..].Trim((byte)' ').SequenceEqual("error"u8);
                return null;
            }
            if (!line.StartsWith("data:"u8)) return null;
            var data = line["data:"u8.Length..].Trim((byte)' ');
            if (data.SequenceEqual("[DONE]"u8))
            {
                watch.SawDone = true;
                return null;
            }
            var errorEvent = _errorEvent;
            _errorEvent = false;
            if (!errorEvent && data.IndexOf(ErrorProperty) < 0) return null;
            return ErrorIn(data, errorEvent);
        }
        finally
        {
            _line.SetLength(0);
            _lineTooLong = false;
        }
    }

    /// <summary>The failure an error event stands for, or null when the data is an ordinary chunk that merely mentions "error".</summary>
    private ModelCallException? ErrorIn(ReadOnlySpan<byte> data, bool errorEvent)
    {
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(data.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("choices", out _)) return null;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                message = error.ValueKind switch
                {
                    JsonValueKind.String => error.GetString(),
                    JsonValueKind.Object when error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
                    _ => null,
                };
            }
            else if (!errorEvent) return null;
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                message = m.GetString();
        }
        catch (JsonException)
        {
            if (!errorEvent) return null;
            message = Encoding.UTF8.GetString(data);
        }
        var reason = string.IsNullOrWhiteSpace(message)
            ? "the endpoint reported an error in the middle of the answer"
            : "the endpoint reported an error in the middle of the answer: " + ModelGateway.Scrub(message, endpoint);
        return new ModelCallException(ModelFailure.EndpointFailed, reason);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _line.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        _line.Dispose();
        await base.DisposeAsync();
    }
}
