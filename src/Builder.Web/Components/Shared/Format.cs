namespace Builder.Web.Components.Shared;

/// <summary>How the console writes times and identifiers. Timestamps are stored in UTC and shown as UTC.</summary>
public static class Format
{
    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm") + " UTC";

    public static string When(DateTime? utc, string none = "Never") => utc is { } value ? When(value) : none;

    public static string Short(Guid id) => id.ToString("N")[..8];
}
