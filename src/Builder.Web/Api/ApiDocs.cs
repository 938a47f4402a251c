using Builder.Web.Components.Layout;

namespace Builder.Web.Api;

/// <summary>
/// <c>GET /api-docs</c>: a self-contained page (no CDN, works offline) that reads
/// <c>/openapi/v1.json</c> and lists the API-key scheme and every operation by tag with its parameters, request body,
/// answers and examples, in the console's light or dark theme.
/// </summary>
public static class ApiDocs
{
    public const string Path = "/api-docs";

    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(ApiDocs).Assembly.GetManifestResourceStream("Builder.Web.Api.ApiDocs.html")
                           ?? throw new InvalidOperationException("The API docs page is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The console's persisted theme choice wins; without one the page follows the system (prefers-color-scheme).</summary>
    internal static string Themed(string html, string? theme) => theme is "dark" or "light"
        ? html.Replace("<html lang=\"en\">", $"<html lang=\"en\" data-theme=\"{theme}\">", StringComparison.Ordinal)
        : html;

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        // The inline script runs under the Content-Security-Policy by this response's nonce.
        app.MapGet(Path, (HttpContext context) => Results.Content(
            Themed(Html.Value, context.Request.Cookies[ConsoleTheme.CookieName]).Replace("CSP_NONCE", SecurityHeaders.NonceFor(context), StringComparison.Ordinal),
            "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
