using Builder.Domain.Sharing;

namespace Builder.Domain.Connectors;

/// <summary>
/// A create or an edit. <see cref="Fields"/> are the type's non-secret values by key: on an edit a key left out keeps its value
/// and a null or empty one clears an optional field. <see cref="Credentials"/> sets or replaces credentials by key (a key left
/// out keeps the stored one); <see cref="ClearCredentials"/> removes optional ones. <see cref="SharingLevel"/> (COMPANY or
/// PRIVATE) applies to a new connector only: later changes of sharing go through approval like every owned resource's.
/// </summary>
public sealed record ConnectorInput(
    string? Name,
    IReadOnlyDictionary<string, string?>? Fields = null,
    IReadOnlyDictionary<string, string?>? Credentials = null,
    IReadOnlyList<string>? ClearCredentials = null,
    bool? IsActive = null,
    string? SharingLevel = null);

/// <summary>What a list asks for: one type (a wire name) or all, active only or all, and the ownership filter.</summary>
public sealed record ConnectorQuery(string? Type = null, bool? Active = null, OwnershipFilter? Ownership = null);

/// <summary>
/// A connector as callers see it: never a credential, only the keys of those stored (<see cref="CredentialsSet"/>).
/// </summary>
public sealed record ConnectorView(
    Guid Id,
    int ConnectorId,
    Guid OrganizationId,
    string Type,
    string TypeName,
    string Name,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<string> CredentialsSet,
    bool IsActive,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string UpdatedBy,
    Guid Version) : OwnedView
{
    public Guid ConcurrencyToken => Version;

    public bool HasCredential(string key) => CredentialsSet.Contains(key);
}
