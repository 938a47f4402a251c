using System.Net;
using System.Text.RegularExpressions;
using Builder.Web.Tests.Api;

namespace Builder.Web.Tests.Startup;

/// <summary>
/// The stylesheet and script the pages link to (MudBlazor's, through <c>@Assets</c>: fingerprinted, cached for a year)
/// are sent compressed to a browser that accepts it; they were sent whole (627 KB of CSS) on every first visit.
/// </summary>
public sealed partial class StaticAssetCompressionTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task The_fingerprinted_MudBlazor_stylesheet_the_page_links_to_is_sent_compressed(string encoding)
    {
        var url = await LinkedAsync(StylesheetLink());

        var response = await GetAsync(url, encoding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length < 120_000, "the compressed stylesheet is small");
    }

    [Fact]
    public async Task The_fingerprinted_MudBlazor_script_is_sent_compressed_and_identity_still_works()
    {
        var script = await LinkedAsync(ScriptLink());
        var compressed = await GetAsync(script, "br, gzip");
        Assert.Single(compressed.Content.Headers.ContentEncoding);

        var stylesheet = await LinkedAsync(StylesheetLink());
        var identity = await GetAsync(stylesheet, null);
        Assert.Equal(HttpStatusCode.OK, identity.StatusCode);
        Assert.Empty(identity.Content.Headers.ContentEncoding);
        Assert.Contains(".mud-", await identity.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// A compressed answer is encoded the way its Content-Encoding says. In Development ASP.NET Core's runtime asset
    /// patching re-gzipped the app's own files and sent them labelled brotli, so the browser refused builder.js,
    /// workflow-canvas.js and app.css (ERR_CONTENT_DECODING_FAILED) and every page that calls window.builder failed.
    /// </summary>
    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task The_apps_own_script_decodes_as_its_content_encoding_says(string encoding)
    {
        using var client = factory.As("admin@acme.test");
        var html = await client.GetStringAsync("/");
        var match = AppScriptLink().Match(html);
        Assert.True(match.Success, "the page links to js/builder.js");
        var url = "/" + match.Groups[1].Value.TrimStart('/');
        var plain = await (await GetAsync(url, null)).Content.ReadAsByteArrayAsync();

        var response = await GetAsync(url, encoding);

        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoder = encoding == "br"
            ? new System.IO.Compression.BrotliStream(body, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded);
        Assert.Equal(plain, decoded.ToArray());
    }

    /// <summary>The fingerprinted URL the console's pages link to, read from the rendered page.</summary>
    private async Task<string> LinkedAsync(Regex link)
    {
        using var client = factory.As("admin@acme.test");
        var html = await client.GetStringAsync("/");
        var match = link.Match(html);
        Assert.True(match.Success, $"the page links to MudBlazor's asset: {html[..Math.Min(html.Length, 800)]}");
        Assert.Matches(@"MudBlazor\.min\.[a-z0-9]{6,}\.(css|js)$", match.Groups[1].Value); // fingerprinted, not the plain name
        return "/" + match.Groups[1].Value.TrimStart('/');
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? acceptEncoding)
    {
        using var client = factory.As(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    [GeneratedRegex("""href="([^"]*_content/MudBlazor/MudBlazor\.min[^"]*\.css)""")]
    private static partial Regex StylesheetLink();

    [GeneratedRegex("""src="([^"]*js/builder\.[a-z0-9]+\.js)""")]
    private static partial Regex AppScriptLink();

    [GeneratedRegex("""src="([^"]*_content/MudBlazor/MudBlazor\.min[^"]*\.js)""")]
    private static partial Regex ScriptLink();
}
