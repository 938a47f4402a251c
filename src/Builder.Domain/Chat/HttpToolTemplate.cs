using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Builder.Domain.Chat;

/// <summary>
/// An HTTP tool's request as its author wrote it: method, URL, headers and body, each of which may hold
/// <c>{{input.field}}</c> (a field of the model's arguments; <c>{{input.address.city}}</c> reaches into an object) and
/// <c>{{env.NAME}}</c> (an environment variable the agent may read).
/// </summary>
public sealed record HttpToolRequestTemplate(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body);

/// <summary>The environment variables a call may use: name → value (write-only values, decrypted), and which names the agent allows.</summary>
public sealed record ToolEnvironment(IReadOnlyDictionary<string, string> Values, IReadOnlyCollection<string> AllowedNames)
{
    public static readonly ToolEnvironment Empty = new(new Dictionary<string, string>(), []);

    /// <summary>The values the agent may read: these are redacted from whatever the chat records.</summary>
    public IEnumerable<string> AllowedValues => AllowedNames.Where(Values.ContainsKey).Select(n => Values[n]);
}

/// <summary>A request ready to send, and the same request as it may be shown (every environment value as its placeholder).</summary>
public sealed record RenderedHttpRequest(string Method, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body, string DisplayUrl)
{
    /// <summary>The environment values this request carries (to redact from its answer).</summary>
    public IReadOnlyCollection<string> UsedSecrets { get; init; } = [];
}

