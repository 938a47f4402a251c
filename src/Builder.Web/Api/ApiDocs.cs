namespace Builder.Web.Api;

/// <summary>
/// <c>GET /api-docs</c>: a self-contained page (no CDN, works offline) that reads <c>/openapi/v1.json</c> and lists
/// every operation by tag with its parameters, request body and answers.
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

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, () => Results.Content(Html.Value, "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
