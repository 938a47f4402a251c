using System.Data.Common;
using Builder.Data;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;

namespace Builder.Domain.Tests.Support;

/// <summary>
/// A real, migrated and seeded SQLite database in a file of its own, where every context opens its own connection as
/// in the app: for tests that need concurrent writers, or that count the SQL statements a service sends.
/// </summary>
public sealed class FileTestDatabase : IBuilderDbContextFactory, IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "builder-domain-" + Guid.NewGuid().ToString("N"));
    private readonly DbContextOptions<SqliteBuilderDbContext> _options;
    private string ConnectionString => $"Data Source={Path.Combine(_directory, "builder.db")}";

    public TimeProvider Clock { get; } = TimeProvider.System;
    public StatementCounter Statements { get; } = new();
    public ActorCache Actors { get; } = new(new MemoryCache(new MemoryCacheOptions()));
    public UserAccountService Accounts => new(this, Clock, Actors);

    private FileTestDatabase()
    {
        Directory.CreateDirectory(_directory);
        _options = new DbContextOptionsBuilder<SqliteBuilderDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_directory, "builder.db")}")
            .AddInterceptors(Statements)
            .Options;
    }

    public static async Task<FileTestDatabase> CreateAsync()
    {
        var database = new FileTestDatabase();
        await using var db = database.Context();
        await db.Database.MigrateAsync();
        await DevelopmentSeed.ApplyAsync(db, DateTime.UtcNow);
        return database;
    }

    public SqliteBuilderDbContext Context() => new(_options);

    public IBuilderDbContext Create() => Context();

    /// <summary>A factory over the same database whose contexts also use <paramref name="interceptors"/> (to see or fail the SQL EF sends).</summary>
    public IBuilderDbContextFactory With(params IInterceptor[] interceptors) => new InterceptedFactory(
        new DbContextOptionsBuilder<SqliteBuilderDbContext>().UseSqlite(ConnectionString).AddInterceptors([Statements, .. interceptors]).Options);

    private sealed class InterceptedFactory(DbContextOptions<SqliteBuilderDbContext> options) : IBuilderDbContextFactory
    {
        public IBuilderDbContext Create() => new SqliteBuilderDbContext(options);
    }

    public async Task<Guid> UserIdAsync(string email)
    {
        await using var db = Context();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>The actor a seeded user acts as, read afresh (not from the actor cache).</summary>
    public async Task<Actor> ActorAsync(string email)
    {
        var id = await UserIdAsync(email);
        Actors.Evict(id);
        return (await Accounts.BuildActorAsync(id))!;
    }

    public async Task<Guid> OrganizationIdAsync(string name)
    {
        await using var db = Context();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { /* a temp folder; best effort */ }
        await Task.CompletedTask;
    }
}

/// <summary>Counts the SQL statements sent through the contexts it is added to.</summary>
public sealed class StatementCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Interlocked.Increment(ref _count);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Interlocked.Increment(ref _count);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Interlocked.Increment(ref _count);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return ValueTask.FromResult(result);
    }
}
