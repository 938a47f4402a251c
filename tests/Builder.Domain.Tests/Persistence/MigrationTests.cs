using Builder.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Builder.Domain.Tests.Persistence;

/// <summary>Both providers' migrations must match the model; a forgotten `dotnet ef migrations add` fails the build.</summary>
public class MigrationTests
{
    private static SqliteBuilderDbContext Sqlite() => new SqliteDesignTimeFactory().CreateDbContext([]);
    private static SqlServerBuilderDbContext SqlServer() => new SqlServerDesignTimeFactory().CreateDbContext([]);

    [Fact]
    public void Sqlite_model_has_no_pending_changes()
    {
        using var db = Sqlite();
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --project src/Builder.Data --context SqliteBuilderDbContext --output-dir Migrations/Sqlite");
    }

    [Fact]
    public void SqlServer_model_has_no_pending_changes()
    {
        using var db = SqlServer();
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --project src/Builder.Data --context SqlServerBuilderDbContext --output-dir Migrations/SqlServer");
    }

    [Fact]
    public void SqlServer_migration_script_builds()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var path = Path.Combine(Path.GetTempPath(), "builder-sqlserver-migrations.sql");
        File.WriteAllText(path, script);
        Assert.Contains("CREATE TABLE [Variables]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Environments_OrganizationId_Name]", script);
        Assert.Contains("__EFMigrationsHistory", script);
        // The trigger that keeps Environments.LiveVariableCount: its own batch (EXEC), as CREATE TRIGGER must be.
        Assert.Contains("EXEC(N'CREATE TRIGGER [TR_Variables_LiveVariableCount] ON [Variables] AFTER INSERT, UPDATE, DELETE AS", script);
    }

    [Fact]
    public void Each_provider_has_its_own_migrations()
    {
        using var sqlite = Sqlite();
        using var sqlServer = SqlServer();
        Assert.NotEmpty(sqlite.Database.GetMigrations());
        Assert.NotEmpty(sqlServer.Database.GetMigrations());
        Assert.All(sqlite.GetService<IMigrationsAssembly>().Migrations.Values, t => Assert.EndsWith(".Sqlite", t.Namespace));
        Assert.All(sqlServer.GetService<IMigrationsAssembly>().Migrations.Values, t => Assert.EndsWith(".SqlServer", t.Namespace));
    }
}
