using Builder.Data;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.Tables;
using Builder.Domain.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Tables;

/// <summary>
/// A real SQLite file database with the domain registered as the app registers it (AddBuilderDomain), the seeded actors,
/// and plain-SQL helpers for rows (row storage is not this feature's: the tests write and read cells directly).
/// </summary>
public abstract class TableTestContext : IAsyncLifetime
{
    protected FileTestDatabase Db = null!;
    private ServiceProvider _services = null!;
    protected Guid Acme, Globex;
    protected Actor System = null!, Admin = null!, Reviewer = null!, Builder = null!, Guest = null!, GlobexAdmin = null!, ApiKey = null!;

    public async Task InitializeAsync()
    {
        Db = await FileTestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBuilderDomain();
        services.AddSingleton<IBuilderDbContextFactory>(Db);
        services.AddSingleton<ISecretProtector>(new DataProtectionSecretProtector(new EphemeralDataProtectionProvider()));
        services.AddHttpClient();
        services.AddSingleton<IModelGateway, ModelGateway>();
        Configure(services);
        _services = services.BuildServiceProvider();
        Acme = await Db.OrganizationIdAsync("Acme Corp");
        Globex = await Db.OrganizationIdAsync("Globex");
        System = await Db.ActorAsync("system@builder.local");
        Admin = await Db.ActorAsync("admin@acme.test");
        Reviewer = await Db.ActorAsync("reviewer@acme.test");
        Builder = await Db.ActorAsync("builder@acme.test");
        Guest = await Db.ActorAsync("guest@acme.test");
        GlobexAdmin = await Db.ActorAsync("admin@globex.test");
        ApiKey = Admin with { ApiKeyOrganizationId = Acme };
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await Db.DisposeAsync();
    }

    /// <summary>Adds or replaces services before the provider is built (a test's embedding model, blob store).</summary>
    protected virtual void Configure(IServiceCollection services) { }

    protected T Get<T>() where T : notnull => _services.CreateScope().ServiceProvider.GetRequiredService<T>();

    protected TableService Tables => Get<TableService>();

    protected static ColumnInput Column(string name, string type = "text", bool? required = null, bool? unique = null, bool? indexed = null,
        IReadOnlyList<string>? options = null) => new(name, type, required, unique, indexed, null, options);

    protected Task<TableView> CreateAsync(string name = "orders", params ColumnInput[] columns) =>
        Tables.CreateAsync(Admin, Acme, new TableInput(name, null, columns.Length == 0 ? [Column("title")] : columns));

    /// <summary>Inserts a row with plain SQL: cells by column name, as the database stores them (TEXT, INTEGER, REAL).</summary>
    protected async Task<long> InsertAsync(TableView table, params (string Column, object? Value)[] cells)
    {
        var keys = await KeysAsync(table.Id);
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        var names = new List<string> { "created_at", "updated_at" };
        var values = new List<string> { "'2026-12-02T00:00:00.0000000Z'", "'2026-12-02T00:00:00.0000000Z'" };
        for (var i = 0; i < cells.Length; i++)
        {
            names.Add($"c{keys[cells[i].Column]}");
            values.Add($"$v{i}");
            command.Parameters.AddWithValue($"$v{i}", cells[i].Value ?? DBNull.Value);
        }
        command.CommandText = $"INSERT INTO adb_{table.TableId} ({string.Join(", ", names)}) VALUES ({string.Join(", ", values)}); SELECT last_insert_rowid();";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A column's raw cells by row id, read with plain SQL.</summary>
    protected async Task<Dictionary<long, object?>> CellsAsync(TableView table, string column)
    {
        var key = (await KeysAsync(table.Id))[column];
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, c{key} FROM adb_{table.TableId} ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var cells = new Dictionary<long, object?>();
        while (await reader.ReadAsync()) cells[reader.GetInt64(0)] = reader.IsDBNull(1) ? null : reader.GetValue(1);
        return cells;
    }

    /// <summary>The physical columns of a table (PRAGMA table_info), or empty when the table does not exist.</summary>
    protected async Task<List<string>> PhysicalColumnsAsync(int tableId)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('adb_{tableId}')";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>The indexes of a table (sqlite_master), by name.</summary>
    protected async Task<List<string>> IndexesAsync(int tableId)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'adb_{tableId}' AND sql IS NOT NULL ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    protected async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected async Task<Dictionary<string, int>> KeysAsync(Guid tableId)
    {
        await using var db = Db.Context();
        return db.TableColumns.Where(c => c.TableId == tableId).ToDictionary(c => c.Name, c => c.Key);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        await using var db = Db.Context();
        var connection = new SqliteConnection(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetConnectionString(db.Database));
        await connection.OpenAsync();
        return connection;
    }
}
