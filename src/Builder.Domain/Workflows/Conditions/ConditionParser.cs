using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Builder.Domain.Workflows.ConditionProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>What <see cref="ConditionParser"/> read: the condition (null when there is none or it is invalid) and every problem.</summary>
public sealed record ConditionParseResult(ConditionNode? Condition, IReadOnlyList<ConditionProblem> Problems)
{
    /// <summary>True when there were no problems (an absent condition is valid and always passes).</summary>
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Reads an entity condition — a group tree of <c>group</c> and <c>rule</c> objects — and lists every problem
/// (unknown type, operator or comparison, bad field path, a value that does not suit its comparison, an invalid
/// regular expression) with its location, instead of throwing. JSON null, or no text, means "no condition".
/// </summary>
public static class ConditionParser
{
    /// <summary>Deepest group nesting accepted; the root group is level 1.</summary>
    public const int MaxNesting = 32;

    /// <summary>Most groups and rules in one condition.</summary>
    public const int MaxConditions = 1_000;

    /// <summary>Longest <c>matches</c> pattern, in characters.</summary>
    public const int MaxPatternLength = 1_000;

    /// <summary>Parses condition JSON text.</summary>
    public static ConditionParseResult Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new ConditionParseResult(null, []);
        JsonNode? node;
        try { node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }); }
        catch (JsonException ex) { return Failed(InvalidJson, $"The condition is not valid JSON: {ex.Message}"); }
        return Parse(node);
    }

    /// <summary>Parses a condition node.</summary>
    public static ConditionParseResult Parse(JsonNode? json)
    {
        if (json is null) return new ConditionParseResult(null, []);
        var reader = new Reader();
        try
        {
            var condition = reader.Read(json, "$", 1);
            return new ConditionParseResult(reader.Problems.Count == 0 ? condition : null, reader.Problems);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // Thrown by JsonObject on duplicate property names.
            return Failed(InvalidJson, $"The condition could not be read: {ex.Message}");
        }
    }

    private static ConditionParseResult Failed(string code, string message) => new(null, [new ConditionProblem("$", code, message)]);

    private sealed class Reader
    {
        public List<ConditionProblem> Problems { get; } = [];
        private int _count;

        public ConditionNode? Read(JsonNode node, string at, int nesting)
        {
            if (++_count > MaxConditions)
            {
                if (_count == MaxConditions + 1) Report(at, TooLarge, $"A condition may have at most {MaxConditions} groups and rules.");
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
            if (comparison is { } c && !c.TakesNoValue()) CheckValue(c, hasValue, value, $"{at}.value");
            return field is null || comparison is null || !JsonFieldPath.IsValid(field)
                ? null
                : new ConditionRule(at, field.Trim(), comparison.Value, comparison.Value.TakesNoValue() ? null : value);
        }

        private void CheckValue(ConditionComparison comparison, bool hasValue, JsonNode? value, string at)
        {
            var name = comparison.ToName();
            if (!hasValue) { Report(at, MissingField, $"{name} needs a value."); return; }
            var kind = JsonValueText.Kind(value);
            switch (comparison)
            {
                case ConditionComparison.Contains or ConditionComparison.StartsWith or ConditionComparison.EndsWith
                    when kind is JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array:
                    Report(at, InvalidValue, $"{name} needs a text, number or boolean value, not {Describe(value)}.");
                    break;
                case ConditionComparison.GreaterThan or ConditionComparison.LessThan
                    when !JsonValueText.TryGetNumber(value, out _) && !JsonValueText.TryGetDate(value, out _):
                    Report(at, InvalidValue, $"{name} needs a number or an ISO date (2024-01-15 or 2024-01-15T10:30:00Z), not {Show(value)}.");
                    break;
                case ConditionComparison.In when kind == JsonValueKind.Array && value!.AsArray().Any(v => !JsonValueText.IsScalar(v)):
                    Report(at, InvalidValue, "in needs a list of plain values (text, numbers, booleans).");
                    break;
                case ConditionComparison.In when kind is not (JsonValueKind.Array or JsonValueKind.String):
                    Report(at, InvalidValue, $"in needs an array or a comma-separated list, not {Describe(value)}.");
                    break;
                case ConditionComparison.Matches:
                    CheckPattern(value, at);
                    break;
            }
        }

        private void CheckPattern(JsonNode? value, string at)
        {
            if (JsonValueText.Kind(value) != JsonValueKind.String || value!.GetValue<string>().Length == 0)
            {
                Report(at, InvalidValue, $"matches needs a regular expression as text, not {Show(value)}.");
                return;
            }
            var pattern = value.GetValue<string>();
            if (pattern.Length > MaxPatternLength)
            {
                Report(at, InvalidPattern, $"The pattern is {pattern.Length} characters long; the limit is {MaxPatternLength}.");
                return;
            }
            try { _ = new Regex(pattern, RegexOptions.CultureInvariant, ConditionEvaluator.DefaultRegexTimeout); }
            catch (ArgumentException ex) { Report(at, InvalidPattern, $"The pattern is not a valid regular expression: {ex.Message}"); }
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

        private static string Describe(JsonNode? node) => JsonValueText.Kind(node) switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "text",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };

        private static string Show(JsonNode? node) =>
            JsonValueText.Kind(node) == JsonValueKind.String ? $"'{node!.GetValue<string>()}'" : Describe(node);
    }
}
