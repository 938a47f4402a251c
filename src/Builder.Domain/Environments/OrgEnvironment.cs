using Builder.Domain.Common;

namespace Builder.Domain.Environments;

/// <summary>An environment of an organization (Development, Production, …). Named so it never collides with System.Environment.</summary>
public sealed class OrgEnvironment : TrackedEntity, IOrganizationOwned, INamedResource, Trash.ITrashable
{
    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public const int NameMax = 100;
    public const int DescriptionMax = 500;

    public Guid OrganizationId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>
    /// How many of its variables are in use (not in the trash). The database keeps it, with triggers on Variables
    /// (<c>Builder.Data.VariableCountTriggers</c>), in the same transaction as every insert, delete, trash and restore, so a
    /// variables page reads its total instead of counting the environment's rows on every request. The application never
    /// writes it.
    /// </summary>
    public int LiveVariableCount { get; private set; }
}

public sealed record EnvironmentView(Guid Id, Guid OrganizationId, string Name, string? Description,
    DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy, Guid Version);

public sealed record EnvironmentInput(string? Name, string? Description);
