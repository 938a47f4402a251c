using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;

namespace Builder.Domain.Connectors;

/// <summary>
/// A connection to an external service (Gmail, HubSpot, Acumatica… one of <see cref="ConnectorCatalog.All"/>) configured for an
/// organization: a name, the type's non-secret field values and its credentials, encrypted. Owned and shared like a prompt or a
/// table (<see cref="IOwnedResource"/>), trashed like them. Credentials are write-only: <see cref="ProtectedCredentials"/> holds
/// each one protected by the <see cref="ISecretProtector"/>; only the names of the stored ones ever leave the service.
/// </summary>
public sealed class Connector : TrackedEntity, IOwnedResource, INamedResource, Trash.ITrashable, IPublicNumbered
{
    public const int NameMax = 100;
    public const int TypeMax = 32;

    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid OwnerId { get; set; }
    public SharingLevel SharingLevel { get; set; } = SharingLevel.Company;
    public AccessLevel CompanyPermission { get; set; } = AccessLevel.Edit;

    public static string ResourceType => ResourceTypes.Connector;
    public static ResourcePermissions Permissions { get; } = new(Access.Permissions.EntitiesRead, Access.Permissions.EntitiesUpdate, Access.Permissions.EntitiesDelete);
    public static string NotFoundMessage => ConnectorService.NotFound;
    public static string Noun => "connector";
    public AuditSubject ToAuditSubject() => new(ResourceTypes.Connector, Id, Name, OrganizationId);

    /// <summary>The public integer id (<c>connectorId</c> in the poweruser API), unique across the platform, allocated max+1.</summary>
    public int Number { get; set; }

    /// <summary>The wire name of its type (<c>GMAIL</c>); never changes.</summary>
    public string Type { get; set; } = "";

    /// <summary>Unique in the organization (ignoring case) among connectors not in the trash.</summary>
    public string Name { get; set; } = "";

    /// <summary>Only active connectors are offered to agents and listed by the poweruser API's <c>/all</c>.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>The non-secret values by field key (<c>accountEmail</c>); empty fields are absent.</summary>
    public Dictionary<string, string> Fields { get; set; } = [];

    /// <summary>The credentials by key, each protected (encrypted); never returned.</summary>
    public Dictionary<string, string> ProtectedCredentials { get; set; } = [];

    public ConnectorTypeDefinition? Definition => ConnectorCatalog.Find(Type);
}
