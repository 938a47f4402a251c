using Builder.Data;
using Builder.Domain.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Conversations;

/// <summary>The statistics are counted in the database on both providers: every query translates to one SQL statement for SQL Server too.</summary>
public sealed class ConversationStatisticsSqlTests
{
    [Fact]
    public void The_statistics_queries_translate_for_sql_server()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var q = ConversationService.StatisticsQueries.For(db, Guid.NewGuid(), ConversationResourceType.Agent, Guid.NewGuid(), new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 30), 2);

        var days = q.ConversationDays.ToQueryString();
        Assert.Contains("GROUP BY", days);
        Assert.Contains("COUNT(*)", days);
        Assert.Contains("SUM(CAST(", q.MessageDays.ToQueryString());
        Assert.Contains("GROUP BY", q.Votes.ToQueryString());
        var percentile = q.LatencyAt(5).ToQueryString();
        Assert.Contains("ORDER BY", percentile);
        Assert.Contains("OFFSET", percentile);
    }
}
