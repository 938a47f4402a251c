using System.Text.Json;
using System.Text.Json.Nodes;

namespace Builder.Domain.PromptTemplates;

/// <summary>
/// One change between two versions other than the prompt text (which is diffed word by word): what it is ("Name",
/// "Variable plan", "Set Happy User") and its value before and after, in words; null where there was none.
/// </summary>
public sealed record PromptTemplateFieldChange(string Field, string What, string? Before, string? After);

/// <summary>
/// What changed between two versions besides the prompt text: name, description, model, environment, each declared
/// variable (added, removed, type changed) and each variable set by name (added, removed, values changed). The order is
/// fixed (details first, then variables by name, then sets in the newer version's order, removed sets last).
/// </summary>
public static class PromptTemplateVersionChanges
{
    public const string NoModel = "No model";
    public const string AllEnvironments = "All environments";

    /// <summary>Longest value text shown for a set before it is cut with an ellipsis.</summary>
    public const int MaxValueText = 300;

    public static IReadOnlyList<PromptTemplateFieldChange> Between(PromptTemplateVersionView older, PromptTemplateVersionView newer)
    {
        var changes = new List<PromptTemplateFieldChange>();
        if (older.Name != newer.Name) changes.Add(new("name", "Name", older.Name, newer.Name));
        if (older.Description != newer.Description) changes.Add(new("description", "Description", older.Description, newer.Description));
        if (older.ModelId != newer.ModelId) changes.Add(new("modelId", "Model", ModelName(older), ModelName(newer)));
        if (older.EnvironmentId != newer.EnvironmentId)
            changes.Add(new("environmentId", "Environment", EnvironmentName(older), EnvironmentName(newer)));

        foreach (var name in older.Variables.Keys.Union(newer.Variables.Keys).Order(StringComparer.Ordinal))
        {
            var before = older.Variables.GetValueOrDefault(name);
            var after = newer.Variables.GetValueOrDefault(name);
            if (before != after) changes.Add(new("variables", $"Variable {name}", before, after));
        }

        var olderSets = older.VariableSets.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First());
        var newerNames = newer.VariableSets.Select(s => s.Name).ToHashSet();
        foreach (var set in newer.VariableSets.DistinctBy(s => s.Name))
        {
            var before = olderSets.TryGetValue(set.Name, out var old) ? Values(old) : null;
            var after = Values(set);
            if (before != after) changes.Add(new("variableSets", $"Set {set.Name}", Cut(before), Cut(after)));
        }
        foreach (var set in older.VariableSets.DistinctBy(s => s.Name).Where(s => !newerNames.Contains(s.Name)))
            changes.Add(new("variableSets", $"Set {set.Name}", Cut(Values(set)), null));
        return changes;
    }

    private static string ModelName(PromptTemplateVersionView v) =>
        v.ModelId is null ? NoModel : v.Model?.Name ?? "A model no longer available";

    private static string EnvironmentName(PromptTemplateVersionView v) =>
        v.EnvironmentId is null ? AllEnvironments : v.Environment?.Name ?? "A deleted environment";

    /// <summary>A set's values as compact JSON in name order (compared whole, shown cut).</summary>
    private static string Values(PromptVariableSet set)
    {
        var ordered = new JsonObject();
        foreach (var (name, value) in (set.Values ?? new Dictionary<string, JsonNode?>()).OrderBy(v => v.Key, StringComparer.Ordinal))
            ordered[name] = value?.DeepClone();
        return ordered.ToJsonString(Readable);
    }

    private static string? Cut(string? text) =>
        text is null || text.Length <= MaxValueText ? text : string.Concat(text.AsSpan(0, MaxValueText - 1), "…");

    // Non-ASCII letters stay readable ("Zoë", not "Zo\u00EB"); the text is only ever shown as text, which the page encodes.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
