using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
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
        _options = builder.UseModel(context.Model).UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .AddInterceptors(KeptStatements.Interceptor).Options;
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
    internal KeptStatements Statements { get; } = new();

    public override void Dispose()
    {
        if (!pool.TryReturn(this)) Close();
    }

    public override ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal void Close()
    {
        Statements.Dispose();
        base.Dispose();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new InvalidOperationException("A reader context does not save: use a context from IBuilderDbContextFactory.Create().");

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("A reader context does not save: use a context from IBuilderDbContextFactory.Create().");
}

/// <summary>
/// A reader's compiled statements, kept for its connection's life. EF makes a new command for every query and SQLite
/// compiles the SQL again each time (about a tenth of a list request); a reader's connection lives long, so EF is handed
/// the command this reader made for the same SQL before, whose statements SQLite has already prepared, with this query's
/// parameter values. At most <see cref="Max"/> per reader (the hot reads are a handful of compiled queries).
/// </summary>
internal sealed class KeptStatements : IDisposable
{
    public const int Max = 16;
    public static readonly Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor Interceptor = new Reuse();

    private readonly Dictionary<string, KeptCommand> _commands = new(StringComparer.Ordinal);

    private DbCommand Take(SqliteCommand fresh)
    {
        if (!_commands.TryGetValue(fresh.CommandText, out var kept))
        {
            if (_commands.Count >= Max) return fresh;
            kept = new KeptCommand(fresh.CommandText, fresh.Connection!);
            _commands[fresh.CommandText] = kept;
        }
        // EF's own parameters, as it typed them (a GUID bound as text, not as the blob its DbType would say), move over:
        // SQLite binds them on every execution, so the prepared statements stay.
        var parameters = fresh.Parameters.Cast<SqliteParameter>().ToArray();
        fresh.Parameters.Clear();
        kept.Parameters.Clear();
        kept.Parameters.AddRange(parameters);
        kept.CommandTimeout = fresh.CommandTimeout;
        fresh.Dispose();
        return kept;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Release();
        _commands.Clear();
    }

    /// <summary>A command EF may dispose after each query without losing its prepared statements.</summary>
    private sealed class KeptCommand(string sql, SqliteConnection connection) : SqliteCommand(sql, connection)
    {
        private bool _released;

        public void Release()
        {
            _released = true;
            Dispose();
        }

        protected override void Dispose(bool disposing)
        {
            if (_released) base.Dispose(disposing);
        }
    }

    private sealed class Reuse : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public override DbCommand CommandInitialized(Microsoft.EntityFrameworkCore.Diagnostics.CommandEndEventData eventData, DbCommand result) =>
            eventData.Context is SqliteReaderDbContext reader && result is SqliteCommand fresh && fresh.Transaction is null
                ? reader.Statements.Take(fresh)
                : result;
    }
}
