using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables;

namespace Builder.Web.Features.Tables.Data;

/// <summary>One item of a row filter being built: a rule or a group. <see cref="Problem"/> is the message shown on it.</summary>
public abstract class RowFilterItem
{
    public string? Problem { get; set; }
}

/// <summary>A rule: a column, one of its type's operators and a value typed as text (a comma list for "is one of").</summary>
public sealed class RowFilterRule : RowFilterItem
{
    public string Column { get; set; } = "";
    public string Operator { get; set; } = "equals";
    public string Value { get; set; } = "";

    public bool TakesValue => Operator is not ("exists" or "not_exists");
}

/// <summary>An AND/OR group of rules and groups.</summary>
public sealed class RowFilterGroup : RowFilterItem
{
    public bool Or { get; set; }
    public List<RowFilterItem> Items { get; } = [];
}

/// <summary>
/// The filter builder's state: a root group of rules and nested groups, turned into the poweruser filter JSON
/// (<c>filters</c>, <c>filterOperator</c>) that <see cref="Builder.Domain.Tables.Filters.FilterParser"/> reads on the server.
/// Values are read with the domain's cell rules before anything is sent; the parser's messages come back by their path
/// (<c>filters[1].filters[0].value</c>) and land on the rule or group they name.
/// </summary>
public sealed class RowFilterDraft(IReadOnlyList<GridColumnInfo> columns)
{
    private readonly Dictionary<string, RowFilterItem> _paths = [];

    public RowFilterGroup Root { get; } = new();
    public IReadOnlyList<GridColumnInfo> Columns { get; } = columns;
    public bool IsEmpty => Root.Items.Count == 0;

    public GridColumnInfo? ColumnOf(RowFilterRule rule) => Columns.FirstOrDefault(c => c.Name == rule.Column);

    public RowFilterRule AddRule(RowFilterGroup group)
    {
        var first = Columns.FirstOrDefault(c => !c.IsSystem) ?? Columns[0];
        var rule = new RowFilterRule { Column = first.Name, Operator = first.Operators.FirstOrDefault() ?? "exists" };
        group.Items.Add(rule);
        return rule;
    }

    public RowFilterGroup AddGroup(RowFilterGroup parent)
    {
        var group = new RowFilterGroup { Or = !parent.Or };
        parent.Items.Add(group);
        AddRule(group);
        return group;
    }

    public void Remove(RowFilterItem item) => Remove(Root, item);

    private static bool Remove(RowFilterGroup group, RowFilterItem item) =>
        group.Items.Remove(item) || group.Items.OfType<RowFilterGroup>().Any(g => Remove(g, item));

    /// <summary>A new column keeps the operator when the column's type takes it, else the type's first; the value starts over.</summary>
    public void SetColumn(RowFilterRule rule, string column)
    {
        rule.Column = column;
        var info = ColumnOf(rule);
        if (info is not null && !info.Operators.Contains(rule.Operator)) rule.Operator = info.Operators.FirstOrDefault() ?? "exists";
        rule.Value = "";
    }

    public void Clear()
    {
        Root.Items.Clear();
        Root.Or = false;
        ClearProblems(Root);
    }

    /// <summary>
    /// The filter JSON, or null after putting a problem on each rule whose value is not one of its column (nothing is sent then).
    /// </summary>
    public (JsonArray Filters, string FilterOperator)? ToJson()
    {
        ClearProblems(Root);
        _paths.Clear();
        var ok = true;
        var filters = Group(Root, "filters", ref ok);
        return ok ? (filters, Root.Or ? "OR" : "AND") : null;
    }

    private JsonArray Group(RowFilterGroup group, string path, ref bool ok)
    {
        var list = new JsonArray();
        for (var i = 0; i < group.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            _paths[itemPath] = group.Items[i];
            switch (group.Items[i])
            {
                case RowFilterGroup inner:
                    list.Add(new JsonObject { ["filterOperator"] = inner.Or ? "OR" : "AND", ["filters"] = Group(inner, itemPath + ".filters", ref ok) });
                    break;
                case RowFilterRule rule:
                    var condition = new JsonObject { ["column"] = rule.Column, ["operator"] = rule.Operator };
                    if (rule.TakesValue && ColumnOf(rule) is { } column)
                    {
                        var value = Value(column, rule);
                        if (rule.Problem is not null) ok = false;
                        else condition["value"] = value;
                    }
                    list.Add(condition);
                    break;
            }
        }
        return list;
    }

    private static JsonNode? Value(GridColumnInfo column, RowFilterRule rule)
    {
        if (rule.Operator == "in")
        {
            var parts = rule.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                rule.Problem = "List one or more values, separated by commas.";
                return null;
            }
            var values = new JsonArray();
            foreach (var part in parts)
            {
                if (One(column, part, rule, single: true) is not { } one) return null;
                values.Add(one);
            }
            return values;
        }
        return One(column, rule.Value, rule, single: rule.Operator == "contains");
    }

    /// <param name="single">A multiple select compares one option (contains, each value of in) rather than the whole list (equals).</param>
    private static JsonNode? One(GridColumnInfo column, string text, RowFilterRule rule, bool single)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            rule.Problem = $"Give a value to compare {column.Label} with, or choose “has a value” / “is empty”.";
            return null;
        }
        var shape = column.Type == ColumnType.MultiSelect && single ? new ColumnShape(ColumnType.SingleSelect, column.Shape.Options) : column.Shape;
        var (ok, json, error) = CellInput.Parse(shape, text);
        if (!ok) rule.Problem = error;
        return json;
    }

    /// <summary>Puts the domain's messages on the rules and groups their paths name; answers what named none of them.</summary>
    public IReadOnlyList<string> Apply(ValidationException problem)
    {
        var rest = new List<string>();
        foreach (var (field, messages) in problem.Errors)
        {
            var item = Find(field);
            var text = string.Join(" ", messages.Select(CellInput.Sentence));
            if (item is null) rest.Add(text);
            else item.Problem = item.Problem is null ? text : item.Problem + " " + text;
        }
        return rest;
    }

    private RowFilterItem? Find(string field)
    {
        // The longest known path the field starts with: filters[1].filters[0].value → filters[1].filters[0].
        return _paths.Where(p => field == p.Key || field.StartsWith(p.Key + ".", StringComparison.Ordinal) || field.StartsWith(p.Key + "[", StringComparison.Ordinal))
            .OrderByDescending(p => p.Key.Length).Select(p => p.Value).FirstOrDefault();
    }

    private static void ClearProblems(RowFilterGroup group)
    {
        group.Problem = null;
        foreach (var item in group.Items)
        {
            item.Problem = null;
            if (item is RowFilterGroup inner) ClearProblems(inner);
        }
    }

    public bool HasProblems => Any(Root);

    private static bool Any(RowFilterGroup group) => group.Problem is not null || group.Items.Any(i => i.Problem is not null || i is RowFilterGroup g && Any(g));
}
