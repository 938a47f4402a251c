using Builder.Data;
using Builder.Domain.Approvals;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Builder.Domain.Tests.Persistence;

/// <summary>
/// The OnePendingApprovalRequest migration on a database where a race already left two pending requests for one deletion: the
/// earliest stays pending, the later one is cancelled (saying why), and from then on the database refuses a second one.
/// </summary>
public class OnePendingApprovalRequestMigrationTests
{
    [Fact]
    public async Task Duplicates_from_before_are_cancelled_but_the_earliest_and_a_new_duplicate_is_refused()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var options = new DbContextOptionsBuilder<SqliteBuilderDbContext>().UseSqlite(connection).Options;
        await using var db = new SqliteBuilderDbContext(options);
        var migrations = db.Database.GetMigrations().ToList();
        var target = migrations.Single(m => m.EndsWith("_OnePendingApprovalRequest", StringComparison.Ordinal));
        await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.IndexOf(target) - 1]);

        var resource = Guid.NewGuid();
        var other = Guid.NewGuid();
        ApprovalRequest Pending(Guid id, int minutes) => new()
        {
            Operation = ApprovalOperations.Delete, ResourceType = "system-model", ResourceId = id, ResourceName = "M", RequesterEmail = "a@b.c",
            RequesterName = "A", Justification = "x", CreatedAt = DateTime.UtcNow.AddMinutes(minutes), ExpiresAt = DateTime.UtcNow.AddDays(7),
            RequiredApprovals = 1,
        };
        var first = Pending(resource, -2);
        var second = Pending(resource, -1);
        var unrelated = Pending(other, -1);
        db.ApprovalRequests.AddRange(second, first, unrelated);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        await db.GetService<IMigrator>().MigrateAsync(target);

        var statuses = await db.ApprovalRequests.AsNoTracking().ToDictionaryAsync(r => r.Id, r => (r.Status, r.Outcome));
        Assert.Equal(ApprovalStatus.Pending, statuses[first.Id].Status);
        Assert.Equal(ApprovalStatus.Pending, statuses[unrelated.Id].Status);
        Assert.Equal(ApprovalStatus.Cancelled, statuses[second.Id].Status);
        Assert.Contains("duplicate", statuses[second.Id].Outcome);

        db.ApprovalRequests.Add(Pending(resource, 0));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
