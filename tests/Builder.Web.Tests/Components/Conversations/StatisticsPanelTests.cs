using Bunit;
using Builder.Domain.Conversations;
using Builder.Web.Features.Conversations;

namespace Builder.Web.Tests.Components.Conversations;

/// <summary>The statistics panel: totals, latency p50/p95 and the evaluation score as cards, per-day charts, and an empty period said so.</summary>
public sealed class StatisticsPanelTests : ConsoleTestContext
{
    private static readonly DateOnly From = new(2026, 11, 26);

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Render(ConversationStatistics statistics) =>
        RenderWithProviders<StatisticsPanel>(new() { ["Statistics"] = statistics });

    [Fact]
    public void Totals_latency_and_score_are_shown_and_the_days_are_charted()
    {
        var days = Enumerable.Range(0, 7).Select(i => new DailyStatistics(From.AddDays(i), i % 3, (i % 3) * 4, i * 100, i * 10)).ToList();
        var panel = Render(new ConversationStatistics(From, From.AddDays(6), 6, 24, 2100, 210, 420, 1900, 3, 1, 0.75, days));

        Assert.Equal("6", panel.Find("[data-testid='stat-conversations'] .stat-value").TextContent);
        Assert.Equal("24", panel.Find("[data-testid='stat-messages'] .stat-value").TextContent);
        Assert.Equal("2,310", panel.Find("[data-testid='stat-tokens'] .stat-value").TextContent);
        Assert.Equal("420 ms / 1.9 s", panel.Find("[data-testid='stat-latency'] .stat-value").TextContent);
        Assert.Equal("75%", panel.Find("[data-testid='stat-score'] .stat-value").TextContent.Replace(" ", ""));
        Assert.Contains("3", panel.Find("[data-testid='stat-score'] .stat-label").TextContent);

        // The activity chart is a line chart with two series and a day per label.
        var activity = panel.Find("[data-testid='chart-activity']");
        Assert.NotNull(activity.QuerySelector("svg"));
        Assert.Contains("Conversations", activity.TextContent);
        Assert.Contains("Messages", activity.TextContent);
        Assert.Contains("26 Nov", activity.TextContent);
        Assert.NotNull(panel.Find("[data-testid='chart-tokens']").QuerySelector("svg"));
        Assert.NotNull(panel.Find("[data-testid='chart-evaluations']").QuerySelector("svg"));
        Assert.Empty(panel.FindAll("[data-testid='statistics-empty']"));
    }

    [Fact]
    public void An_empty_period_says_so_without_charts_and_without_a_score()
    {
        var days = Enumerable.Range(0, 7).Select(i => new DailyStatistics(From.AddDays(i), 0, 0, 0, 0)).ToList();
        var panel = Render(new ConversationStatistics(From, From.AddDays(6), 0, 0, 0, 0, null, null, 0, 0, null, days));

        Assert.Contains("No conversations from 26 Nov to 2 Dec 2026", panel.Find("[data-testid='statistics-empty']").TextContent);
        Assert.Empty(panel.FindAll("[data-testid='chart-activity']"));
        Assert.Equal("—", panel.Find("[data-testid='stat-score'] .stat-value").TextContent);
        Assert.Equal("— / —", panel.Find("[data-testid='stat-latency'] .stat-value").TextContent);
    }
}
