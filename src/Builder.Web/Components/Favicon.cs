namespace Builder.Web.Components;

/// <summary>
/// Browsers ask for /favicon.ico whatever the page links; it answers with the app's SVG icon (wwwroot/favicon.svg)
/// instead of a 404 on every first visit.
/// </summary>
public static class Favicon
{
    public const string Path = "/favicon.ico";

    public static IEndpointRouteBuilder MapFavicon(this IEndpointRouteBuilder app)
    {
        var environment = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        var icon = new Lazy<byte[]?>(() =>
        {
            var file = environment.WebRootFileProvider.GetFileInfo("favicon.svg");
            if (!file.Exists) return null;
            using var stream = file.CreateReadStream();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        });
        app.MapGet(Path, (HttpContext context) =>
        {
            if (icon.Value is not { } bytes) return Results.NotFound();
            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.File(bytes, "image/svg+xml");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
