using System.Globalization;
using System.Net;

namespace Builder.Domain.Outbound;

/// <summary>
/// Cuts every outbound answer at <see cref="OutboundOptions.MaxResponseBytes"/> (counted after decompression): an endpoint
/// that answers 50 MB, or streams without end, cannot fill the server's memory, an execution record or a caller's answer.
/// A longer answer ends in <see cref="OutboundResponseTooLargeException"/> as soon as the limit is passed.
/// </summary>
public sealed class ResponseSizeLimitHandler(long maxBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            response.Dispose();
            throw new OutboundResponseTooLargeException(maxBytes);
        }
        response.Content = new LimitedContent(response.Content, maxBytes);
        return response;
    }

    /// <summary>The answer's content, read through a <see cref="LimitedStream"/>, with its headers.</summary>
    sealed class LimitedContent : HttpContent
    {
        readonly HttpContent _inner;
        readonly long _maxBytes;

        public LimitedContent(HttpContent inner, long maxBytes)
        {
            (_inner, _maxBytes) = (inner, maxBytes);
            foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new LimitedStream(await _inner.ReadAsStreamAsync(cancellationToken), _maxBytes);

        protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
            new LimitedStream(_inner.ReadAsStream(cancellationToken), _maxBytes);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            await (await CreateContentReadStreamAsync()).CopyToAsync(stream);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            await (await CreateContentReadStreamAsync(cancellationToken)).CopyToAsync(stream, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>A read-only stream that throws once more than the limit has been read.</summary>
    sealed class LimitedStream(Stream inner, long maxBytes) : Stream
    {
        long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        int Count(int read)
        {
            _read += read;
            if (_read > maxBytes) throw new OutboundResponseTooLargeException(maxBytes);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}

/// <summary>An outbound answer longer than <c>Outbound:MaxResponseBytes</c>; the rest was not read.</summary>
public sealed class OutboundResponseTooLargeException(long maxBytes)
    : IOException($"the answer is larger than {Describe(maxBytes)} ({OutboundHttp.MaxResponseBytesKey}); the Builder stopped reading it")
{
    public long MaxBytes { get; } = maxBytes;

    /// <summary>"64 KB", "4 MB", "1500 bytes".</summary>
    public static string Describe(long bytes) =>
        bytes % (1024 * 1024) == 0 ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MB"
        : bytes % 1024 == 0 ? (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
}
