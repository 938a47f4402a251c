using System.Text.Json;
using System.Text.Json.Serialization;
using Builder.Domain.Common;

namespace Builder.Web.Api.Poweruser;

/// <summary>One entry of the poweruser API's <c>errors</c> array: a stable <c>code</c>, a sentence for people, and the body field at fault.</summary>
public sealed record PoweruserError(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null);

/// <summary>
/// What every poweruser answer derives from: <c>errors</c> sits beside the data, empty on success. Endpoints return a
/// subclass (<c>record MeResponse(...) : PoweruserResult</c>); <see cref="PoweruserApi.MapPoweruser{TBody,TResult}"/> accepts nothing else.
/// </summary>
public abstract record PoweruserResult
{
    [JsonPropertyOrder(int.MaxValue)]
    public IReadOnlyList<PoweruserError> Errors { get; init; } = [];
}

/// <summary>A failure's whole body: <c>{ "errors": [ { "code", "message", "field"? } ] }</c>.</summary>
public sealed record PoweruserFailure(IReadOnlyList<PoweruserError> Errors);

/// <summary>
/// The one translation of failures into the poweruser form. Domain exceptions keep the status the /api gives them
/// (<see cref="ApiExceptionHandler.Map"/>); this only re-words the body, adds codes and names the field at fault.
/// </summary>
public static class PoweruserErrors
{
    /// <summary>Whether a path belongs to the poweruser API (and so answers failures in its form).</summary>
    public static bool Handles(PathString path) => path.StartsWithSegments(PoweruserApi.Prefix, StringComparison.OrdinalIgnoreCase);

    public static string CodeFor(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        412 => "precondition_failed",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        429 => "rate_limited",
        >= 500 => "internal_error",
        _ => "request_failed",
    };

    /// <summary>An /api error body in the poweruser form (for the shared middleware: body rules, status pages, rate limits).</summary>
    public static PoweruserFailure From(int status, ErrorResponse error) => error.Errors is { Count: > 0 } fields
        ? new(fields.SelectMany(f => f.Value.Select(m => new PoweruserError("invalid_value", m, FieldName(f.Key)))).ToList())
        : new([new PoweruserError(CodeFor(status), Sentence(error.Error, error.Details))]);

    /// <summary>The body a shared piece of middleware writes: the poweruser form under <see cref="PoweruserApi.Prefix"/>, else the /api form.</summary>
    public static object BodyFor(HttpContext http, int status, ErrorResponse error) => Handles(http.Request.Path) ? From(status, error) : error;

    public static PoweruserFailure Single(int status, string message, string? field = null, string? code = null) =>
        new([new PoweruserError(code ?? CodeFor(status), message, field)]);

    /// <summary>The status and body for an exception thrown while serving a poweruser request.</summary>
    public static (int Status, PoweruserFailure Body) Map(Exception exception, string correlationId)
    {
        switch (exception)
        {
            case ValidationException v:
                return (400, new(v.Errors.SelectMany(e => e.Value.Select(m => new PoweruserError("invalid_value", m, FieldName(e.Key)))).ToList()));
            case HumanOversightRequiredException h:
                return (403, new([new PoweruserError("human_oversight_required", Sentence(h.Message, h.Details))]));
            case PoweruserBodyException b:
                return (400, Single(400, b.Message, b.Field, b.Code));
            case BadHttpRequestException { InnerException: JsonException json }:
                return (400, FromJson(json));
            case JsonException json:
                return (400, FromJson(json));
        }
        var (status, body) = ApiExceptionHandler.Map(exception, correlationId);
        if (status >= 500)
            return (status, Single(status, $"An unexpected error occurred. Quote the correlation id {correlationId} when you report this."));
        return (status, From(status, body));
    }

    private static string Sentence(string error, string? details) =>
        string.IsNullOrWhiteSpace(details) || details == error ? error : $"{error}: {details}";

    /// <summary>Too deep, malformed, or a value of the wrong type (with the field and the type it must be).</summary>
    private static PoweruserFailure FromJson(JsonException json)
    {
        var message = json.Message + " " + json.InnerException?.Message;
        if (message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
            return Single(400, $"The body nests too deeply: at most {WebSetup.MaxJsonDepth} levels.", code: "too_deep");
        var field = FieldName(json.Path);
        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) && field is null)
            return Single(400, "The body names a field twice.", code: "duplicate_field");
        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
            return Single(400, $"'{field}' appears twice in the body.", field, "duplicate_field");
        if (json.InnerException is PoweruserBodyException inner)
        {
            field = field is null ? null : field + inner.Suffix;
            return Single(400, inner.Message.Replace("{field}", field ?? "the value"), field, inner.Code);
        }
        return Single(400, field is null ? "The body is not valid JSON." : $"The value at '{field}' is not valid JSON or has the wrong type.",
            field, "invalid_json");
    }

    /// <summary>"$.rows[2].data" → "rows[2].data"; "" or "$" → null.</summary>
    public static string? FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path)) return null;
        var name = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return name.Length == 0 ? null : name;
    }

    /// <summary>What a value of <paramref name="type"/> must be, in words: "a whole number", "true or false", "an array" …</summary>
    public static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong))
            return "a whole number (not a string, a decimal or a number out of range)";
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return "a number (not a string)";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(string)) return "a string";
        if (type == typeof(Guid)) return "an id (a GUID string)";
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly)) return "a date (an ISO 8601 string)";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => $"'{JsonNamingPolicy.CamelCase.ConvertName(n)}'"));
        if (type != typeof(JsonElement) && type.IsAssignableTo(typeof(System.Collections.IEnumerable))) return "an array";
        return "an object";
    }
}

/// <summary>A body the poweruser API refuses before any endpoint runs (not an object) or an id read strictly (<see cref="PoweruserIdAttribute"/>).</summary>
public sealed class PoweruserBodyException(string message, string? field = null, string code = "bad_request", string suffix = "") : Exception(message)
{
    /// <summary>What follows the property's path in the field name: "[2]" for the third id of an array.</summary>
    public string Suffix { get; } = suffix;

    public string? Field { get; } = field;
    public string Code { get; } = code;
}
