using System.Text.Json.Nodes;
using Builder.Domain.PromptTemplates;
using Builder.Domain.PromptTemplates.Execution;

namespace Builder.Web.Features.PromptTemplates.Runs;

/// <summary>
/// What a run substitutes: a variable set of the saved version by name, or values typed in, one per variable the saved text
/// uses (read as the declared type; an empty field is left out, so the service names it as missing).
/// </summary>
public sealed class RunInputsDraft
{
    /// <summary>The chosen set's name; null to enter values.</summary>
    public string? SetName { get; set; }

    public Dictionary<string, string?> Texts { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public bool EnteringValues => SetName is null;

    /// <summary>Keeps the chosen set when the version still has it; otherwise the first set, or values when there is none.</summary>
    public void Fit(PromptTemplateView template)
    {
        if (SetName is not null && template.VariableSets.Any(s => s.Name == SetName)) return;
        if (SetName is null && Chosen) return; // entering values, by choice
        SetName = template.VariableSets.Count > 0 ? template.VariableSets[0].Name : null;
    }

    /// <summary>The person picked the set (or values) themselves.</summary>
    public bool Chosen { get; set; }

    /// <summary>The variables a person types values for: those the saved text uses, with their declared type (string otherwise).</summary>
    public static IReadOnlyList<(string Name, string Type)> Fields(PromptTemplateView template) =>
        PromptVariables.Names(template.PromptText)
            .Select(n => (n, template.Variables.TryGetValue(n, out var type) ? type : PromptVariableTypes.String)).ToList();

    /// <summary>The request for these inputs on <paramref name="version"/> (and <paramref name="modelId"/>), or null with <see cref="Errors"/> filled.</summary>
    public PromptExecutionRequest? ToRequest(PromptTemplateView template, Guid? modelId = null)
    {
        Errors.Clear();
        if (SetName is not null) return new PromptExecutionRequest(SetName, null, template.Version, null, modelId);
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, type) in Fields(template))
        {
            var text = Texts.GetValueOrDefault(name);
            if (string.IsNullOrEmpty(text)) continue;
            if (PromptVariableTypes.TryParse(type, text, out var value, out var error)) values[name] = value;
            else Errors[name] = error ?? "Not a valid value.";
        }
        return Errors.Count > 0 ? null : new PromptExecutionRequest(null, values, template.Version, null, modelId);
    }
}
