using System.Text.Json;
using System.Text.RegularExpressions;
using Builder.Domain.Workflows;
using Builder.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace Builder.Web.Api;

/// <summary>
/// The one place where failures become HTTP answers for <c>/api</c> (and, in its own form, for <c>/autessa_poweruser</c>): domain rules map to 400/403/404/409/412,
/// unreadable requests to 400/413/415, and anything unexpected to a 500 with a correlation id that is also logged.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // The middleware has already rewritten Request.Path to the error page; the original path is on the feature.
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path;
        if (Poweruser.PoweruserErrors.Handles(path))
        {
            var (code, errors) = Poweruser.PoweruserErrors.Map(exception, context.TraceIdentifier);
            if (code >= 500) logger.LogError(exception, "Unhandled poweruser API error {CorrelationId}", context.TraceIdentifier);
            context.Response.StatusCode = code;
            await context.Response.WriteAsJsonAsync(errors, ct);
            return true;
        }
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)) return false;
        var (status, body) = Map(exception, context.TraceIdentifier);
        if (status >= 500) logger.LogError(exception, "Unhandled API error {CorrelationId}", context.TraceIdentifier);
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(body, ct);
        return true;
    }

    /// <summary>The answer for a POST or PUT that came without the JSON body it needs.</summary>
    public static readonly ErrorResponse BodyRequired = new("Request body required", "Send a JSON object with Content-Type: application/json.");

    public static (int Status, ErrorResponse Body) Map(Exception exception, string correlationId) => exception switch
    {
        ValidationException v => (400, new ErrorResponse(v.Message, v.Details ?? v.Message, v.Errors)),
        NotFoundException e => (404, new ErrorResponse(e.Message)),
        ForbiddenException e => (403, new ErrorResponse(e.Message, e.Details)),
        ConflictException e => (409, new ErrorResponse(e.Message, e.Details)),
        ConcurrencyException e => (412, new ErrorResponse("Precondition failed: the record has changed", e.Message)),
        BadHttpRequestException { InnerException: JsonException json } when IsTooDeep(json) => (400, TooDeep),
        BadHttpRequestException { InnerException: JsonException json } => (400, new ErrorResponse("Malformed JSON body", JsonProblem(json))),
        BadHttpRequestException { StatusCode: 413 } => (413, new ErrorResponse("Request body too large", $"The limit is {RequestLimits.MaxBodyBytes} bytes.")),
        BadHttpRequestException { StatusCode: 415 } e => (415, new ErrorResponse("Unsupported content type", e.Message)),
        BadHttpRequestException { StatusCode: 400 } e when IsMissingBody(e) => (400, BodyRequired),
        BadHttpRequestException { StatusCode: 400 } e => (400, new ErrorResponse("Invalid request", ParameterProblem(e.Message))),
        BadHttpRequestException e => (e.StatusCode, new ErrorResponse(e.Message)),
        JsonException json when IsTooDeep(json) => (400, TooDeep),
        JsonException json => (400, new ErrorResponse("Malformed JSON body", JsonProblem(json))),
        _ => (500, new ErrorResponse("An unexpected error occurred", "Quote the correlation id when you report this.", null, correlationId)),
    };

    private static readonly ErrorResponse TooDeep = new("Request nested too deeply",
        $"A request body may nest at most {WebSetup.MaxJsonDepth} levels; a workflow may be at most {WorkflowLimits.Default.MaxDepth} levels deep.");

    /// <summary>The reader's "The maximum configured depth of 256 has been exceeded" (not "Expected depth to be zero…", a cut-off body).</summary>
    private static bool IsTooDeep(JsonException json) =>
        json.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase)
        || json.InnerException?.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The framework's words for a missing or <c>null</c> body ("Implicit body inferred…", "… was not provided from body").</summary>
    private static bool IsMissingBody(BadHttpRequestException e) =>
        e.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || e.Message.EndsWith("from body.", StringComparison.Ordinal);

    /// <summary>"Failed to bind parameter "int? Page" from "x"." in the API's words: which value, which parameter, what it must be.</summary>
    private static string ParameterProblem(string message)
    {
        var bind = FailedBinding().Match(message);
        if (!bind.Success) return message;
        var type = bind.Groups["type"].Value.TrimEnd('?').Replace("Nullable<", "").TrimEnd('>');
        var expected = type switch
        {
            "int" or "long" => "a whole number",
            "Guid" => "an id (a GUID)",
            "bool" => "true or false",
            "DateTime" or "DateTimeOffset" => "a date and time (ISO 8601)",
            _ => $"a {type}",
        };
        var name = bind.Groups["name"].Value;
        return $"'{bind.Groups["value"].Value}' is not a valid {char.ToLowerInvariant(name[0]) + name[1..]}: it must be {expected}.";
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"\s]+) (?<name>[^"\s]+)" from "(?<value>.*)"\.$""", RegexOptions.NonBacktracking)]
    private static partial Regex FailedBinding();

    private static string JsonProblem(JsonException json) =>
        json.Path is { Length: > 1 } path ? $"The value at '{path}' is missing or has the wrong type." : "The body is not valid JSON.";
}
