using System.Data;
using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Files;
using Builder.Domain.Sharing;
using Builder.Domain.Tables.Filters;
using Builder.Domain.Tables.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Tables.Rows;

/// <summary>
/// The rows of AutessaDB tables: insert, update, batch update, delete, batch delete, get one, query (filter, sort, page) and
/// join-query, all against the table's physical table <c>adb_{Number}</c> with parameterised SQL.
/// </summary>
/// <remarks>
/// Every method takes the <see cref="Actor"/> and the table's public number (<c>tableId</c>). Access is the table's: role matrix ∩
/// sharing (<see cref="OwnedResources"/>): reading needs VIEW, writing EDIT; API keys may do all of it inside their organization.
/// Another organization's table, an invisible one or one in the trash is 404 "Table not found"; a row id that is not there is 404.
/// Input is validated whole before anything is written (400 naming <c>data.column</c> or <c>rows[i].data.column</c>); a unique
/// value already taken is 409 naming the column and the value; a batch is all or nothing. Each write request is one transaction
/// with one audit record on the table (action rows-inserted, rows-updated or rows-deleted; the columns written as its fields).
/// </remarks>
public sealed class RowService(IBuilderDbContextFactory dbs, TimeProvider clock, ITableRowsObserver? observer = null, ILogger<RowService>? log = null)
{
    /// <summary>The most rows one batch (update, delete, insert) holds.</summary>
    public const int MaxBatch = TableLimits.RowsPerBatch;

    public const string RowsInserted = "rows-inserted", RowsUpdated = "rows-updated", RowsDeleted = "rows-deleted";

    private readonly ILogger _log = log ?? NullLogger<RowService>.Instance;
    private readonly ITableRowsObserver _observer = observer ?? new NoTableRowsObserver();

