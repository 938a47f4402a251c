using Builder.Domain.Common;
using Builder.Domain.Sharing;

namespace Builder.Domain.Versioning;

/// <summary>
/// What agents, tools and managers have in common: an organization's owned, shared and trashable record with an integer public
/// id (<see cref="Number"/>: agentId, toolId, managerId) whose content lives in <see cref="ResourceVersion"/> rows. The record
/// mirrors the draft's name, description and kind (for lists, name checks, the trash and the audit) and remembers which
/// version is published.
/// </summary>
public abstract class VersionedResource : TrackedEntity, IPublicNumbered
{
    public const int NameMax = 200;
    public const int DescriptionMax = 2000;

    /// <summary>When it went to the trash; null while it is in use.</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid OwnerId { get; set; }
    public SharingLevel SharingLevel { get; set; } = SharingLevel.Company;
    public AccessLevel CompanyPermission { get; set; } = AccessLevel.Edit;

    /// <summary>The public integer id, unique per type across the platform, allocated max+1 (a unique index guards the race).</summary>
    public int Number { get; set; }

    /// <summary>The draft's name (unique in the organization among records not in the trash, ignoring case).</summary>
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>The draft's kind in its wire form: an agent's type (CONVERSATIONAL…), a tool's implementation (HTTP, MCP); MANAGER for managers.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The number of the PUBLISHED version; null until the first publish.</summary>
    public int? PublishedVersion { get; set; }

    /// <summary>The highest version number given so far (0 before the first publish).</summary>
    public int LatestVersion { get; set; }

    /// <summary>Whether the draft differs from the published version (always true before the first publish).</summary>
    public bool HasUnpublishedChanges { get; set; } = true;
}

/// <summary>The static description a versioned resource type adds to <see cref="IOwnedResource"/>.</summary>
public interface IVersionedResource : IOwnedResource, INamedResource, Trash.ITrashable
{
    new Guid Id { get; }
}

/// <summary>The wording about names that agents, tools and managers share (their services and the trash's restore).</summary>
public static class VersionedNames
{
    /// <summary>"An agent named 'X' already exists in this organization", "A tool named …".</summary>
    public static string Duplicate(string noun, string name) =>
        $"{("aeiou".Contains(noun[0]) ? "An" : "A")} {noun} named '{name}' already exists in this organization";
}
