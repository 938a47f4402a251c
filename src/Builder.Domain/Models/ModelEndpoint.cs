namespace Builder.Domain.Models;

/// <summary>
/// Everything the gateway needs to call one model: the chat-completions URL exactly as configured (e.g.
/// https://api.openai.com/v1/chat/completions; the gateway sends to that URL, query string included), the model identifier,
/// the decrypted credentials and the default parameters. Credentials never appear in <see cref="ToString"/>.
/// </summary>
public sealed class ModelEndpoint
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The API dialect; <see cref="ModelProviders.OpenAi"/> (any OpenAI-compatible chat-completions endpoint).</summary>
    public string Provider { get; init; } = ModelProviders.OpenAi;

    /// <summary>The full chat-completions URL, e.g. https://api.openai.com/v1/chat/completions.</summary>
    public required string ModelUrl { get; init; }

    /// <summary>The model identifier sent in the request body, e.g. gpt-4o-mini.</summary>
    public required string ModelName { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer {token}</c> (and as <c>api-key</c> to Azure OpenAI hosts). Null sends none.</summary>
    public string? Token { get; init; }

    /// <summary>Sent as the <c>X-Client-Key</c> header when set (for gateways in front of a model that want a key pair).</summary>
    public string? ClientKey { get; init; }

    /// <summary>Sent as the <c>X-Secret-Key</c> header when set.</summary>
    public string? SecretKey { get; init; }

    public double? Temperature { get; init; }
    public int? MaxOutputTokens { get; init; }

    /// <summary>The whole call, including a streamed answer, must finish within this.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>An endpoint from a stored model and its decrypted credentials.</summary>
    public static ModelEndpoint From(AiModel model, string? token, string? clientKey = null, string? secretKey = null) => new()
    {
        Provider = model.Provider,
        ModelUrl = model.ModelUrl,
        ModelName = model.ModelName,
        Token = token,
        ClientKey = clientKey,
        SecretKey = secretKey,
        Temperature = model.Temperature,
        MaxOutputTokens = model.MaxOutputTokens,
        Timeout = model.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(model.TimeoutSeconds) : DefaultTimeout,
    };

    /// <summary>
    /// Whether a credential can go in an HTTP header as it is: printable ASCII only (space to '~'). A line break would end the
    /// header and start others of the sender's choosing; other control and non-ASCII characters cannot be sent at all.
    /// </summary>
    public static bool IsHeaderSafe(string? credential) => credential is null || credential.All(c => c is >= ' ' and <= '~');

    /// <summary>
    /// The credentials that are set, for scrubbing them out of anything that leaves the gateway; longest first: when one holds another ("{clientKey}.{secret}"), replacing the shorter
    /// first would leave the rest of the longer one behind.
    /// </summary>
    internal IEnumerable<string> Secrets() =>
        new[] { Token, ClientKey, SecretKey }.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).OrderByDescending(s => s.Length);

    /// <summary>The redactor of this endpoint's credentials (<see cref="Common.SecretRedactor"/>: raw and escaped forms, longest first).</summary>
    internal Common.SecretRedactor Redactor => new([Token, ClientKey, SecretKey]);

    public override string ToString() =>
        $"{Provider} {ModelName} at {ModelUrl} (token: {(Token is null ? "none" : "set")}, client key: {(ClientKey is null ? "none" : "set")}, secret key: {(SecretKey is null ? "none" : "set")})";
}
