using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Builder.Domain.Common;
using Builder.Domain.Files;
using Builder.Domain.Tables;
using Builder.Domain.Tests.Support;
using Builder.Web.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Files;

/// <summary>The real app (one per test class) on a clock the tests move forward; it only ever moves forward, so each test makes its own links.</summary>
public sealed class FileLinkApp : IAsyncDisposable
{
    public FileLinkApp()
    {
        Factory = new BuilderApiFactory();
        App = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
    }

    public MovableClock Clock { get; } = new();
    public BuilderApiFactory Factory { get; }
    public WebApplicationFactory<Program> App { get; }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Factory.DisposeAsync();
    }
}

/// <summary>The Builder's own upload and download links (the file-system store), through the real app.</summary>
public sealed class FileLinkEndpointTests(FileLinkApp fixture) : IClassFixture<FileLinkApp>
{
    private readonly MovableClock _clock = fixture.Clock;
    private readonly WebApplicationFactory<Program> _app = fixture.App;
    private readonly BuilderApiFactory _factory = fixture.Factory;

    private FileLinkService Links => _app.Services.GetRequiredService<FileLinkService>();
    private IBlobStore Store => _app.Services.GetRequiredService<IBlobStore>();
    private HttpClient Anonymous => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<UploadLink> LinkAsync(long maxBytes = 1000, params string[] types)
    {
        var seed = await _factory.SeedAsync();
        return Links.CreateUploadLink(new UploadLinkRequest(seed.Acme, 7, "file-cell", maxBytes, types.Length == 0 ? ["text/plain", "image/*"] : types));
    }

