using System.Text.RegularExpressions;
using Builder.Domain.Tables.Rows;

namespace Builder.Domain.Tables.Storage;

/// <summary>
/// The SQL of one database provider for the physical tables of AutessaDB tables: quoting, the physical type of each
/// <see cref="ColumnType"/> (TABLES-CONTRACT.md), the DDL statements, and how a cell's .NET value is written and read.
/// Only physical names (<c>adb_{Number}</c>, <c>c{Key}</c>, the system columns, the index names made of them) ever become SQL
/// text: <see cref="Quote"/> refuses anything else.
/// </summary>
public interface ITableDialect
{
    /// <summary>"sqlite" or "sqlserver".</summary>
    string Name { get; }

    /// <summary>A quoted physical identifier. Throws for anything that is not a physical name (a name a person typed never gets here).</summary>
    string Quote(string identifier);

    /// <summary>The physical type of a user column.</summary>
    string TypeName(ColumnType type);

    /// <summary>CREATE TABLE with the system columns (id, created_at, updated_at, created_by) and the given user columns, all nullable.</summary>
    string CreateTable(string table, IEnumerable<(string Column, ColumnType Type)> columns);

    string AddColumn(string table, string column, ColumnType type);
    string DropColumn(string table, string column);

    /// <summary>A plain index <c>ix_{table}_{column}</c>, or a unique one <c>ux_{table}_{column}</c> (SQL Server: filtered on NOT NULL, so empty cells do not clash).</summary>
    string CreateIndex(string table, string column, bool unique);
    string DropIndex(string table, string column, bool unique);
    string DropTable(string table);

    /// <summary>The value a parameter carries for a cell of <paramref name="type"/> (DBNull for an empty cell): <see cref="CellStorage.ToProvider"/>.</summary>
    object ToDb(ColumnType type, object? value);

    /// <summary>A cell read from the database in its .NET shape (<see cref="ColumnType"/>'s remarks); null for an empty cell: <see cref="CellStorage.FromProvider"/>.</summary>
    object? FromDb(ColumnType type, object? raw);
}

/// <summary>The dialects, chosen by the EF Core provider name of the context.</summary>
public static partial class TableDialects
{
    public static ITableDialect Sqlite { get; } = new SqliteTableDialect();
    public static ITableDialect SqlServer { get; } = new SqlServerTableDialect();

