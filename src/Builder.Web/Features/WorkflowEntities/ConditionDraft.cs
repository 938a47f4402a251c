using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Workflows;

namespace Builder.Web.Features.WorkflowEntities;

/// <summary>A group or a rule of a <see cref="ConditionDraft"/>. Components key on the instance, so edits keep focus.</summary>
public abstract class ConditionItemDraft;

/// <summary><c>{ "type": "group", "operator": "AND" | "OR", "conditions": [ … ] }</c> being edited.</summary>
public sealed class ConditionGroupDraft : ConditionItemDraft
{
    public LogicalOperator Operator { get; set; } = LogicalOperator.And;
    public List<ConditionItemDraft> Items { get; } = [];

    public ConditionRuleDraft AddRule(string field = "", string comparison = "equals", string value = "")
    {
        var rule = new ConditionRuleDraft { Field = field, Comparison = comparison, Value = value };
        Items.Add(rule);
        return rule;
    }

    /// <summary>Adds a nested group holding one empty rule, ready to fill in.</summary>
    public ConditionGroupDraft AddGroup(LogicalOperator op = LogicalOperator.Or)
    {
        var group = new ConditionGroupDraft { Operator = op };
        group.AddRule();
        Items.Add(group);
        return group;
    }
}

/// <summary>
/// <c>{ "type": "rule", "field", "comparison", "value" }</c> being edited. The value is typed as text; <see cref="ToJsonValue"/>
/// says how the text becomes JSON. A value loaded from JSON is written back unchanged while its text is untouched,
/// so opening and saving an entity never rewrites its numbers or lists as text.
/// </summary>
public sealed class ConditionRuleDraft : ConditionItemDraft
{
    private JsonNode? _loaded;
    private string? _loadedText;

    public string Field { get; set; } = "";
    public string Comparison { get; set; } = "equals";
    public string Value { get; set; } = "";

    /// <summary>False for <c>exists</c> and <c>not_exists</c>, which compare no value (the UI hides the value input).</summary>
    public bool TakesValue => !(ConditionComparisons.TryParse(Comparison, out var c) && c.TakesNoValue());

    internal void Load(JsonNode? value)
    {
        _loaded = value?.DeepClone();
        _loadedText = Value = TextOf(value);
    }

    /// <summary>
    /// The JSON for the typed value: the loaded value while its text is unchanged; for <c>in</c>, text that is a JSON array
    /// becomes that array (otherwise it stays a comma-separated list); for <c>greater_than</c>/<c>less_than</c>, a number
    /// becomes a JSON number (otherwise text, e.g. an ISO date); anything else is text. Equality already treats "5" as 5
    /// and "true" as true.
    /// </summary>
    public JsonNode? ToJsonValue()
    {
        if (_loadedText is not null && Value == _loadedText) return _loaded?.DeepClone();
        var text = Value;
        ConditionComparisons.TryParse(Comparison, out var comparison);
        switch (comparison)
        {
            case ConditionComparison.In when text.TrimStart().StartsWith('[') && TryParse(text) is JsonArray array:
                return array;
            case ConditionComparison.GreaterThan or ConditionComparison.LessThan
                when double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _) && TryParse(text.Trim()) is JsonValue number:
                return number;
            default:
                return JsonValue.Create(text);
        }
    }

    /// <summary>How a JSON value reads in the value input: text as itself, anything else as JSON.</summary>
    public static string TextOf(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static JsonNode? TryParse(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }
}

/// <summary>
/// The condition of an entity as the visual builder edits it: a small mutable tree of groups and rules, read from and
/// written to the condition JSON the domain stores. No root means "no condition" (the entity always runs).
/// </summary>
public sealed class ConditionDraft
{
    public ConditionGroupDraft? Root { get; private set; }

    public bool IsEmpty => Root is null;

    /// <summary>
    /// Reads condition JSON. A rule at the root is wrapped in an AND group (same meaning). Unreadable parts are kept
    /// as far as possible (an unknown comparison stays as typed) so the parser can point at them.
    /// </summary>
    public static ConditionDraft FromJson(JsonNode? json)
    {
        var draft = new ConditionDraft();
        if (json is not JsonObject obj) return draft;
        var item = Read(obj);
        draft.Root = item as ConditionGroupDraft ?? new ConditionGroupDraft { Items = { item } };
        return draft;
    }

    /// <summary>The condition JSON, or null when there is no condition.</summary>
    public JsonNode? ToJson() => Root is null ? null : Write(Root);

    /// <summary>Starts a condition: an AND group with one empty rule.</summary>
    public ConditionGroupDraft Start()
    {
        Root = new ConditionGroupDraft();
        Root.AddRule();
        return Root;
    }

    /// <summary>Removes the whole condition.</summary>
    public void Clear() => Root = null;

    /// <summary>The group that holds <paramref name="item"/>, or null for the root or an item not in this draft.</summary>
    public ConditionGroupDraft? ParentOf(ConditionItemDraft item) =>
        Root is null ? null : Walk(Root, "$").Select(e => e.Item).OfType<ConditionGroupDraft>().FirstOrDefault(g => g.Items.Contains(item));

    /// <summary>Removes a rule or a nested group (the root is removed with <see cref="Clear"/>).</summary>
    public bool Remove(ConditionItemDraft item) => ParentOf(item)?.Items.Remove(item) == true;

    public bool CanMoveUp(ConditionItemDraft item) => ParentOf(item) is { } parent && parent.Items.IndexOf(item) > 0;

