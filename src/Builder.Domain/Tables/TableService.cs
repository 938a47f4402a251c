using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Files;
using Builder.Domain.Sharing;
using Builder.Domain.Tables.Storage;
using Builder.Domain.Tables.Values;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tables;

/// <summary>A table with its columns in order, loaded for a caller allowed the permission it was loaded for.</summary>
public sealed record TableSchema(AutessaTable Table, IReadOnlyList<TableColumn> Columns)
{
    public TableColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

/// <summary>
/// The AutessaDB tables of an organization and their schema. Every role reads them (entities:read); Admins create, change and
/// delete them (entities:create/update/delete), as for prompts; owned and shared like prompts. Each schema change is one
/// transaction over the metadata and the physical table (<see cref="TableSchemaStore"/>): a failed change leaves both as they
/// were. Dropping a column and deleting the table are human-only operations that go to a reviewer.
/// </summary>
public sealed partial class TableService(IBuilderDbContextFactory dbs, TimeProvider clock)
{
    public const string NotFound = "Table not found";
    public const string ColumnNotFound = "Column not found";

    /// <summary>How many unconvertible cells a type-change preview lists.</summary>
    public const int PreviewFailures = 20;

    private const string SaveConflict = "The table could not be saved.";

    private static readonly Dictionary<string, Expression<Func<AutessaTable, object>>> SortKeys = new()
    {
        ["name"] = t => t.Name,
        ["tableId"] = t => t.Number,
        ["updatedAt"] = t => t.UpdatedAt,
        ["createdAt"] = t => t.CreatedAt,
    };

    // ---------------------------------------------------------------- reading

    /// <summary>Tables of an organization the caller can see, paged, searchable by name, with their columns.</summary>
    public async Task<PagedResult<TableView>> ListAsync(Actor actor, Guid? organizationId, PageRequest page, CancellationToken ct = default,
        OwnershipFilter? ownership = null)
    {
        if (organizationId is not { } orgId) throw new ValidationException("organizationId", "organizationId is required.");
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, orgId, Permissions.EntitiesRead, ct);
        var rows = await db.AutessaTables.AsNoTracking().Where(t => t.OrganizationId == orgId).VisibleTo(db, actor, orgId)
            .WhereOwnership(db, actor, ownership).WhereLike(page.LikePattern, t => t.Name)
            .ToPageAsync(page, SortKeys, t => t, ct);
        var ids = rows.Items.Select(t => t.Id).ToList();
        var columns = (await db.TableColumns.AsNoTracking().Where(c => ids.Contains(c.TableId)).ToListAsync(ct)).ToLookup(c => c.TableId);
        var owned = await db.OwnershipOfAsync<AutessaTable>(actor, orgId, rows.Items.Select(OwnedRow.Of).ToList(), ct);
        return new PagedResult<TableView>(
            rows.Items.Select(t => View(t, columns[t.Id].OrderBy(c => c.Position).ToList()) with { Ownership = owned[t.Id] }).ToList(),
            rows.Page, rows.Limit, rows.Total);
    }

