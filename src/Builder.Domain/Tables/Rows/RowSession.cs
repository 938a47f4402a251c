using System.Data.Common;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Builder.Domain.Tables.Rows;

/// <summary>
/// Row SQL run on the EF Core context's own connection (and, for writes, its transaction, which the audit record's save joins),
/// so that a row write and its audit record commit or roll back together. When the context already has a transaction (several
/// writes made one, <see cref="RowService.InOneTransactionAsync{T}"/>), a write is a savepoint of it: refused, it rolls back to
/// the savepoint and leaves the outer transaction's earlier work; done, it releases the savepoint and the outer one commits.
/// </summary>
internal sealed class RowSession(IBuilderDbContext db) : IAsyncDisposable
{
    private static long _savepoints;
    private readonly DatabaseFacade _database = db.Database;
    private IDbContextTransaction? _transaction;
    private IDbContextTransaction? _outer;
    private string? _savepoint;

    public IBuilderDbContext Db => db;

    public SqlDialect Dialect { get; } = SqlDialect.ForProviderName(db.Database.ProviderName);

    public SqlProvider Provider => Dialect.Provider;

    /// <summary>Begins the write transaction (SQLite: BEGIN IMMEDIATE, so concurrent writers queue instead of deadlocking), or a savepoint of the context's.</summary>
    public async Task BeginAsync(CancellationToken ct)
    {
        if (_database.CurrentTransaction is { } outer)
        {
            _outer = outer;
            _savepoint = "rows_" + Interlocked.Increment(ref _savepoints);
            await outer.CreateSavepointAsync(_savepoint, ct);
            return;
        }
        _transaction = await _database.BeginTransactionAsync(ct);
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_outer is not null)
        {
            await _outer.ReleaseSavepointAsync(_savepoint!, ct);
            _outer = null;
            return;
        }
        await _transaction!.CommitAsync(ct);
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    public async Task RollbackAsync()
    {
        if (_outer is not null)
        {
            await _outer.RollbackToSavepointAsync(_savepoint!);
            await _outer.ReleaseSavepointAsync(_savepoint!);
            _outer = null;
            return;
        }
        if (_transaction is null) return;
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    private async Task<DbCommand> CommandAsync(string sql, SqlParameters parameters, CancellationToken ct)
    {
        await _database.OpenConnectionAsync(ct);
        var command = _database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = (_transaction ?? _database.CurrentTransaction)?.GetDbTransaction();
        parameters.ApplyTo(command);
        return command;
    }

    public async Task<int> ExecuteAsync(string sql, SqlParameters parameters, CancellationToken ct)
    {
        await using var command = await CommandAsync(sql, parameters, ct);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<object?> ScalarAsync(string sql, SqlParameters parameters, CancellationToken ct)
    {
        await using var command = await CommandAsync(sql, parameters, ct);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    /// <summary>Reads every row of a query with <paramref name="read"/>.</summary>
    public async Task<List<T>> ListAsync<T>(string sql, SqlParameters parameters, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using var command = await CommandAsync(sql, parameters, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(read(reader));
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null) await _transaction.DisposeAsync();
        if (_outer is not null) await RollbackAsync();
        await _database.CloseConnectionAsync();
    }
}
