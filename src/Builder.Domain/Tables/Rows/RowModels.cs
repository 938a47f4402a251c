using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Common;

namespace Builder.Domain.Tables.Rows;

/// <summary>
/// A row as it reads back: <c>{ rowId, data: { column: value… }, createdAt, updatedAt, createdBy }</c>. <see cref="Data"/> holds
/// every user column by name in its wire JSON (<c>ColumnValues.ToJson</c>; null for an empty cell). In a join, a link column's
/// entry is the linked row in this same shape (null when the cell is empty; <c>data: null</c> when the linked row is gone).
/// </summary>
public sealed record RowView(long RowId, JsonObject Data, DateTime CreatedAt, DateTime UpdatedAt, Guid? CreatedBy);

/// <summary>A page of rows: <c>{ rows, page, limit, total }</c>, total counting every row the filter matches.</summary>
public sealed record RowPage(IReadOnlyList<RowView> Rows, int Page, int Limit, long Total);

/// <summary>One row of a batch update: its id and the columns to change (by name).</summary>
public sealed record RowUpdate(long RowId, JsonObject? Data);

/// <summary>One sort key: a column (user or system; in a join also <c>link.column</c>) and its direction.</summary>
public sealed record RowSort(string Column, bool Descending = false);

/// <summary>
/// What get-data and query take: the filter (<c>filters</c> and <c>filterOperator</c>, see <see cref="Filters.FilterParser"/>),
/// the sort keys (the row id always breaks ties, ascending), <c>page</c> (1-based) and <c>limit</c> (1..1,000, default 100).
/// </summary>
public sealed record RowQuery(JsonNode? Filters = null, JsonNode? FilterOperator = null, IReadOnlyList<RowSort>? Sort = null,
    int Page = 1, int Limit = RowQuery.DefaultLimit)
{
    public const int DefaultLimit = 100, MaxLimit = 1_000, MaxSortKeys = 5;

    /// <summary>
    /// Reads a request body: <c>filters</c>, <c>filterOperator</c>, <c>page</c>, <c>limit</c> and <c>sort</c>, which is a column name
    /// (<c>"sort": "amount"</c>, with <c>"order": "desc"</c> optional), one key <c>{ "column": "amount", "direction": "desc" }</c>
    /// or an array of keys. A malformed one is a 400 naming the field.
    /// </summary>
    public static RowQuery FromJson(JsonObject? body)
    {
        var errors = new Validator();
        var page = Int(body?["page"], "page", 1, errors);
        var limit = Int(body?["limit"], "limit", DefaultLimit, errors);
        var sort = Sorts(body?["sort"], body?["order"], errors);
        errors.ThrowIfInvalid();
        return new RowQuery(body?["filters"], body?["filterOperator"], sort, page, limit);
    }

    internal void Validate()
    {
        new Validator()
            .Check(Page >= 1, "page", "page must be 1 or more.")
            .Check(Limit is >= 1 and <= MaxLimit, "limit", $"limit must be between 1 and {MaxLimit:N0}.")
            .Check((Sort?.Count ?? 0) <= MaxSortKeys, "sort", $"Sort by at most {MaxSortKeys} columns.")
            .ThrowIfInvalid();
    }

    private static int Int(JsonNode? node, string field, int fallback, Validator errors)
    {
        if (node is null) return fallback;
        if (node.GetValueKind() == JsonValueKind.Number && int.TryParse(node.ToJsonString(), out var value)) return value;
        errors.Add(field, $"{field} must be a whole number.");
        return fallback;
    }

    private static IReadOnlyList<RowSort>? Sorts(JsonNode? node, JsonNode? order, Validator errors)
    {
        if (node is null) return null;
        if (node.GetValueKind() == JsonValueKind.String)
            return [new RowSort(node.GetValue<string>(), Descending(order, "order", errors))];
        var items = node is JsonArray list ? list.ToList() : [node];
        var sorts = new List<RowSort>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = node is JsonArray ? $"sort[{i}]" : "sort";
            if (items[i] is JsonObject key && key["column"] is JsonValue column && column.GetValueKind() == JsonValueKind.String)
                sorts.Add(new RowSort(column.GetValue<string>(), Descending(key["direction"], $"{path}.direction", errors)));
            else errors.Add(path, $"{path} must be a column name or {{ \"column\": name, \"direction\": \"asc\" | \"desc\" }}.");
        }
        return sorts;
    }

    private static bool Descending(JsonNode? node, string field, Validator errors)
    {
        if (node is null) return false;
        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (string.Equals(text, "asc", StringComparison.OrdinalIgnoreCase)) return false;
        if (string.Equals(text, "desc", StringComparison.OrdinalIgnoreCase)) return true;
        errors.Add(field, $"{field} must be \"asc\" or \"desc\".");
        return false;
    }
}

