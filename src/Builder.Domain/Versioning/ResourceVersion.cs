namespace Builder.Domain.Versioning;

/// <summary>
/// One version of an agent, tool or manager: one table for the three (<see cref="ResourceType"/>). The draft has no
/// <see cref="Number"/> and is changed in place by edits; publishing copies it into a new numbered PUBLISHED row and turns
/// the previous PUBLISHED row ARCHIVED. Numbered rows never change their definition. The database keeps at most one DRAFT and
/// one PUBLISHED row per resource and unique numbers (filtered unique indexes), so two publishes or rollbacks racing each
/// other can never leave two PUBLISHED versions.
/// </summary>
public sealed class ResourceVersion
{
    public const int NoteMax = 500;

    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>One of <c>ResourceTypes</c>: agent, tool or manager.</summary>
    public string ResourceType { get; set; } = "";
    public Guid ResourceId { get; set; }
    public Guid OrganizationId { get; set; }

    /// <summary>1, 2, 3 … in publishing order; null for the draft.</summary>
    public int? Number { get; set; }
    public VersionState State { get; set; }

    /// <summary>The definition as stable, pretty-printed JSON (<see cref="DefinitionJson"/>): what a diff compares.</summary>
    public string DefinitionJson { get; set; } = "";

    /// <summary>When and by whom it was published (the draft: last saved).</summary>
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    /// <summary>Why it was published or rolled back (a person's note, or "Rolled back to version 2").</summary>
    public string? Note { get; set; }

    /// <summary>When this version was made by a rollback, the version whose definition it published again.</summary>
    public int? RestoredFrom { get; set; }
}
