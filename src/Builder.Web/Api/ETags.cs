using Builder.Domain.Common;
using Microsoft.Net.Http.Headers;

namespace Builder.Web.Api;

/// <summary>The concurrency token travels as an ETag; PUT and DELETE may send it back in If-Match.</summary>
public static class ETags
{
    public static string For(Guid version) => $"\"{version}\"";

    public static void Set(HttpResponse response, Guid version) => response.Headers[HeaderNames.ETag] = For(version);

    /// <summary>
    /// The version the caller expects, from If-Match: null when the header is absent or "*" (an unconditional write);
    /// an unreadable value can never match, so it yields a version no record has. With a list, the first tag.
    /// </summary>
    public static Guid? Expected(HttpRequest request) => ExpectedAll(request)?[0];

    /// <summary>Every version If-Match names (<c>"a", W/"b"</c>), or null for an unconditional write (no header, or "*").</summary>
    public static IReadOnlyList<Guid>? ExpectedAll(HttpRequest request)
    {
        var tags = request.Headers[HeaderNames.IfMatch]
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (tags.Count == 0 || tags.Contains("*")) return null;
        return tags.Select(tag => Guid.TryParse((tag.StartsWith("W/") ? tag[2..] : tag).Trim('"'), out var version) ? version : Guid.Empty)
            .ToList();
    }

    /// <summary>
    /// Runs a write under the request's If-Match. With a list of tags, the write succeeds when any of them is current
    /// (each is tried; a stale one changes nothing). Without If-Match the write is unconditional: when it loses a race with
    /// another writer it runs again on fresh data instead of answering 412.
    /// </summary>
    public static async Task<T> WriteAsync<T>(HttpRequest request, Func<Guid?, Task<T>> write)
    {
        var expected = ExpectedAll(request);
        var aborted = request.HttpContext.RequestAborted;
        if (expected is null) return await UnconditionalWrite.RunAsync(() => write(null), aborted);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write(expected[attempt - 1]);
            }
            catch (ConcurrencyException) when (attempt < expected.Count && !aborted.IsCancellationRequested)
            {
            }
        }
    }

    public static Task WriteAsync(HttpRequest request, Func<Guid?, Task> write) =>
        WriteAsync(request, async version => { await write(version); return true; });
}
