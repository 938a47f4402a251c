using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Builder.Domain.Files;
using Builder.Domain.Tables;
using Builder.TestServers;
using Builder.Web.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Files;

/// <summary>The real app configured with Blobs:Provider=s3 against the local S3-compatible server.</summary>
public sealed class S3FileLinkApp : IAsyncLifetime
{
    public LocalS3Server S3 { get; private set; } = null!;
    public BuilderApiFactory Factory { get; } = new();
    public WebApplicationFactory<Program> App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        S3 = await LocalS3Server.StartAsync();
        App = Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Blobs:Provider", "s3");
            b.UseSetting("Blobs:S3:ServiceUrl", S3.BaseUrl);
            b.UseSetting("Blobs:S3:Bucket", S3.Bucket);
            b.UseSetting("Blobs:S3:Region", S3.Region);
            b.UseSetting("Blobs:S3:ForcePathStyle", "true");
            b.UseSetting("Blobs:S3:AccessKeyId", S3.AccessKeyId);
            b.UseSetting("Blobs:S3:SecretAccessKey", S3.SecretAccessKey);
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Factory.DisposeAsync();
        await S3.DisposeAsync();
    }
}

public sealed class S3FileLinkEndpointTests(S3FileLinkApp fixture) : IClassFixture<S3FileLinkApp>
{
    private readonly HttpClient _outside = new();

    private FileLinkService Links => fixture.App.Services.GetRequiredService<FileLinkService>();
    private HttpClient Builder => fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<UploadLink> LinkAsync(long maxBytes, params string[] types) =>
        Links.CreateUploadLink(new UploadLinkRequest((await fixture.Factory.SeedAsync()).Acme, 9, "knowledge-base", maxBytes, types));

