using System.Data;
using System.Text;

namespace Builder.Domain.Tables.Rows;

/// <summary>The two databases row SQL is written for.</summary>
public enum SqlProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>
/// The SQL that differs between SQLite and SQL Server for row reads and writes (DML only; the DDL is the schema's). Only
/// identifiers this code makes (<c>adb_{Number}</c>, <c>c{Key}</c>, the system columns, aliases) are ever quoted into SQL:
/// every value goes in as a parameter.
/// </summary>
public sealed class RowDialect
{
    public static RowDialect Sqlite { get; } = new(SqlProvider.Sqlite);
    public static RowDialect SqlServer { get; } = new(SqlProvider.SqlServer);

    private RowDialect(SqlProvider provider) => Provider = provider;

    public SqlProvider Provider { get; }

    public static RowDialect For(SqlProvider provider) => provider == SqlProvider.Sqlite ? Sqlite : SqlServer;

    /// <summary>The dialect of an EF Core provider name ("Microsoft.EntityFrameworkCore.Sqlite"…); anything else is refused.</summary>
    public static RowDialect ForProviderName(string? providerName) => providerName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => Sqlite,
        "Microsoft.EntityFrameworkCore.SqlServer" => SqlServer,
        _ => throw new NotSupportedException($"AutessaDB tables do not support the database provider {providerName}."),
    };

    /// <summary>A quoted identifier. Only names made by this code get here; anything else is a programming error.</summary>
    public string Quote(string identifier)
    {
        if (!SafeIdentifier(identifier)) throw new ArgumentException($"Not a generated identifier: {identifier}", nameof(identifier));
        return Provider == SqlProvider.Sqlite ? $"\"{identifier}\"" : $"[{identifier}]";
    }

    /// <summary><c>alias."c3"</c> / <c>alias.[c3]</c>.</summary>
    public string Column(string alias, string physical) => $"{Quote(alias)}.{Quote(physical)}";

    /// <summary>The quoted physical table of an AutessaDB table: <c>adb_{Number}</c>.</summary>
    public string Table(int number) => Quote(RowTable.PhysicalName(number));

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
            ? $"INSERT INTO {table} ({string.Join(", ", quotedColumns)}) VALUES ({string.Join(", ", parameters)}) RETURNING {Quote("id")}"
            : $"INSERT INTO {table} ({string.Join(", ", quotedColumns)}) OUTPUT INSERTED.{Quote("id")} VALUES ({string.Join(", ", parameters)})";

    /// <summary>True for the identifiers this code generates: letters, digits and underscores, at most 128 characters.</summary>
    public static bool SafeIdentifier(string identifier) =>
        identifier.Length is > 0 and <= 128 && char.IsAsciiLetter(identifier[0]) && identifier.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
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
