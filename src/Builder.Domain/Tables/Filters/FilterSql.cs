using System.Data;
using System.Text;
using Builder.Domain.Tables.Rows;

namespace Builder.Domain.Tables.Filters;

/// <summary>
/// Writes a validated filter as a SQL condition for one provider. Columns become <c>alias."c{Key}"</c> (or a system column),
/// nothing else of the request becomes SQL text: every value is a parameter, LIKE patterns are escaped
/// (<see cref="SqlDialect.LikePattern"/>) and an <c>in</c> list is one parameter per value.
/// </summary>
/// <remarks>
/// Semantics: <c>not_equals</c> also matches empty cells (a person filtering "status is not closed" expects the rows without a
/// status); <c>contains</c>/<c>starts_with</c>/<c>ends_with</c> are LIKEs (case-insensitive for ASCII on SQLite, by collation
/// on SQL Server); on a multi-select, <c>equals</c> compares the whole list (as its stored compact JSON, so in order),
/// <c>contains</c> means "holds this option" and <c>in</c> "holds any of these options"; exists = IS NOT NULL.
/// </remarks>
public static class FilterSql
{
    /// <summary>The condition of <paramref name="filter"/>, adding its values to <paramref name="parameters"/>; <c>1 = 1</c> for an empty filter.</summary>
    public static string Where(FilterGroup filter, SqlDialect dialect, SqlParameters parameters)
    {
        var sql = new StringBuilder();
        Write(filter, dialect, parameters, sql, top: true);
        return sql.Length == 0 ? "1 = 1" : sql.ToString();
    }

    private static void Write(FilterNode node, SqlDialect dialect, SqlParameters parameters, StringBuilder sql, bool top)
    {
        switch (node)
        {
            case FilterCondition condition:
                sql.Append(Condition(condition, dialect, parameters));
                break;
            case FilterGroup { IsEmpty: true }:
                if (!top) sql.Append("1 = 1");
                break;
            case FilterGroup group:
                var joiner = group.Logic == FilterLogic.And ? " AND " : " OR ";
                if (!top) sql.Append('(');
                for (var i = 0; i < group.Members.Count; i++)
                {
                    if (i > 0) sql.Append(joiner);
                    var member = group.Members[i];
                    // Each member is parenthesised so that AND/OR precedence never depends on what is inside.
                    var wrap = member is FilterCondition;
                    if (wrap) sql.Append('(');
                    Write(member, dialect, parameters, sql, top: false);
                    if (wrap) sql.Append(')');
                }
                if (!top) sql.Append(')');
                break;
        }
    }

    private static string Condition(FilterCondition condition, SqlDialect dialect, SqlParameters parameters)
    {
        var column = condition.Column;
        var sql = dialect.Column(column.Alias, column.Physical);
        string Param(object value) => parameters.Add(ToProvider(dialect.Provider, column, value));
        string Options() => string.Join(", ", ((IEnumerable<object>)condition.Value!).Select(v => parameters.Add((string)v, DbType.String)));
        string Like(bool before, bool after) =>
            $"{sql} LIKE {parameters.Add(dialect.LikePattern((string)condition.Value!, before, after), DbType.String)}{dialect.EscapeClause}";

        return condition.Operator switch
        {
            FilterOperator.Exists => $"{sql} IS NOT NULL",
            FilterOperator.NotExists => $"{sql} IS NULL",
            FilterOperator.Equals => $"{sql} = {Param(condition.Value!)}",
            FilterOperator.NotEquals => $"{sql} <> {Param(condition.Value!)} OR {sql} IS NULL",
            FilterOperator.GreaterThan => $"{sql} > {Param(condition.Value!)}",
            FilterOperator.LessThan => $"{sql} < {Param(condition.Value!)}",
            FilterOperator.In when column.Type == ColumnType.MultiSelect => dialect.Provider == SqlProvider.Sqlite
                ? $"EXISTS (SELECT 1 FROM json_each({sql}) WHERE json_each.value IN ({Options()}))"
                : $"EXISTS (SELECT 1 FROM OPENJSON({sql}) WHERE [value] IN ({Options()}))",
            FilterOperator.In => $"{sql} IN ({string.Join(", ", ((IEnumerable<object>)condition.Value!).Select(Param))})",
            FilterOperator.Contains when column.Type == ColumnType.MultiSelect => dialect.Provider == SqlProvider.Sqlite
                ? $"EXISTS (SELECT 1 FROM json_each({sql}) WHERE json_each.value = {parameters.Add((string)condition.Value!, DbType.String)})"
                : $"EXISTS (SELECT 1 FROM OPENJSON({sql}) WHERE [value] = {parameters.Add((string)condition.Value!, DbType.String)})",
            FilterOperator.Contains => Like(true, true),
            FilterOperator.StartsWith => Like(false, true),
            FilterOperator.EndsWith => Like(true, false),
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Operator, null),
        };
    }

    /// <summary>A comparison value as the column stores it (createdBy: the member id as the provider keeps it).</summary>
    public static ProviderValue ToProvider(SqlProvider provider, QueryColumn column, object value) =>
        column.System == SystemColumn.CreatedBy ? CellStorage.Member(provider, (Guid)value) : CellStorage.ToProvider(provider, column.Type, value);
}