    /// <summary>The dialect of an EF Core provider (<c>db.Database.ProviderName</c>).</summary>
    public static ITableDialect For(string? providerName) => providerName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => Sqlite,
        "Microsoft.EntityFrameworkCore.SqlServer" => SqlServer,
        _ => throw new NotSupportedException($"AutessaDB tables do not support the database provider '{providerName}'."),
    };

    /// <summary>The system columns' physical names.</summary>
    public const string Id = "id", CreatedAt = "created_at", UpdatedAt = "updated_at", CreatedBy = "created_by";

    public static string IndexName(string table, string column, bool unique) => $"{(unique ? "ux" : "ix")}_{table}_{column}";

    [GeneratedRegex("^(adb_[0-9]{1,10}|c[0-9]{1,10}|id|created_at|updated_at|created_by|(ix|ux)_adb_[0-9]{1,10}_c[0-9]{1,10})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    internal static partial Regex PhysicalName();

    internal static string Checked(string identifier) => PhysicalName().IsMatch(identifier)
        ? identifier
        : throw new ArgumentException($"'{identifier}' is not a physical name of an AutessaDB table.", nameof(identifier));
}

/// <summary>SQLite: everything that is not a number is TEXT; dates as sortable ISO text; booleans 0/1; decimals REAL.</summary>
internal sealed class SqliteTableDialect : ITableDialect
{
    public string Name => "sqlite";

    public string Quote(string identifier) => $"\"{TableDialects.Checked(identifier)}\"";

    public string TypeName(ColumnType type) => type switch
    {
        ColumnType.Integer or ColumnType.Boolean or ColumnType.Link => "INTEGER",
        ColumnType.Decimal => "REAL",
        _ => "TEXT",
    };

    public string CreateTable(string table, IEnumerable<(string Column, ColumnType Type)> columns)
    {
        var parts = new List<string>
        {
            $"{Quote(TableDialects.Id)} INTEGER PRIMARY KEY AUTOINCREMENT",
            $"{Quote(TableDialects.CreatedAt)} TEXT NOT NULL",
            $"{Quote(TableDialects.UpdatedAt)} TEXT NOT NULL",
            $"{Quote(TableDialects.CreatedBy)} TEXT NULL",
        };
        parts.AddRange(columns.Select(c => $"{Quote(c.Column)} {TypeName(c.Type)} NULL"));
        return $"CREATE TABLE {Quote(table)} ({string.Join(", ", parts)})";
    }

    public string AddColumn(string table, string column, ColumnType type) =>
        $"ALTER TABLE {Quote(table)} ADD COLUMN {Quote(column)} {TypeName(type)} NULL";

    public string DropColumn(string table, string column) => $"ALTER TABLE {Quote(table)} DROP COLUMN {Quote(column)}";

    public string CreateIndex(string table, string column, bool unique) =>
        $"CREATE {(unique ? "UNIQUE " : "")}INDEX {Quote(TableDialects.IndexName(table, column, unique))} ON {Quote(table)} ({Quote(column)})";

    public string DropIndex(string table, string column, bool unique) => $"DROP INDEX {Quote(TableDialects.IndexName(table, column, unique))}";

    public string DropTable(string table) => $"DROP TABLE {Quote(table)}";

    public object ToDb(ColumnType type, object? value) => CellStorage.ToProvider(SqlProvider.Sqlite, type, value).Value;

    public object? FromDb(ColumnType type, object? raw) => CellStorage.FromProvider(type, raw);
}

/// <summary>SQL Server: native types (bigint, decimal(38,10), bit, date, datetime2(7)); JSON as nvarchar(max).</summary>
internal sealed class SqlServerTableDialect : ITableDialect
{
    public string Name => "sqlserver";

    public string Quote(string identifier) => $"[{TableDialects.Checked(identifier)}]";

    public string TypeName(ColumnType type) => type switch
    {
        ColumnType.Text or ColumnType.SingleSelect => "nvarchar(500)",
        ColumnType.Integer or ColumnType.Link => "bigint",
        ColumnType.Decimal => "decimal(38,10)",
        ColumnType.Boolean => "bit",
        ColumnType.Date => "date",
        ColumnType.DateTime => "datetime2(7)",
        _ => "nvarchar(max)",
    };

    public string CreateTable(string table, IEnumerable<(string Column, ColumnType Type)> columns)
    {
        var parts = new List<string>
        {
            $"{Quote(TableDialects.Id)} bigint IDENTITY(1,1) NOT NULL PRIMARY KEY",
            $"{Quote(TableDialects.CreatedAt)} datetime2(7) NOT NULL",
            $"{Quote(TableDialects.UpdatedAt)} datetime2(7) NOT NULL",
            $"{Quote(TableDialects.CreatedBy)} uniqueidentifier NULL",
        };
        parts.AddRange(columns.Select(c => $"{Quote(c.Column)} {TypeName(c.Type)} NULL"));
        return $"CREATE TABLE {Quote(table)} ({string.Join(", ", parts)})";
    }

    public string AddColumn(string table, string column, ColumnType type) =>
        $"ALTER TABLE {Quote(table)} ADD {Quote(column)} {TypeName(type)} NULL";

    public string DropColumn(string table, string column) => $"ALTER TABLE {Quote(table)} DROP COLUMN {Quote(column)}";

    public string CreateIndex(string table, string column, bool unique) => unique
        ? $"CREATE UNIQUE INDEX {Quote(TableDialects.IndexName(table, column, true))} ON {Quote(table)} ({Quote(column)}) WHERE {Quote(column)} IS NOT NULL"
        : $"CREATE INDEX {Quote(TableDialects.IndexName(table, column, false))} ON {Quote(table)} ({Quote(column)})";

    public string DropIndex(string table, string column, bool unique) =>
        $"DROP INDEX {Quote(TableDialects.IndexName(table, column, unique))} ON {Quote(table)}";

    public string DropTable(string table) => $"DROP TABLE {Quote(table)}";

    public object ToDb(ColumnType type, object? value) => CellStorage.ToProvider(SqlProvider.SqlServer, type, value).Value;

    public object? FromDb(ColumnType type, object? raw) => CellStorage.FromProvider(type, raw);
}
