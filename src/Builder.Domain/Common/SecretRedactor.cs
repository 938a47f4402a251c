using System.Text.Encodings.Web;
using System.Text.Json;

namespace Builder.Domain.Common;

/// <summary>
/// The one redactor of secret values (write-only environment values, a model's credentials, an MCP server's or a tool's
/// header values) in text that is recorded, logged or shown: the value itself and the forms it takes in a URL
/// (percent-encoded) or in JSON (escaped), so an endpoint that echoes the request it got cannot hand a secret back. Longest
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
            .SelectMany(s => new[] { s!, Uri.EscapeDataString(s!), JsonEncodedText.Encode(s!, JavaScriptEncoder.Default).Value, JsonEncodedText.Encode(s!, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value })
            .Where(f => f.Length >= MinLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(f => f.Length)
            .ToList();
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
