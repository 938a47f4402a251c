using Builder.Domain.Common;

namespace Builder.Domain.PromptTemplates.Execution;

/// <summary>
/// The rules of the editor's multi-runs, kept here rather than in a component: "Compare models" runs one set on one to
/// <see cref="MaxModels"/> different models; "Run all sets" runs every variable set of a version, which needs at least one.
/// </summary>
public static class PromptRunPlans
{
    /// <summary>How many models one comparison runs side by side.</summary>
    public const int MaxModels = 3;

    /// <summary>The distinct models to compare, in the order chosen; a clear 400 (field "models") for none or more than <see cref="MaxModels"/>.</summary>
    public static IReadOnlyList<Guid> ModelsToCompare(IEnumerable<Guid>? chosen)
    {
        var models = (chosen ?? []).Where(id => id != Guid.Empty).Distinct().ToList();
        if (models.Count == 0) throw new ValidationException("models", "Choose at least one model to compare.");
        if (models.Count > MaxModels)
            throw new ValidationException("models", $"Compare at most {MaxModels} models at once; {models.Count} are chosen.");
        return models;
    }

    /// <summary>The names of the sets to run, in order; a clear 400 (field "variableSet") when the version has none.</summary>
    public static IReadOnlyList<string> AllSets(IReadOnlyList<PromptVariableSet> sets) => sets.Count == 0
        ? throw new ValidationException("variableSet", "This version has no variable sets; add one in Variable sets and save, then run them all.")
        : sets.Select(s => s.Name).ToList();
}
