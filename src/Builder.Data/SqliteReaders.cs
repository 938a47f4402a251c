using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Builder.Data;

/// <summary>
/// Contexts for reads on SQLite whose connection stays open between uses. A pooled context opens and closes its
/// connection for every query: Microsoft.Data.Sqlite then takes its pool's lock twice and registers EF's SQL functions on
/// the handle again, which under load cost about a fifth of a list request. A reader keeps one open connection (an idle
/// connection holds no lock in WAL mode, so it sees every commit) and goes back to this pool when disposed.
/// Readers share the model of <see cref="SqliteBuilderDbContext"/>, so compiled queries run on either. They track nothing
/// and refuse to save.
/// </summary>
public sealed class SqliteReaders : IDisposable
{
    /// <summary>Idle readers kept; more are opened under a burst and closed when they come back to a full pool.</summary>
    public const int MaxIdle = 32;

    private readonly ConcurrentQueue<SqliteReaderDbContext> _idle = new();
    private readonly DbContextOptions<SqliteReaderDbContext> _options;
    private int _idleCount;
    private bool _disposed;

    public SqliteReaders(DbContextOptions<SqliteBuilderDbContext> appOptions, IDbContextFactory<SqliteBuilderDbContext> contexts)
    {
        // The app's options (connection string, logging, interceptors) with the model the app's contexts already built.
        using var context = contexts.CreateDbContext();
        var builder = new DbContextOptionsBuilder<SqliteReaderDbContext>();
        foreach (var extension in appOptions.Extensions)
            ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(extension);
        _options = builder.UseModel(context.Model).UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).Options;
    }

    public BuilderDbContext Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryDequeue(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
            return reader;
        }
        // Opened here, not by a query, so EF leaves it open after each query; it closes when the reader is really disposed.
        var context = new SqliteReaderDbContext(_options, this);
        context.Database.OpenConnection();
        return context;
    }

    internal bool TryReturn(SqliteReaderDbContext reader)
    {
        if (_disposed || reader.Database.CurrentTransaction is not null) return false;
        if (Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            return false;
        }
        reader.ChangeTracker.Clear();
        _idle.Enqueue(reader);
        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var reader)) reader.Close();
    }
}

/// <summary>A context that goes back to <see cref="SqliteReaders"/> when disposed, its connection still open.</summary>
public sealed class SqliteReaderDbContext(DbContextOptions<SqliteReaderDbContext> options, SqliteReaders pool) : BuilderDbContext(options)
{
    public override void Dispose()
    {
        if (!pool.TryReturn(this)) Close();
    }

    public override ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal void Close() => base.Dispose();

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new InvalidOperationException("A reader context does not save: use a context from IBuilderDbContextFactory.Create().");

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("A reader context does not save: use a context from IBuilderDbContextFactory.Create().");
}
