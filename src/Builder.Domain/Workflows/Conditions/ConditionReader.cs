using System.Text.Json;
using System.Text.Json.Nodes;
using static Builder.Domain.Workflows.ConditionParser;
using static Builder.Domain.Workflows.ConditionProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>Reads one condition tree for <see cref="ConditionParser"/>, collecting every problem.</summary>
internal sealed class ConditionReader
{
    public List<ConditionProblem> Problems { get; } = [];
    private int _count;

    public ConditionNode? Read(JsonNode node, string at, int nesting)
    {
        if (++_count > MaxConditions)
        {
            if (_count == MaxConditions + 1) Report(at, TooLarge, $"A condition may have at most {MaxConditions} rules and groups in all, nested groups included; this one has more.");
            return null;
        }
        if (node is not JsonObject obj)
            return Report(at, InvalidType, $"A condition must be an object with \"type\": \"group\" or \"rule\", not {Describe(node)}.");
        var type = String(obj, "type", at);
        return type?.Trim().ToLowerInvariant() switch
        {
            "group" => ReadGroup(obj, at, nesting),
            "rule" => ReadRule(obj, at),
            null => obj.ContainsKey("type") ? null : Report($"{at}.type", MissingField, "The condition needs a type: \"group\" or \"rule\"."),
            _ => Report($"{at}.type", UnknownConditionType, $"Unknown condition type '{type}'; use \"group\" or \"rule\"."),
        };
    }

    private ConditionGroup? ReadGroup(JsonObject group, string at, int nesting)
    {
        if (nesting > MaxNesting)
        {
            Report(at, TooDeep, $"Groups may be nested at most {MaxNesting} levels deep.");
            return null;
        }
        var name = String(group, "operator", at);
        LogicalOperator? op = name?.Trim().ToUpperInvariant() switch { "AND" => LogicalOperator.And, "OR" => LogicalOperator.Or, _ => null };
        if (op is null && name is not null) Report($"{at}.operator", InvalidOperator, $"Unknown operator '{name}'; use \"AND\" or \"OR\".");
        else if (op is null && !group.ContainsKey("operator")) Report($"{at}.operator", MissingField, "The group needs an operator: \"AND\" or \"OR\".");

        var parts = new List<ConditionNode>();
        if (!group.TryGetPropertyValue("conditions", out var list) || list is null)
            Report($"{at}.conditions", MissingField, "The group needs a conditions array (it may be empty).");
        else if (list is not JsonArray array)
            Report($"{at}.conditions", InvalidType, $"conditions must be an array, not {Describe(list)}.");
        else
            for (var i = 0; i < array.Count; i++)
            {
                var itemAt = $"{at}.conditions[{i}]";
                var part = array[i] is { } item ? Read(item, itemAt, nesting + 1)
                    : Report(itemAt, InvalidType, "A condition must be an object, not null.");
                if (part is not null) parts.Add(part);
            }
        return op is null ? null : new ConditionGroup(at, op.Value, parts);
    }

    private ConditionRule? ReadRule(JsonObject rule, string at)
    {
        var field = String(rule, "field", at);
        if (field is null && !rule.ContainsKey("field")) Report($"{at}.field", MissingField, "The rule needs a field, e.g. \"message.type\".");
        else if (field is not null && !JsonFieldPath.IsValid(field))
            Report($"{at}.field", InvalidFieldPath, $"'{field}' is not a field path; use dotted names like message.user.id or message.items.0.id.");

        var name = String(rule, "comparison", at);
        ConditionComparison? comparison = ConditionComparisons.TryParse(name, out var parsed) ? parsed : null;
        if (comparison is null && name is not null)
            Report($"{at}.comparison", UnknownComparison, $"Unknown comparison '{name}'; use one of {string.Join(", ", ConditionComparisons.All)}.");
        else if (comparison is null && !rule.ContainsKey("comparison"))
            Report($"{at}.comparison", MissingField, "The rule needs a comparison.");

        var hasValue = rule.TryGetPropertyValue("value", out var value);
        if (comparison is { } c && !c.TakesNoValue()) RuleValueCheck.Check(c, hasValue, value, $"{at}.value", Problems);
        return field is null || comparison is null || !JsonFieldPath.IsValid(field)
            ? null
            : new ConditionRule(at, field.Trim(), comparison.Value, comparison.Value.TakesNoValue() ? null : value);
    }

    private string? String(JsonObject obj, string property, string at)
    {
        if (!obj.TryGetPropertyValue(property, out var value) || value is null) return null;
        if (JsonValueText.Kind(value) == JsonValueKind.String) return value.GetValue<string>();
        Report($"{at}.{property}", InvalidType, $"{property} must be text, not {Describe(value)}.");
        return null;
    }

    private ConditionNode? Report(string at, string code, string message)
    {
        Problems.Add(new ConditionProblem(at, code, message));
        return null;
    }

    internal static string Describe(JsonNode? node) => JsonValueText.Kind(node) switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    internal static string Show(JsonNode? node) =>
        JsonValueText.Kind(node) == JsonValueKind.String ? $"'{node!.GetValue<string>()}'" : Describe(node);
}
