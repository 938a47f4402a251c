namespace Builder.Domain.Models;

/// <summary>
/// A model as its managers see it. The credentials never leave the service: only whether each one is stored.
/// <see cref="OrganizationId"/> is null for a system model; <see cref="IsVisible"/> matters only for those.
/// </summary>
public sealed record ModelView(Guid Id, Guid? OrganizationId, string Name, string? Description, string Provider, string ModelUrl,
    string ModelName, double? Temperature, int? MaxOutputTokens, int TimeoutSeconds, bool HasToken, bool HasClientKey, bool HasSecretKey,
    bool IsVisible, DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy, Guid Version);

/// <summary>
/// A visible system model as any signed-in person sees it: what it is and which credentials it has (flags only),
/// not where it points.
/// </summary>
public sealed record VisibleSystemModelView(Guid Id, string Name, string? Description, string Provider, string ModelName,
    bool HasToken, bool HasClientKey, bool HasSecretKey);

/// <summary>A model a picker offers: an organization's own or a visible system model.</summary>
public sealed record ModelChoice(Guid Id, string Name, string ModelName, bool IsSystem);

/// <summary>
/// A model edit. On create every field is read; on update too (PUT replaces the settings), except the credentials:
/// a credential left null keeps the stored one, a non-empty value sets or replaces it, its Clear flag removes it.
/// <see cref="Provider"/> null is "openai"; <see cref="TimeoutSeconds"/> null is 60. <see cref="IsVisible"/> is for
/// system models only (null keeps it; false on create).
/// </summary>
public sealed record ModelInput(
    string? Name,
    string? ModelUrl,
    string? ModelName,
    string? Description = null,
    string? Provider = null,
    double? Temperature = null,
    int? MaxOutputTokens = null,
    int? TimeoutSeconds = null,
    string? Token = null,
    bool ClearToken = false,
    string? ClientKey = null,
    bool ClearClientKey = false,
    string? SecretKey = null,
    bool ClearSecretKey = false,
    bool? IsVisible = null);

/// <summary>
/// A model resolved for a call: its id and name (for what a person reads) and the <see cref="ModelEndpoint"/> with the
/// decrypted credentials. Produced only inside the domain for an actor allowed to use the model; never serialized to an
/// API answer or a log (the endpoint's text names which credentials are set, never their values).
/// </summary>
public sealed record ModelTarget(Guid Id, string Name, ModelEndpoint Endpoint)
{
    public override string ToString() => $"Model {Name}: {Endpoint}";
}

/// <summary>The outcome of a connection test: ok with the latency and the model's reply, or the reason it failed.</summary>
public sealed record ModelConnectionResult(bool Ok, long LatencyMs, string? Reply, string? Reason);
