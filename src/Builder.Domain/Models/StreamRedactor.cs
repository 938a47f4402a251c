namespace Builder.Domain.Models;

/// <summary>
/// Redacts an endpoint's credentials from a streamed answer. A credential the model echoes may be split across deltas, so only
/// an ending that could be the start of one waits for the next delta; ordinary text (and the first words) go out as they arrive.
/// One per stream: template runs and prompt runs use the same one.
/// </summary>
public sealed class StreamRedactor(ModelEndpoint endpoint)
{
    private readonly Common.SecretRedactor _redactor = endpoint.Redactor;
    private string _pending = "";

    /// <summary>Takes the next delta; returns what can be shown now (possibly empty).</summary>
    public string Push(string delta)
    {
        _pending = _redactor.Redact(_pending + delta);
        var held = SecretStartAtEnd(_pending, _redactor.Forms);
        if (_pending.Length <= held) return "";
        var ready = _pending[..^held];
        _pending = _pending[^held..];
        return ready;
    }

    /// <summary>At the end of the stream (or a failure): what was held back, redacted.</summary>
    public string Flush()
    {
        var rest = _redactor.Redact(_pending);
        _pending = "";
        return rest;
    }

    /// <summary>The length of the longest ending of <paramref name="text"/> that is the start (not the whole) of a secret.</summary>
    public static int SecretStartAtEnd(string text, IReadOnlyList<string> secrets)
    {
        var longest = 0;
        foreach (var secret in secrets)
        {
            for (var length = Math.Min(secret.Length - 1, text.Length); length > longest; length--)
            {
                if (text[^length] != secret[0]) continue;
                if (text.AsSpan(text.Length - length).SequenceEqual(secret.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
