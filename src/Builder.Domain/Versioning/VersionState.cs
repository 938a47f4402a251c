namespace Builder.Domain.Versioning;

/// <summary>
/// The state of one version of an agent, tool or manager (the client reference's "Versioning"): the one mutable DRAFT that
/// edits change, the one PUBLISHED version that reads and runs use by default, and ARCHIVED versions that were published
/// before. Wire names: <c>DRAFT</c>, <c>PUBLISHED</c>, <c>ARCHIVED</c>.
/// </summary>
public enum VersionState
{
    Draft,
    Published,
    Archived,
}

/// <summary>
/// Which version a read asks for: <c>{ versionState, versionNumber }</c>. Both empty means the PUBLISHED version. A number
/// alone picks that version (published or archived); a state alone picks the draft, the published version, or the most
/// recently archived one; both must agree.
/// </summary>
public sealed record VersionSelector(VersionState? State = null, int? Number = null)
{
    public static VersionSelector Published { get; } = new(VersionState.Published);
    public static VersionSelector Draft { get; } = new(VersionState.Draft);

    public static VersionSelector Of(int number) => new(null, number);

    /// <summary>"the draft", "version 3", "the published version" — for messages.</summary>
    public string Describe() => (State, Number) switch
    {
        (_, { } n) => $"version {n}",
        (VersionState.Draft, _) => "the draft",
        (VersionState.Archived, _) => "an archived version",
        _ => "the published version",
    };
}

public static class VersionStates
{
    public const string DraftName = "DRAFT", PublishedName = "PUBLISHED", ArchivedName = "ARCHIVED";

    public static IReadOnlyList<string> WireNames { get; } = [PublishedName, DraftName, ArchivedName];

    public static string WireName(this VersionState state) => state switch
    {
        VersionState.Draft => DraftName,
        VersionState.Published => PublishedName,
        _ => ArchivedName,
    };

    /// <summary>PUBLISHED, DRAFT or ARCHIVED (any case); null or empty is null; anything else is a 400 naming <paramref name="field"/>.</summary>
    public static VersionState? Parse(string? text, string field = "version.versionState") => text?.Trim().ToUpperInvariant() switch
    {
        null or "" => null,
        DraftName => VersionState.Draft,
        PublishedName => VersionState.Published,
        ArchivedName => VersionState.Archived,
        _ => throw new Common.ValidationException(field, $"{field} must be one of: {string.Join(", ", WireNames)}."),
    };
}
