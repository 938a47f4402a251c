using System.Text.Encodings.Web;
using System.Text.Json;

namespace Builder.Domain.Common;

/// <summary>
/// The one redactor of secret values (write-only environment values, a model's credentials, an MCP server's or a tool's
/// header values) in text that is recorded, logged or shown: the value itself and the forms it takes in a URL
/// (percent-encoded), in JSON (escaped) or in base64, so an endpoint that echoes the request it got cannot hand a secret back. Longest
/// form first: when one secret holds another ("{clientKey}.{secret}"), replacing the shorter first would leave the rest of
/// the longer behind. Values shorter than <see cref="MinLength"/> characters are not looked for (replacing every "1" in a
/// result would destroy it and protect nothing).
/// </summary>
public sealed class SecretRedactor
{
    public const string Replacement = "[redacted]";
    public const int MinLength = 4;

    readonly List<string> _forms;

    public SecretRedactor(IEnumerable<string?> secrets)
    {
        _forms = secrets
            .Where(s => s is { Length: >= MinLength })
            .SelectMany(s => FormsOf(s!))
            .Where(f => f.Length >= MinLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(f => f.Length)
            .ToList();
    }

    /// <summary>
    /// The value, percent-encoded, JSON-escaped (strict and relaxed), and in base64 and base64url: an endpoint that echoes a
    /// header it decoded or encoded on its own (a token "for debugging") hands back one of these.
    /// </summary>
    static IEnumerable<string> FormsOf(string secret)
    {
        yield return secret;
        yield return Uri.EscapeDataString(secret);
        yield return JsonEncodedText.Encode(secret, JavaScriptEncoder.Default).Value;
        yield return JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
        var base64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret));
        yield return base64;
        yield return base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static readonly SecretRedactor None = new([]);

    public bool IsEmpty => _forms.Count == 0;

    /// <summary>Every form looked for, longest first (a stream holds back an ending that could be the start of one).</summary>
    public IReadOnlyList<string> Forms => _forms;

    /// <summary>The redactor of these secrets and the other's.</summary>
    public SecretRedactor With(IEnumerable<string?> more) => new(_forms.Concat(more));

    public string Redact(string text)
    {
        foreach (var form in _forms) text = text.Replace(form, Replacement, StringComparison.Ordinal);
        return text;
    }

    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);
}
