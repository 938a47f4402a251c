using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Builder.Domain.Workflows.ConditionComparison;

namespace Builder.Domain.Workflows;

/// <summary>The comparisons behind <see cref="ConditionEvaluator"/>; see its remarks for the semantics.</summary>
internal static class RuleComparer
{
    public static (bool Result, string? Error) Compare(ConditionRule rule, bool found, JsonNode? actual, TimeSpan regexTimeout, EvaluationBudget budget)
    {
        var present = found && JsonValueText.Kind(actual) != JsonValueKind.Null;
        if (rule.Comparison == Exists) return (present, null);
        if (rule.Comparison == NotExists) return (!present, null);
        if (!found) return (rule.Comparison == NotEqual, null);

        var expected = rule.Value;
        return rule.Comparison switch
        {
            Equal => (Same(actual, expected), null),
            NotEqual => (!Same(actual, expected), null),
            Contains => Contain(rule.Field, actual, expected),
            StartsWith or EndsWith => Affix(rule, actual, expected),
            GreaterThan => Order(rule, actual, expected, order => order > 0),
            LessThan => Order(rule, actual, expected, order => order < 0),
            In => (Candidates(expected).Any(c => Same(actual, c)), JsonValueText.IsScalar(actual) ? null : NotScalar(rule.Field, "in")),
            Matches => Match(rule.Field, actual, expected, regexTimeout, budget),
            _ => (false, $"Unknown comparison {rule.Comparison}."),
        };
    }

    /// <summary>Equality as documented on <see cref="ConditionEvaluator"/>.</summary>
    public static bool Same(JsonNode? a, JsonNode? b)
    {
        JsonValueKind ka = JsonValueText.Kind(a), kb = JsonValueText.Kind(b);
        if (!JsonValueText.IsScalar(a) || !JsonValueText.IsScalar(b)) return JsonNode.DeepEquals(a, b);
        if (ka == JsonValueKind.Null || kb == JsonValueKind.Null) return ka == kb;
        if ((ka == JsonValueKind.Number || kb == JsonValueKind.Number) && JsonValueText.TryCompareNumbers(a, b, out var order))
            return order == 0;
        if ((IsBoolean(ka) || IsBoolean(kb)) && JsonValueText.TryGetBoolean(a, out var ba) && JsonValueText.TryGetBoolean(b, out var bb))
            return ba == bb;
        return string.Equals(JsonValueText.ToText(a), JsonValueText.ToText(b), StringComparison.Ordinal);
    }

    private static bool IsBoolean(JsonValueKind kind) => kind is JsonValueKind.True or JsonValueKind.False;

    private static (bool, string?) Contain(string field, JsonNode? actual, JsonNode? expected) => JsonValueText.Kind(actual) switch
    {
        JsonValueKind.Array => (actual!.AsArray().Any(item => Same(item, expected)), null),
        JsonValueKind.Object => (false, $"contains needs text or a list, but {field} is an object."),
        JsonValueKind.Null => (false, null),
        _ => (JsonValueText.ToText(actual).Contains(JsonValueText.ToText(expected), StringComparison.Ordinal), null),
    };

    private static (bool, string?) Affix(ConditionRule rule, JsonNode? actual, JsonNode? expected)
    {
        if (!JsonValueText.IsScalar(actual)) return (false, NotScalar(rule.Field, rule.Comparison.ToName()));
        if (JsonValueText.Kind(actual) == JsonValueKind.Null) return (false, null);
        string text = JsonValueText.ToText(actual), affix = JsonValueText.ToText(expected);
        return (rule.Comparison == StartsWith ? text.StartsWith(affix, StringComparison.Ordinal) : text.EndsWith(affix, StringComparison.Ordinal), null);
    }

    private static (bool, string?) Order(ConditionRule rule, JsonNode? actual, JsonNode? expected, Func<int, bool> holds)
    {
        if (JsonValueText.TryCompareNumbers(actual, expected, out var order))
            return (holds(order), null);
        if (JsonValueText.TryGetDate(actual, out var da) && JsonValueText.TryGetDate(expected, out var db))
            return (holds(da.CompareTo(db)), null);
        return (false, $"{rule.Comparison.ToName()} needs two numbers or two ISO dates, but {rule.Field} is {Show(actual)} and the value is {Show(expected)}.");
    }

    private static IEnumerable<JsonNode?> Candidates(JsonNode? expected) => JsonValueText.Kind(expected) == JsonValueKind.Array
        ? expected!.AsArray()
        : JsonValueText.ToText(expected).Split(',').Select(item => (JsonNode?)JsonValue.Create(item.Trim()));

    private static (bool, string?) Match(string field, JsonNode? actual, JsonNode? expected, TimeSpan timeout, EvaluationBudget budget)
    {
        if (!JsonValueText.IsScalar(actual)) return (false, NotScalar(field, "matches"));
        if (JsonValueText.Kind(actual) == JsonValueKind.Null) return (false, null);
        // Never longer than what is left of the whole evaluation's budget (at least a millisecond: a zero timeout means none).
        var left = budget.Remaining;
        if (left <= TimeSpan.Zero) throw new ConditionBudgetExceededException(budget);
        var limit = left < timeout ? (left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left) : timeout;
        try
        {
            return (ConditionRegex.Create(JsonValueText.ToText(expected), limit).IsMatch(JsonValueText.ToText(actual)), null);
        }
        catch (RegexMatchTimeoutException)
        {
            if (budget.IsExhausted) throw new ConditionBudgetExceededException(budget);
            return (false, $"The pattern took longer than {timeout.TotalMilliseconds:0} ms on {field} and was stopped; simplify the pattern (avoid nested repetition such as (a+)+).");
        }
        catch (ArgumentException ex)
        {
            return (false, $"The pattern is not a valid regular expression: {ex.Message}");
        }
    }

    private static string NotScalar(string field, string comparison) => $"{comparison} needs a single value, but {field} is a list or an object.";

    private static string Show(JsonNode? node)
    {
        var text = JsonValueText.ToText(node);
        if (text.Length > 60) text = text[..60] + "…";
        return JsonValueText.Kind(node) == JsonValueKind.String ? $"'{text}'" : text;
    }
}
