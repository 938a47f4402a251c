using Builder.Data;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Sharing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Builder.Domain.Tests.Persistence;

/// <summary>
/// The Sharing migration on a database with records from before it: each gets its creator as owner (the audit trail's
/// <c>created</c> entry, when that person is a member), else the organization's first Admin, and COMPANY / EDIT.
/// </summary>
public class SharingMigrationTests
{
    [Fact]
    public async Task Existing_records_are_owned_by_their_creator_or_the_first_admin_and_shared_company_wide_at_edit()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var options = new DbContextOptionsBuilder<SqliteBuilderDbContext>().UseSqlite(connection).Options;
        await using var db = new SqliteBuilderDbContext(options);
        var migrations = db.Database.GetMigrations().ToList();
        var sharing = migrations.Single(m => m.EndsWith("_Sharing", StringComparison.Ordinal));
        await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.IndexOf(sharing) - 1]);
        // The schema as it was before the migration, written in its own SQL: today's model (and so the development seed)
        // has columns that later migrations add.
        static string Text(Guid id) => id.ToString().ToUpperInvariant();
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss");
        var acme = Guid.NewGuid();
        var environment = Guid.NewGuid();
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO Organizations (Id, CreatedAt, Description, Name, UpdatedAt, UpdatedBy, Version) VALUES ({0}, {1}, '', 'Acme Corp', {1}, 'seed', {2})",
            Text(acme), now, Text(Guid.NewGuid()));
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO Environments (Id, CreatedAt, Description, Name, OrganizationId, UpdatedAt, UpdatedBy, Version) VALUES ({0}, {1}, '', 'Development', {2}, {1}, 'seed', {3})",
            Text(environment), now, Text(acme), Text(Guid.NewGuid()));
        var users = new Dictionary<string, Guid>();
        var order = 0;
        foreach (var (email, role) in new[] { ("system@builder.local", (Role?)null), ("admin@acme.test", Role.Admin), ("reviewer@acme.test", Role.Admin), ("builder@acme.test", Role.User) })
        {
            users[email] = Guid.NewGuid();
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO Users (Id, CreatedAt, Email, IsSystem, Name, SessionStamp) VALUES ({0}, {1}, {2}, {3}, {2}, {4})",
                Text(users[email]), now, email, role is null ? 1 : 0, Text(Guid.NewGuid()));
            if (role is null) continue;
            // Memberships a second apart, so "the first Admin" is well defined.
            var created = DateTime.UtcNow.AddSeconds(order++).ToString("yyyy-MM-dd HH:mm:ss");
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO Memberships (Id, AcceptedAt, CreatedAt, Email, IsReviewer, OrganizationId, Role, UpdatedAt, UpdatedBy, UserId, Version) " +
                "VALUES ({0}, {1}, {1}, {2}, 0, {3}, {4}, {1}, 'seed', {5}, {6})",
                Text(Guid.NewGuid()), created, email, Text(acme), role.Value.ToString(), Text(users[email]), Text(Guid.NewGuid()));
        }
        var firstAdmin = users["admin@acme.test"];

        var byBuilder = Guid.NewGuid();
        var bySystem = Guid.NewGuid();
        var unaudited = Guid.NewGuid();
        var template = Guid.NewGuid();
        var prompt = Guid.NewGuid();
        foreach (var (id, name) in new[] { (byBuilder, "By builder"), (bySystem, "By system"), (unaudited, "Unaudited") })
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO Workflows (Id, CreatedAt, UpdatedAt, UpdatedBy, Version, OrganizationId, EnvironmentId, Name, WorkflowDataJson) " +
                "VALUES ({0}, {1}, {1}, 'seed', {2}, {3}, {4}, {5}, '{{}}')", Text(id), now, Text(Guid.NewGuid()), Text(acme), Text(environment), name);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO PromptTemplates (Id, CreatedAt, UpdatedAt, UpdatedBy, Version, OrganizationId, Name, PromptText, VariablesJson, VariableSetsJson, CurrentVersion) " +
            "VALUES ({0}, {1}, {1}, 'seed', {2}, {3}, 'Template', 'Hi', '{{}}', '[]', 1)", Text(template), now, Text(Guid.NewGuid()), Text(acme));
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO Prompts (Id, CreatedAt, UpdatedAt, UpdatedBy, Version, OrganizationId, Title, Content, OutputFormat) " +
            "VALUES ({0}, {1}, {1}, 'seed', {2}, {3}, 'Prompt', 'Hi', 'text')", Text(prompt), now, Text(Guid.NewGuid()), Text(acme));
        void Created(string email, string type, Guid id) => db.AuditEntries.Add(new AuditEntry
        {
            At = DateTime.UtcNow, ActorUserId = users[email], ActorEmail = email, OrganizationId = acme, ResourceType = type, ResourceId = id,
            Action = AuditActions.Created,
        });
        Created("builder@acme.test", ResourceTypes.Workflow, byBuilder);
        Created("system@builder.local", ResourceTypes.Workflow, bySystem);
        Created("reviewer@acme.test", ResourceTypes.PromptTemplate, template);
        Created("admin@acme.test", ResourceTypes.Prompt, prompt);
        await db.SaveChangesAsync();

        await db.Database.MigrateAsync();

        await using var after = new SqliteBuilderDbContext(options);
        var workflows = await after.Workflows.ToDictionaryAsync(w => w.Id);
        Assert.Equal(users["builder@acme.test"], workflows[byBuilder].OwnerId);
        // System is no member of Acme, so the first Admin owns what System created; likewise what has no created entry.
        Assert.Equal(firstAdmin, workflows[bySystem].OwnerId);
        Assert.Equal(firstAdmin, workflows[unaudited].OwnerId);
        Assert.Equal(users["reviewer@acme.test"], (await after.PromptTemplates.SingleAsync(t => t.Id == template)).OwnerId);
        Assert.Equal(users["admin@acme.test"], (await after.Prompts.SingleAsync(p => p.Id == prompt)).OwnerId);
        var levels = workflows.Values.Select(w => (w.SharingLevel, w.CompanyPermission))
            .Concat(await after.PromptTemplates.Select(t => new ValueTuple<SharingLevel, AccessLevel>(t.SharingLevel, t.CompanyPermission)).ToListAsync())
            .Concat(await after.Prompts.Select(p => new ValueTuple<SharingLevel, AccessLevel>(p.SharingLevel, p.CompanyPermission)).ToListAsync()).ToList();
        Assert.Equal(5, levels.Count);
        Assert.All(levels, l => Assert.Equal((SharingLevel.Company, AccessLevel.Edit), l));
        Assert.Empty(await after.ResourceShares.ToListAsync());
    }

    [Fact]
    public void The_sql_server_backfill_uses_top_and_brackets()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Contains("UPDATE [Workflows] SET OwnerId = COALESCE((SELECT TOP 1 a.ActorUserId", script);
        Assert.DoesNotContain("LIMIT 1", script);
    }
}
