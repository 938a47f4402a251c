namespace Builder.Domain.Files;

/// <summary>
/// Where the bytes of file cells and knowledge-base uploads live: the file system under App_Data (the embedded default,
/// <see cref="FileSystemBlobStore"/>) or an S3-compatible bucket (<see cref="S3BlobStore"/>), chosen by <c>Blobs:Provider</c>.
/// Keys are made by the store (<see cref="BlobKey"/>), never chosen by a caller. A put counts bytes as they arrive and stops
/// past its limit, leaving nothing behind; a put to a key that exists is refused, so a key is written once.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores the content under a new key of the organization.</summary>
    /// <exception cref="BlobTooLargeException">More than <paramref name="maxBytes"/> bytes arrived; nothing was kept.</exception>
    Task<BlobInfo> PutAsync(Guid organizationId, Stream content, string contentType, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Stores the content under a key made earlier by <see cref="BlobKey.New"/> (an upload link's key). Create-only.</summary>
    /// <exception cref="BlobTooLargeException">More than <paramref name="maxBytes"/> bytes arrived; nothing was kept.</exception>
    /// <exception cref="BlobAlreadyExistsException">Something was stored under the key already; it is left as it was.</exception>
    Task<BlobInfo> PutAsync(BlobKey key, Stream content, string contentType, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>The content and what is known of it, or null when nothing is stored under the key. Dispose the result.</summary>
    Task<BlobContent?> OpenReadAsync(BlobKey key, CancellationToken cancellationToken = default);

    /// <summary>Size, content type and time of storing, or null when nothing is stored under the key.</summary>
    Task<BlobInfo?> GetInfoAsync(BlobKey key, CancellationToken cancellationToken = default);

    /// <summary>Deletes what is stored under the key; false when there was nothing.</summary>
    Task<bool> DeleteAsync(BlobKey key, CancellationToken cancellationToken = default);
}

/// <summary>A store whose clients upload and download directly with presigned URLs (S3), instead of through the Builder.</summary>
public interface IPresigningBlobStore : IBlobStore
{
    /// <summary>
    /// A URL that PUTs one object under the key until <paramref name="expiresAt"/>, with exactly this Content-Type when one is
    /// given (it is signed); with none, any type (the completion checks it).
    /// </summary>
    Uri PresignPut(BlobKey key, string? contentType, DateTimeOffset expiresAt);

    /// <summary>A URL that GETs the object as an attachment named <paramref name="fileName"/> with the given content type.</summary>
    Uri PresignGet(BlobKey key, string fileName, string contentType, DateTimeOffset expiresAt);
}

public sealed record BlobInfo(BlobKey Key, long Size, string ContentType, DateTimeOffset StoredAt);

/// <summary>An open stored file: dispose it to close the stream.</summary>
public sealed class BlobContent(BlobInfo info, Stream content) : IAsyncDisposable, IDisposable
{
    public BlobInfo Info { get; } = info;
    public Stream Content { get; } = content;
    public ValueTask DisposeAsync() => Content.DisposeAsync();
    public void Dispose() => Content.Dispose();
}

public sealed class BlobTooLargeException(long maxBytes)
    : Exception($"The file is larger than the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

public sealed class BlobAlreadyExistsException(BlobKey key) : Exception($"A file is already stored under {key}.")
{
    public BlobKey Key { get; } = key;
}

/// <summary>Wraps a source stream and throws <see cref="BlobTooLargeException"/> as soon as more than the limit has been read.</summary>
public sealed class SizeLimitedStream(Stream inner, long maxBytes) : Stream
{
    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        BytesRead += read;
        if (BytesRead > maxBytes) throw new BlobTooLargeException(maxBytes);
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
