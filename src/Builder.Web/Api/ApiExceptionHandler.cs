using System.Text.Json;
using Builder.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace Builder.Web.Api;

/// <summary>
/// The one place where failures become HTTP answers for <c>/api</c>: domain rules map to 400/403/404/409/412,
/// unreadable requests to 400/413/415, and anything unexpected to a 500 with a correlation id that is also logged.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // The middleware has already rewritten Request.Path to the error page; the original path is on the feature.
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path;
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)) return false;
        var (status, body) = Map(exception, context.TraceIdentifier);
        if (status >= 500) logger.LogError(exception, "Unhandled API error {CorrelationId}", context.TraceIdentifier);
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(body, ct);
        return true;
    }

    public static (int Status, ErrorResponse Body) Map(Exception exception, string correlationId) => exception switch
    {
        ValidationException v => (400, new ErrorResponse(v.Message, v.Details, v.Errors)),
        NotFoundException e => (404, new ErrorResponse(e.Message)),
        ForbiddenException e => (403, new ErrorResponse(e.Message, e.Details)),
        ConflictException e => (409, new ErrorResponse(e.Message, e.Details)),
        ConcurrencyException e => (412, new ErrorResponse("Precondition failed: the record has changed", e.Message)),
        BadHttpRequestException { InnerException: JsonException json } => (400, new ErrorResponse("Malformed JSON body", JsonProblem(json))),
        BadHttpRequestException { StatusCode: 413 } => (413, new ErrorResponse("Request body too large", $"The limit is {RequestLimits.MaxBodyBytes} bytes.")),
        BadHttpRequestException { StatusCode: 415 } e => (415, new ErrorResponse("Unsupported content type", e.Message)),
        BadHttpRequestException e => (e.StatusCode, new ErrorResponse(e.Message)),
        JsonException json => (400, new ErrorResponse("Malformed JSON body", JsonProblem(json))),
        _ => (500, new ErrorResponse("An unexpected error occurred", "Quote the correlation id when you report this.", null, correlationId)),
    };

    private static string JsonProblem(JsonException json) =>
        json.Path is { Length: > 1 } path ? $"The value at '{path}' is missing or has the wrong type." : "The body is not valid JSON.";
}
