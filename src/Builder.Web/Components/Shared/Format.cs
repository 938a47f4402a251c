using System.Globalization;

namespace Builder.Web.Components.Shared;

/// <summary>
/// How the console writes times and identifiers. One date format everywhere: "2026-12-01 18:40 UTC", whatever the
/// server's or browser's culture and time zone. Timestamps are stored in UTC; a local time is converted, and a time
/// whose kind is unknown (as SQLite gives it back) is taken as UTC.
/// </summary>
public static class Format
{
    public static string When(DateTime time) => ToUtc(time).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string When(DateTime? time, string none = "Never") => time is { } value ? When(value) : none;

    public static string When(DateTimeOffset time) => When(time.UtcDateTime);

    /// <summary>How long ago, for a tooltip beside <see cref="When(DateTime)"/>: "just now", "3 min ago", "2 h ago", "5 days ago", "in 4 min".</summary>
    public static string Ago(DateTime time, DateTime now)
    {
        var span = ToUtc(now) - ToUtc(time);
        var future = span < TimeSpan.Zero;
        var length = span.Duration();
        string amount;
        if (length < TimeSpan.FromMinutes(1)) return "just now";
        if (length < TimeSpan.FromHours(1)) amount = $"{(int)length.TotalMinutes} min";
        else if (length < TimeSpan.FromDays(1)) amount = $"{(int)length.TotalHours} h";
        else if (length < TimeSpan.FromDays(60)) amount = Plural((int)length.TotalDays, "day");
        else if (length < TimeSpan.FromDays(730)) amount = Plural((int)(length.TotalDays / 30.44), "month");
        else amount = Plural((int)(length.TotalDays / 365.25), "year");
        return future ? $"in {amount}" : $"{amount} ago";
    }

    public static string Ago(DateTime time) => Ago(time, DateTime.UtcNow);

    public static string Short(Guid id) => id.ToString("N")[..8];

    private static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
