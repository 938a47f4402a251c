using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Builder.Domain.Common;
using Builder.Domain.Tables.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Builder.Domain.Tables.Storage;

/// <summary>
/// The physical side of AutessaDB tables: DDL and the few whole-column reads and writes a schema change needs, run on the EF
/// context's own connection and inside its current transaction, so a schema change and its metadata are saved or rolled back
/// together (both SQLite and SQL Server have transactional DDL). The dialect is chosen from <c>db.Database.ProviderName</c>.
/// Only physical names become SQL text; every value is a parameter.
/// </summary>
public sealed class TableSchemaStore(IBuilderDbContext db)
{
    public SqlDialect Dialect { get; } = SqlDialect.ForProviderName(db.Database.ProviderName);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction of the context (a new one, committed at the end, or the caller's if one is
    /// open): everything it does — DDL, cell writes, <c>SaveChanges</c> — lands together or not at all.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return await work();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        await transaction.CommitAsync(ct);
        return result;
    }

    public Task InTransactionAsync(Func<Task> work, CancellationToken ct = default) =>
        InTransactionAsync(async () => { await work(); return true; }, ct);

    /// <summary>Creates the physical table with the system columns, the given columns and their indexes.</summary>
    public async Task CreateTableAsync(AutessaTable table, IReadOnlyCollection<TableColumn> columns, CancellationToken ct = default)
    {
        await ExecuteAsync(Dialect.CreateTable(table.PhysicalName, columns.Select(c => (c.PhysicalName, c.Type))), ct);
        foreach (var column in columns) await SyncIndexesAsync(table, column, false, false, ct);
    }

    /// <summary>Adds a column's physical column and its indexes.</summary>
    public async Task AddColumnAsync(AutessaTable table, TableColumn column, CancellationToken ct = default)
    {
        await ExecuteAsync(Dialect.AddColumn(table.PhysicalName, column.PhysicalName, column.Type), ct);
        await SyncIndexesAsync(table, column, false, false, ct);
    }

    /// <summary>Drops a column's indexes (as its flags say) and then its physical column, with its cells.</summary>
    public async Task DropColumnAsync(AutessaTable table, TableColumn column, CancellationToken ct = default)
    {
        if (column.Unique) await ExecuteAsync(Dialect.DropIndex(table.PhysicalName, column.PhysicalName, true), ct);
        if (column.Indexed) await ExecuteAsync(Dialect.DropIndex(table.PhysicalName, column.PhysicalName, false), ct);
        await ExecuteAsync(Dialect.DropColumn(table.PhysicalName, column.PhysicalName), ct);
    }

    /// <summary>Creates or drops the plain and unique index of a column so they match its flags (which were <paramref name="wasIndexed"/>/<paramref name="wasUnique"/>).</summary>
    public async Task SyncIndexesAsync(AutessaTable table, TableColumn column, bool wasIndexed, bool wasUnique, CancellationToken ct = default)
    {
        if (wasUnique && !column.Unique) await ExecuteAsync(Dialect.DropIndex(table.PhysicalName, column.PhysicalName, true), ct);
        if (wasIndexed && !column.Indexed) await ExecuteAsync(Dialect.DropIndex(table.PhysicalName, column.PhysicalName, false), ct);
        if (!wasUnique && column.Unique) await ExecuteAsync(Dialect.CreateIndex(table.PhysicalName, column.PhysicalName, true), ct);
        if (!wasIndexed && column.Indexed) await ExecuteAsync(Dialect.CreateIndex(table.PhysicalName, column.PhysicalName, false), ct);
    }

    /// <summary>Drops the physical table with its rows (the trash purge only; a trashed table keeps it).</summary>
    public Task DropTableAsync(int number, CancellationToken ct = default) => ExecuteAsync(Dialect.DropTable(AutessaTable.PhysicalNameOf(number)), ct);