/// <summary>
/// A join-query: the primary table's rows (filtered, sorted and paged as <see cref="Query"/> says) with, for each of
/// <see cref="Joins"/>, the row its link column points to. Request body:
/// <code>
/// { "tableId": 789,
///   "joins": [ { "column": "customer", "columns": ["name", "email"] } ],
///   "filters": [ { "column": "customer.country", "operator": "equals", "value": "NL" } ],
///   "sort": [ { "column": "customer.name", "direction": "asc" } ],
///   "page": 1, "limit": 100 }
/// </code>
/// <c>joins</c> (also <c>join</c>, one object or a link column's name) names link columns of the primary table, at most
/// <see cref="MaxJoins"/>; <c>columns</c> picks the linked table's columns (default: all). Filters and sorts may name a linked
/// column as <c>link.column</c> (its system columns too: <c>customer.createdAt</c>). The linked table must be one the caller may
/// read. Each row's <c>data[link]</c> is then the linked row <c>{ rowId, data, createdAt, updatedAt }</c>, or null when the cell is
/// empty. It is one parameterised statement with a LEFT JOIN per link (<c>ON j.id = t.c{Key}</c>), so a row's count never changes.
/// </summary>
public sealed record JoinQuery(RowQuery Query, IReadOnlyList<RowJoin> Joins)
{
    public const int MaxJoins = 5;

    public static JoinQuery FromJson(JsonObject? body)
    {
        var query = RowQuery.FromJson(body);
        var errors = new Validator();
        var node = body?["joins"] ?? body?["join"];
        var joins = new List<RowJoin>();
        var items = node switch
        {
            null => [],
            JsonArray list => list.ToList(),
            _ => [node],
        };
        for (var i = 0; i < items.Count; i++)
        {
            var path = node is JsonArray ? $"joins[{i}]" : "joins";
            switch (items[i])
            {
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    joins.Add(new RowJoin(value.GetValue<string>()));
                    break;
                case JsonObject join when join["column"] is JsonValue column && column.GetValueKind() == JsonValueKind.String:
                    List<string>? columns = null;
                    if (join["columns"] is { } picked)
                    {
                        if (picked is JsonArray names && names.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String))
                            columns = names.Select(n => n!.GetValue<string>()).ToList();
                        else errors.Add($"{path}.columns", $"{path}.columns must be an array of column names.");
                    }
                    joins.Add(new RowJoin(column.GetValue<string>(), columns));
                    break;
                default:
                    errors.Add(path, $"{path} must be a link column's name or {{ \"column\": link, \"columns\": [names] }}.");
                    break;
            }
        }
        errors.ThrowIfInvalid();
        return new JoinQuery(query, joins);
    }
}

/// <summary>One join: a link column of the primary table and, optionally, which of the linked table's columns to return.</summary>
public sealed record RowJoin(string Column, IReadOnlyList<string>? Columns = null);

/// <summary>What happened to rows, for <see cref="ITableRowsObserver"/>.</summary>
public enum RowChangeKind
{
    Inserted,
    Updated,
    Deleted,
}

/// <summary>
/// Rows of a table with searchable columns that were written or deleted (committed): which table, which rows, and for an
/// update which columns were written.
/// </summary>
public sealed record TableRowsChange(Guid TableId, int TableNumber, Guid OrganizationId, RowChangeKind Kind, IReadOnlyList<long> RowIds,
    IReadOnlyList<string> Columns);

/// <summary>
/// Called after rows of a table with searchable columns are committed: inserted, updated (when a searchable column was among
/// the columns written) or deleted. For the semantic search index; it should queue its work and return, not embed on the
/// request thread. An exception it throws is logged and does not fail the request (the rows are already written).
/// </summary>
public interface ITableRowsObserver
{
    Task RowsChangedAsync(TableRowsChange change, CancellationToken ct = default);
}

/// <summary>The default: nothing listens.</summary>
public sealed class NoTableRowsObserver : ITableRowsObserver
{
    public Task RowsChangedAsync(TableRowsChange change, CancellationToken ct = default) => Task.CompletedTask;
}
