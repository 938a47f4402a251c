using Builder.Data;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.ApiKeys;
using Builder.Domain.Common;
using Builder.Domain.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;

namespace Builder.Domain.Tests.Support;

/// <summary>A real, migrated and seeded SQLite database in memory, alive as long as this object.</summary>
public sealed class TestDatabase : IBuilderDbContextFactory, IAsyncDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly DbContextOptions<SqliteBuilderDbContext> _options;

    public TimeProvider Clock { get; } = TimeProvider.System;
    public ISecretProtector Protector { get; } = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());

    private TestDatabase()
    {
        _connection.Open();
        _options = new DbContextOptionsBuilder<SqliteBuilderDbContext>().UseSqlite(_connection).Options;
    }

    public static async Task<TestDatabase> CreateAsync()
    {
        var database = new TestDatabase();
        await using var db = database.Context();
        await db.Database.MigrateAsync();
        await DevelopmentSeed.ApplyAsync(db, DateTime.UtcNow);
        return database;
    }

    public SqliteBuilderDbContext Context() => new(_options);

    public IBuilderDbContext Create() => Context();

    /// <summary>A factory over the same database whose contexts also use <paramref name="interceptors"/> (to see the SQL sent).</summary>
    public IBuilderDbContextFactory With(params IInterceptor[] interceptors) =>
        new InterceptedFactory(new DbContextOptionsBuilder<SqliteBuilderDbContext>().UseSqlite(_connection).AddInterceptors(interceptors).Options);

    private sealed class InterceptedFactory(DbContextOptions<SqliteBuilderDbContext> options) : IBuilderDbContextFactory
    {
        public IBuilderDbContext Create() => new SqliteBuilderDbContext(options);
    }


    /// <summary>The actor cache the services of one test share, as the app's services share its singleton.</summary>
    public ActorCache Actors { get; } = new(new MemoryCache(new MemoryCacheOptions()));

    public UserAccountService Accounts => new(this, Clock, Actors);

    /// <summary>The API-key cache the services of one test share (over <see cref="Actors"/>), as the app's share its singleton.</summary>
    public ApiKeyCache ApiKeys => _apiKeys ??= new ApiKeyCache(new MemoryCache(new MemoryCacheOptions()), Actors);
    private ApiKeyCache? _apiKeys;

    /// <summary>The actor for a seeded user, with memberships as stored.</summary>
    public async Task<Actor> ActorAsync(string email, Guid? apiKeyOrganization = null)
    {
        await using var db = Context();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return (await Accounts.BuildActorAsync(user.Id, apiKeyOrganization))!;
    }

    public async Task<Guid> OrganizationIdAsync(string name)
    {
        await using var db = Context();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public async Task<Guid> EnvironmentIdAsync(string organization, string environment)
    {
        var organizationId = await OrganizationIdAsync(organization);
        await using var db = Context();
        return await db.Environments.Where(e => e.OrganizationId == organizationId && e.Name == environment).Select(e => e.Id).SingleAsync();
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
