using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables.Rows;

namespace Builder.Domain.Tables.Filters;

/// <summary>
/// Reads the poweruser API's filter shape into a validated <see cref="FilterGroup"/>:
/// <code>
/// { "filterOperator": "AND",
///   "filters": [ { "column": "status", "operator": "equals", "value": "open" },
///                { "filterOperator": "OR", "filters": [ { "column": "amount", "operator": "greater_than", "value": 100 },
///                                                       { "column": "vip", "operator": "equals", "value": true } ] } ] }
/// </code>
/// <c>filterOperator</c> is <c>AND</c> (the default) or <c>OR</c>, any case. A condition names a column (a user column or
/// <c>id</c>, <c>createdAt</c>, <c>updatedAt</c>, <c>createdBy</c>), an operator its type supports and a value of its type
/// (none for exists/not_exists; an array for <c>in</c>). Every problem is a <see cref="ValidationException"/> (400) whose field
/// is the path of the bad part (<c>filters[1].filters[0].value</c>); nothing is ever run with a filter that did not parse.
/// </summary>
public static class FilterParser
{
    /// <summary>The filter of a request body: its <c>filters</c> and <c>filterOperator</c> (none: every row).</summary>
    public static FilterGroup Parse(JsonObject? request, IColumnResolver columns) =>
        Parse(request?["filters"], request?["filterOperator"], columns);

    public static FilterGroup Parse(JsonNode? filters, JsonNode? filterOperator, IColumnResolver columns)
    {
        var state = new State(columns);
        var group = state.Group(filters, filterOperator, "filters", "filterOperator", depth: 1);
        state.Finish();
        return group;
    }

    private sealed class State(IColumnResolver columns)
    {
        public Validator Errors { get; } = new();
        private int _conditions, _values;

        public void Finish()
        {
            if (_values > FilterLimits.MaxValues) Errors.Add("filters", $"A filter holds at most {FilterLimits.MaxValues:N0} values in all; this one has {_values:N0}.");
            Errors.ThrowIfInvalid();
        }

        public FilterGroup Group(JsonNode? filters, JsonNode? logicNode, string path, string logicPath, int depth)
        {
            var logic = Logic(logicNode, logicPath);
            if (filters is null) return new FilterGroup(logic, []);
            if (filters is not JsonArray list)
            {
                Errors.Add(path, $"{path} must be an array of conditions and groups.");
                return FilterGroup.Empty;
            }
            if (depth > FilterLimits.MaxDepth)
            {
                Errors.Add(path, $"Filter groups nest at most {FilterLimits.MaxDepth} levels deep; {path} is level {depth}. Flatten the filter.");
                return FilterGroup.Empty;
            }
            var members = new List<FilterNode>();
            for (var i = 0; i < list.Count; i++)
            {
                var itemPath = $"{path}[{i}]";
                if (list[i] is not JsonObject item)
                {
                    Errors.Add(itemPath, $"{itemPath} must be an object: a condition {{ column, operator, value }} or a group {{ filterOperator, filters }}.");
                    continue;
                }
                if (item.ContainsKey("filters"))
                {
                    var unknown = item.Select(p => p.Key).Where(k => k is not ("filters" or "filterOperator")).ToList();
                    if (unknown.Count > 0) Errors.Add(itemPath, $"{itemPath} is a group: it has only filterOperator and filters, not {string.Join(", ", unknown)}.");
                    members.Add(Group(item["filters"], item["filterOperator"], $"{itemPath}.filters", $"{itemPath}.filterOperator", depth + 1));
                }
                else if (Condition(item, itemPath) is { } condition) members.Add(condition);
            }
            return new FilterGroup(logic, members);
        }

