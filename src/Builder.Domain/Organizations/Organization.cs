using Builder.Domain.Common;

namespace Builder.Domain.Organizations;

/// <summary>The top-level tenant. Everything else belongs to exactly one organization.</summary>
public sealed class Organization : TrackedEntity, IOrganizationOwned, INamedResource, Trash.ITrashable
{
    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public const int NameMax = 100;
    public const int DescriptionMax = 500;

    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>An organization owns itself, for the shared load and permission rules (not a column).</summary>
    Guid IOrganizationOwned.OrganizationId => Id;
}

public sealed record OrganizationView(Guid Id, string Name, string? Description, DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy, Guid Version);

public sealed record OrganizationInput(string? Name, string? Description);
