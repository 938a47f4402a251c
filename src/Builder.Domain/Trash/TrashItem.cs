namespace Builder.Domain.Trash;

/// <summary>
/// One delete in an organization's trash: what went (type, id, a name snapshot, its environment, how many records went
/// with it), who deleted it and when, and when the purge job removes it for good (<see cref="PurgeAfter"/>). A platform-wide
/// resource (an organization, a workflow entity type, a system model) has no <see cref="OrganizationId"/>: it is in the
/// platform's trash, which only System administrators see.
/// </summary>
public sealed class TrashItem
{
    public const int NameMax = 256;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid? OrganizationId { get; set; }
    public string ResourceType { get; set; } = "";
    public Guid ResourceId { get; set; }
    public string Name { get; set; } = "";
    public Guid? EnvironmentId { get; set; }
    public string? EnvironmentName { get; set; }

    /// <summary>Records that went with it (an environment's variables and workflows, an organization's members).</summary>
    public int DependentCount { get; set; }
    public DateTime DeletedAt { get; set; }
    public Guid DeletedByUserId { get; set; }
    public string DeletedBy { get; set; } = "";
    public bool DeletedViaApiKey { get; set; }
    public DateTime PurgeAfter { get; set; }
}

/// <summary>A trash item as lists and the API show it.</summary>
public sealed record TrashItemView(Guid Id, Guid? OrganizationId, string ResourceType, string ResourceTypeName, Guid ResourceId,
    string Name, Guid? EnvironmentId, string? EnvironmentName, int DependentCount, DateTime DeletedAt, string DeletedBy,
    DateTime PurgeAfter, int DaysLeft);

/// <summary>What a restore did: the resource, under which name, and how many records came back with it.</summary>
public sealed record RestoreResult(Guid TrashItemId, string ResourceType, Guid ResourceId, string Name, int DependentCount, bool Renamed);

/// <summary>
/// 409 of a restore: a visible record took the name meanwhile. <see cref="Common.ConflictException.Details"/> asks for a new
/// name (the API's <c>{ "name" }</c>); the console asks for one in a dialog.
/// </summary>
public sealed class NameTakenException(string message) : Common.ConflictException(message,
    "Restore it under a new name: send { \"name\": \"…\" } (the console asks for one).");