        private FilterLogic Logic(JsonNode? node, string path)
        {
            if (node is null) return FilterLogic.And;
            var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
            if (string.Equals(text, "AND", StringComparison.OrdinalIgnoreCase)) return FilterLogic.And;
            if (string.Equals(text, "OR", StringComparison.OrdinalIgnoreCase)) return FilterLogic.Or;
            Errors.Add(path, $"{path} must be \"AND\" or \"OR\".");
            return FilterLogic.And;
        }

        private FilterCondition? Condition(JsonObject item, string path)
        {
            if (++_conditions == FilterLimits.MaxConditions + 1)
                Errors.Add("filters", $"A filter holds at most {FilterLimits.MaxConditions} conditions.");
            var unknown = item.Select(p => p.Key).Where(k => k is not ("column" or "operator" or "value")).ToList();
            if (unknown.Count > 0) Errors.Add(path, $"{path} is a condition: it has only column, operator and value, not {string.Join(", ", unknown)}.");

            var name = Text(item["column"]);
            if (string.IsNullOrWhiteSpace(name))
            {
                Errors.Add($"{path}.column", $"{path}.column is required: the name of a column.");
                return null;
            }
            var column = columns.Resolve(name);
            if (column is null)
            {
                Errors.Add($"{path}.column", $"Unknown column \"{Shorten(name)}\". Columns: {string.Join(", ", columns.Names)}.");
                return null;
            }
            var wire = Text(item["operator"]);
            var op = FilterOperatorExtensions.FromWireName(wire);
            var allowed = FilterOperatorExtensions.For(column);
            if (op is null)
            {
                Errors.Add($"{path}.operator", wire is null
                    ? $"{path}.operator is required: one of {Names(allowed)}."
                    : $"Unknown operator \"{Shorten(wire)}\". Operators: {string.Join(", ", FilterOperatorExtensions.All.Select(o => o.WireName()))}.");
                return null;
            }
            if (!allowed.Contains(op.Value))
            {
                Errors.Add($"{path}.operator", $"The operator {wire} does not apply to column \"{column.Name}\" ({TypeName(column)}); it takes {Names(allowed)}.");
                return null;
            }
            var valuePath = $"{path}.value";
            var node = item["value"];
            switch (op.Value)
            {
                case FilterOperator.Exists or FilterOperator.NotExists:
                    if (node is not null) Errors.Add(valuePath, $"The operator {wire} takes no value.");
                    return new FilterCondition(column, op.Value, null);
                case FilterOperator.In:
                    return In(column, node, valuePath);
                default:
                    if (node is null)
                    {
                        Errors.Add(valuePath, $"The operator {wire} needs a value: {Expected(column, op.Value)}.");
                        return null;
                    }
                    var value = Value(column, op.Value, node, valuePath);
                    if (value is null) return null;
                    _values++;
                    return new FilterCondition(column, op.Value, value);
            }
        }

        private FilterCondition? In(QueryColumn column, JsonNode? node, string path)
        {
            if (node is not JsonArray list || list.Count == 0)
            {
                Errors.Add(path, $"The operator in needs a non-empty array of values: {Expected(column, FilterOperator.In)}.");
                return null;
            }
            if (list.Count > FilterLimits.MaxInValues)
            {
                Errors.Add(path, $"The operator in takes at most {FilterLimits.MaxInValues:N0} values; {path} has {list.Count:N0}.");
                return null;
            }
            _values += list.Count;
            var values = new List<object>(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                var itemPath = $"{path}[{i}]";
                if (list[i] is null)
                {
                    Errors.Add(itemPath, $"{itemPath} is null; use not_exists to find empty cells.");
                    continue;
                }
                if (Value(column, FilterOperator.In, list[i]!, itemPath) is { } value) values.Add(value);
            }
            return values.Count == list.Count ? new FilterCondition(column, FilterOperator.In, values) : null;
        }