    /// <summary>
    /// Runs several writes as one (the CSV import's "stop" mode): <paramref name="work"/> gets a <see cref="RowService"/> whose
    /// writes share one context and one transaction, committed when <paramref name="work"/> returns and rolled back when it
    /// throws, so none of its rows stay. A write refused inside it rolls back to its own savepoint only (<see cref="RowSession"/>),
    /// so the work can go on or give up. The observer (search indexing) hears of the rows after the commit, never of rows rolled back.
    /// Writers of the same table wait for the transaction (SQLite has one writer at a time).
    /// </summary>
    internal async Task<T> InOneTransactionAsync<T>(Func<RowService, Task<T>> work, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var deferred = new DeferredObserver();
        var result = await work(new RowService(new Storage.SharedContextFactory(db), clock, deferred, _log as ILogger<RowService>));
        await transaction.CommitAsync(ct);
        foreach (var change in deferred.Changes)
        {
            try { await _observer.RowsChangedAsync(change, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogError(e, "The rows observer failed for table {TableNumber} ({Kind}, {Count} rows)", change.TableNumber, change.Kind, change.RowIds.Count);
            }
        }
        return result;
    }

    /// <summary>Keeps the changes of a transaction to tell the real observer once it commits.</summary>
    private sealed class DeferredObserver : ITableRowsObserver
    {
        public List<TableRowsChange> Changes { get; } = [];

        public Task RowsChangedAsync(TableRowsChange change, CancellationToken ct = default)
        {
            Changes.Add(change);
            return Task.CompletedTask;
        }
    }

    // ---------------------------------------------------------------- writes

    /// <summary>Inserts one row from <paramref name="data"/> (column name → value): defaults fill what is not given.</summary>
    public async Task<RowView> InsertAsync(Actor actor, int tableId, JsonObject? data, CancellationToken ct = default) =>
        (await InsertManyAsync(actor, tableId, [data], ct))[0];

    /// <summary>Inserts up to <see cref="MaxBatch"/> rows, all or nothing (for imports); answers them in order.</summary>
    public async Task<IReadOnlyList<RowView>> InsertManyAsync(Actor actor, int tableId, IReadOnlyList<JsonObject?> rows, CancellationToken ct = default) =>
        (await InsertBatchAsync(actor, tableId, rows, readBack: true, ct))!;

    /// <summary>
    /// <see cref="InsertManyAsync"/> for the CSV import: the same checks, transaction and audit, without reading the rows back;
    /// answers how many were inserted.
    /// </summary>
    internal async Task<int> ImportBatchAsync(Actor actor, int tableId, IReadOnlyList<JsonObject?> rows, CancellationToken ct = default)
    {
        await InsertBatchAsync(actor, tableId, rows, readBack: false, ct);
        return rows.Count;
    }

    private async Task<IReadOnlyList<RowView>?> InsertBatchAsync(Actor actor, int tableId, IReadOnlyList<JsonObject?> rows, bool readBack, CancellationToken ct)
    {
        CheckBatch(rows.Count, "rows");
        await using var db = dbs.Create();
        var (entity, table) = await LoadAsync(db, actor, tableId, write: true, ct);
        var errors = new Validator();
        var writes = rows.Select((data, i) => new Write(null, Parse(table, data, Path(rows.Count, i), partial: false, errors))).ToList();
        errors.ThrowIfInvalid();

        await using var session = new RowSession(db);
        var ids = await WriteAsync(session, actor, entity, table, writes, RowsInserted, async now =>
        {
            if (!readBack && !table.HasSearchableColumns)
            {
                // The import's path: nobody needs the new ids, so many rows go in one statement.
                await InsertRowsAsync(session, table, writes, actor, now, ct);
                return [];
            }
            var created = new List<long>(writes.Count);
            foreach (var write in writes) created.Add(await InsertRowAsync(session, table, write.Values, actor, now, ct));
            return created;
        }, ct);
        await NotifyAsync(table, RowChangeKind.Inserted, ids, writes, ct);
        return readBack ? await ReadRowsAsync(session, table, ids, ct) : null;
    }

    /// <summary>Changes the given columns of one row (the others stay); 404 when the row is not there.</summary>
    public async Task<RowView> UpdateAsync(Actor actor, int tableId, long rowId, JsonObject? data, CancellationToken ct = default) =>
        (await UpdateManyAsync(actor, tableId, [new RowUpdate(rowId, data)], single: true, ct))[0];

    /// <summary>Updates up to <see cref="MaxBatch"/> rows, all or nothing; every row id must exist (404 naming the missing ones).</summary>
    public Task<IReadOnlyList<RowView>> BatchUpdateAsync(Actor actor, int tableId, IReadOnlyList<RowUpdate> rows, CancellationToken ct = default) =>
        UpdateManyAsync(actor, tableId, rows, single: false, ct);

    private async Task<IReadOnlyList<RowView>> UpdateManyAsync(Actor actor, int tableId, IReadOnlyList<RowUpdate> rows, bool single, CancellationToken ct)
    {
        CheckBatch(rows.Count, "rows");
        await using var db = dbs.Create();
        var (entity, table) = await LoadAsync(db, actor, tableId, write: true, ct);
        var errors = new Validator();
        var writes = rows.Select((row, i) => new Write(row.RowId, Parse(table, row.Data, single ? "data" : $"rows[{i}].data", partial: true, errors))).ToList();
        var duplicate = rows.GroupBy(r => r.RowId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) errors.Add("rows", $"Row {duplicate.Key} is in the batch more than once; give each row once.");
        errors.ThrowIfInvalid();

        await using var session = new RowSession(db);
        var ids = rows.Select(r => r.RowId).ToList();
        await WriteAsync(session, actor, entity, table, writes, RowsUpdated, async now =>
        {
            await RequireRowsAsync(session, table, ids, ct);
            foreach (var write in writes) await UpdateRowAsync(session, table, write, now, ct);
            return ids;
        }, ct);
        if (writes.Any(w => w.Values.Keys.Any(c => c.Searchable))) await NotifyAsync(table, RowChangeKind.Updated, ids, writes, ct);
        return await ReadRowsAsync(session, table, ids, ct);
    }

    /// <summary>Deletes one row; 404 when it is not there.</summary>
    public Task DeleteAsync(Actor actor, int tableId, long rowId, CancellationToken ct = default) =>
        BatchDeleteAsync(actor, tableId, [rowId], ct);

    /// <summary>Deletes up to <see cref="MaxBatch"/> rows, all or nothing: 404 naming the ids that are not there. Answers how many went.</summary>
    public async Task<int> BatchDeleteAsync(Actor actor, int tableId, IReadOnlyList<long> rowIds, CancellationToken ct = default)
    {
        CheckBatch(rowIds.Count, "rowIds");
        await using var db = dbs.Create();
        var (entity, table) = await LoadAsync(db, actor, tableId, write: true, ct);
        var ids = rowIds.Distinct().ToList();
        await using var session = new RowSession(db);
        await WriteAsync(session, actor, entity, table, [], RowsDeleted, async _ =>
        {
            await RequireRowsAsync(session, table, ids, ct);
            foreach (var chunk in ids.Chunk(500))
            {
                var parameters = new SqlParameters();
                var list = string.Join(", ", chunk.Select(id => parameters.Add(id, DbType.Int64)));
                await session.ExecuteAsync($"DELETE FROM {session.Dialect.Table(table.Number)} WHERE {session.Dialect.Quote("id")} IN ({list})", parameters, ct);
            }
            return ids;
        }, ct);
        await NotifyAsync(table, RowChangeKind.Deleted, ids, [], ct);
        return ids.Count;
    }

    // ---------------------------------------------------------------- reads

    /// <summary>One row; 404 when it is not there.</summary>
    public Task<RowView> GetAsync(Actor actor, int tableId, long rowId, CancellationToken ct = default) => ReadAsync(async (db, loaded) =>
    {
        var (_, table) = await LoadAsync(db, actor, tableId, write: false, ct, loaded);
        await using var session = new RowSession(db);
        var rows = await ReadRowsAsync(session, table, [rowId], ct);
        return rows.Count == 1 ? rows[0] : throw new NotFoundException(RowNotFound(rowId));
    }, ct);

    /// <summary>get-data and query: the rows the filter matches, sorted (the row id breaks ties) and paged, with their total.</summary>
    public Task<RowPage> QueryAsync(Actor actor, int tableId, RowQuery query, CancellationToken ct = default)
    {
        query.Validate();
        return ReadAsync(async (db, loaded) =>
        {
            var (_, table) = await LoadAsync(db, actor, tableId, write: false, ct, loaded);
            var select = new Select(table, []);
            return await PageAsync(db, select, new TableColumnResolver(table), query, ct);
        }, ct);
    }

    /// <summary>join-query (<see cref="JoinQuery"/> describes the request): the primary rows with each joined link's row nested.</summary>
    public Task<RowPage> JoinQueryAsync(Actor actor, int tableId, JoinQuery request, CancellationToken ct = default)
    {
        request.Query.Validate();
        return ReadAsync((db, loaded) => JoinQueryAsync(db, loaded, actor, tableId, request, ct), ct);
    }

    /// <summary>The number of times a read runs again after a schema change of its tables committed under it.</summary>
    internal const int ReadRetries = 1;

    /// <summary>
    /// Runs a read with the schema it loads (every table it loads goes into the list it is given). A schema change (a type
    /// change, a column drop) that commits between the schema load and the row SQL makes the database refuse the SQL (a
    /// physical column that is gone): the read runs once more with the new schema, and if the schema moves again under it,
    /// it is a 409 "changed meanwhile" — never the provider's error naming physical columns. A database error while the
    /// schema stood still is a real one and is rethrown.
    /// </summary>
    private async Task<T> ReadAsync<T>(Func<IBuilderDbContext, List<AutessaTable>, Task<T>> read, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var loaded = new List<AutessaTable>();
            await using var db = dbs.Create();
            try
            {
                return await read(db, loaded);
            }
            catch (DbException e) when (loaded.Count > 0)
            {
                if (!await SchemaMovedAsync(db, loaded, ct)) throw;
                if (attempt >= ReadRetries)
                    throw new ConflictException("The table's columns changed while the rows were read.", "Reload the table and try again.");
                _log.LogInformation("A row read of table {TableNumber} met a schema change ({Error}); reading again", loaded[0].Number, e.GetType().Name);
            }
        }
    }

