using System.Text.Json.Serialization;
using Builder.Domain.PromptTemplates.Diff;
using Builder.Domain.Sharing;

namespace Builder.Domain.Versioning;

/// <summary>One row of a version history: its number (null for the draft), state (DRAFT/PUBLISHED/ARCHIVED), who made it, when, and a note.</summary>
public sealed record VersionInfo(int? Number, string State, DateTime CreatedAt, string CreatedBy, string? Note, int? RestoredFrom)
{
    public static VersionInfo Of(ResourceVersion v) => new(v.Number, v.State.WireName(), v.CreatedAt, v.CreatedBy, v.Note, v.RestoredFrom);
}

/// <summary>A tool's secret header as every view shows it: its name and whether it has a value, never the value.</summary>
public sealed record SecretHeaderView(string Name, bool HasValue);

/// <summary>
/// An agent, tool or manager with the definition of one version (<see cref="Version"/> says which). <see cref="Number"/> is its
/// public id; <see cref="ConcurrencyToken"/> (the ETag, not in the JSON) is the record's, whichever version was read.
/// </summary>
public sealed record VersionedView<TDefinition>(
    Guid Id,
    int Number,
    Guid OrganizationId,
    TDefinition Definition,
    VersionInfo Version,
    int? PublishedVersion,
    int LatestVersion,
    bool HasUnpublishedChanges,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string UpdatedBy,
    [property: JsonIgnore] Guid ConcurrencyToken) : OwnedView
{
    /// <summary>A tool's write-only headers (names only); null for agents and managers.</summary>
    public IReadOnlyList<SecretHeaderView>? SecretHeaders { get; init; }
}

/// <summary>A row of a list: the draft's name, description and kind, and the published version.</summary>
public sealed record VersionedSummary(
    Guid Id,
    int Number,
    string Name,
    string? Description,
    string Kind,
    int? PublishedVersion,
    bool HasUnpublishedChanges,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string UpdatedBy) : OwnedView;

/// <summary>
/// The difference between two versions, compared over their definitions as stable pretty-printed JSON with the version
/// history's differ (<see cref="TextDiffer"/>): the texts and both views.
/// </summary>
public sealed record VersionDiff(VersionInfo From, VersionInfo To, string FromText, string ToText, InlineDiff Inline, SideBySideDiff SideBySide)
{
    public bool HasChanges => FromText != ToText;
}