    private static ByteArrayContent Body(int size, string? type = "text/plain")
    {
        var content = new ByteArrayContent(Enumerable.Range(0, size).Select(i => (byte)('a' + i % 26)).ToArray());
        if (type is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return content;
    }

    private async Task<FileCell> UploadAsync(UploadLink link, HttpContent content, string? name = "notes.txt")
    {
        var response = await Anonymous.PutAsync(link.Url + (name is null ? "" : "?name=" + Uri.EscapeDataString(name)), content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<FileCell>())!;
    }

    private async Task AssertNothingStoredAsync(UploadLink link) => Assert.Null(await Store.GetInfoAsync(BlobKey.From(link.Key)!.Value));

    [Fact]
    public async Task A_put_to_an_upload_link_answers_the_file_cell_and_a_download_link_serves_it_back_as_an_attachment()
    {
        var link = await LinkAsync();
        Assert.StartsWith("/files/upload/", link.Url);
        Assert.Equal("PUT", link.Method);
        Assert.InRange(link.ExpiresAt - _clock.GetUtcNow(), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));

        var cell = await UploadAsync(link, Body(300, "text/plain; charset=utf-8"), "../../Quarterly notes.txt");

        Assert.Equal(link.Key, cell.Key);
        Assert.Equal("Quarterly notes.txt", cell.Name);
        Assert.Equal(300, cell.Size);
        Assert.Equal("text/plain", cell.ContentType);

        var seed = await _factory.SeedAsync();
        var download = Links.CreateDownloadLink(seed.Acme, cell);
        var response = await Anonymous.GetAsync(download.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(300, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("Quarterly notes.txt", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_multipart_post_to_an_upload_link_keeps_the_file_part_under_its_file_name()
    {
        var link = await LinkAsync(types: "image/*");
        var form = new MultipartFormDataContent { { new StringContent("ignored"), "comment" }, { Body(512, "image/png"), "file", "photo.png" } };

        var response = await Anonymous.PostAsync(link.Url, form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var cell = await response.Content.ReadFromJsonAsync<FileCell>();
        Assert.Equal(new FileCell(link.Key, "photo.png", 512, "image/png"), cell);
    }

    [Fact]
    public async Task A_tampered_link_is_refused_and_stores_nothing()
    {
        var link = await LinkAsync();
        var token = link.Url["/files/upload/".Length..];
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];

        foreach (var url in new[] { "/files/upload/" + tampered, "/files/upload/" + token[..^4], "/files/upload/not-a-token", "/files/upload/" + token + "x" })
        {
            var response = await Anonymous.PutAsync(url, Body(10));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("not valid", await response.Content.ReadAsStringAsync());
        }
        await AssertNothingStoredAsync(link);
    }

    [Fact]
    public async Task An_expired_link_is_refused_with_410_and_stores_nothing()
    {
        var link = await LinkAsync();
        _clock.Advance(TimeSpan.FromMinutes(11));

        var response = await Anonymous.PutAsync(link.Url, Body(10));

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync());
        await AssertNothingStoredAsync(link);
    }

    [Fact]
    public async Task A_link_just_before_its_expiry_still_works()
    {
        var link = await LinkAsync();
        _clock.Advance(link.ExpiresAt - _clock.GetUtcNow() - TimeSpan.FromSeconds(5));
        await UploadAsync(link, Body(10));
    }

    [Fact]
    public async Task A_replayed_link_is_refused_and_the_first_upload_stays_as_it_was()
    {
        var link = await LinkAsync();
        await UploadAsync(link, Body(100));

        var replay = await Anonymous.PutAsync(link.Url, Body(50));

        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("already used", await replay.Content.ReadAsStringAsync());
        Assert.Equal(100, (await Store.GetInfoAsync(BlobKey.From(link.Key)!.Value))!.Size);
    }

    [Fact]
    public async Task Concurrent_uses_of_one_link_store_one_file()
    {
        var link = await LinkAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Anonymous.PutAsync(link.Url, Body(500))));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task An_oversize_upload_is_refused_with_413_by_its_length_or_mid_stream_and_leaves_nothing()
    {
        var link = await LinkAsync(maxBytes: 1000);

        var declared = await Anonymous.PutAsync(link.Url, Body(1001));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);

        // No Content-Length (chunked): the store counts and stops.
        var chunked = new StreamContent(new UnknownLengthStream(new byte[200_000]));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        var streamed = await Anonymous.PutAsync(link.Url, chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Contains("1000 bytes", await streamed.Content.ReadAsStringAsync());

        await AssertNothingStoredAsync(link);
        var incoming = Path.Combine(Path.GetDirectoryName(_factory.DatabasePath)!, "blobs", ".incoming");
        Assert.Empty(Directory.GetFiles(incoming));

        // A refused attempt does not use the link up: the right file still goes in, exactly at the limit.
        Assert.Equal(1000, (await UploadAsync(link, Body(1000))).Size);
    }

    [Fact]
    public async Task An_oversize_file_part_of_a_multipart_upload_is_refused_and_leaves_nothing()
    {
        var link = await LinkAsync(maxBytes: 1000);
        var form = new MultipartFormDataContent { { Body(5000), "file", "big.txt" } };
        var response = await Anonymous.PostAsync(link.Url, form);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingStoredAsync(link);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/pdf")]
    [InlineData("imagex/png")]
    [InlineData(null)]
    public async Task An_upload_of_a_content_type_the_link_does_not_allow_is_refused_with_415(string? type)
    {
        var link = await LinkAsync();
        var response = await Anonymous.PutAsync(link.Url, Body(10, type));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("text/plain, image/*", await response.Content.ReadAsStringAsync());
        await AssertNothingStoredAsync(link);
    }

    [Fact]
    public async Task A_file_cell_of_another_organization_gets_no_download_link()
    {
        var seed = await _factory.SeedAsync();
        var cell = await UploadAsync(await LinkAsync(), Body(10));

        Assert.Throws<NotFoundException>(() => Links.CreateDownloadLink(seed.Globex, cell));
        // Nor does a key the store could not have made, whatever the cell says.
        Assert.Throws<NotFoundException>(() => Links.CreateDownloadLink(seed.Acme, cell with { Key = "../" + cell.Key }));
        Assert.Throws<NotFoundException>(() => Links.CreateDownloadLink(seed.Acme, cell with { Key = cell.Key.ToUpperInvariant() }));
    }

    [Fact]
    public async Task A_link_issued_for_another_organization_writes_only_under_that_organization()
    {
        var seed = await _factory.SeedAsync();
        var globex = Links.CreateUploadLink(new UploadLinkRequest(seed.Globex, 3, "file-cell", 100, ["text/plain"]));
        var cell = await UploadAsync(globex, Body(10));

        Assert.Equal(seed.Globex, BlobKey.From(cell.Key)!.Value.OrganizationId);
        Assert.Throws<NotFoundException>(() => Links.CreateDownloadLink(seed.Acme, cell));
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync(Links.CreateDownloadLink(seed.Globex, cell).Url)).StatusCode);
    }

    [Fact]
    public async Task Upload_and_download_tokens_cannot_stand_in_for_each_other()
    {
        var seed = await _factory.SeedAsync();
        var link = await LinkAsync();
        var cell = await UploadAsync(link, Body(10));
        var download = Links.CreateDownloadLink(seed.Acme, cell);

        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync("/files/download/" + link.Url["/files/upload/".Length..])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Anonymous.PutAsync("/files/upload/" + download.Url["/files/download/".Length..], Body(10))).StatusCode);
    }

    [Theory]
    [InlineData("text/html", "page.html")]
    [InlineData("image/svg+xml", "drawing.svg")]
    [InlineData("application/xhtml+xml", "page.xhtml")]
    public async Task Html_and_svg_are_downloaded_as_octet_stream_attachments_never_inline(string type, string name)
    {
        var seed = await _factory.SeedAsync();
        var link = Links.CreateUploadLink(new UploadLinkRequest(seed.Acme, 7, "file-cell", 1000, [type]));
        var content = new StringContent("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(document.cookie)</script></svg>");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        var cell = await UploadAsync(link, content, name);

        var response = await Anonymous.GetAsync(Links.CreateDownloadLink(seed.Acme, cell).Url);

        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(name, response.Content.Headers.ContentDisposition.FileNameStar);
    }

    [Fact]
    public async Task A_download_link_expires_and_a_tampered_one_is_not_found()
    {
        var seed = await _factory.SeedAsync();
        var cell = await UploadAsync(await LinkAsync(), Body(10));
        var download = Links.CreateDownloadLink(seed.Acme, cell);

        var tampered = download.Url[..^3] + (download.Url[^3] == 'A' ? "B" : "A") + download.Url[^2..];
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync(tampered)).StatusCode);

        _clock.Advance(TimeSpan.FromMinutes(6));
        var expired = await Anonymous.GetAsync(download.Url);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Contains("Ask for a new one", await expired.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_download_link_to_a_deleted_file_is_not_found()
    {
        var seed = await _factory.SeedAsync();
        var cell = await UploadAsync(await LinkAsync(), Body(10));
        var download = Links.CreateDownloadLink(seed.Acme, cell);
        Assert.True(await Store.DeleteAsync(BlobKey.From(cell.Key)!.Value));
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync(download.Url)).StatusCode);
    }

    [Theory]
    [InlineData(0, "file-cell", "text/plain", "maxBytes")]
    [InlineData(-1, "file-cell", "text/plain", "maxBytes")]
    [InlineData(BlobSettings.DefaultMaxUploadBytes + 1, "file-cell", "text/plain", "maxBytes")]
    [InlineData(10, "", "text/plain", "purpose")]
    [InlineData(10, "File Cell", "text/plain", "purpose")]
    [InlineData(10, "file-cell", "", "contentTypes")]
    [InlineData(10, "file-cell", "*/*", "contentTypes")]
    [InlineData(10, "file-cell", "text", "contentTypes")]
    [InlineData(10, "file-cell", null, "contentTypes")]
    public async Task A_bad_link_request_is_refused_naming_the_field(long maxBytes, string purpose, string? type, string field)
    {
        var seed = await _factory.SeedAsync();
        var error = Assert.Throws<ValidationException>(() =>
            Links.CreateUploadLink(new UploadLinkRequest(seed.Acme, 7, purpose, maxBytes, type is null ? [] : [type])));
        Assert.Contains(field, error.Errors.Keys);
    }

    [Theory]
    [InlineData("/files/upload/..%2F..%2Fbuilder.db")]
    [InlineData("/files/upload/%2E%2E")]
    [InlineData("/files/download/..%2F..%2Fbuilder.db")]
    [InlineData("/files/download/%2E%2E%2Fkeyring.kek")]
    public async Task Traversal_in_a_link_path_reaches_no_file(string path)
    {
        var put = await Anonymous.PutAsync(path, Body(10));
        Assert.NotEqual(HttpStatusCode.Created, put.StatusCode);
        var get = await Anonymous.GetAsync(path);
        Assert.NotEqual(HttpStatusCode.OK, get.StatusCode);
        Assert.DoesNotContain("SQLite format", await get.Content.ReadAsStringAsync());
    }

    /// <summary>A body whose length the client cannot know, so it goes chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