    /// <summary>Whether any of the tables a read loaded has been changed (its version moved) or removed since.</summary>
    private static async Task<bool> SchemaMovedAsync(IBuilderDbContext db, IReadOnlyList<AutessaTable> loaded, CancellationToken ct)
    {
        var ids = loaded.Select(t => t.Id).Distinct().ToList();
        var now = await db.AutessaTables.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Version }).ToListAsync(ct);
        return loaded.Any(t => now.FirstOrDefault(n => n.Id == t.Id)?.Version != t.Version);
    }

    private async Task<RowPage> JoinQueryAsync(IBuilderDbContext db, List<AutessaTable> loaded, Actor actor, int tableId, JoinQuery request, CancellationToken ct)
    {
        var (_, table) = await LoadAsync(db, actor, tableId, write: false, ct, loaded);
        var errors = new Validator();
        if (request.Joins.Count == 0) errors.Add("joins", "Name at least one link column to join through.");
        if (request.Joins.Count > JoinQuery.MaxJoins) errors.Add("joins", $"Join through at most {JoinQuery.MaxJoins} link columns.");
        errors.ThrowIfInvalid();

        var joins = new List<Joined>();
        var resolvers = new List<IColumnResolver> { new TableColumnResolver(table) };
        for (var i = 0; i < request.Joins.Count; i++)
        {
            var join = request.Joins[i];
            var path = $"joins[{i}]";
            var link = table.Column(join.Column);
            if (link is null || link.Type != ColumnType.Link)
                throw new ValidationException($"{path}.column", link is null
                    ? $"Unknown column \"{join.Column}\". Link columns: {string.Join(", ", table.Columns.Where(c => c.Type == ColumnType.Link).Select(c => c.Name))}."
                    : $"Column \"{join.Column}\" is {link.Type.WireName()}, not a link: only a link column joins.");
            if (joins.Any(j => j.Link == link)) throw new ValidationException($"{path}.column", $"Column \"{join.Column}\" is joined twice.");
            if (link.LinkTableNumber is not { } number) throw new ValidationException($"{path}.column", $"The table column \"{join.Column}\" links to is in the trash or gone.");
            var (_, linked) = await LoadAsync(db, actor, number, write: false, ct, loaded);
            var columns = linked.Columns;
            if (join.Columns is { } picked)
            {
                var unknown = picked.Where(n => linked.Column(n) is null).ToList();
                if (unknown.Count > 0)
                    throw new ValidationException($"{path}.columns", $"Table \"{linked.Name}\" has no column {string.Join(", ", unknown.Select(n => $"\"{n}\""))}. Columns: {string.Join(", ", linked.Columns.Select(c => c.Name))}.");
                columns = picked.Distinct().Select(n => linked.Column(n)!).ToList();
            }
            var alias = $"j{i}";
            joins.Add(new Joined(link, linked, alias, columns));
            resolvers.Add(new TableColumnResolver(linked, alias, link.Name));
        }
        return await PageAsync(db, new Select(table, joins), new CombinedColumnResolver(resolvers.ToArray()), request.Query, ct);
    }

    // ---------------------------------------------------------------- loading

    private static async Task<(AutessaTable Entity, RowTable Table)> LoadAsync(IBuilderDbContext db, Actor actor, int tableId, bool write, CancellationToken ct,
        List<AutessaTable>? loaded = null)
    {
        var id = await db.AutessaTables.Where(t => t.Number == tableId).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException(AutessaTable.NotFoundMessage);
        var permission = write ? AutessaTable.Permissions.Update : AutessaTable.Permissions.Read;
        var entity = await db.LoadOwnedAsync(db.AutessaTables.AsNoTracking(), actor, id, permission, ct: ct);
        loaded?.Add(entity);
        var columns = await db.TableColumns.AsNoTracking().Where(c => c.TableId == entity.Id).OrderBy(c => c.Position).ThenBy(c => c.Key).ToListAsync(ct);
        var linkIds = columns.Where(c => c.LinkTableId is not null).Select(c => c.LinkTableId!.Value).Distinct().ToList();
        var numbers = linkIds.Count == 0
            ? []
            : await db.AutessaTables.AsNoTracking().Where(t => linkIds.Contains(t.Id) && t.OrganizationId == entity.OrganizationId)
                .ToDictionaryAsync(t => t.Id, t => t.Number, ct);
        var table = new RowTable(entity.Id, entity.Number, entity.Name, entity.OrganizationId, columns.Select(c => new RowColumn(
            c.Name, c.Key, c.Type, c.Type.HasOptions() ? c.Options : null, c.Required, c.Unique, c.Default,
            c.LinkTableId is { } link && numbers.TryGetValue(link, out var number) ? number : null, c.Searchable)).ToList());
        return (entity, table);
    }

    // ---------------------------------------------------------------- input

    /// <summary>One row to write: its id (null for an insert) and the values by column (an insert: every column).</summary>
    private sealed record Write(long? RowId, Dictionary<RowColumn, object?> Values);

    private static string Path(int count, int index) => count == 1 ? "data" : $"rows[{index}].data";

    /// <summary>
    /// The values of one row from its JSON, validated: unknown and system columns, values of the wrong type, required columns
    /// left empty. An insert (<paramref name="partial"/> false) gets every column, with defaults for those not given.
    /// </summary>
    private static Dictionary<RowColumn, object?> Parse(RowTable table, JsonObject? data, string path, bool partial, Validator errors)
    {
        var values = new Dictionary<RowColumn, object?>();
        if (data is null)
        {
            if (partial) errors.Add(path, $"{path} is required: an object of column names and values.");
            data = [];
        }
        foreach (var (name, node) in data)
        {
            var field = $"{path}.{name}";
            var column = table.Column(name);
            if (column is null)
            {
                errors.Add(field, SystemColumns.FromName(name) is not null
                    ? $"{name} is a system column: the database sets it."
                    : $"Unknown column \"{(name.Length > 60 ? name[..60] + "…" : name)}\". Columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
                continue;
            }
            var cell = ColumnValues.FromJson(column.Shape, node);
            if (!cell.Ok) errors.Add(field, $"Column \"{name}\" ({column.Type.WireName()}): {cell.Reason}.");
            // A file cell names a stored file: only a key the store made for this table's organization (another organization's
            // file, or a path, would be served or deleted as if it were this table's).
            else if (cell.Value is FileCell file && !BlobKey.BelongsTo(file.Key, table.OrganizationId))
                errors.Add(field, $"Column \"{name}\" (file): the key is not a file of this organization; upload the file with generate-upload-link and use the key it returns.");
            else values[column] = cell.Value;
        }
        if (!partial)
            foreach (var column in table.Columns.Where(c => !values.ContainsKey(c) && !data.ContainsKey(c.Name)))
                values[column] = column.DefaultJson is { } json ? ColumnValues.FromJson(column.Shape, JsonNode.Parse(json)).Value : null;
        foreach (var (column, value) in values)
            if (column.Required && value is null)
                errors.Add($"{path}.{column.Name}", $"Column \"{column.Name}\" is required.");
        return values;
    }

    private static void CheckBatch(int count, string field)
    {
        if (count == 0) throw new ValidationException(field, $"{field} is empty: give at least one row.");
        if (count > MaxBatch)
            throw new ValidationException(field, $"A batch holds at most {MaxBatch:N0} rows; this one has {count:N0}. Split it into batches of {MaxBatch:N0}; nothing was changed.");
    }

    // ---------------------------------------------------------------- writing

    /// <summary>
    /// One write request: a transaction in which link targets and unique values are checked, <paramref name="apply"/> writes,
    /// the audit record is saved, and all of it commits or none of it. A unique index that refuses a write (a concurrent writer
    /// took the value between check and write) is the same 409 as the check's.
    /// </summary>
    private async Task<IReadOnlyList<long>> WriteAsync(RowSession session, Actor actor, AutessaTable entity, RowTable table,
        IReadOnlyList<Write> writes, string action, Func<DateTime, Task<IReadOnlyList<long>>> apply, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await session.BeginAsync(ct);
        try
        {
            await CheckLinksAsync(session, table, writes, ct);
            await CheckUniqueAsync(session, table, writes, ct);
            var ids = await apply(now);
            var fields = writes.SelectMany(w => w.Values.Keys).Distinct().Select(c => c.Name).ToList();
            await session.Db.RecordAsync(actor, now, action, entity.ToAuditSubject(), Fit(fields), ct);
            await session.Db.SaveChangesAsync(ct);
            await session.CommitAsync(ct);
            return ids;
        }
        catch (DbException)
        {
            await session.RollbackAsync();
            // The check passed inside the transaction, so another writer committed the value since: say which.
            if (writes.Any(w => w.Values.Keys.Any(c => c.Unique))) await CheckUniqueAsync(session, table, writes, ct);
            // A schema change (type change, column drop) committed after the columns were loaded: the physical column written is
            // gone. A 409 to retry, not the provider's error naming physical columns.
            var version = await session.Db.AutessaTables.AsNoTracking().Where(t => t.Id == entity.Id).Select(t => (Guid?)t.Version).FirstOrDefaultAsync(ct);
            if (version != entity.Version)
                throw new ConflictException("The table's columns changed while the rows were written.", "Nothing was changed: reload the table and try again.");
            throw;
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }
    }

    /// <summary>The audit record's field list fits its column (1,000 characters).</summary>
    private static List<string> Fit(List<string> fields)
    {
        var kept = new List<string>();
        var length = 0;
        foreach (var field in fields)
        {
            if (length + field.Length + 1 > 990) break;
            kept.Add(field);
            length += field.Length + 1;
        }
        return kept;
    }

    private static async Task<long> InsertRowAsync(RowSession session, RowTable table, Dictionary<RowColumn, object?> values, Actor actor, DateTime now, CancellationToken ct)
    {
        var d = session.Dialect;
        var parameters = new SqlParameters();
        var stamp = CellStorage.Timestamp(d.Provider, now);
        var columns = new List<string> { d.Quote("created_at"), d.Quote("updated_at"), d.Quote("created_by") };
        var placeholders = new List<string> { parameters.Add(stamp), parameters.Add(stamp), parameters.Add(CellStorage.Member(d.Provider, actor.UserId)) };
        foreach (var (column, value) in values)
        {
            columns.Add(d.Quote(column.Physical));
            placeholders.Add(parameters.Add(CellStorage.ToProvider(d.Provider, column.Type, value)));
        }
        var id = await session.ScalarAsync(d.InsertReturningId(d.Table(table.Number), columns, placeholders), parameters, ct);
        return Convert.ToInt64(id);
    }

    /// <summary>
    /// Inserts rows with multi-row INSERT statements (as many rows a statement as stay under 2,000 parameters, SQL Server's
    /// limit being 2,100), every column given for every row (an insert's values hold every column).
    /// </summary>
    private static async Task InsertRowsAsync(RowSession session, RowTable table, IReadOnlyList<Write> writes, Actor actor, DateTime now, CancellationToken ct)
    {
        var d = session.Dialect;
        var stamp = CellStorage.Timestamp(d.Provider, now);
        var member = CellStorage.Member(d.Provider, actor.UserId);
        var columns = table.Columns;
        var names = new List<string> { d.Quote("created_at"), d.Quote("updated_at"), d.Quote("created_by") };
        names.AddRange(columns.Select(c => d.Quote(c.Physical)));
        var perStatement = Math.Max(1, Math.Min(500, 2_000 / names.Count));
        foreach (var chunk in writes.Chunk(perStatement))
        {
            var parameters = new SqlParameters();
            var sql = new StringBuilder($"INSERT INTO {d.Table(table.Number)} ({string.Join(", ", names)}) VALUES ");
            var first = true;
            foreach (var write in chunk)
            {
                if (!first) sql.Append(", ");
                first = false;
                sql.Append('(').Append(parameters.Add(stamp)).Append(", ").Append(parameters.Add(stamp)).Append(", ").Append(parameters.Add(member));
                foreach (var column in columns)
                    sql.Append(", ").Append(parameters.Add(CellStorage.ToProvider(d.Provider, column.Type, write.Values.TryGetValue(column, out var v) ? v : null)));
                sql.Append(')');
            }
            await session.ExecuteAsync(sql.ToString(), parameters, ct);
        }
    }

    private static async Task UpdateRowAsync(RowSession session, RowTable table, Write write, DateTime now, CancellationToken ct)
    {
        var d = session.Dialect;
        var parameters = new SqlParameters();
        var sets = new List<string> { $"{d.Quote("updated_at")} = {parameters.Add(CellStorage.Timestamp(d.Provider, now))}" };
        foreach (var (column, value) in write.Values)
            sets.Add($"{d.Quote(column.Physical)} = {parameters.Add(CellStorage.ToProvider(d.Provider, column.Type, value))}");
        var id = parameters.Add(write.RowId!.Value, DbType.Int64);
        var changed = await session.ExecuteAsync($"UPDATE {d.Table(table.Number)} SET {string.Join(", ", sets)} WHERE {d.Quote("id")} = {id}", parameters, ct);
        if (changed == 0) throw new NotFoundException(RowNotFound(write.RowId.Value));
    }

    /// <summary>404 naming the ids (the first ten) that are not rows of the table.</summary>
    private static async Task RequireRowsAsync(RowSession session, RowTable table, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var found = await ExistingAsync(session, table.Number, ids, ct);
        var missing = ids.Where(id => !found.Contains(id)).Distinct().ToList();
        if (missing.Count == 1) throw new NotFoundException(RowNotFound(missing[0]));
        if (missing.Count > 1)
            throw new NotFoundException($"Rows not found: {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? $" and {missing.Count - 10} more" : "")}. Nothing was changed.");
    }

    private static string RowNotFound(long id) => $"Row {id} not found";

    /// <summary>Which of <paramref name="ids"/> are rows of table <paramref name="number"/>.</summary>
    private static async Task<HashSet<long>> ExistingAsync(RowSession session, int number, IEnumerable<long> ids, CancellationToken ct)
    {
        var found = new HashSet<long>();
        foreach (var chunk in ids.Distinct().Chunk(500))
        {
            var parameters = new SqlParameters();
            var list = string.Join(", ", chunk.Select(id => parameters.Add(id, DbType.Int64)));
            var id = session.Dialect.Quote("id");
            found.UnionWith(await session.ListAsync($"SELECT {id} FROM {session.Dialect.Table(number)} WHERE {id} IN ({list})", parameters,
                r => Convert.ToInt64(r.GetValue(0)), ct));
        }
        return found;
    }

    /// <summary>Every link value must be a row of the linked table (400 naming the column and the row id).</summary>
    private static async Task CheckLinksAsync(RowSession session, RowTable table, IReadOnlyList<Write> writes, CancellationToken ct)
    {
        var errors = new Validator();
        foreach (var link in table.Columns.Where(c => c.Type == ColumnType.Link))
        {
            var used = writes.Select((w, i) => (Index: i, Value: w.Values.TryGetValue(link, out var v) ? v as long? : null))
                .Where(u => u.Value is not null).ToList();
            if (used.Count == 0) continue;
            var field = (int i) => writes.Count == 1 ? $"data.{link.Name}" : $"rows[{i}].data.{link.Name}";
            if (link.LinkTableNumber is not { } number)
            {
                errors.Add(field(used[0].Index), $"Column \"{link.Name}\" links to a table that is in the trash or gone.");
                continue;
            }
            var found = await ExistingAsync(session, number, used.Select(u => u.Value!.Value), ct);
            foreach (var (index, value) in used.Where(u => !found.Contains(u.Value!.Value)).Take(10))
                errors.Add(field(index), $"Column \"{link.Name}\": row {value} does not exist in the linked table.");
        }
        errors.ThrowIfInvalid();
    }

    /// <summary>
    /// A unique column's value may be in the table once: 409 naming the column and the value when another row holds it, or when
    /// two rows of the request give it.
    /// </summary>
    private static async Task CheckUniqueAsync(RowSession session, RowTable table, IReadOnlyList<Write> writes, CancellationToken ct)
    {
        var d = session.Dialect;
        var written = writes.Where(w => w.RowId is not null).Select(w => w.RowId!.Value).ToHashSet();
        foreach (var column in table.Columns.Where(c => c.Unique))
        {
            var values = writes.Where(w => w.Values.TryGetValue(column, out var v) && v is not null).Select(w => w.Values[column]!).ToList();
            if (values.Count == 0) continue;
            var twice = values.Select(v => CellStorage.ToProvider(d.Provider, column.Type, v).Value).GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null) throw Taken(column, twice.Key, null);
            foreach (var chunk in values.Chunk(500))
            {
                var parameters = new SqlParameters();
                var list = string.Join(", ", chunk.Select(v => parameters.Add(CellStorage.ToProvider(d.Provider, column.Type, v))));
                var sql = $"SELECT {d.Quote("id")}, {d.Quote(column.Physical)} FROM {d.Table(table.Number)} WHERE {d.Quote(column.Physical)} IN ({list})";
                var hits = await session.ListAsync(sql, parameters, r => (Id: Convert.ToInt64(r.GetValue(0)), Value: r.GetValue(1)), ct);
                // A row of this request that holds the value now is being rewritten: only other rows conflict.
                if (hits.FirstOrDefault(h => !written.Contains(h.Id)) is { Value: not null } hit) throw Taken(column, hit.Value, hit.Id);
            }
        }
    }

    private static ConflictException Taken(RowColumn column, object stored, long? rowId)
    {
        var json = ColumnValues.ToJson(column.Shape, CellStorage.FromProvider(column.Type, stored))?.ToJsonString() ?? "null";
        if (json.Length > 80) json = json[..80] + "…";
        return new ConflictException(rowId is { } id
            ? $"Column \"{column.Name}\" is unique and row {id} already has the value {json}."
            : $"Column \"{column.Name}\" is unique and the request gives the value {json} to more than one row.",
            "Use another value, or change the row that has it first. Nothing was changed.");
    }

    private async Task NotifyAsync(RowTable table, RowChangeKind kind, IReadOnlyList<long> ids, IReadOnlyList<Write> writes, CancellationToken ct)
    {
        if (!table.HasSearchableColumns || ids.Count == 0) return;
        var columns = writes.SelectMany(w => w.Values.Keys).Distinct().Select(c => c.Name).ToList();
        try
        {
            await _observer.RowsChangedAsync(new TableRowsChange(table.Id, table.Number, table.OrganizationId, kind, ids, columns), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "The rows observer failed for table {TableNumber} ({Kind}, {Count} rows)", table.Number, kind, ids.Count);
        }
    }

    // ---------------------------------------------------------------- reading

    /// <summary>A link column joined to its table under an alias, with the linked columns to return.</summary>
    internal sealed record Joined(RowColumn Link, RowTable Table, string Alias, IReadOnlyList<RowColumn> Columns);

    /// <summary>The SELECT list and FROM clause of a row read, and how to turn a reader row into a <see cref="RowView"/>.</summary>
    internal sealed class Select(RowTable table, IReadOnlyList<Joined> joins)
    {
        public string Sql(SqlDialect d)
        {
            var columns = new List<string>();
            void Add(string alias, RowTable t, IEnumerable<RowColumn> user)
            {
                columns.AddRange(SystemColumns.All.Select(s => d.Column(alias, s.Physical)));
                columns.AddRange(user.Select(c => d.Column(alias, c.Physical)));
            }
            Add(QueryColumn.PrimaryAlias, table, table.Columns);
            foreach (var join in joins) Add(join.Alias, join.Table, join.Columns);
            return $"SELECT {string.Join(", ", columns)} {From(d)}";
        }

        public string From(SqlDialect d)
        {
            var from = new StringBuilder($"FROM {d.Table(table.Number)} AS {d.Quote(QueryColumn.PrimaryAlias)}");
            foreach (var join in joins)
                from.Append($" LEFT JOIN {d.Table(join.Table.Number)} AS {d.Quote(join.Alias)} ON {d.Column(join.Alias, "id")} = {d.Column(QueryColumn.PrimaryAlias, join.Link.Physical)}");
            return from.ToString();
        }

        public RowView Read(DbDataReader reader)
        {
            var ordinal = 0;
            var row = ReadOne(reader, table.Columns, ref ordinal)!;
            foreach (var join in joins)
            {
                var linkValue = row.Data[join.Link.Name];
                var linked = ReadOne(reader, join.Columns, ref ordinal);
                row.Data[join.Link.Name] = linkValue is null ? null
                    : linked is null ? new JsonObject { ["rowId"] = linkValue.DeepClone(), ["data"] = null }
                    : new JsonObject
                    {
                        ["rowId"] = linked.RowId, ["data"] = linked.Data,
                        ["createdAt"] = ColumnValues.ToJson(new ColumnShape(ColumnType.DateTime), linked.CreatedAt),
                        ["updatedAt"] = ColumnValues.ToJson(new ColumnShape(ColumnType.DateTime), linked.UpdatedAt),
                    };
            }
            return row;
        }

        private static RowView? ReadOne(DbDataReader reader, IReadOnlyList<RowColumn> columns, ref int ordinal)
        {
            var start = ordinal;
            ordinal += SystemColumns.All.Count + columns.Count;
            if (reader.IsDBNull(start)) return null;
            var data = new JsonObject();
            for (var i = 0; i < columns.Count; i++)
            {
                var column = columns[i];
                data[column.Name] = ColumnValues.ToJson(column.Shape, CellStorage.FromProvider(column.Type, reader.GetValue(start + 4 + i)));
            }
            return new RowView(Convert.ToInt64(reader.GetValue(start)), data, CellStorage.ReadDateTime(reader.GetValue(start + 1)),
                CellStorage.ReadDateTime(reader.GetValue(start + 2)), CellStorage.ReadMember(reader.GetValue(start + 3)));
        }
    }

    /// <summary>The rows with these ids, in the order of <paramref name="ids"/>.</summary>
    private static async Task<IReadOnlyList<RowView>> ReadRowsAsync(RowSession session, RowTable table, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var select = new Select(table, []);
        var rows = new Dictionary<long, RowView>();
        foreach (var chunk in ids.Distinct().Chunk(500))
        {
            var parameters = new SqlParameters();
            var list = string.Join(", ", chunk.Select(id => parameters.Add(id, DbType.Int64)));
            foreach (var row in await session.ListAsync($"{select.Sql(session.Dialect)} WHERE {session.Dialect.Column(QueryColumn.PrimaryAlias, "id")} IN ({list})",
                         parameters, select.Read, ct))
                rows[row.RowId] = row;
        }
        return ids.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
    }

    private static async Task<RowPage> PageAsync(IBuilderDbContext db, Select select, IColumnResolver columns, RowQuery query, CancellationToken ct)
    {
        await using var session = new RowSession(db);
        var (count, page) = PageStatements(select, columns, query, session.Dialect);
        var total = Convert.ToInt64(await session.ScalarAsync(count.Sql, new SqlParameters(count.Parameters), ct));
        if ((long)(query.Page - 1) * query.Limit >= total) return new RowPage([], query.Page, query.Limit, total);
        var rows = await session.ListAsync(page.Sql, new SqlParameters(page.Parameters), select.Read, ct);
        return new RowPage(rows, query.Page, query.Limit, total);
    }

    /// <summary>
    /// The two statements of a page: the count of the rows the filter matches, and the page itself (sorted, the primary row id
    /// breaking ties, offset and limit as parameters). Validates the filter and the sort keys first (400 naming the bad part).
    /// </summary>
    internal static (SqlStatement Count, SqlStatement Page) PageStatements(Select select, IColumnResolver columns, RowQuery query, SqlDialect d)
    {
        var filter = FilterParser.Parse(query.Filters, query.FilterOperator, columns);
        var sorts = new List<(QueryColumn Column, bool Descending)>();
        var errors = new Validator();
        for (var i = 0; i < (query.Sort?.Count ?? 0); i++)
        {
            var sort = query.Sort![i];
            if (columns.Resolve(sort.Column) is { } column) sorts.Add((column, sort.Descending));
            else errors.Add($"sort[{i}].column", $"Unknown column \"{sort.Column}\" to sort by. Columns: {string.Join(", ", columns.Names)}.");
        }
        errors.ThrowIfInvalid();

        var parameters = new SqlParameters();
        var where = FilterSql.Where(filter, d, parameters);
        var count = new SqlStatement($"SELECT COUNT(*) {select.From(d)} WHERE {where}", parameters.Values.ToList());
        var id = d.Column(QueryColumn.PrimaryAlias, "id");
        var order = sorts.Select(s => $"{d.Column(s.Column.Alias, s.Column.Physical)} {(s.Descending ? "DESC" : "ASC")}").ToList();
        if (!sorts.Any(s => s.Column.Alias == QueryColumn.PrimaryAlias && s.Column.System == SystemColumn.Id)) order.Add($"{id} ASC");
        var paging = d.Paging(parameters.Add((long)(query.Page - 1) * query.Limit, DbType.Int64), parameters.Add((long)query.Limit, DbType.Int64));
        return (count, new SqlStatement($"{select.Sql(d)} WHERE {where} ORDER BY {string.Join(", ", order)}{paging}", parameters.Values.ToList()));
    }
}
