using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Builder.Domain.Files;

/// <summary>
/// Files in one bucket of an S3-compatible service (AWS S3, MinIO, Ceph, R2…), object key <c>{organization}/{id}</c>.
/// A put spools the content to a temporary file first, counting, so an oversize upload is refused before anything is
/// sent; it is then written with <c>If-None-Match: *</c>, so a key is written once. Uploads and downloads by clients go
/// straight to the bucket through presigned URLs.
/// </summary>
public sealed class S3BlobStore : IPresigningBlobStore, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly S3BlobSettings _settings;
    private readonly Protocol _protocol;

    public S3BlobStore(S3BlobSettings settings)
    {
        _settings = settings;
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            // Checksums only where S3 requires them: S3-compatible servers do not all know the newer trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(settings.ServiceUrl))
        {
            config.ServiceURL = settings.ServiceUrl;
            config.AuthenticationRegion = settings.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(settings.Region);
        }
        _protocol = settings.ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS;
        _client = new AmazonS3Client(new BasicAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey), config);
    }

    public const string IfNoneMatchHeader = "If-None-Match";

    public string Bucket => _settings.Bucket!;

    public Task<BlobInfo> PutAsync(Guid organizationId, Stream content, string contentType, long maxBytes, CancellationToken cancellationToken = default) =>
        PutAsync(BlobKey.New(organizationId), content, contentType, maxBytes, cancellationToken);

    public async Task<BlobInfo> PutAsync(BlobKey key, Stream content, string contentType, long maxBytes, CancellationToken cancellationToken = default)
    {
        var type = FileContentTypes.Normalize(contentType) ?? throw new ArgumentException($"'{contentType}' is not a content type.", nameof(contentType));
        var spool = Path.Combine(Path.GetTempPath(), "builder-blob-" + Guid.NewGuid().ToString("N"));
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None,
            Options = FileOptions.Asynchronous | FileOptions.DeleteOnClose,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var file = new FileStream(spool, options);
        await new SizeLimitedStream(content, maxBytes).CopyToAsync(file, 81920, cancellationToken);
        await file.FlushAsync(cancellationToken);
        file.Position = 0;
        try
        {
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket, Key = key.ToString(), InputStream = file, AutoCloseStream = false,
                ContentType = type, IfNoneMatch = "*", UseChunkEncoding = false,
            }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            throw new BlobAlreadyExistsException(key);
        }
        return await GetInfoAsync(key, cancellationToken) ?? new BlobInfo(key, file.Length, type, DateTimeOffset.UtcNow);
    }

    public async Task<BlobContent?> OpenReadAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        if (key.IsEmpty) return null;
        try
        {
            var response = await _client.GetObjectAsync(Bucket, key.ToString(), cancellationToken);
            var info = new BlobInfo(key, response.ContentLength, response.Headers.ContentType ?? FileContentTypes.OctetStream,
                response.LastModified is { } at ? new DateTimeOffset(at.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.UtcNow);
            return new BlobContent(info, new ResponseStream(response));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<BlobInfo?> GetInfoAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        if (key.IsEmpty) return null;
        try
        {
            var metadata = await _client.GetObjectMetadataAsync(Bucket, key.ToString(), cancellationToken);
            return new BlobInfo(key, metadata.ContentLength, metadata.Headers.ContentType ?? FileContentTypes.OctetStream,
                metadata.LastModified is { } at ? new DateTimeOffset(at.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.UtcNow);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        if (await GetInfoAsync(key, cancellationToken) is null) return false;
        await _client.DeleteObjectAsync(Bucket, key.ToString(), cancellationToken);
        return true;
    }

    public Uri PresignPut(BlobKey key, string? contentType, DateTimeOffset expiresAt)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket, Key = key.ToString(), Verb = HttpVerb.PUT, Expires = expiresAt.UtcDateTime, Protocol = _protocol,
        };
        if (!string.IsNullOrEmpty(contentType)) request.ContentType = contentType;
        // Signed, so the client must send it: S3 then refuses a second PUT to the key (412), and a used link cannot replace the file.
        request.Headers[IfNoneMatchHeader] = "*";
        return new Uri(_client.GetPreSignedURL(request));
    }

    public Uri PresignGet(BlobKey key, string fileName, string contentType, DateTimeOffset expiresAt)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket, Key = key.ToString(), Verb = HttpVerb.GET, Expires = expiresAt.UtcDateTime, Protocol = _protocol,
        };
        request.ResponseHeaderOverrides.ContentType = contentType;
        request.ResponseHeaderOverrides.ContentDisposition = FileDownloads.AttachmentHeader(fileName);
        request.ResponseHeaderOverrides.CacheControl = "private, no-store";
        return new Uri(_client.GetPreSignedURL(request));
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The object's body; disposing it disposes the response (and its connection).</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.ContentLength;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) response.Dispose();
            base.Dispose(disposing);
        }
    }
}
