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

    [GeneratedRegex("""src="([^"]*_content/MudBlazor/MudBlazor\.min[^"]*\.js)""")]
    private static partial Regex ScriptLink();
}
