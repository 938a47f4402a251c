using Builder.Domain.Versioning;

namespace Builder.Web.Features.Agents.Versions;

/// <summary>Between the domain's versions (VersionInfo, VersionSelector) and the versions panel's rows.</summary>
public static class VersionRows
{
    /// <summary>A row of the domain's history (state in its wire form: DRAFT, PUBLISHED, ARCHIVED; the draft has no number).</summary>
    public static VersionRow From(VersionInfo info) => new(info.Number ?? VersionRow.Draft,
        info.State switch
        {
            VersionStates.DraftName => VersionRowState.Draft,
            VersionStates.PublishedName => VersionRowState.Published,
            _ => VersionRowState.Archived,
        },
        info.CreatedBy, info.CreatedAt, info.Note, info.RestoredFrom);

    public static IReadOnlyList<VersionRow> From(IEnumerable<VersionInfo> history) => history.Select(From).ToList();

    /// <summary>The domain's selector of a row's version.</summary>
    public static VersionSelector Selector(int number) => number == VersionRow.Draft ? VersionSelector.Draft : VersionSelector.Of(number);
}
