using System.Text;
using System.Text.RegularExpressions;

namespace Builder.Domain.Files;

/// <summary>Content types of uploads: their normal form, whether a link allows one, and which are safe to serve as they are.</summary>
public static partial class FileContentTypes
{
    public const string OctetStream = "application/octet-stream";

    [GeneratedRegex("^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$", RegexOptions.NonBacktracking)]
    private static partial Regex MediaType();

    [GeneratedRegex("^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/\\*$", RegexOptions.NonBacktracking)]
    private static partial Regex Wildcard();

    /// <summary>
    /// The media type without parameters, lower case (<c>Text/Plain; charset=utf-8</c> → <c>text/plain</c>), or null when
    /// it is not one.
    /// </summary>
    public static string? Normalize(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var type = contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        return MediaType().IsMatch(type) ? type : null;
    }

    /// <summary>A pattern an upload link may allow: a media type (<c>application/pdf</c>) or a whole top-level type (<c>image/*</c>).</summary>
    public static string? NormalizePattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) return null;
        var type = pattern.Trim().ToLowerInvariant();
        return MediaType().IsMatch(type) || Wildcard().IsMatch(type) ? type : null;
    }

    public static bool IsAllowed(string contentType, IEnumerable<string> patterns) =>
        patterns.Any(p => p == contentType || (p.EndsWith("/*", StringComparison.Ordinal) && contentType.StartsWith(p[..^1], StringComparison.Ordinal)));

    // Types a browser shows as data, never runs as a document: served with their own type. Everything else (HTML, SVG,
    // XML, JavaScript, anything unknown) goes out as application/octet-stream, and always as an attachment.
    private static readonly HashSet<string> Passive =
    [
        "text/plain", "text/csv", "text/markdown", "application/json", "application/pdf",
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
        "audio/mpeg", "audio/ogg", "audio/wav", "video/mp4", "video/webm", "video/ogg",
        "application/zip", "application/gzip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/msword", "application/vnd.ms-excel",
    ];

    /// <summary>The type a download is served with: the stored one when it is passive data, otherwise application/octet-stream.</summary>
    public static string SafeForDownload(string? contentType) =>
        Normalize(contentType) is { } type && Passive.Contains(type) ? type : OctetStream;
}

/// <summary>The name a file is kept and downloaded under, taken from what a client sent.</summary>
public static class FileNames
{
    public const int MaxLength = 255;
    public const string Fallback = "file";

    /// <summary>
    /// The last path segment only (either slash), without control and format characters, quotes or leading dots, at most
    /// 255 characters; "file" when nothing is left. The name is only a label: it never becomes a path.
    /// </summary>
    public static string Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return Fallback;
        var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var builder = new StringBuilder(last.Length);
        foreach (var c in last.Normalize(NormalizationForm.FormC))
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsControl(c) || category is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator
                    or System.Globalization.UnicodeCategory.ParagraphSeparator || c is '"' or '<' or '>' or ':' or '*' or '?' or '|')
                continue;
            builder.Append(c);
        }
        var clean = builder.ToString().Trim().TrimStart('.').Trim();
        if (clean.Length > MaxLength)
        {
            var extension = Path.GetExtension(clean);
            clean = extension.Length is > 0 and <= 16 ? clean[..(MaxLength - extension.Length)] + extension : clean[..MaxLength];
            if (char.IsHighSurrogate(clean[^1])) clean = clean[..^1];
        }
        return clean.Length == 0 ? Fallback : clean;
    }
}
