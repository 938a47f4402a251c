using Microsoft.AspNetCore.Http.Features;

namespace Builder.Web.Api;

/// <summary>Refuses <c>/api</c> bodies over 1 MiB before anything reads them.</summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.Response.WriteAsJsonAsync(new ErrorResponse("Request body too large", $"The limit is {MaxBodyBytes} bytes."));
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        }
        await next(context);
    });
}