        /// <summary>The value of one comparison in the column's .NET shape, or null after recording why it is not one.</summary>
        private object? Value(QueryColumn column, FilterOperator op, JsonNode node, string path)
        {
            var kind = node.GetValueKind();
            object? value = null;
            if (column.System == SystemColumn.CreatedBy)
            {
                if (kind == JsonValueKind.String && Guid.TryParse(node.GetValue<string>(), out var id)) value = id;
            }
            else if (column.Type == ColumnType.MultiSelect && op is FilterOperator.Equals or FilterOperator.NotEquals)
            {
                if (node is JsonArray options && options.Count > 0 && options.All(o => o is JsonValue v && v.GetValueKind() == JsonValueKind.String))
                {
                    var chosen = options.Select(o => o!.GetValue<string>()).ToList();
                    var unknown = chosen.FirstOrDefault(o => column.Options is { } known && !known.Contains(o));
                    if (unknown is not null)
                    {
                        Errors.Add(path, $"\"{Shorten(unknown)}\" is not an option of column \"{column.Name}\". Options: {string.Join(", ", column.Options!)}.");
                        return null;
                    }
                    value = chosen;
                }
            }
            else switch (column.Type)
            {
                case ColumnType.Text or ColumnType.LongText or ColumnType.SingleSelect or ColumnType.MultiSelect when kind == JsonValueKind.String:
                    var text = node.GetValue<string>();
                    if (text.Length > FilterLimits.MaxTextLength)
                    {
                        Errors.Add(path, $"{path} is {text.Length:N0} characters; a filter value is at most {FilterLimits.MaxTextLength:N0}.");
                        return null;
                    }
                    if (column.Type.HasOptions() && column.Options is { } options && !options.Contains(text))
                    {
                        Errors.Add(path, $"\"{Shorten(text)}\" is not an option of column \"{column.Name}\". Options: {string.Join(", ", options)}.");
                        return null;
                    }
                    value = text;
                    break;
                case ColumnType.Integer or ColumnType.Link when kind == JsonValueKind.Number:
                    if (long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) value = number;
                    break;
                case ColumnType.Decimal when kind == JsonValueKind.Number:
                    if (decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)) value = amount;
                    break;
                case ColumnType.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
                    value = kind == JsonValueKind.True;
                    break;
                case ColumnType.Date when kind == JsonValueKind.String:
                    if (DateOnly.TryParseExact(node.GetValue<string>(), CellStorage.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) value = date;
                    break;
                case ColumnType.DateTime when kind == JsonValueKind.String:
                    if (DateTimeOffset.TryParse(node.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) value = at.UtcDateTime;
                    break;
            }
            if (value is null) Errors.Add(path, $"Column \"{column.Name}\" is {TypeName(column)}: {path} must be {Expected(column, op)}.");
            return value;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is not null && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    private static string Names(IEnumerable<FilterOperator> operators) => string.Join(", ", operators.Select(o => o.WireName()));

    private static string TypeName(QueryColumn column) => column.System == SystemColumn.CreatedBy ? "a member id" : column.Type.WireName();

    /// <summary>What a value of the column looks like, in words.</summary>
    private static string Expected(QueryColumn column, FilterOperator op)
    {
        if (column.System == SystemColumn.CreatedBy) return op == FilterOperator.In ? "member ids (GUID strings)" : "a member id (a GUID string)";
        var one = column.Type switch
        {
            ColumnType.Integer or ColumnType.Link => "a whole number",
            ColumnType.Decimal => "a number",
            ColumnType.Boolean => "true or false",
            ColumnType.Date => "a date \"yyyy-MM-dd\"",
            ColumnType.DateTime => "a date and time in ISO 8601 (\"2026-01-31T09:30:00Z\")",
            ColumnType.SingleSelect => "one of the column's options (a string)",
            ColumnType.MultiSelect => op is FilterOperator.Equals or FilterOperator.NotEquals
                ? "a non-empty array of the column's options (the whole list, in order)" : "one of the column's options (a string)",
            _ => "a string",
        };
        return op == FilterOperator.In ? $"an array of values, each {one}" : one;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