    public bool CanMoveDown(ConditionItemDraft item) => ParentOf(item) is { } parent && parent.Items.IndexOf(item) < parent.Items.Count - 1;

    public bool MoveUp(ConditionItemDraft item) => Move(item, -1);

    public bool MoveDown(ConditionItemDraft item) => Move(item, +1);

    /// <summary>Every group and rule with its location in the JSON (<c>$</c>, <c>$.conditions[1]</c>, …), in document order.</summary>
    public IEnumerable<(ConditionItemDraft Item, string Location)> Items() => Root is null ? [] : Walk(Root, "$");

    /// <summary>Parses the draft's JSON with the domain's parser and files each problem under the rule or group it belongs to.</summary>
    public ConditionProblems Validate() =>
        Root is null ? ConditionProblems.None : ConditionProblems.Map(ConditionParser.Parse(ToJson()).Problems, Items());

    private bool Move(ConditionItemDraft item, int delta)
    {
        if (ParentOf(item) is not { } parent) return false;
        var index = parent.Items.IndexOf(item);
        var target = index + delta;
        if (target < 0 || target >= parent.Items.Count) return false;
        (parent.Items[index], parent.Items[target]) = (parent.Items[target], parent.Items[index]);
        return true;
    }

    private static IEnumerable<(ConditionItemDraft Item, string Location)> Walk(ConditionItemDraft item, string location)
    {
        yield return (item, location);
        if (item is not ConditionGroupDraft group) yield break;
        for (var i = 0; i < group.Items.Count; i++)
            foreach (var nested in Walk(group.Items[i], $"{location}.conditions[{i}]"))
                yield return nested;
    }

    private static ConditionItemDraft Read(JsonObject obj)
    {
        var type = Text(obj, "type")?.Trim().ToLowerInvariant();
        if (type == "group" || (type is null && obj.ContainsKey("conditions")))
        {
            var group = new ConditionGroupDraft
            {
                Operator = string.Equals(Text(obj, "operator")?.Trim(), "OR", StringComparison.OrdinalIgnoreCase) ? LogicalOperator.Or : LogicalOperator.And,
            };
            if (obj["conditions"] is JsonArray items)
                group.Items.AddRange(items.OfType<JsonObject>().Select(Read));
            return group;
        }
        var rule = new ConditionRuleDraft { Field = Text(obj, "field") ?? "", Comparison = Text(obj, "comparison") ?? "equals" };
        rule.Load(obj["value"]);
        return rule;
    }

    private static string? Text(JsonObject obj, string property) =>
        obj[property] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static JsonObject Write(ConditionItemDraft item)
    {
        if (item is ConditionGroupDraft group)
            return new JsonObject
            {
                ["type"] = "group",
                ["operator"] = group.Operator == LogicalOperator.Or ? "OR" : "AND",
                ["conditions"] = new JsonArray(group.Items.Select(i => (JsonNode)Write(i)).ToArray()),
            };
        var rule = (ConditionRuleDraft)item;
        var json = new JsonObject { ["type"] = "rule" };
        // A blank field is left out, so the parser answers "the rule needs a field" rather than "'' is not a field path".
        if (!string.IsNullOrWhiteSpace(rule.Field)) json["field"] = rule.Field.Trim();
        json["comparison"] = rule.Comparison;
        if (rule.TakesValue) json["value"] = rule.ToJsonValue();
        return json;
    }
}

/// <summary>Which part of a rule or group a problem is about, so the builder can show it on that input.</summary>
public enum ConditionPart { Field, Comparison, Value, Operator, Other }

/// <summary>The parser's problems filed under the draft item they belong to (matched by JSON location).</summary>
public sealed class ConditionProblems
{
    private readonly Dictionary<ConditionItemDraft, List<(ConditionPart Part, string Message)>> _byItem = new(ReferenceEqualityComparer.Instance);

    public static ConditionProblems None { get; } = new();

    public int Count { get; private init; }

    public bool Any => Count > 0;

    public IReadOnlyList<(ConditionPart Part, string Message)> For(ConditionItemDraft item) =>
        _byItem.TryGetValue(item, out var list) ? list : [];

    /// <summary>The messages about one part of an item, joined; null when there are none.</summary>
    public string? Text(ConditionItemDraft item, ConditionPart part) =>
        For(item).Where(p => p.Part == part).Select(p => p.Message).ToList() is { Count: > 0 } messages ? string.Join(" ", messages) : null;

    /// <summary>Files each problem under the deepest item whose location is the problem's location or a prefix of it.</summary>
    public static ConditionProblems Map(IReadOnlyList<ConditionProblem> problems, IEnumerable<(ConditionItemDraft Item, string Location)> items)
    {
        var located = items.ToList();
        var result = new ConditionProblems { Count = problems.Count };
        foreach (var problem in problems)
        {
            var owner = located
                .Where(i => problem.Location == i.Location || problem.Location.StartsWith(i.Location + ".", StringComparison.Ordinal))
                .OrderByDescending(i => i.Location.Length)
                .FirstOrDefault();
            if (owner.Item is null) continue;
            var rest = problem.Location.Length > owner.Location.Length ? problem.Location[(owner.Location.Length + 1)..] : "";
            var part = rest switch
            {
                "field" => ConditionPart.Field,
                "comparison" => ConditionPart.Comparison,
                "value" => ConditionPart.Value,
                "operator" => ConditionPart.Operator,
                _ => ConditionPart.Other,
            };
            if (!result._byItem.TryGetValue(owner.Item, out var list)) result._byItem[owner.Item] = list = [];
            list.Add((part, problem.Message));
        }
        return result;
    }
}
