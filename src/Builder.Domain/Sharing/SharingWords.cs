namespace Builder.Domain.Sharing;

/// <summary>
/// How sharing is spelled on the wire and in words: the reference's <c>PRIVATE</c> / <c>COMPANY</c> and <c>VIEW</c> /
/// <c>EDIT</c> / <c>ADMIN</c> (NONE for no access), and the sentences the console and approval requests show.
/// </summary>
public static class SharingWords
{
    public const string Private = "PRIVATE", Company = "COMPANY";
    public const string None = "NONE", View = "VIEW", Edit = "EDIT", Admin = "ADMIN";

    public static IReadOnlyList<string> Levels { get; } = [Private, Company];

    /// <summary>The levels a share or the company permission may have.</summary>
    public static IReadOnlyList<string> Grants { get; } = [View, Edit, Admin];

    public static string Name(SharingLevel level) => level == SharingLevel.Company ? Company : Private;

    public static string Name(AccessLevel level) => level switch
    {
        AccessLevel.View => View,
        AccessLevel.Edit => Edit,
        AccessLevel.Admin => Admin,
        _ => None,
    };

    /// <summary>PRIVATE or COMPANY, ignoring case; null for anything else.</summary>
    public static SharingLevel? ParseLevel(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        Private => SharingLevel.Private,
        Company => SharingLevel.Company,
        _ => null,
    };

    /// <summary>VIEW, EDIT or ADMIN, ignoring case; null for anything else (NONE included: a share grants something).</summary>
    public static AccessLevel? ParseGrant(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        View => AccessLevel.View,
        Edit => AccessLevel.Edit,
        Admin => AccessLevel.Admin,
        _ => null,
    };

    /// <summary>"Private", "Shared company-wide (edit)": the one line members who cannot manage the sharing see.</summary>
    public static string Summary(SharingLevel level, AccessLevel company) =>
        level == SharingLevel.Company ? $"Shared company-wide ({Name(company).ToLowerInvariant()})" : "Private";

    /// <summary>
    /// The one line for someone who cannot manage the sharing, in terms of what they may do: "Shared company-wide (you can view)"
    /// when the role matrix (or the sharing) gives them less than the company permission — a User sees a company-wide EDIT
    /// agent but cannot edit it — or more (an explicit share); otherwise <see cref="Summary"/>. A private resource they see is
    /// shared with them: "Private (you can view)".
    /// </summary>
    public static string SummaryFor(SharingLevel level, AccessLevel company, AccessLevel viewer)
    {
        if (viewer >= AccessLevel.Admin || level == SharingLevel.Company && viewer == company) return Summary(level, company);
        var can = $"you can {Verb(viewer)}";
        return level == SharingLevel.Company ? $"Shared company-wide ({can})" : $"Private ({can})";
    }

    private static string Verb(AccessLevel level) => level switch
    {
        AccessLevel.Admin => "manage it",
        AccessLevel.Edit => "edit",
        AccessLevel.View => "view",
        _ => "not open it",
    };
}
