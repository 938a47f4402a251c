using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

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

    /// <summary>The value a parameter carries for a cell of <paramref name="type"/> (DBNull for an empty cell).</summary>
    object ToDb(ColumnType type, object? value);

    /// <summary>A cell read from the database in its .NET shape (<see cref="ColumnType"/>'s remarks); null for an empty cell.</summary>
    object? FromDb(ColumnType type, object? raw);

    /// <summary>The value a parameter carries for created_at/updated_at.</summary>
    object TimestampToDb(DateTime utc);

    /// <summary>The value a parameter carries for created_by.</summary>
    object MemberToDb(Guid? member);
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

    [GeneratedRegex("^(adb_[0-9]{1,10}|c[0-9]{1,10}|id|created_at|updated_at|created_by|(ix|ux)_adb_[0-9]{1,10}_c[0-9]{1,10})$", RegexOptions.CultureInvariant)]
    internal static partial Regex PhysicalName();

    internal static string Checked(string identifier) => PhysicalName().IsMatch(identifier)
        ? identifier
        : throw new ArgumentException($"'{identifier}' is not a physical name of an AutessaDB table.", nameof(identifier));

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    internal const string DateFormat = "yyyy-MM-dd";
    internal const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The JSON text of a multi select, JSON or file cell.</summary>
    internal static string JsonText(ColumnType type, object value) => type switch
    {
        ColumnType.MultiSelect => JsonSerializer.Serialize(value as IEnumerable<string> ?? throw Shape(type, value), Json),
        ColumnType.Json => value is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(value, Json),
        ColumnType.File => JsonSerializer.Serialize(value as FileCell ?? throw Shape(type, value), Json),
        _ => throw Shape(type, value),
    };

    internal static object? FromJsonText(ColumnType type, string text) => type switch
    {
        ColumnType.MultiSelect => JsonSerializer.Deserialize<List<string>>(text, Json),
        ColumnType.Json => JsonNode.Parse(text),
        ColumnType.File => JsonSerializer.Deserialize<FileCell>(text, Json),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    internal static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    internal static ArgumentException Shape(ColumnType type, object? value) =>
        new($"A {type.WireName()} cell cannot hold a {value?.GetType().Name ?? "null"}.");

    internal static long ToLong(object raw) => raw switch
    {
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        decimal d => (long)d,
        double d => (long)d,
        bool b => b ? 1 : 0,
        string s => long.Parse(s, CultureInfo.InvariantCulture),
        _ => System.Convert.ToInt64(raw, CultureInfo.InvariantCulture),
    };
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

    public object ToDb(ColumnType type, object? value)
    {
        if (value is null) return DBNull.Value;
        return type switch
        {
            ColumnType.Text or ColumnType.LongText or ColumnType.SingleSelect => value as string ?? throw TableDialects.Shape(type, value),
            ColumnType.Integer or ColumnType.Link => TableDialects.ToLong(value),
            ColumnType.Decimal => value switch { decimal d => (double)d, double d => d, long l => (double)l, _ => throw TableDialects.Shape(type, value) },
            ColumnType.Boolean => value is bool b ? (b ? 1L : 0L) : throw TableDialects.Shape(type, value),
            ColumnType.Date => value is DateOnly d ? d.ToString(TableDialects.DateFormat, CultureInfo.InvariantCulture) : throw TableDialects.Shape(type, value),
            ColumnType.DateTime => value is DateTime t
                ? TableDialects.Utc(t).ToString(TableDialects.DateTimeFormat, CultureInfo.InvariantCulture)
                : throw TableDialects.Shape(type, value),
            _ => TableDialects.JsonText(type, value),
        };
    }

    public object? FromDb(ColumnType type, object? raw)
    {
        if (raw is null or DBNull) return null;
        return type switch
        {
            ColumnType.Text or ColumnType.LongText or ColumnType.SingleSelect => System.Convert.ToString(raw, CultureInfo.InvariantCulture),
            ColumnType.Integer or ColumnType.Link => TableDialects.ToLong(raw),
            // REAL holds a double: at most 15 significant digits come back exactly, which is what ColumnValues allows.
            ColumnType.Decimal => raw switch
            {
                double d => (decimal)d,
                long l => l,
                string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => System.Convert.ToDecimal(raw, CultureInfo.InvariantCulture),
            },
            ColumnType.Boolean => TableDialects.ToLong(raw) != 0,
            ColumnType.Date => DateOnly.ParseExact((string)raw, TableDialects.DateFormat, CultureInfo.InvariantCulture),
            ColumnType.DateTime => TableDialects.Utc(DateTime.Parse((string)raw, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)),
            _ => TableDialects.FromJsonText(type, (string)raw),
        };
    }

    public object TimestampToDb(DateTime utc) => TableDialects.Utc(utc).ToString(TableDialects.DateTimeFormat, CultureInfo.InvariantCulture);

    public object MemberToDb(Guid? member) => member is { } m ? m.ToString() : DBNull.Value;
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

    public object ToDb(ColumnType type, object? value)
    {
        if (value is null) return DBNull.Value;
        return type switch
        {
            ColumnType.Text or ColumnType.LongText or ColumnType.SingleSelect => value as string ?? throw TableDialects.Shape(type, value),
            ColumnType.Integer or ColumnType.Link => TableDialects.ToLong(value),
            ColumnType.Decimal => value switch { decimal d => d, double d => (decimal)d, long l => (decimal)l, _ => throw TableDialects.Shape(type, value) },
            ColumnType.Boolean => value is bool b ? b : throw TableDialects.Shape(type, value),
            ColumnType.Date => value is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : throw TableDialects.Shape(type, value),
            ColumnType.DateTime => value is DateTime t ? TableDialects.Utc(t) : throw TableDialects.Shape(type, value),
            _ => TableDialects.JsonText(type, value),
        };
    }

    public object? FromDb(ColumnType type, object? raw)
    {
        if (raw is null or DBNull) return null;
        return type switch
        {
            ColumnType.Text or ColumnType.LongText or ColumnType.SingleSelect => System.Convert.ToString(raw, CultureInfo.InvariantCulture),
            ColumnType.Integer or ColumnType.Link => TableDialects.ToLong(raw),
            ColumnType.Decimal => System.Convert.ToDecimal(raw, CultureInfo.InvariantCulture),
            ColumnType.Boolean => raw is bool b ? b : TableDialects.ToLong(raw) != 0,
            ColumnType.Date => raw switch { DateOnly d => d, DateTime t => DateOnly.FromDateTime(t), _ => DateOnly.Parse(raw.ToString()!, CultureInfo.InvariantCulture) },
            ColumnType.DateTime => TableDialects.Utc((DateTime)raw),
            _ => TableDialects.FromJsonText(type, (string)raw),
        };
    }

    public object TimestampToDb(DateTime utc) => TableDialects.Utc(utc);

    public object MemberToDb(Guid? member) => member is { } m ? m : DBNull.Value;
}