/// <summary>
/// Fills an HTTP tool's template. Each value is encoded for where it goes: in the URL percent-encoded (an argument cannot
/// add a path segment, a query parameter or another host; only an environment value at the very start of the URL, a base
/// URL, goes in as it is), in a JSON body JSON-escaped (a string argument cannot close its string and add fields; numbers,
/// booleans, objects and arrays go in as JSON), in a header as is but never with a line break or control character.
/// An <c>{{env.NAME}}</c> the agent does not allow, or that the environment does not define, is refused with a clear reason;
/// so is an unknown placeholder. Values never appear in the reasons.
/// </summary>
public static partial class HttpToolTemplating
{
    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(\.[A-Za-z0-9_\-\.]*)?\s*\}\}", RegexOptions.NonBacktracking)]
    private static partial Regex Placeholder();

    enum Place { Url, Header, Body, RawBody }

    /// <summary>The placeholders a template uses: ("input", "city"), ("env", "API_KEY") …</summary>
    public static IReadOnlyList<(string Kind, string Name)> Placeholders(HttpToolRequestTemplate template) =>
        new[] { template.Method, template.Url, template.Body ?? "" }
            .Concat(template.Headers.SelectMany(h => new[] { h.Key, h.Value }))
            .SelectMany(text => Placeholder().Matches(text))
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value.TrimStart('.')))
            .Distinct()
            .ToList();

    /// <summary>Renders the template, or throws <see cref="ToolTemplateException"/> naming what is wrong (never a value).</summary>
    public static RenderedHttpRequest Render(HttpToolRequestTemplate template, JsonElement arguments, ToolEnvironment environment)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var method = (template.Method ?? "").Trim().ToUpperInvariant();
        if (!Methods.Contains(method)) throw new ToolTemplateException($"the method \"{Short(template.Method)}\" is not one of {string.Join(", ", Methods)}");

        var url = Fill(template.Url ?? "", Place.Url, arguments, environment, used, display: false);
        var displayUrl = Fill(template.Url ?? "", Place.Url, arguments, environment, used, display: true);
        if (HasDotSegment(url))
            throw new ToolTemplateException("the URL's path has a '.' or '..' segment once filled in; an argument cannot move up or along the path");
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
            throw new ToolTemplateException("the URL is not an absolute http or https URL once filled in");
        if (!string.IsNullOrEmpty(uri.UserInfo)) throw new ToolTemplateException("the URL must not carry a user name or password; send credentials in a header");

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in template.Headers)
        {
            var headerName = (name ?? "").Trim();
            if (headerName.Length == 0 || !headerName.All(c => c > ' ' && c < 127 && c != ':'))
                throw new ToolTemplateException($"the header name \"{Short(name)}\" is not a valid HTTP header name");
            if (Placeholder().IsMatch(headerName)) throw new ToolTemplateException("a header name cannot hold a placeholder");
            headers.Add(new(headerName, Fill(value ?? "", Place.Header, arguments, environment, used, display: false)));
        }

        string? body = null;
        if (!string.IsNullOrEmpty(template.Body))
        {
            var json = LooksLikeJson(template.Body, template.Headers);
            body = Fill(template.Body, json ? Place.Body : Place.RawBody, arguments, environment, used, display: false);
        }
        return new RenderedHttpRequest(method, uri, headers, body, displayUrl) { UsedSecrets = used.ToList() };
    }

    /// <summary>
    /// Whether the path (after the host, before '?' or '#') has a "." or ".." segment, also as %2E: <see cref="Uri"/> removes
    /// them, so an argument that fills a whole segment with ".." would reach another path of the host with the tool's headers.
    /// </summary>
    static bool HasDotSegment(string url)
    {
        if (Authority(url) is not { End: var pathStart } || pathStart == url.Length || url[pathStart] != '/') return false;
        var end = url.IndexOfAny(['?', '#'], pathStart);
        var path = end < 0 ? url[pathStart..] : url[pathStart..end];
        return path.Split('/').Select(s => s.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase)).Any(s => s is "." or "..");
    }

    /// <summary>Where a URL's host and port stand: after "://", up to the first '/', '?' or '#' (or the end); null without "://".</summary>
    static (int Start, int End)? Authority(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return null;
        var end = url.IndexOfAny(['/', '?', '#'], scheme + 3);
        return (scheme + 3, end < 0 ? url.Length : end);
    }

    static bool LooksLikeJson(string body, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var contentType = headers.FirstOrDefault(h => string.Equals(h.Key?.Trim(), "Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        if (contentType is not null) return contentType.Contains("json", StringComparison.OrdinalIgnoreCase);
        var trimmed = body.TrimStart();
        return trimmed.StartsWith('{') || trimmed.StartsWith('[');
    }

    static string Fill(string text, Place place, JsonElement arguments, ToolEnvironment environment, HashSet<string> used, bool display)
    {
        var result = new StringBuilder();
        var last = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            result.Append(text, last, match.Index - last);
            last = match.Index + match.Length;
            var kind = match.Groups[1].Value;
            var name = match.Groups[2].Value.TrimStart('.');
            if (name.Length == 0) throw new ToolTemplateException($"the placeholder {{{{{kind}}}}} names no field; write {{{{input.field}}}} or {{{{env.NAME}}}}");
            switch (kind)
            {
                case "input":
                    var value = InputValue(arguments, name);
                    if (place == Place.Url && InHost(text, match))
                        CheckHostLabel(value, text, match);
                    result.Append(Encode(value, place));
                    break;
                case "env":
                    if (!environment.AllowedNames.Contains(name, StringComparer.Ordinal))
                        throw new ToolTemplateException($"the tool uses the environment variable {name}, which this agent may not read; allow it on the agent");
                    if (!environment.Values.TryGetValue(name, out var secret))
                        throw new ToolTemplateException($"the environment variable {name} has no value in this environment");
                    if (place == Place.Header && secret.Any(char.IsControl))
                        throw new ToolTemplateException($"the environment variable {name} holds a line break or control character, which a header cannot carry");
                    used.Add(secret);
                    if (display) result.Append("{{env.").Append(name).Append("}}");
                    else result.Append(place == Place.Url && match.Index == 0 ? secret : EncodeText(secret, place));
                    break;
                default:
                    throw new ToolTemplateException($"the placeholder {{{{{kind}.{name}}}}} is unknown; use {{{{input.field}}}} or {{{{env.NAME}}}}");
            }
        }
        result.Append(text, last, text.Length - last);
        return result.ToString();
    }

    /// <summary>Whether a placeholder stands in the URL's host and port (after "://", before the first '/', '?' or '#').</summary>
    static bool InHost(string url, Match match) =>
        Authority(url) is { } host && match.Index >= host.Start && match.Index < host.End;

    /// <summary>
    /// An argument in the host may be one DNS label (letters, digits, '-') under a domain the template fixes after it
    /// ("{{input.region}}.api.example.com"): with "api.example.com{{input.x}}", ".evil.test" would send the tool's headers to
    /// api.example.com.evil.test.
    /// </summary>
    static void CheckHostLabel(JsonElement? value, string url, Match match)
    {
        var end = Authority(url)!.Value.End;
        var after = Placeholder().Replace(url[(match.Index + match.Length)..end], "");
        var dot = after.IndexOf('.');
        if (dot < 0 || dot == after.Length - 1 || after[..dot].Contains(':'))
            throw new ToolTemplateException("an argument in the URL's host must be followed by a fixed domain (e.g. {{input.region}}.api.example.com)");
        var text = value is { ValueKind: JsonValueKind.String } v ? v.GetString()! : value?.GetRawText() ?? "";
        if (text.Length == 0 || text.Length > 63 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new ToolTemplateException("an argument in the URL's host must be one DNS label: letters, digits and '-'");
    }

    /// <summary>The argument at a dotted path; missing (an optional field the model left out) is null.</summary>
    static JsonElement? InputValue(JsonElement arguments, string path)
    {
        if (arguments.ValueKind != JsonValueKind.Object) return null;
        var current = arguments;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out var next)) return null;
            current = next;
        }
        return current;
    }

    static string Encode(JsonElement? value, Place place)
    {
        if (value is not { } v || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return "";
        if (place == Place.Body)
            return v.ValueKind == JsonValueKind.String ? JsonEncodedText.Encode(v.GetString()!, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value : v.GetRawText();
        var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
        if (place == Place.Header && text.Any(char.IsControl))
            throw new ToolTemplateException("an argument for a header holds a line break or control character");
        return EncodeText(text, place);
    }

    static string EncodeText(string text, Place place) => place switch
    {
        Place.Url => Uri.EscapeDataString(text),
        Place.Body => JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value,
        _ => text,
    };

    static string Short(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>A tool template that cannot be filled in; the message says why and carries no value.</summary>
public sealed class ToolTemplateException(string message) : Exception(message);
