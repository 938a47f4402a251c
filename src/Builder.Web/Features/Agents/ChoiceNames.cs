using Builder.Domain.Versioning;

namespace Builder.Web.Features.Agents;

/// <summary>Names for what a draft holds, in its order, with a plain word for what the person can no longer see.</summary>
public static class ChoiceNames
{
    /// <summary>
    /// One choice per id, in the order of <paramref name="ids"/>: its name when <paramref name="found"/> has it, otherwise
    /// <paramref name="unknown"/> (deleted, or not shared with this person).
    /// </summary>
    public static IReadOnlyList<Choice> InOrder(IEnumerable<Guid> ids, IReadOnlyList<Choice> found, string unknown)
    {
        var byId = found.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
        return ids.Select(id => byId.TryGetValue(id, out var choice) ? choice : new Choice(id, unknown)).ToList();
    }

    /// <summary>A model's name as the comparison shows it: "(system)" after a system model.</summary>
    public static string Model(Choice model) => model.Detail?.EndsWith("· system", StringComparison.Ordinal) == true ? $"{model.Name} (system)" : model.Name;
}
