using Builder.Web.Api.Poweruser;
using Builder.Web.Authentication;
using Microsoft.AspNetCore.Http.Features;

namespace Builder.Web.Api;

/// <summary>
/// The rules every <c>/api</c> request body obeys before any endpoint reads it: a POST or PUT has one (400), at most 1 MiB (413),
/// and JSON only (415).
/// Checked here rather than left to routing, because the <c>/api/{**path}</c> fallback would otherwise answer 404 for a
/// known path sent with the wrong content type, and a chunked body has no Content-Length to check up front.
/// </summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static IApplicationBuilder UseApiBodyRules(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (PoweruserErrors.Handles(request.Path))
        {
            if (await PoweruserBodyRulesAsync(context)) await next(context);
            return;
        }
        if (request.Path.StartsWithSegments("/api") && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method))
            && !HasBody(request))
        {
            // Every API POST and PUT takes a JSON body; without one, routing and binding would answer in the framework's words.
            await RefuseAsync(context, StatusCodes.Status400BadRequest, ApiExceptionHandler.BodyRequired);
            return;
        }
        if (request.Path.StartsWithSegments("/api") && HasBody(request))
        {
            if (request.ContentLength > MaxBodyBytes || (request.ContentLength is null && !await BufferWithinLimitAsync(context)))
            {
                await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge,
                    new ErrorResponse("Request body too large", $"The limit is {MaxBodyBytes} bytes."));
                return;
            }
            if (!request.HasJsonContentType())
            {
                await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType,
                    new ErrorResponse("Unsupported content type", "Send JSON with Content-Type: application/json."));
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        }
        await next(context);
    });

    /// <summary>
    /// The poweruser API's rules: an empty body is <c>{}</c>; a body is at most <see cref="MaxBodyBytes"/> (413) and JSON (415);
    /// a session (no API key) always sends <c>Content-Type: application/json</c>, even with no body, because that is what
    /// another site cannot make a browser send (the CSRF defence the /api has by requiring a JSON body). False when refused.
    /// </summary>
    private static async Task<bool> PoweruserBodyRulesAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method)) return true; // the fallback answers 405 or 404
        if (HasBody(request) && (request.ContentLength > MaxBodyBytes || (request.ContentLength is null && !await BufferWithinLimitAsync(context))))
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, new ErrorResponse("Request body too large", $"The limit is {MaxBodyBytes} bytes."));
            return false;
        }
        var typed = !string.IsNullOrEmpty(request.ContentType);
        if ((typed && !request.HasJsonContentType()) || (!typed && (HasBody(request) || !ApiKeyAuthenticationHandler.IsPresented(request))))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, new ErrorResponse("Unsupported content type",
                "Send JSON with Content-Type: application/json (a signed-in session must send it even with an empty body)."));
            return false;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        return true;
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    /// <summary>Reads a body of unknown length into memory, up to the limit; false when it is longer.</summary>
    private static async Task<bool> BufferWithinLimitAsync(HttpContext context)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return false;
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        context.Request.Body = buffer;
        context.Request.ContentLength = buffer.Length;
        context.Response.RegisterForDispose(buffer);
        return true;
    }

    private static Task RefuseAsync(HttpContext context, int status, ErrorResponse error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(PoweruserErrors.BodyFor(context, status, error));
    }
}
