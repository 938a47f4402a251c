using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Tables;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Tables.Rows;

/// <summary>
/// Creates AutessaDB tables for row tests: the metadata (<see cref="AutessaTable"/>, <see cref="TableColumn"/>) and the physical
/// SQLite table as the storage contract lays it out (system columns, <c>c{Key}</c> per column, the unique indexes), without the
/// schema service, so the row tests depend only on the contract.
/// </summary>
internal static class RowTestTables
{
    private static int _next = 1000;

    public sealed record Column(string Name, ColumnType Type, bool Required = false, bool Unique = false, string? Default = null,
        string[]? Options = null, Guid? LinkTableId = null, bool Searchable = false);

    public static async Task<AutessaTable> CreateAsync(IBuilderDbContextFactory dbs, Guid organizationId, Guid ownerId, string name,
        params Column[] columns)
    {
        var number = Interlocked.Increment(ref _next);
        var table = new AutessaTable
        {
            OrganizationId = organizationId, OwnerId = ownerId, Number = number, Name = name,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "test", NextColumnKey = columns.Length + 1,
        };
        await using var db = dbs.Create();
        db.AutessaTables.Add(table);
        var definitions = new List<string>();
        var indexes = new List<string>();
        for (var i = 0; i < columns.Length; i++)
        {
            var c = columns[i];
            var key = i + 1;
            db.TableColumns.Add(new TableColumn
            {
                TableId = table.Id, Key = key, Name = c.Name, Type = c.Type, Position = i, Required = c.Required, Unique = c.Unique,
                Default = c.Default, Options = c.Options?.ToList() ?? [], LinkTableId = c.LinkTableId, Searchable = c.Searchable,
            });
            definitions.Add($"c{key} {(c.Type switch
            {
                ColumnType.Integer or ColumnType.Link or ColumnType.Boolean => "INTEGER",
                ColumnType.Decimal => "REAL",
                _ => "TEXT",
            })}");
            if (c.Unique) indexes.Add($"CREATE UNIQUE INDEX ux_adb_{number}_c{key} ON adb_{number} (c{key})");
        }
        await db.SaveChangesAsync();
        var context = (DbContext)db;
        await context.Database.ExecuteSqlRawAsync(
            $"CREATE TABLE adb_{number} (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT NOT NULL"
            + string.Concat(definitions.Select(d => ", " + d)) + ")");
        foreach (var index in indexes) await context.Database.ExecuteSqlRawAsync(index);
        return table;
    }

    public static async Task ShareAsync(IBuilderDbContextFactory dbs, AutessaTable table, SharingLevel level, Guid? userId = null, AccessLevel share = AccessLevel.View)
    {
        await using var db = dbs.Create();
        var stored = await db.AutessaTables.SingleAsync(t => t.Id == table.Id);
        stored.SharingLevel = level;
        if (userId is { } user)
            db.ResourceShares.Add(new ResourceShare { ResourceType = AutessaTable.ResourceType, ResourceId = table.Id, UserId = user, OrganizationId = table.OrganizationId, Level = share });
        await db.SaveChangesAsync();
    }

    /// <summary>How many rows the physical table holds.</summary>
    public static async Task<long> CountAsync(IBuilderDbContextFactory dbs, AutessaTable table)
    {
        await using var db = dbs.Create();
        var context = (DbContext)db;
        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM adb_{table.Number}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