    public async Task<TableView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var schema = await LoadSchemaAsync(db, actor, id, Permissions.EntitiesRead, tracked: false, ct);
        return await ViewAsync(db, actor, schema, ct);
    }

    /// <summary>A table by its public integer id (<c>tableId</c>) in an organization.</summary>
    public async Task<TableView> GetByNumberAsync(Actor actor, Guid organizationId, int tableId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var schema = await LoadSchemaAsync(db, actor, organizationId, tableId, Permissions.EntitiesRead, tracked: false, ct);
        return await ViewAsync(db, actor, schema, ct);
    }

    /// <summary>
    /// Loads a table and its columns (in order) once the caller holds <paramref name="permission"/> and the sharing allows
    /// it: unknown, another organization's, trashed or invisible is 404, a missing permission 403. For the row services.
    /// </summary>
    public static async Task<TableSchema> LoadSchemaAsync(IBuilderDbContext db, Actor actor, Guid id, string permission, bool tracked = false,
        CancellationToken ct = default)
    {
        var tables = tracked ? db.AutessaTables : db.AutessaTables.AsNoTracking();
        var table = await db.LoadOwnedAsync(tables, actor, id, permission, null, ct);
        return new TableSchema(table, await ColumnsAsync(db, table.Id, tracked, ct));
    }

    /// <summary><see cref="LoadSchemaAsync(IBuilderDbContext, Actor, Guid, string, bool, CancellationToken)"/> by the public integer id within an organization.</summary>
    public static async Task<TableSchema> LoadSchemaAsync(IBuilderDbContext db, Actor actor, Guid organizationId, int tableId, string permission,
        bool tracked = false, CancellationToken ct = default)
    {
        var id = await db.AutessaTables.Where(t => t.Number == tableId && t.OrganizationId == organizationId).Select(t => (Guid?)t.Id)
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException(NotFound);
        return await LoadSchemaAsync(db, actor, id, permission, tracked, ct);
    }

    /// <summary>
    /// Runs several schema changes as one: <paramref name="work"/> gets a <see cref="TableService"/> whose every change uses one
    /// context and one transaction, committed when <paramref name="work"/> returns. When it throws (a later change refused), the
    /// transaction rolls back, and the schema, the rows and the audit records are as they were before the first change.
    /// </summary>
    public async Task<T> InOneTransactionAsync<T>(Func<TableService, Task<T>> work, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await work(new TableService(new SharedContextFactory(db), clock));
        await transaction.CommitAsync(ct);
        return result;
    }

    // ---------------------------------------------------------------- the table

    /// <summary>
    /// Creates a table with its columns and its physical table, in one transaction: a failure (a bad column, a taken name,
    /// the database refusing the DDL) leaves nothing behind. The caller owns it.
    /// </summary>
    public async Task<TableView> CreateAsync(Actor actor, Guid organizationId, TableInput input, CancellationToken ct = default,
        TableKind kind = TableKind.Table)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesCreate, ct);
        var name = input.Name?.Trim();
        var description = Validator.Clean(input.Description);
        var inputs = input.Columns ?? [];
        var validator = new Validator();
        CheckName(validator, "name", name, "Table name");
        validator.Optional("description", description, "Description", AutessaTable.DescriptionMax)
            .Check(inputs.Count <= TableLimits.ColumnsPerTable, "columns", $"A table has at most {TableLimits.ColumnsPerTable} columns ({inputs.Count} given).");
        var table = new AutessaTable { OrganizationId = organizationId, Name = name ?? "", Description = description, Kind = kind };
        var columns = new List<TableColumn>();
        var inputIndex = new List<int>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count && i < TableLimits.ColumnsPerTable; i++)
        {
            var column = BuildColumn(validator, $"columns[{i}].", inputs[i], names, organizationId);
            if (column is null) continue;
            column.TableId = table.Id;
            column.Key = table.NextColumnKey++;
            column.Position = columns.Count;
            columns.Add(column);
            inputIndex.Add(i);
        }
        await CheckLinksAsync(db, actor, validator, organizationId, columns, i => $"columns[{inputIndex[i]}].linkTableId", ct);
        validator.ThrowIfInvalid();
        await db.AutessaTables.Where(t => t.OrganizationId == organizationId).EnsureUniqueNameAsync(table.Name, null, Duplicate(table.Name), ct);

        var now = clock.GetUtcNow().UtcDateTime;
        table.Stamp(actor, now);
        table.OwnerId = actor.UserId;
        db.AutessaTables.Add(table);
        foreach (var column in columns) db.TableColumns.Add(column);
        await db.RecordAsync(actor, now, AuditActions.Created, Subject(table),
            description is null ? ["name", "columns"] : ["name", "description", "columns"], ct);
        var store = new TableSchemaStore(db);
        await table.SaveNumberedAsync(db.AutessaTables, db.AutessaTables.Where(t => t.OrganizationId == organizationId),
            token => store.InTransactionAsync(async () =>
            {
                await db.SaveChangesAsync(token);
                await store.CreateTableAsync(table, columns, token);
            }, token),
            Duplicate(table.Name), SaveConflict, ct, token => FreeNumberAsync(db, store, token));
        return await ViewAsync(db, actor, new TableSchema(table, columns), ct);
    }

    /// <summary>Renames a table or changes its description. An edit that changes nothing saves nothing.</summary>
    public async Task<TableView> UpdateAsync(Actor actor, Guid id, TableUpdate input, Guid? expectedVersion = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var schema = await LoadSchemaAsync(db, actor, id, Permissions.EntitiesUpdate, tracked: true, ct);
        var table = schema.Table;
        table.EnsureVersion(expectedVersion);
        var name = input.Name?.Trim() ?? table.Name;
        var description = input.Description is null ? table.Description : Validator.Clean(input.Description);
        var validator = new Validator();
        CheckName(validator, "name", name, "Table name");
        validator.Optional("description", description, "Description", AutessaTable.DescriptionMax).ThrowIfInvalid();
        if (name != table.Name)
            await db.AutessaTables.Where(t => t.OrganizationId == table.OrganizationId).EnsureUniqueNameAsync(name, table.Id, Duplicate(name), ct);
        var changes = new List<string>();
        if (name != table.Name) { table.Name = name; changes.Add("name"); }
        if (description != table.Description) { table.Description = description; changes.Add("description"); }
        await db.SaveAuditedAsync(actor, clock, table, changes, Subject(table), Duplicate(name), ct);
        return await ViewAsync(db, actor, schema, ct);
    }

    /// <summary>What deleting a table would take away, for the approval request (404/403 as the delete would).</summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var schema = await LoadSchemaAsync(db, actor, id, Permissions.EntitiesDelete, tracked: false, ct);
        actor.RequireHuman("Delete");
        var table = schema.Table;
        var rows = await new TableSchemaStore(db).CountRowsAsync(table, ct);
        return new ApprovalTarget(ResourceTypes.Table, table.Id, table.Name, table.OrganizationId, null, table.Version,
            [$"The table “{table.Name}” with {Deletions.Count(schema.Columns.Count, "column")} and {Deletions.Count((int)Math.Min(rows, int.MaxValue), "row")} (it goes to the trash; restoring brings the rows back)"]);
    }

    /// <summary>Runs an approved deletion: the table goes to the trash with its physical table, which the purge drops.</summary>
    internal async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var table = (await LoadSchemaAsync(db, actor, id, Permissions.EntitiesDelete, tracked: true, ct)).Table;
        actor.RequireHuman("Delete");
        table.EnsureVersion(expectedVersion);
        await db.RemoveAuditedAsync(actor, clock, table, Subject(table), "The table could not be deleted.", ct);
    }

    // ---------------------------------------------------------------- columns

    /// <summary>
    /// Adds a column at the end. A required column on a table that has rows needs a default, which the existing rows get
    /// (a unique one then needs at most one row).
    /// </summary>
    public async Task<TableView> AddColumnAsync(Actor actor, Guid tableId, ColumnInput input, Guid? expectedVersion = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var schema = await LoadSchemaAsync(db, actor, tableId, Permissions.EntitiesUpdate, tracked: true, ct);
        var table = schema.Table;
        table.EnsureVersion(expectedVersion);
        var store = new TableSchemaStore(db);
        var validator = new Validator()
            .Check(schema.Columns.Count < TableLimits.ColumnsPerTable, "columns", $"A table has at most {TableLimits.ColumnsPerTable} columns; this one has {schema.Columns.Count}.");
        var column = BuildColumn(validator, "", input, schema.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal), table.OrganizationId);
        if (column is not null) await CheckLinksAsync(db, actor, validator, table.OrganizationId, [column], _ => "linkTableId", ct);
        validator.ThrowIfInvalid();
        column!.TableId = table.Id;
        column.Key = table.NextColumnKey++;
        column.Position = schema.Columns.Count;
        var rows = await store.CountRowsAsync(table, ct);
        object? fill = null;
        if (column.Required && rows > 0)
        {
            if (column.Default is null)
                throw new ValidationException("default", $"The table has {Rows(rows)}: a required column needs a default value for them.");
            if (column.Unique && rows > 1)
                throw new ValidationException("unique", $"The table has {Rows(rows)}: they would all get the default value, which a unique column cannot hold twice.");
            fill = ColumnValues.FromJson(column.Shape, JsonNode.Parse(column.Default)).Value;
        }
        db.TableColumns.Add(column);
        await SchemaChangeAsync(store, table, async () =>
        {
            await store.AddColumnAsync(table, column, ct);
            if (fill is not null) await store.FillAsync(table, column, fill, ct);
            await db.SaveAuditedAsync(actor, clock, table, ["columns"], Subject(table), SaveConflict, ct);
        }, ct);
        return await ViewAsync(db, actor, schema with { Columns = [.. schema.Columns, column] }, ct);
    }

    /// <summary>Renames a column (the metadata only: the physical column keeps its key).</summary>
    public async Task<TableView> RenameColumnAsync(Actor actor, Guid tableId, Guid columnId, string? name, Guid? expectedVersion = null,
        CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var schema = await LoadSchemaAsync(db, actor, tableId, Permissions.EntitiesUpdate, tracked: true, ct);
        schema.Table.EnsureVersion(expectedVersion);
        var column = Find(schema, columnId);
        var newName = name?.Trim();
        var validator = new Validator();
        CheckColumnName(validator, "name", newName, schema.Columns.Where(c => c.Id != columnId).Select(c => c.Name).ToHashSet(StringComparer.Ordinal));
        validator.ThrowIfInvalid();
        if (newName == column.Name) return await ViewAsync(db, actor, schema, ct);
        column.Name = newName!;
        await db.SaveAuditedAsync(actor, clock, schema.Table, ["columns"], Subject(schema.Table), SaveConflict, ct);
        return await ViewAsync(db, actor, schema, ct);
    }

    /// <summary>Puts the columns in the order given: every column of the table, each once.</summary>
    public async Task<TableView> ReorderColumnsAsync(Actor actor, Guid tableId, IReadOnlyList<Guid>? order, Guid? expectedVersion = null,
        CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var schema = await LoadSchemaAsync(db, actor, tableId, Permissions.EntitiesUpdate, tracked: true, ct);
        schema.Table.EnsureVersion(expectedVersion);
        var ids = order ?? [];
        if (ids.Count != schema.Columns.Count || ids.Distinct().Count() != ids.Count || !ids.All(id => schema.Columns.Any(c => c.Id == id)))
            throw new ValidationException("order", $"List every column of the table once ({schema.Columns.Count} columns; {ids.Count} given).");
        var changed = false;
        for (var i = 0; i < ids.Count; i++)
        {
            var column = schema.Columns.First(c => c.Id == ids[i]);
            if (column.Position == i) continue;
            column.Position = i;
            changed = true;
        }
        if (changed) await db.SaveAuditedAsync(actor, clock, schema.Table, ["columns"], Subject(schema.Table), SaveConflict, ct);
        return await ViewAsync(db, actor, schema with { Columns = [.. schema.Columns.OrderBy(c => c.Position)] }, ct);
    }

    /// <summary>
    /// Changes a column's flags, options or default, checked against the rows: required is refused while cells are empty
    /// (saying how many), unique while a value repeats (saying which), removing an option while rows use it (saying how many).
    /// Indexes follow the flags, in the same transaction.
    /// </summary>
    public async Task<TableView> ChangeColumnAsync(Actor actor, Guid tableId, Guid columnId, ColumnChange change, Guid? expectedVersion = null,
        CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var schema = await LoadSchemaAsync(db, actor, tableId, Permissions.EntitiesUpdate, tracked: true, ct);
        var table = schema.Table;
        table.EnsureVersion(expectedVersion);
        var column = Find(schema, columnId);
        var store = new TableSchemaStore(db);
        var type = column.Type;
        var required = change.Required ?? column.Required;
        var unique = change.Unique ?? column.Unique;
        var indexed = change.Indexed ?? column.Indexed;
        var searchable = change.Searchable ?? column.Searchable;
        var renames = OptionRenames(change.RenameOptions);
        var options = change.Options?.ToList() ?? (renames.Count > 0 ? column.Options.Select(o => renames.GetValueOrDefault(o, o)).ToList() : column.Options);
        var optionsChange = change.Options is not null || renames.Count > 0;
        var validator = new Validator();
        CheckFlags(validator, "", type, unique, indexed, searchable);
        if (optionsChange)
        {
            if (!type.HasOptions()) validator.Add("options", $"Only a select column has options; this one is {type.Label().ToLowerInvariant()}.");
            else if (ColumnLimits.CheckOptions(options) is { } problem) validator.Add("options", problem);
            else CheckOptionRenames(validator, column, options, renames);
        }
        var shape = new ColumnShape(type, type.HasOptions() ? options : null);
        var @default = change.ClearDefault ? null : change.Default is not null ? CheckDefault(validator, "default", shape, change.Default, table.OrganizationId)
            : RenameInDefault(column, renames);
        if (!change.ClearDefault && change.Default is null && @default is not null && optionsChange
            && !ColumnValues.FromJson(shape, JsonNode.Parse(@default)).Ok)
            validator.Add("default", $"The default value {@default} is not one of the new options: change or clear it too.");
        validator.ThrowIfInvalid();

        if (required && !column.Required)
        {
            var empty = await store.CountRowsAsync(table, ct) - await store.CountNonEmptyAsync(table, column, ct);
            if (empty > 0)
                throw new ValidationException("required", $"{Rows(empty)} {(empty == 1 ? "has" : "have")} no value in “{column.Name}”: fill them before making it required.");
        }
        if (unique && !column.Unique && await store.FirstDuplicateAsync(table, column, ct) is { } duplicate)
            throw new ValidationException("unique",
                $"{Quoted(column, duplicate.Value)} appears in {duplicate.Count} rows of “{column.Name}”: make the values distinct before making it unique.");
        var removed = optionsChange ? column.Options.Where(o => !renames.ContainsKey(o) && !options.Contains(o, StringComparer.Ordinal)).ToList() : [];
        var rewrite = removed.Count > 0 || renames.Count > 0
            ? await OptionRewriteAsync(store, table, column, renames, removed, change.EmptyRemovedOptions, ct)
            : null;

        var changes = new List<string>();
        void Set<T>(string field, T current, T next, Action<T> assign)
        {
            if (EqualityComparer<T>.Default.Equals(current, next)) return;
            assign(next);
            changes.Add(field);
        }
        var (wasIndexed, wasUnique) = (column.Indexed, column.Unique);
        Set("required", column.Required, required, v => column.Required = v);
        Set("unique", column.Unique, unique, v => column.Unique = v);
        Set("indexed", column.Indexed, indexed, v => column.Indexed = v);
        Set("searchable", column.Searchable, searchable, v => column.Searchable = v);
        if (!options.SequenceEqual(column.Options, StringComparer.Ordinal)) { column.Options = options; changes.Add("options"); }
        Set("default", column.Default, @default, v => column.Default = v);
        if (changes.Count == 0) return await ViewAsync(db, actor, schema, ct);
        await SchemaChangeAsync(store, table, async () =>
        {
            if (rewrite is { Count: > 0 }) await store.WriteCellsAsync(table, column, rewrite, ct);
            await store.SyncIndexesAsync(table, column, wasIndexed, wasUnique, ct);
            await db.SaveAuditedAsync(actor, clock, table, ["columns"], Subject(table), SaveConflict, ct);
        }, ct);
        return await ViewAsync(db, actor, schema, ct);
    }

    /// <summary>
    /// What changing a column's type would do, computed over every row: how many values convert, of how many rows, and the
    /// first <see cref="PreviewFailures"/> that don't, with the reason. Writes nothing.
    /// </summary>
    public async Task<TypeChangePreview> PreviewTypeChangeAsync(Actor actor, Guid tableId, Guid columnId, TypeChange change, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var schema = await LoadSchemaAsync(db, actor, tableId, Permissions.EntitiesUpdate, tracked: false, ct);
        var column = Find(schema, columnId);
        var target = await TargetAsync(db, actor, schema.Table, column, change, ct);
        var conversion = await ConvertAllAsync(new TableSchemaStore(db), schema.Table, column, target.Shape, keep: false, ct);
        return conversion.Preview;
    }

    /// <summary>
    /// Changes a column's type: a new physical column gets the converted values, the old one (and its indexes) is dropped, and
    /// the column points at the new one — one transaction, so a failure leaves schema and data as they were. Values that don't
    /// convert are refused (400 saying how many, with the first) unless <paramref name="emptyUnconvertible"/> is true, which
    /// empties those cells (never in a required column). Flags the new type cannot have are turned off; a default that does
    /// not convert is cleared.
    /// </summary>
    public async Task<TableView> ChangeTypeAsync(Actor actor, Guid tableId, Guid columnId, TypeChange change, bool emptyUnconvertible,
        Guid? expectedVersion = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var schema = await LoadSchemaAsync(db, actor, tableId, Permissions.EntitiesUpdate, tracked: true, ct);
        var table = schema.Table;
        table.EnsureVersion(expectedVersion);
        var column = Find(schema, columnId);
        var target = await TargetAsync(db, actor, table, column, change, ct);
        var store = new TableSchemaStore(db);
        await SchemaChangeAsync(store, table, async () =>
        {
            var conversion = await ConvertAllAsync(store, table, column, target.Shape, keep: true, ct);
            var preview = conversion.Preview;
            if (preview.Unconvertible > 0 && !emptyUnconvertible)
            {
                var first = preview.Failures[0];
                throw new ValidationException("type",
                    $"{preview.Unconvertible} of {preview.Total} values of “{column.Name}” can't be converted to {target.Shape.Type.Label().ToLowerInvariant()} "
                    + $"(row {first.RowId}: “{first.Value}”: {first.Reason}). Fix them, or confirm that they become empty.");
            }
            if (preview.Unconvertible > 0 && column.Required)
                throw new ValidationException("type",
                    $"“{column.Name}” is required, and {preview.Unconvertible} of its values would become empty: make it optional first, or fix them.");

            var converted = new TableColumn
            {
                Id = column.Id, TableId = table.Id, Key = table.NextColumnKey++, Name = column.Name, Type = target.Shape.Type, Position = column.Position,
                Required = column.Required, Unique = column.Unique && target.Shape.Type.CanBeIndexed(),
                Indexed = column.Indexed && target.Shape.Type.CanBeIndexed(), Searchable = column.Searchable && target.Shape.Type.CanBeSearchable(),
                Options = target.Shape.Options?.ToList() ?? [], LinkTableId = target.LinkTableId,
            };
            await store.ExecuteAsync(store.Dialect.AddColumn(table.PhysicalName, converted.PhysicalName, converted.Type), ct);
            await store.WriteCellsAsync(table, converted, conversion.Values!, ct);
            if (converted.Unique && await store.FirstDuplicateAsync(table, converted, ct) is { } duplicate)
                throw new ValidationException("type",
                    $"Converted, {Quoted(converted, duplicate.Value)} would appear in {duplicate.Count} rows of the unique column “{column.Name}”: make it not unique first.");
            await store.DropColumnAsync(table, column, ct);
            await store.SyncIndexesAsync(table, converted, false, false, ct);

            column.Key = converted.Key;
            column.Type = converted.Type;
            column.Unique = converted.Unique;
            column.Indexed = converted.Indexed;
            column.Searchable = converted.Searchable;
            column.Options = converted.Options;
            column.LinkTableId = converted.LinkTableId;
            column.Default = ConvertDefault(column.Default, conversion.From, target.Shape, table.OrganizationId);
            await db.SaveAuditedAsync(actor, clock, table, ["columns"], Subject(table), SaveConflict, ct);
        }, ct);
        return await ViewAsync(db, actor, schema, ct);
    }

    /// <summary>
    /// What dropping a column would take away, for the approval request: the column and how many non-empty cells go with it.
    /// People only (API keys 403), entities:delete, EDIT on the table.
    /// </summary>
    public async Task<ApprovalTarget> DescribeColumnDropAsync(Actor actor, Guid columnId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var (schema, column) = await LoadColumnAsync(db, actor, columnId, tracked: false, ct);
        actor.RequireHuman("Delete");
        var table = schema.Table;
        var cells = await new TableSchemaStore(db).CountNonEmptyAsync(table, column, ct);
        return new ApprovalTarget(ResourceTypes.TableColumn, column.Id, $"{table.Name}.{column.Name}", table.OrganizationId, null, table.Version,
            [$"The column “{column.Name}” ({column.Type.Label().ToLowerInvariant()}) of the table “{table.Name}” with its {Deletions.Count((int)Math.Min(cells, int.MaxValue), "non-empty cell")}, for good (a dropped column is not kept in the trash)"]);
    }

    /// <summary>Runs an approved column drop: its indexes and physical column go, then its metadata, in one transaction.</summary>
    internal async Task DropColumnAsync(Actor actor, Guid columnId, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var (schema, column) = await LoadColumnAsync(db, actor, columnId, tracked: true, ct);
        actor.RequireHuman("Delete");
        var table = schema.Table;
        table.EnsureVersion(expectedVersion);
        var store = new TableSchemaStore(db);
        await SchemaChangeAsync(store, table, async () =>
        {
            await store.DropColumnAsync(table, column, ct);
            db.TableColumns.Remove(column);
            var position = 0;
            foreach (var other in schema.Columns.Where(c => c.Id != column.Id)) other.Position = position++;
            await db.SaveAuditedAsync(actor, clock, table, ["columns"], Subject(table), SaveConflict, ct);
        }, ct);
    }

    // ---------------------------------------------------------------- helpers

    private sealed record Target(ColumnShape Shape, Guid? LinkTableId);

    private sealed record Conversion(ColumnShape From, TypeChangePreview Preview, List<(long RowId, object? Value)>? Values);

    /// <summary>Converts every row's cell; keeps the converted non-empty values when asked (the change itself).</summary>
    private static async Task<Conversion> ConvertAllAsync(TableSchemaStore store, AutessaTable table, TableColumn column, ColumnShape to, bool keep,
        CancellationToken ct)
    {
        var from = column.Shape;
        var values = keep ? new List<(long, object?)>() : null;
        var failures = new List<ConversionFailure>();
        long total = 0, convertible = 0;
        await foreach (var (rowId, value) in store.ReadColumnAsync(table, column, ct))
        {
            total++;
            if (value is null) { convertible++; continue; }
            var result = ColumnValues.Convert(value, from, to);
            if (result is { Ok: true, Value: FileCell file } && !BlobKey.BelongsTo(file.Key, table.OrganizationId))
                result = CellResult.Invalid(NotOurFile);
            if (result.Ok)
            {
                convertible++;
                if (result.Value is not null) values?.Add((rowId, result.Value));
            }
            else if (failures.Count < PreviewFailures)
                failures.Add(new ConversionFailure(rowId, ColumnValues.ToText(from, value), result.Reason ?? "It can't be converted."));
        }
        return new Conversion(from, new TypeChangePreview(column.Type.WireName(), to.Type.WireName(), convertible, total, failures), values);
    }

    /// <summary>Validates a type change's target: a known type other than the current one, options for a select, a table for a link.</summary>
    private static async Task<Target> TargetAsync(IBuilderDbContext db, Actor actor, AutessaTable table, TableColumn column, TypeChange change, CancellationToken ct)
    {
        var validator = new Validator();
        var type = ColumnTypes.FromWireName(change.Type?.Trim());
        if (type is null) validator.Add("type", $"type must be one of: {string.Join(", ", ColumnTypes.All.Select(t => t.WireName()))}.");
        else if (type == column.Type) validator.Add("type", $"“{column.Name}” is already {type.Value.Label().ToLowerInvariant()}.");
        IReadOnlyList<string>? options = null;
        if (type is { } t && t.HasOptions())
        {
            options = change.Options ?? (column.Type.HasOptions() ? column.Options : null);
            if (ColumnLimits.CheckOptions(options) is { } problem) validator.Add("options", problem);
        }
        else if (change.Options is { Count: > 0 }) validator.Add("options", "Only a select column has options.");
        var probe = new TableColumn { Type = type ?? ColumnType.Text, LinkTableId = change.LinkTableId };
        if (type == ColumnType.Link) await CheckLinksAsync(db, actor, validator, table.OrganizationId, [probe], _ => "linkTableId", ct);
        else if (change.LinkTableId is not null) validator.Add("linkTableId", "Only a link column links to a table.");
        validator.ThrowIfInvalid();
        return new Target(new ColumnShape(type!.Value, options), type == ColumnType.Link ? change.LinkTableId : null);
    }

    private static string? ConvertDefault(string? json, ColumnShape from, ColumnShape to, Guid organizationId)
    {
        if (json is null) return null;
        var value = ColumnValues.FromJson(from, JsonNode.Parse(json));
        if (!value.Ok) return null;
        var converted = ColumnValues.Convert(value.Value, from, to);
        if (converted.Value is FileCell file && !BlobKey.BelongsTo(file.Key, organizationId)) return null;
        return converted.Ok ? ColumnValues.ToJson(to, converted.Value)?.ToJsonString() : null;
    }

    /// <summary>How many rows use each of <paramref name="options"/> (a single select's value, or one of a multiple select's).</summary>
    private static async Task<Dictionary<string, long>> OptionUseAsync(TableSchemaStore store, AutessaTable table, TableColumn column,
        IReadOnlyList<string> options, CancellationToken ct)
    {
        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var (_, value) in store.ReadColumnAsync(table, column, ct))
        {
            IEnumerable<string> held = value switch { string s => [s], IEnumerable<string> list => list, _ => [] };
            foreach (var option in held.Distinct(StringComparer.Ordinal).Where(h => options.Contains(h, StringComparer.Ordinal)))
                used[option] = used.GetValueOrDefault(option) + 1;
        }
        return used;
    }

    /// <summary>Validates a new column's definition (field names prefixed by <paramref name="prefix"/>), or null when it is invalid.</summary>
    private static TableColumn? BuildColumn(Validator validator, string prefix, ColumnInput input, ISet<string> taken, Guid organizationId)
    {
        var name = input.Name?.Trim();
        var before = validator.Count;
        CheckColumnName(validator, prefix + "name", name, taken);
        var type = ColumnTypes.FromWireName(input.Type?.Trim());
        if (type is null)
        {
            validator.Add(prefix + "type", $"type must be one of: {string.Join(", ", ColumnTypes.All.Select(t => t.WireName()))}.");
            return null;
        }
        var options = input.Options?.ToList() ?? [];
        if (type.Value.HasOptions())
        {
            if (ColumnLimits.CheckOptions(options) is { } problem) validator.Add(prefix + "options", problem);
        }
        else if (options.Count > 0) validator.Add(prefix + "options", $"Only a select column has options; this one is {type.Value.Label().ToLowerInvariant()}.");
        CheckFlags(validator, prefix, type.Value, input.Unique ?? false, input.Indexed ?? false, input.Searchable ?? false);
        if (type != ColumnType.Link && input.LinkTableId is not null) validator.Add(prefix + "linkTableId", "Only a link column links to a table.");
        var shape = new ColumnShape(type.Value, type.Value.HasOptions() ? options : null);
        var @default = input.Default is null ? null : CheckDefault(validator, prefix + "default", shape, input.Default, organizationId);
        if (name is not null) taken.Add(name);
        if (validator.Count != before) return null;
        return new TableColumn
        {
            Name = name!, Type = type.Value, Required = input.Required ?? false, Unique = input.Unique ?? false, Indexed = input.Indexed ?? false,
            Searchable = input.Searchable ?? false, Options = type.Value.HasOptions() ? options : [], Default = @default, LinkTableId = input.LinkTableId,
        };
    }

    private static void CheckFlags(Validator validator, string prefix, ColumnType type, bool unique, bool indexed, bool searchable)
    {
        var label = type.Label().ToLowerInvariant();
        validator.Check(!unique || type.CanBeIndexed(), prefix + "unique", $"A {label} column can't be unique.")
            .Check(!indexed || type.CanBeIndexed(), prefix + "indexed", $"A {label} column can't be indexed.")
            .Check(!searchable || type.CanBeSearchable(), prefix + "searchable", $"Only text and long text columns can be searchable; this one is {label}.");
    }

    /// <summary>The default as the column's JSON, or null (with the reason added) when the column can't hold it.</summary>
    private static string? CheckDefault(Validator validator, string field, ColumnShape shape, JsonNode node, Guid organizationId)
    {
        var value = ColumnValues.FromJson(shape, node);
        if (!value.Ok)
        {
            validator.Add(field, $"The default value is not a valid {shape.Type.Label().ToLowerInvariant()}: {value.Reason}");
            return null;
        }
        if (value.Value is FileCell file && !BlobKey.BelongsTo(file.Key, organizationId))
        {
            validator.Add(field, NotOurFile);
            return null;
        }
        return ColumnValues.ToJson(shape, value.Value)?.ToJsonString();
    }

    /// <summary>
    /// Each link column names a table of the same organization that is not in the trash and that the actor sees: a private
    /// table the actor can't see reads as missing, so a link column can't be used to probe its rows.
    /// </summary>
    private static async Task CheckLinksAsync(IBuilderDbContext db, Actor actor, Validator validator, Guid organizationId, IReadOnlyList<TableColumn> columns,
        Func<int, string> field, CancellationToken ct)
    {
        var wanted = columns.Where(c => c.Type == ColumnType.Link).Select(c => c.LinkTableId).OfType<Guid>().Distinct().ToList();
        var found = await db.AutessaTables.Where(t => t.OrganizationId == organizationId && wanted.Contains(t.Id)).VisibleTo(db, actor, organizationId).Select(t => t.Id).ToListAsync(ct);
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Type != ColumnType.Link) continue;
            if (columns[i].LinkTableId is not { } link) validator.Add(field(i), "A link column needs the table it links to (linkTableId).");
            else if (!found.Contains(link)) validator.Add(field(i), "The linked table does not exist in this organization.");
        }
    }

    private static void CheckName(Validator validator, string field, string? name, string label)
    {
        if (string.IsNullOrEmpty(name)) validator.Add(field, $"{label} is required.");
        else if (name.Length > AutessaTable.NameMax) validator.Add(field, $"{label} must be at most {AutessaTable.NameMax} characters.");
        else if (!TableNames.IsIdentifier(name))
            validator.Add(field, $"{label} must start with a lower-case letter and contain only lower-case letters, digits and underscores (for example customer_orders).");
    }

    private static void CheckColumnName(Validator validator, string field, string? name, ISet<string> taken)
    {
        var before = validator.Count;
        CheckName(validator, field, name, "Column name");
        if (validator.Count != before) return;
        if (TableNames.IsReserved(name!)) validator.Add(field, $"“{name}” is a system column's name; choose another.");
        else if (taken.Contains(name!)) validator.Add(field, $"A column named “{name}” already exists in this table.");
    }

    private static async Task<List<TableColumn>> ColumnsAsync(IBuilderDbContext db, Guid tableId, bool tracked, CancellationToken ct) =>
        await (tracked ? db.TableColumns : db.TableColumns.AsNoTracking()).Where(c => c.TableId == tableId).OrderBy(c => c.Position).ToListAsync(ct);

    private static TableColumn Find(TableSchema schema, Guid columnId) =>
        schema.Columns.FirstOrDefault(c => c.Id == columnId) ?? throw new NotFoundException(ColumnNotFound);

    /// <summary>A column with its table, loaded for a column drop (entities:delete, EDIT on the table); 404 for what the caller cannot see.</summary>
    private static async Task<(TableSchema Schema, TableColumn Column)> LoadColumnAsync(IBuilderDbContext db, Actor actor, Guid columnId, bool tracked,
        CancellationToken ct)
    {
        var tableId = await db.TableColumns.Where(c => c.Id == columnId).Select(c => (Guid?)c.TableId).FirstOrDefaultAsync(ct)
                      ?? throw new NotFoundException(ColumnNotFound);
        TableSchema schema;
        try
        {
            schema = await LoadSchemaAsync(db, actor, tableId, Permissions.EntitiesDelete, tracked, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(ColumnNotFound);
        }
        return (schema, Find(schema, columnId));
    }

    /// <summary>The next free public number: max+1, past any physical table left behind (the unique index guards the race).</summary>
    private static async Task<int> FreeNumberAsync(IBuilderDbContext db, TableSchemaStore store, CancellationToken ct)
    {
        var number = await PublicNumbers.NextAsync(db.AutessaTables, ct);
        while (await store.TableExistsAsync(number, ct)) number++;
        return number;
    }

    /// <summary>
    /// Runs a schema change of a loaded table in one transaction. Two changes of one table at once both load the schema first;
    /// the second then works on physical columns the first has replaced or added, and the database refuses (no such column,
    /// duplicate column, a busy snapshot). That is a 409 "changed meanwhile", not a provider error naming physical columns.
    /// </summary>
    private async Task SchemaChangeAsync(TableSchemaStore store, AutessaTable table, Func<Task> work, CancellationToken ct)
    {
        var loaded = table.Version;
        try
        {
            await store.InTransactionAsync(work, ct);
        }
        catch (System.Data.Common.DbException)
        {
            await using var fresh = dbs.Create();
            var current = await fresh.AutessaTables.AsNoTracking().Where(t => t.Id == table.Id).Select(t => (Guid?)t.Version).FirstOrDefaultAsync(ct);
            if (current != loaded)
                throw new ConflictException("The table was changed by someone else while this change ran.", "Nothing was changed: reload the table and try again.");
            throw;
        }
    }

    private const string NotOurFile = "It is not a file of this organization: upload the file and use the key the upload returns.";

    private static string Duplicate(string name) => $"A table named '{name}' already exists in this organization";

    private static string Rows(long count) => count == 1 ? "1 row" : $"{count} rows";

    private static string Quoted(TableColumn column, object? value) => $"“{ColumnValues.ToText(column.Shape, value)}”";

    private static AuditSubject Subject(AutessaTable t) => t.ToAuditSubject();

    private static async Task<TableView> ViewAsync(IBuilderDbContext db, Actor actor, TableSchema schema, CancellationToken ct) =>
        View(schema.Table, schema.Columns) with { Ownership = await db.OwnershipOfAsync(actor, schema.Table, ct) };

    private static TableView View(AutessaTable t, IReadOnlyList<TableColumn> columns) =>
        new(t.Id, t.Number, t.OrganizationId, t.Name, t.Description, t.Kind == TableKind.KnowledgeBase ? "knowledge_base" : "table",
            columns.OrderBy(c => c.Position).Select(ColumnView).ToList(), t.CreatedAt, t.UpdatedAt, t.UpdatedBy, t.Version);

    public static ColumnView ColumnView(TableColumn c) =>
        new(c.Id, c.Name, c.Type.WireName(), c.Type.Label(), c.Position, c.Required, c.Unique, c.Indexed, c.Searchable, c.Options,
            c.Default is null ? null : JsonNode.Parse(c.Default), c.LinkTableId);
}
