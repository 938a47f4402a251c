using Builder.Data.Seed;
using Builder.Domain.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Data;

public enum DatabaseProvider { Sqlite, SqlServer }

public static class DependencyInjection
{
    public const string DefaultSqliteConnection = "Data Source=App_Data/builder.db";

    /// <summary>
    /// Registers the database chosen by <c>Database:Provider</c> (Sqlite | SqlServer) and <c>ConnectionStrings:Builder</c>,
    /// and Data Protection with its key ring persisted in that database.
    /// </summary>
    public static IServiceCollection AddBuilderData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var providerName = configuration["Database:Provider"];
        var provider = string.IsNullOrWhiteSpace(providerName) ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var parsed) ? parsed
            : throw new InvalidOperationException($"Database:Provider must be 'Sqlite' or 'SqlServer', not '{providerName}'.");
        var connectionString = configuration.GetConnectionString("Builder");

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(connectionString ?? DefaultSqliteConnection, contentRoot);
                services.AddPooledDbContextFactory<SqliteBuilderDbContext>(o => o.UseSqlite(sqlite));
                services.AddSingleton<SqliteReaders>();
                services.AddSingleton<IBuilderDbContextFactory, SqliteContextFactory>();
                services.AddScoped<BuilderDbContext>(sp => sp.GetRequiredService<IDbContextFactory<SqliteBuilderDbContext>>().CreateDbContext());
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("ConnectionStrings:Builder is required when Database:Provider is SqlServer.");
                services.AddPooledDbContextFactory<SqlServerBuilderDbContext>(o => o.UseSqlServer(connectionString, s => s.EnableRetryOnFailure()));
                services.AddSingleton<IBuilderDbContextFactory, ContextFactory<SqlServerBuilderDbContext>>();
                services.AddScoped<BuilderDbContext>(sp => sp.GetRequiredService<IDbContextFactory<SqlServerBuilderDbContext>>().CreateDbContext());
                break;
        }

        // The key ring is encrypted with a key kept outside the database: see DataProtectionKeyEncryption.AddBuilderKeyEncryption.
        services.AddDataProtection().SetApplicationName("Builder").PersistKeysToDbContext<BuilderDbContext>();
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        return services;
    }

    /// <summary>Applies pending migrations and, when asked, writes the development seed into an empty database.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, bool seed, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BuilderDbContext>();
        await db.Database.MigrateAsync(ct);
        if (seed) await DevelopmentSeed.ApplyAsync(db, TimeProvider.System.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>Resolves a relative SQLite file against the content root and creates its folder, so first run needs no set-up.</summary>
    private static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !builder.DataSource.StartsWith("file:"))
        {
            var path = Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(contentRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }
        return builder.ToString();
    }

    private sealed class SqliteContextFactory(IDbContextFactory<SqliteBuilderDbContext> factory, SqliteReaders readers)
        : IBuilderDbContextFactory
    {
        public IBuilderDbContext Create() => factory.CreateDbContext();
        public IBuilderDbContext CreateReader() => readers.Rent();
    }

    private sealed class ContextFactory<TContext>(IDbContextFactory<TContext> factory) : IBuilderDbContextFactory
        where TContext : BuilderDbContext
    {
        public IBuilderDbContext Create() => factory.CreateDbContext();
    }
}
