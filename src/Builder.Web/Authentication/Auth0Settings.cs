namespace Builder.Web.Authentication;

/// <summary>
/// Auth0 configuration (<c>Auth0:Domain</c>, <c>Auth0:ClientId</c>, <c>Auth0:ClientSecret</c>). A domain written with a scheme
/// (http://127.0.0.1:5123) is used as the authority as-is, which is how tests point the app at a local OpenID Connect provider.
/// </summary>
public sealed record Auth0Settings(string? Domain, string? ClientId, string? ClientSecret)
{
    public static Auth0Settings From(IConfiguration configuration) =>
        new(configuration["Auth0:Domain"], configuration["Auth0:ClientId"], configuration["Auth0:ClientSecret"]);

    public IReadOnlyList<string> Missing =>
    [
        .. string.IsNullOrWhiteSpace(Domain) ? ["Auth0:Domain"] : Array.Empty<string>(),
        .. string.IsNullOrWhiteSpace(ClientId) ? ["Auth0:ClientId"] : Array.Empty<string>(),
        .. string.IsNullOrWhiteSpace(ClientSecret) ? ["Auth0:ClientSecret"] : Array.Empty<string>(),
    ];

    public bool IsConfigured => Missing.Count == 0;

    public string Authority => Domain!.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                               || Domain.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        ? Domain.TrimEnd('/')
        : $"https://{Domain.TrimEnd('/')}";
}
