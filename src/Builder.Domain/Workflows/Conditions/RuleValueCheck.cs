using System.Text.Json;
using System.Text.Json.Nodes;
using static Builder.Domain.Workflows.ConditionParser;
using static Builder.Domain.Workflows.ConditionProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>Checks that a rule's <c>value</c> suits its comparison, and that <c>matches</c> patterns compile.</summary>
internal static class RuleValueCheck
{
    public static void Check(ConditionComparison comparison, bool hasValue, JsonNode? value, string at, List<ConditionProblem> problems)
    {
        void Add(string code, string message) => problems.Add(new ConditionProblem(at, code, message));
        var name = comparison.ToName();
        if (!hasValue) { Add(MissingField, $"{name} needs a value."); return; }
        var kind = JsonValueText.Kind(value);
        switch (comparison)
        {
            case ConditionComparison.Contains or ConditionComparison.StartsWith or ConditionComparison.EndsWith
                when kind is JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array:
                Add(InvalidValue, $"{name} needs a text, number or boolean value, not {ConditionReader.Describe(value)}.");
                break;
            case ConditionComparison.GreaterThan or ConditionComparison.LessThan
                when !JsonValueText.TryGetNumber(value, out _) && !JsonValueText.TryGetDate(value, out _):
                Add(InvalidValue, $"{name} needs a number or an ISO date (2024-01-15 or 2024-01-15T10:30:00Z), not {ConditionReader.Show(value)}.");
                break;
            case ConditionComparison.In when kind == JsonValueKind.Array && value!.AsArray().Any(v => !JsonValueText.IsScalar(v)):
                Add(InvalidValue, "in needs a list of plain values (text, numbers, booleans).");
                break;
            case ConditionComparison.In when kind is not (JsonValueKind.Array or JsonValueKind.String):
                Add(InvalidValue, $"in needs an array or a comma-separated list, not {ConditionReader.Describe(value)}.");
                break;
            case ConditionComparison.Matches:
                CheckPattern(value, at, problems);
                break;
        }
    }

    private static void CheckPattern(JsonNode? value, string at, List<ConditionProblem> problems)
    {
        void Add(string code, string message) => problems.Add(new ConditionProblem(at, code, message));
        if (JsonValueText.Kind(value) != JsonValueKind.String || value!.GetValue<string>().Length == 0)
        {
            Add(InvalidValue, $"matches needs a regular expression as text, not {ConditionReader.Show(value)}.");
            return;
        }
        var pattern = value.GetValue<string>();
        if (pattern.Length > MaxPatternLength)
        {
            Add(InvalidPattern, $"The pattern is {pattern.Length} characters long; the limit is {MaxPatternLength}.");
            return;
        }
        try { _ = ConditionRegex.Create(pattern, ConditionLimits.Default.RegexTimeout); }
        catch (ArgumentException ex) { Add(InvalidPattern, $"The pattern is not a valid regular expression: {ex.Message}"); }
    }
}