    /// <summary>Whether the physical table exists (asked of the database's catalogue).</summary>
    public async Task<bool> TableExistsAsync(int number, CancellationToken ct = default)
    {
        var name = AutessaTable.PhysicalNameOf(number);
        var sql = Dialect.Name == "sqlite"
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @p0"
            : "SELECT COUNT(*) FROM sys.tables WHERE name = @p0";
        return Convert.ToInt64(await ScalarAsync(sql, [name], ct)) > 0;
    }

    public async Task<long> CountRowsAsync(AutessaTable table, CancellationToken ct = default) =>
        Convert.ToInt64(await ScalarAsync($"SELECT COUNT(*) FROM {Dialect.Quote(table.PhysicalName)}", [], ct));

    /// <summary>How many rows have a value in the column.</summary>
    public async Task<long> CountNonEmptyAsync(AutessaTable table, TableColumn column, CancellationToken ct = default) =>
        Convert.ToInt64(await ScalarAsync(
            $"SELECT COUNT(*) FROM {Dialect.Quote(table.PhysicalName)} WHERE {Dialect.Quote(column.PhysicalName)} IS NOT NULL", [], ct));

    /// <summary>A value that more than one row holds in the column, and how many rows hold it; null when every value is distinct.</summary>
    public async Task<(object? Value, long Count)?> FirstDuplicateAsync(AutessaTable table, TableColumn column, CancellationToken ct = default)
    {
        var c = Dialect.Quote(column.PhysicalName);
        await using var command = await CommandAsync(
            $"SELECT {c}, COUNT(*) FROM {Dialect.Quote(table.PhysicalName)} WHERE {c} IS NOT NULL GROUP BY {c} HAVING COUNT(*) > 1", [], ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return (Dialect.FromDb(column.Type, reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)));
    }

    /// <summary>Every row's id and cell of the column, in id order, in the column's .NET shape (streamed, never held whole).</summary>
    public async IAsyncEnumerable<(long RowId, object? Value)> ReadColumnAsync(AutessaTable table, TableColumn column,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var command = await CommandAsync(
            $"SELECT {Dialect.Quote(SqlDialect.Id)}, {Dialect.Quote(column.PhysicalName)} FROM {Dialect.Quote(table.PhysicalName)} ORDER BY {Dialect.Quote(SqlDialect.Id)}",
            [], ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return (Convert.ToInt64(reader.GetValue(0)), Dialect.FromDb(column.Type, reader.GetValue(1)));
    }

    /// <summary>Writes cells of one column, row by row with one prepared statement (a type change's copy).</summary>
    public async Task WriteCellsAsync(AutessaTable table, TableColumn column, IEnumerable<(long RowId, object? Value)> cells, CancellationToken ct = default)
    {
        await using var command = await CommandAsync(
            $"UPDATE {Dialect.Quote(table.PhysicalName)} SET {Dialect.Quote(column.PhysicalName)} = @p0 WHERE {Dialect.Quote(SqlDialect.Id)} = @p1",
            [DBNull.Value, 0L], ct);
        foreach (var (rowId, value) in cells)
        {
            command.Parameters[0].Value = Dialect.ToDb(column.Type, value);
            command.Parameters[1].Value = rowId;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Gives every row the same value in the column (a new required column's default for the rows it finds).</summary>
    public async Task FillAsync(AutessaTable table, TableColumn column, object? value, CancellationToken ct = default)
    {
        await using var command = await CommandAsync(
            $"UPDATE {Dialect.Quote(table.PhysicalName)} SET {Dialect.Quote(column.PhysicalName)} = @p0", [Dialect.ToDb(column.Type, value)], ct);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs one statement on the context's connection, in its current transaction.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken ct = default)
    {
        await using var command = await CommandAsync(sql, [], ct);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<object?> ScalarAsync(string sql, object[] parameters, CancellationToken ct)
    {
        await using var command = await CommandAsync(sql, parameters, ct);
        return await command.ExecuteScalarAsync(ct);
    }

    /// <summary>A command on the context's connection (opened if needed; EF closes it with the context) and in its transaction.</summary>
    public async Task<DbCommand> CommandAsync(string sql, IReadOnlyList<object> parameters, CancellationToken ct = default)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            parameter.Value = parameters[i];
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
