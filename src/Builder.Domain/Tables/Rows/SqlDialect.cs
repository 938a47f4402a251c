using System.Data;
using System.Text;
using System.Text.RegularExpressions;

namespace Builder.Domain.Tables.Rows;

/// <summary>The two databases row SQL is written for.</summary>
public enum SqlProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>
/// Everything that differs between SQLite and SQL Server for AutessaDB tables, one instance per provider: the provider chosen
/// from the EF Core provider name, identifier quoting, the DDL of the storage contract (docs/TABLES-CONTRACT.md: physical
/// types, CREATE/ALTER/DROP, indexes) and the row SQL (paging, LIKE escaping, INSERT … returning the id), and how a cell's
/// .NET value is written and read (<see cref="CellStorage"/>). Only identifiers this code makes — physical names
/// (<c>adb_{Number}</c>, <c>c{Key}</c>, the system columns, the index names made of them) and query aliases (<c>t</c>,
/// <c>j0</c>…) — ever become SQL text: <see cref="Quote"/> refuses anything else; every value goes in as a parameter.
/// </summary>
public sealed partial class SqlDialect
{
    public static SqlDialect Sqlite { get; } = new(SqlProvider.Sqlite);
    public static SqlDialect SqlServer { get; } = new(SqlProvider.SqlServer);

    private SqlDialect(SqlProvider provider) => Provider = provider;

    public SqlProvider Provider { get; }

    /// <summary>"sqlite" or "sqlserver".</summary>
    public string Name => Provider == SqlProvider.Sqlite ? "sqlite" : "sqlserver";

    public static SqlDialect For(SqlProvider provider) => provider == SqlProvider.Sqlite ? Sqlite : SqlServer;

