using Microsoft.Net.Http.Headers;

namespace Builder.Web.Api;

/// <summary>The concurrency token travels as an ETag; PUT and DELETE may send it back in If-Match.</summary>
public static class ETags
{
    public static string For(Guid version) => $"\"{version}\"";

    public static void Set(HttpResponse response, Guid version) => response.Headers[HeaderNames.ETag] = For(version);

    /// <summary>
    /// The version the caller expects, from If-Match: null when the header is absent or "*" (an unconditional write);
    /// an unreadable value can never match, so it yields a version no record has.
    /// </summary>
    public static Guid? Expected(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.IfMatch].ToString().Trim();
        if (header.Length == 0 || header == "*") return null;
        var value = header.StartsWith("W/") ? header[2..] : header;
        return Guid.TryParse(value.Trim('"'), out var version) ? version : Guid.Empty;
    }
}
