using System.Net;
using System.Net.Http.Headers;
using Builder.Domain.Files;
using Builder.Domain.Tests.Support;
using Builder.TestServers;

namespace Builder.Domain.Tests.Files;

/// <summary>The S3 store against a local S3-compatible server that checks SigV4 signatures (headers and presigned URLs).</summary>
public sealed class S3BlobStoreTests : IAsyncLifetime
{
    private static readonly Guid Acme = Guid.NewGuid();
    private LocalS3Server _server = null!;
    private S3BlobStore _store = null!;
    private readonly MovableClock _clock = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _server = await LocalS3Server.StartAsync();
        _server.Clock = _clock;
        _store = new S3BlobStore(Settings());
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private S3BlobSettings Settings(string? secret = null) =>
        new(_server.BaseUrl, _server.Bucket, _server.Region, ForcePathStyle: true, _server.AccessKeyId, secret ?? _server.SecretAccessKey);

    private static byte[] Bytes(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 7)).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300_000)]
    public async Task A_put_is_signed_and_reads_back_with_its_size_and_type(int size)
    {
        var bytes = Bytes(size);
        var info = await _store.PutAsync(Acme, new MemoryStream(bytes), "application/pdf", 1_000_000);

        Assert.Equal(size, info.Size);
        Assert.Equal("application/pdf", info.ContentType);
        Assert.Equal(bytes, _server.Object(info.Key.ToString()));
        var put = _server.Requests.First(r => r.Method == "PUT");
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=" + LocalS3Server.DefaultAccessKeyId, put.Header("Authorization"));
        Assert.DoesNotContain(LocalS3Server.DefaultSecretAccessKey, string.Join(" ", put.Headers.Values));

        await using var read = await _store.OpenReadAsync(info.Key);
        var copy = new MemoryStream();
        await read!.Content.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(size, (await _store.GetInfoAsync(info.Key))!.Size);
    }

    [Fact]
    public async Task An_oversize_put_is_refused_before_anything_reaches_the_bucket()
    {
        await Assert.ThrowsAsync<BlobTooLargeException>(() => _store.PutAsync(Acme, new MemoryStream(Bytes(100_001)), "text/plain", 100_000));
        Assert.Empty(_server.Keys);
        Assert.DoesNotContain(_server.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task A_key_is_written_once()
    {
        var info = await _store.PutAsync(Acme, new MemoryStream([1, 2, 3]), "text/plain", 100);
        await Assert.ThrowsAsync<BlobAlreadyExistsException>(() => _store.PutAsync(info.Key, new MemoryStream([9]), "text/plain", 100));
        Assert.Equal(new byte[] { 1, 2, 3 }, _server.Object(info.Key.ToString()));
    }

    [Fact]
    public async Task Delete_and_missing_keys()
    {
        var info = await _store.PutAsync(Acme, new MemoryStream([1]), "text/plain", 10);
        Assert.True(await _store.DeleteAsync(info.Key));
        Assert.Null(await _store.GetInfoAsync(info.Key));
        Assert.Null(await _store.OpenReadAsync(info.Key));
        Assert.False(await _store.DeleteAsync(info.Key));
        Assert.Empty(_server.Keys);
    }

    [Fact]
    public async Task Concurrent_puts_each_keep_their_own_bytes()
    {
        var infos = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            _store.PutAsync(Acme, new MemoryStream(Enumerable.Repeat((byte)i, 10_000 + i).ToArray()), "text/plain", 100_000)));
        Assert.Equal(12, _server.Keys.Count);
        for (var i = 0; i < infos.Length; i++) Assert.Equal(10_000 + i, _server.Object(infos[i].Key.ToString())!.Length);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_server()
    {
        using var wrong = new S3BlobStore(Settings(secret: "not-the-secret"));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => wrong.PutAsync(Acme, new MemoryStream([1]), "text/plain", 10));
        Assert.Contains("signature", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_server.Keys);
    }

    [Fact]
    public async Task A_presigned_put_uploads_with_its_content_type_and_nothing_else()
    {
        var key = BlobKey.New(Acme);
        var url = _store.PresignPut(key, "image/png", _clock.GetUtcNow().AddMinutes(5));
        Assert.Contains("X-Amz-Signature=", url.Query);
        Assert.DoesNotContain(LocalS3Server.DefaultSecretAccessKey, url.ToString());

        var wrongType = await PresignedPutAsync(url, Content(10, "text/html"));
        Assert.Equal(HttpStatusCode.Forbidden, wrongType.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await wrongType.Content.ReadAsStringAsync());

        var otherKey = new Uri(url.ToString().Replace(key.Id, BlobKey.New(Acme).Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await PresignedPutAsync(otherKey, Content(10, "image/png"))).StatusCode);
        // Without the signed If-None-Match the signature does not hold either.
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.PutAsync(url, Content(10, "image/png"))).StatusCode);
        Assert.Null(await _store.GetInfoAsync(key));

        var ok = await PresignedPutAsync(url, Content(10, "image/png"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PresignedPutAsync(url, Content(20, "image/png"))).StatusCode);
        Assert.Equal(new BlobInfo(key, 10, "image/png", default), (await _store.GetInfoAsync(key))! with { StoredAt = default });
    }

    [Fact]
    public async Task A_presigned_put_past_its_time_is_refused()
    {
        var key = BlobKey.New(Acme);
        var url = _store.PresignPut(key, "image/png", _clock.GetUtcNow().AddMinutes(5));
        _clock.Advance(TimeSpan.FromMinutes(6));
        var response = await PresignedPutAsync(url, Content(10, "image/png"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync());
        Assert.Empty(_server.Keys);
    }

    [Fact]
    public async Task A_presigned_get_downloads_as_an_attachment_with_the_type_it_was_given()
    {
        var info = await _store.PutAsync(Acme, new MemoryStream("<svg onload=alert(1)>"u8.ToArray()), "image/svg+xml", 100);
        var url = _store.PresignGet(info.Key, "drawing.svg", FileContentTypes.SafeForDownload(info.ContentType), _clock.GetUtcNow().AddMinutes(5));

        var response = await _http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("drawing.svg", response.Content.Headers.ContentDisposition.FileNameStar);

        var tampered = new Uri(url.ToString().Replace("octet-stream", "html"));
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.GetAsync(tampered)).StatusCode);
    }

    [Fact]
    public async Task An_unsigned_request_is_refused_by_the_server()
    {
        var info = await _store.PutAsync(Acme, new MemoryStream([1]), "text/plain", 10);
        var response = await _http.GetAsync($"{_server.BaseUrl}/{_server.Bucket}/{info.Key}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("AccessDenied", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_settings_name_what_is_missing_and_never_print_the_secret()
    {
        var settings = new S3BlobSettings(null, "", "eu-west-1", false, "AKID", "super-secret-value");
        Assert.Equal(["Blobs:S3:Bucket"], settings.Missing);
        Assert.DoesNotContain("super-secret-value", settings.ToString());
        Assert.Equal(["Blobs:S3:Bucket", "Blobs:S3:Region", "Blobs:S3:AccessKeyId", "Blobs:S3:SecretAccessKey"],
            new S3BlobSettings("http://x", null, null, true, null, null).Missing);
    }

    private Task<HttpResponseMessage> PresignedPutAsync(Uri url, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
        request.Headers.TryAddWithoutValidation(S3BlobStore.IfNoneMatchHeader, "*");
        return _http.SendAsync(request);
    }

    private static ByteArrayContent Content(int size, string type)
    {
        var content = new ByteArrayContent(Bytes(size));
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }
}