    /// <summary>The dialect of an EF Core provider name (<c>db.Database.ProviderName</c>); anything else is refused.</summary>
    public static SqlDialect ForProviderName(string? providerName) => providerName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => Sqlite,
        "Microsoft.EntityFrameworkCore.SqlServer" => SqlServer,
        _ => throw new NotSupportedException($"AutessaDB tables do not support the database provider '{providerName}'."),
    };

    // ------------------------------------------------------------ identifiers

    /// <summary>The system columns' physical names.</summary>
    public const string Id = "id", CreatedAt = "created_at", UpdatedAt = "updated_at", CreatedBy = "created_by";

    public static string IndexName(string table, string column, bool unique) => $"{(unique ? "ux" : "ix")}_{table}_{column}";

    [GeneratedRegex("^(adb_[0-9]{1,10}|c[0-9]{1,10}|id|created_at|updated_at|created_by|(ix|ux)_adb_[0-9]{1,10}_c[0-9]{1,10}|t|j[0-9]{1,2})$",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Generated();

    /// <summary>True for the identifiers this code generates: physical names and query aliases.</summary>
    public static bool SafeIdentifier(string identifier) => Generated().IsMatch(identifier);

    /// <summary>A quoted identifier. Only names made by this code get here (a name a person typed never does): anything else throws.</summary>
    public string Quote(string identifier)
    {
        if (!SafeIdentifier(identifier)) throw new ArgumentException($"'{identifier}' is not a physical name or alias of an AutessaDB table.", nameof(identifier));
        return Provider == SqlProvider.Sqlite ? $"\"{identifier}\"" : $"[{identifier}]";
    }

    /// <summary><c>alias."c3"</c> / <c>alias.[c3]</c>.</summary>
    public string Column(string alias, string physical) => $"{Quote(alias)}.{Quote(physical)}";

    /// <summary>The quoted physical table of an AutessaDB table: <c>adb_{Number}</c>.</summary>
    public string Table(int number) => Quote(RowTable.PhysicalName(number));

    // ------------------------------------------------------------ DDL

    /// <summary>The physical type of a user column (SQLite: TEXT for all but numbers, REAL decimals; SQL Server: native types, JSON as nvarchar(max)).</summary>
    public string TypeName(ColumnType type) => Provider == SqlProvider.Sqlite
        ? type switch
        {
            ColumnType.Integer or ColumnType.Boolean or ColumnType.Link => "INTEGER",
            ColumnType.Decimal => "REAL",
            _ => "TEXT",
        }
        : type switch
        {
            ColumnType.Text or ColumnType.SingleSelect => "nvarchar(500)",
            ColumnType.Integer or ColumnType.Link => "bigint",
            ColumnType.Decimal => "decimal(38,10)",
            ColumnType.Boolean => "bit",
            ColumnType.Date => "date",
            ColumnType.DateTime => "datetime2(7)",
            _ => "nvarchar(max)",
        };

    /// <summary>CREATE TABLE with the system columns (id, created_at, updated_at, created_by) and the given user columns, all nullable.</summary>
    public string CreateTable(string table, IEnumerable<(string Column, ColumnType Type)> columns)
    {
        var parts = Provider == SqlProvider.Sqlite
            ? new List<string>
            {
                $"{Quote(Id)} INTEGER PRIMARY KEY AUTOINCREMENT", $"{Quote(CreatedAt)} TEXT NOT NULL", $"{Quote(UpdatedAt)} TEXT NOT NULL",
                $"{Quote(CreatedBy)} TEXT NULL",
            }
            : new List<string>
            {
                $"{Quote(Id)} bigint IDENTITY(1,1) NOT NULL PRIMARY KEY", $"{Quote(CreatedAt)} datetime2(7) NOT NULL",
                $"{Quote(UpdatedAt)} datetime2(7) NOT NULL", $"{Quote(CreatedBy)} uniqueidentifier NULL",
            };
        parts.AddRange(columns.Select(c => $"{Quote(c.Column)} {TypeName(c.Type)} NULL"));
        return $"CREATE TABLE {Quote(table)} ({string.Join(", ", parts)})";
    }

    public string AddColumn(string table, string column, ColumnType type) =>
        $"ALTER TABLE {Quote(table)} ADD {(Provider == SqlProvider.Sqlite ? "COLUMN " : "")}{Quote(column)} {TypeName(type)} NULL";

    public string DropColumn(string table, string column) => $"ALTER TABLE {Quote(table)} DROP COLUMN {Quote(column)}";

    /// <summary>A plain index <c>ix_{table}_{column}</c>, or a unique one <c>ux_{table}_{column}</c> (SQL Server: filtered on NOT NULL, so empty cells do not clash).</summary>
    public string CreateIndex(string table, string column, bool unique) =>
        $"CREATE {(unique ? "UNIQUE " : "")}INDEX {Quote(IndexName(table, column, unique))} ON {Quote(table)} ({Quote(column)})"
        + (unique && Provider == SqlProvider.SqlServer ? $" WHERE {Quote(column)} IS NOT NULL" : "");

    public string DropIndex(string table, string column, bool unique) =>
        $"DROP INDEX {Quote(IndexName(table, column, unique))}{(Provider == SqlProvider.SqlServer ? $" ON {Quote(table)}" : "")}";

    public string DropTable(string table) => $"DROP TABLE {Quote(table)}";

    // ------------------------------------------------------------ cells

    /// <summary>The value a parameter carries for a cell of <paramref name="type"/> (DBNull for an empty cell): <see cref="CellStorage.ToProvider"/>.</summary>
    public object ToDb(ColumnType type, object? value) => CellStorage.ToProvider(Provider, type, value).Value;

    /// <summary>A cell read from the database in its .NET shape; null for an empty cell: <see cref="CellStorage.FromProvider"/>.</summary>
    public object? FromDb(ColumnType type, object? raw) => CellStorage.FromProvider(type, raw);

    // ------------------------------------------------------------ rows

    /// <summary>The escape character every LIKE this code writes declares.</summary>
    public const char LikeEscape = '\\';

    /// <summary>The <c>ESCAPE</c> clause that goes with <see cref="LikePattern"/>.</summary>
    public string EscapeClause => " ESCAPE '\\'";

    /// <summary>
    /// A LIKE pattern that matches <paramref name="text"/> literally, with <c>%</c> before and/or after: <c>\</c>, <c>%</c> and
    /// <c>_</c> escaped, and <c>[</c> too on SQL Server (where it opens a character class).
    /// </summary>
    public string LikePattern(string text, bool anyBefore, bool anyAfter)
    {
        var escaped = new StringBuilder(text.Length + 8);
        if (anyBefore) escaped.Append('%');
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_' || (c == '[' && Provider == SqlProvider.SqlServer)) escaped.Append(LikeEscape);
            escaped.Append(c);
        }
        if (anyAfter) escaped.Append('%');
        return escaped.ToString();
    }

    /// <summary>The paging clause after an ORDER BY: <c>LIMIT … OFFSET …</c> or <c>OFFSET … ROWS FETCH NEXT … ROWS ONLY</c>.</summary>
    public string Paging(string offsetParameter, string limitParameter) => Provider == SqlProvider.Sqlite
        ? $" LIMIT {limitParameter} OFFSET {offsetParameter}"
        : $" OFFSET {offsetParameter} ROWS FETCH NEXT {limitParameter} ROWS ONLY";

    /// <summary>An INSERT that answers the new row's id.</summary>
    public string InsertReturningId(string table, IReadOnlyList<string> quotedColumns, IReadOnlyList<string> parameters) =>
        Provider == SqlProvider.Sqlite
            ? $"INSERT INTO {table} ({string.Join(", ", quotedColumns)}) VALUES ({string.Join(", ", parameters)}) RETURNING {Quote(Id)}"
            : $"INSERT INTO {table} ({string.Join(", ", quotedColumns)}) OUTPUT INSERTED.{Quote(Id)} VALUES ({string.Join(", ", parameters)})";
}

/// <summary>One parameter of a statement: its name (<c>@p0</c>), provider value (never null: <see cref="DBNull"/>) and type.</summary>
public sealed record SqlParameterValue(string Name, object Value, DbType Type);

/// <summary>The parameters a statement collects while its SQL is written; every value becomes one, numbered <c>@p0</c>, <c>@p1</c>…</summary>
public sealed class SqlParameters
{
    private readonly List<SqlParameterValue> _values = [];

    public SqlParameters() { }

    /// <summary>The parameters of a statement written before (<see cref="SqlStatement.Parameters"/>).</summary>
    public SqlParameters(IEnumerable<SqlParameterValue> values) => _values.AddRange(values);

    public IReadOnlyList<SqlParameterValue> Values => _values;

    public int Count => _values.Count;

    /// <summary>Adds a provider value and answers its placeholder.</summary>
    public string Add(ProviderValue value)
    {
        var name = "@p" + _values.Count;
        _values.Add(new SqlParameterValue(name, value.Value, value.Type));
        return name;
    }

    public string Add(object? value, DbType type) => Add(new ProviderValue(value ?? DBNull.Value, type));

    /// <summary>Copies the parameters onto a command.</summary>
    public void ApplyTo(IDbCommand command)
    {
        foreach (var value in _values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = value.Name;
            parameter.Value = value.Value;
            parameter.DbType = value.Type;
            command.Parameters.Add(parameter);
        }
    }
}

/// <summary>A SQL statement with its parameters, as a test asserts it and the service runs it.</summary>
public sealed record SqlStatement(string Sql, IReadOnlyList<SqlParameterValue> Parameters);
