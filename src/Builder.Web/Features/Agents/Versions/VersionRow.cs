namespace Builder.Web.Features.Agents.Versions;

/// <summary>How the version pages show a version's state (the domain's DRAFT / PUBLISHED / ARCHIVED).</summary>
public enum VersionRowState { Draft, Published, Archived }

/// <summary>
/// One version as the versions panel lists it, whatever the resource (agent, tool, manager): its number (0 for the draft,
/// which has none), state, who made it and when, the note given at publish, and the version a rollback republished.
/// </summary>
public sealed record VersionRow(int Number, VersionRowState State, string? CreatedBy, DateTime CreatedAt, string? Note, int? RolledBackFrom = null)
{
    /// <summary>The draft's key in the panel (it has no number).</summary>
    public const int Draft = 0;

    /// <summary>"the draft" or "v3".</summary>
    public static string Label(int number) => number == Draft ? "the draft" : $"v{number}";
}

/// <summary>One field of a version, for comparing two versions: long texts get a word diff, short ones a before/after row.</summary>
public sealed record VersionField(string Key, string What, string? Text, bool Long = false);

/// <summary>A field that differs between two versions.</summary>
public sealed record VersionFieldChange(string Key, string What, string? Before, string? After, bool Long);

public static class VersionFields
{
    /// <summary>The fields whose text differs, in the order of <paramref name="older"/> then any only in <paramref name="newer"/>.</summary>
    public static IReadOnlyList<VersionFieldChange> Changes(IReadOnlyList<VersionField> older, IReadOnlyList<VersionField> newer)
    {
        var changes = new List<VersionFieldChange>();
        var after = newer.ToDictionary(f => f.Key);
        foreach (var field in older)
        {
            after.Remove(field.Key, out var other);
            if (Norm(field.Text) == Norm(other?.Text)) continue;
            changes.Add(new(field.Key, field.What, Norm(field.Text), Norm(other?.Text), field.Long || other?.Long == true));
        }
        foreach (var field in newer.Where(f => after.ContainsKey(f.Key)))
            if (Norm(field.Text) is not null) changes.Add(new(field.Key, field.What, null, Norm(field.Text), field.Long));
        return changes;
    }

    /// <summary>A list shown as one line per item, sorted so that a reordering alone is no change.</summary>
    public static string? Lines(IEnumerable<string> items)
    {
        var list = items.Where(i => !string.IsNullOrWhiteSpace(i)).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return list.Count == 0 ? null : string.Join("\n", list);
    }

    private static string? Norm(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
