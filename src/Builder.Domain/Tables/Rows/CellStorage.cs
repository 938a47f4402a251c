using System.Data;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Builder.Domain.Tables.Rows;

/// <summary>A value as a provider stores it (never null: <see cref="DBNull.Value"/>) with the parameter type to send it as.</summary>
public readonly record struct ProviderValue(object Value, DbType Type)
{
    public static ProviderValue Null(DbType type) => new(DBNull.Value, type);
}

/// <summary>
/// Converts between the .NET shape of a cell (<see cref="ColumnType"/>'s remarks) and what each provider stores (the storage
/// contract's table), both ways. A null or an empty multi-select is an empty cell (NULL).
/// <list type="bullet">
/// <item>SQLite: text types TEXT; integer/link INTEGER; decimal REAL (at most 15 significant digits, so it round-trips);
/// boolean 0/1; date <c>yyyy-MM-dd</c>; datetime <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c> (UTC, sorts as text); multi-select,
/// JSON and file compact JSON text.</item>
/// <item>SQL Server: nvarchar; bigint; decimal(38,10); bit; date; datetime2(7); JSON as nvarchar(max).</item>
/// </list>
/// </summary>
public static class CellStorage
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web);

    /// <summary>The parameter type of a column type on a provider.</summary>
    public static DbType DbTypeOf(SqlProvider provider, ColumnType type) => type switch
    {
        ColumnType.Integer or ColumnType.Link => DbType.Int64,
        ColumnType.Decimal => provider == SqlProvider.Sqlite ? DbType.Double : DbType.Decimal,
        ColumnType.Boolean => provider == SqlProvider.Sqlite ? DbType.Int64 : DbType.Boolean,
        ColumnType.Date => provider == SqlProvider.Sqlite ? DbType.String : DbType.Date,
        ColumnType.DateTime => provider == SqlProvider.Sqlite ? DbType.String : DbType.DateTime2,
        _ => DbType.String,
    };

    /// <summary>A cell's .NET value as <paramref name="provider"/> stores it in a column of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentException">The value is not the shape of that type (a programming error: values are validated first).</exception>
    public static ProviderValue ToProvider(SqlProvider provider, ColumnType type, object? value)
    {
        var dbType = DbTypeOf(provider, type);
        if (value is null) return ProviderValue.Null(dbType);
        var sqlite = provider == SqlProvider.Sqlite;
        object stored = (type, value) switch
        {
            (ColumnType.Text or ColumnType.LongText or ColumnType.SingleSelect, string text) => text,
            (ColumnType.Integer or ColumnType.Link, long number) => number,
            (ColumnType.Integer or ColumnType.Link, int number) => (long)number,
            (ColumnType.Decimal, decimal number) => sqlite ? (double)number : number,
            (ColumnType.Boolean, bool flag) => sqlite ? (flag ? 1L : 0L) : flag,
            (ColumnType.Date, DateOnly date) => sqlite ? date.ToString(DateFormat, CultureInfo.InvariantCulture) : date.ToDateTime(TimeOnly.MinValue),
            (ColumnType.DateTime, DateTime at) => sqlite ? Utc(at).ToString(DateTimeFormat, CultureInfo.InvariantCulture) : Utc(at),
            (ColumnType.MultiSelect, IEnumerable<string> options) => MultiSelectText(options),
            (ColumnType.Json, JsonNode node) => node.ToJsonString(),
            (ColumnType.File, FileCell file) => JsonSerializer.Serialize(file, FileJson),
            _ => throw new ArgumentException($"A {type.WireName()} cell cannot hold a {value.GetType().Name}.", nameof(value)),
        };
        return stored is DBNull ? ProviderValue.Null(dbType) : new ProviderValue(stored, dbType);
    }

    /// <summary>What a reader returned for a column of <paramref name="type"/>, as the cell's .NET value (null for NULL).</summary>
    public static object? FromProvider(ColumnType type, object? raw)
    {
        if (raw is null or DBNull) return null;
        return type switch
        {
            ColumnType.Text or ColumnType.LongText or ColumnType.SingleSelect => Convert.ToString(raw, CultureInfo.InvariantCulture),
            ColumnType.Integer or ColumnType.Link => Convert.ToInt64(raw, CultureInfo.InvariantCulture),
            // A double read back from REAL goes through 15 significant digits: the decimal that was written (ColumnValues allows no more).
            ColumnType.Decimal => raw is double d ? decimal.Parse(d.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture)
                : Convert.ToDecimal(raw, CultureInfo.InvariantCulture),
            ColumnType.Boolean => raw is bool b ? b : Convert.ToInt64(raw, CultureInfo.InvariantCulture) != 0,
            ColumnType.Date => raw switch
            {
                DateOnly date => date,
                DateTime at => DateOnly.FromDateTime(at),
                _ => DateOnly.ParseExact(Convert.ToString(raw, CultureInfo.InvariantCulture)!, DateFormat, CultureInfo.InvariantCulture),
            },
            ColumnType.DateTime => ReadDateTime(raw),
            ColumnType.MultiSelect => JsonSerializer.Deserialize<List<string>>((string)raw) ?? [],
            ColumnType.Json => JsonNode.Parse((string)raw),
            ColumnType.File => JsonSerializer.Deserialize<FileCell>((string)raw, FileJson),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
    }

    /// <summary>A system date (created_at, updated_at) as a provider stores it: the datetime column's format.</summary>
    public static ProviderValue Timestamp(SqlProvider provider, DateTime at) => ToProvider(provider, ColumnType.DateTime, at);

    /// <summary>The member id created_by holds: lower-case text on SQLite, a uniqueidentifier on SQL Server.</summary>
    public static ProviderValue Member(SqlProvider provider, Guid id) => provider == SqlProvider.Sqlite
        ? new ProviderValue(id.ToString("D"), DbType.String)
        : new ProviderValue(id, DbType.Guid);

    public static Guid? ReadMember(object? raw) => raw switch
    {
        null or DBNull => null,
        Guid id => id,
        string text when Guid.TryParse(text, out var id) => id,
        _ => null,
    };

    /// <summary>A system date read back (text on SQLite, datetime2 on SQL Server), in UTC.</summary>
    public static DateTime ReadDateTime(object raw) => raw switch
    {
        DateTime at => DateTime.SpecifyKind(at, DateTimeKind.Utc),
        DateTimeOffset at => at.UtcDateTime,
        _ => DateTime.Parse(Convert.ToString(raw, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
    };

    private static DateTime Utc(DateTime at) => at.Kind switch
    {
        DateTimeKind.Local => at.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(at, DateTimeKind.Utc),
        _ => at,
    };

    private static object MultiSelectText(IEnumerable<string> options)
    {
        var list = options.ToList();
        return list.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(list);
    }
}