    /// <summary>A PUT to a presigned link with the headers the link says to send (Content-Type goes on the content).</summary>
    private async Task<HttpResponseMessage> PutAsync(UploadLink link, int size, string type)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, link.Url) { Content = Body(size, type) };
        foreach (var (name, value) in link.Headers.Where(h => h.Key != "Content-Type")) request.Headers.TryAddWithoutValidation(name, value);
        return await _outside.SendAsync(request);
    }

    private static ByteArrayContent Body(int size, string type)
    {
        var content = new ByteArrayContent(Enumerable.Repeat((byte)'x', size).ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    [Fact]
    public async Task The_store_is_s3_and_a_link_is_a_presigned_put_then_completion_answers_the_file_cell_and_a_presigned_get_downloads_it()
    {
        Assert.IsType<S3BlobStore>(fixture.App.Services.GetRequiredService<IBlobStore>());
        var link = await LinkAsync(1000, "application/pdf");
        Assert.StartsWith(fixture.S3.BaseUrl + "/" + fixture.S3.Bucket + "/" + link.Key, link.Url);
        Assert.Contains("X-Amz-Signature=", link.Url);
        Assert.Equal("application/pdf", link.Headers["Content-Type"]);
        Assert.StartsWith("/files/upload/", link.CompleteUrl);

        var put = await PutAsync(link, 600, link.Headers["Content-Type"]);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var completed = await Builder.PostAsync(link.CompleteUrl + "?name=" + Uri.EscapeDataString("Handbook v2.pdf"), null);
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        var cell = await completed.Content.ReadFromJsonAsync<FileCell>();
        Assert.Equal(new FileCell(link.Key, "Handbook v2.pdf", 600, "application/pdf"), cell);

        var download = Links.CreateDownloadLink((await fixture.Factory.SeedAsync()).Acme, cell!);
        Assert.StartsWith(fixture.S3.BaseUrl, download.Url);
        var response = await _outside.GetAsync(download.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(600, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("Handbook v2.pdf", response.Content.Headers.ContentDisposition.FileNameStar);

        // Used once: a replay of the presigned PUT cannot replace the file (If-None-Match is signed into the URL).
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(link, 50, "application/pdf")).StatusCode);
        var dropped = new HttpRequestMessage(HttpMethod.Put, link.Url) { Content = Body(50, "application/pdf") };
        Assert.Equal(HttpStatusCode.Forbidden, (await _outside.SendAsync(dropped)).StatusCode);
        Assert.Equal(600, fixture.S3.Object(link.Key)!.Length);
    }

    [Fact]
    public async Task A_presigned_put_with_another_content_type_is_refused_by_s3()
    {
        var link = await LinkAsync(1000, "application/pdf");
        var put = await PutAsync(link, 10, "text/html");
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Builder.PostAsync(link.CompleteUrl, null)).StatusCode);
    }

    [Fact]
    public async Task Completion_before_the_upload_says_nothing_was_uploaded()
    {
        var link = await LinkAsync(1000, "application/pdf");
        var response = await Builder.PostAsync(link.CompleteUrl, null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("PUT the file", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_oversize_object_is_refused_on_completion_and_deleted()
    {
        var link = await LinkAsync(1000, "application/pdf");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(link, 5000, "application/pdf")).StatusCode);

        var response = await Builder.PostAsync(link.CompleteUrl, null);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.DoesNotContain(link.Key, fixture.S3.Keys);
    }

    [Fact]
    public async Task With_several_allowed_types_the_type_is_checked_on_completion_and_a_wrong_one_deleted()
    {
        var link = await LinkAsync(1000, "text/plain", "text/markdown");
        Assert.False(link.Headers.ContainsKey("Content-Type"));
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(link, 10, "text/html")).StatusCode);

        var response = await Builder.PostAsync(link.CompleteUrl, null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.DoesNotContain(link.Key, fixture.S3.Keys);
    }

    [Fact]
    public async Task A_tampered_completion_link_is_refused()
    {
        var link = await LinkAsync(1000, "application/pdf");
        var response = await Builder.PostAsync(link.CompleteUrl!.Replace("/complete", "x/complete"), null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

/// <summary>Outside Development, an S3 store without its settings stops start-up and names what is missing (never the secret).</summary>
public sealed class BlobStartupTests
{
    private sealed class Production(Dictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("builder-blobs-startup-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Builder", $"Data Source={Path.Combine(_directory, "builder.db")}");
            builder.UseSetting("Auth0:Domain", "https://tenant.example.invalid");
            builder.UseSetting("Auth0:ClientId", "client");
            builder.UseSetting("Auth0:ClientSecret", "secret");
            builder.UseSetting("DataProtection:KeyEncryptionKey", Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 3)).ToArray()));
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null) error = error.InnerException;
        return error;
    }

    [Fact]
    public void S3_without_a_bucket_and_secret_names_both_and_shows_no_secret()
    {
        using var factory = new Production(new()
        {
            ["Blobs:Provider"] = "s3", ["Blobs:S3:Region"] = "eu-west-1", ["Blobs:S3:AccessKeyId"] = "AKIDEXAMPLE",
            ["Blobs:S3:Bucket"] = "", ["Blobs:S3:SecretAccessKey"] = "",
        });
        var message = Innermost(Assert.ThrowsAny<Exception>(() => factory.CreateClient())).Message;
        Assert.Contains("Blobs:S3:Bucket", message);
        Assert.Contains("Blobs:S3:SecretAccessKey", message);
        Assert.DoesNotContain("Blobs:S3:Region,", message);
        Assert.DoesNotContain("Blobs:S3:AccessKeyId,", message);
    }

    [Fact]
    public void An_unknown_provider_is_named()
    {
        using var factory = new Production(new() { ["Blobs:Provider"] = "ftp" });
        var message = Innermost(Assert.ThrowsAny<Exception>(() => factory.CreateClient())).Message;
        Assert.Contains("Blobs:Provider is 'ftp'", message);
    }

    [Fact]
    public async Task The_file_system_store_is_the_default_beside_the_database()
    {
        await using var factory = new BuilderApiFactory();
        var store = Assert.IsType<FileSystemBlobStore>(factory.Services.GetRequiredService<IBlobStore>());
        Assert.Equal(Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "blobs"), store.Root);
    }
}
