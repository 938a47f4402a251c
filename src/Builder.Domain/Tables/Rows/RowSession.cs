using System.Data.Common;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Builder.Domain.Tables.Rows;

/// <summary>
/// Row SQL run on the EF Core context's own connection (and, for writes, its transaction, which the audit record's save joins),
/// so that a row write and its audit record commit or roll back together.
/// </summary>
internal sealed class RowSession(IBuilderDbContext db) : IAsyncDisposable
{
    private readonly DbContext _context = (DbContext)db;
    private IDbContextTransaction? _transaction;

    public IBuilderDbContext Db => db;

    public RowDialect Dialect { get; } = RowDialect.ForProviderName(((DbContext)db).Database.ProviderName);

    public SqlProvider Provider => Dialect.Provider;

    /// <summary>Begins the write transaction (SQLite: BEGIN IMMEDIATE, so concurrent writers queue instead of deadlocking).</summary>
    public async Task BeginAsync(CancellationToken ct) => _transaction = await _context.Database.BeginTransactionAsync(ct);

    public async Task CommitAsync(CancellationToken ct)
    {
        await _transaction!.CommitAsync(ct);
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    public async Task RollbackAsync()
    {
        if (_transaction is null) return;
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    private async Task<DbCommand> CommandAsync(string sql, SqlParameters parameters, CancellationToken ct)
    {
        await _context.Database.OpenConnectionAsync(ct);
        var command = _context.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction?.GetDbTransaction();
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
        await _context.Database.CloseConnectionAsync();
    }
}
