using System.Globalization;
using Bunit;
using Builder.Web.Components.Shared;

namespace Builder.Web.Tests.Components;

/// <summary>One date format for the whole console, whatever the culture, time zone or DateTime kind.</summary>
public sealed class FormatTests
{
    private static readonly DateTime Utc = new(2026, 12, 1, 18, 40, 12, DateTimeKind.Utc);

    [Fact]
    public void Every_kind_of_time_reads_as_utc_in_one_format()
    {
        Assert.Equal("2026-12-01 18:40 UTC", Format.When(Utc));
        Assert.Equal("2026-12-01 18:40 UTC", Format.When(DateTime.SpecifyKind(Utc, DateTimeKind.Unspecified)));
        Assert.Equal("2026-12-01 18:40 UTC", Format.When(Utc.ToLocalTime()));
        Assert.Equal("2026-12-01 18:40 UTC", Format.When(new DateTimeOffset(Utc).ToOffset(TimeSpan.FromHours(-5))));
        Assert.Equal("Never", Format.When((DateTime?)null));
    }

    [Fact]
    public void The_culture_does_not_change_the_format()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            culture.DateTimeFormat.TimeSeparator = ".";
            culture.DateTimeFormat.DateSeparator = "/";
            CultureInfo.CurrentCulture = culture;
            Assert.Equal("2026-12-01 18:40 UTC", Format.When(Utc));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData(20, "just now")]
    [InlineData(3 * 60, "3 min ago")]
    [InlineData(2 * 3600 + 59, "2 h ago")]
    [InlineData(86400, "1 day ago")]
    [InlineData(5 * 86400, "5 days ago")]
    [InlineData(90 * 86400, "2 months ago")]
    [InlineData(800 * 86400, "2 years ago")]
    [InlineData(-4 * 60, "in 4 min")]
    public void Relative_times_read_in_words(int secondsAgo, string expected) =>
        Assert.Equal(expected, Format.Ago(Utc.AddSeconds(-secondsAgo), Utc));

    [Fact]
    public void The_updated_cell_shows_the_console_format_with_the_relative_time_as_its_tooltip()
    {
        using var context = new BunitContext();
        var cell = context.Render<UpdatedCell>(p => p.Add(c => c.At, DateTime.UtcNow.AddMinutes(-3)).Add(c => c.By, "admin@acme.test"));
        var when = cell.Find("div");
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$", when.TextContent);
        Assert.Equal("3 min ago", when.GetAttribute("title"));
        Assert.Contains("by admin@acme.test", cell.Markup);
    }
}
