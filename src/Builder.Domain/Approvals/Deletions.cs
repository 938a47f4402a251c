namespace Builder.Domain.Approvals;

/// <summary>How a deletion request words what goes with its target: "3 variables", "Onboarding, Billing and 4 more".</summary>
public static class Deletions
{
    /// <summary>How many names a consequence lists before it says "and N more".</summary>
    public const int NamesShown = 10;

    /// <summary>"no variables", "1 variable", "4 variables" (<paramref name="plural"/> when it is not just an added s).</summary>
    public static string Count(int count, string singular, string? plural = null) =>
        count switch
        {
            0 => $"no {plural ?? singular + "s"}",
            1 => $"1 {singular}",
            _ => $"{count} {plural ?? singular + "s"}",
        };

    /// <summary>"“A”, “B”" or "“A”, “B” and 7 more": a reviewer reads the first few, not a thousand.</summary>
    public static string Names(IReadOnlyCollection<string> names)
    {
        var shown = string.Join(", ", names.Take(NamesShown).Select(n => $"“{n}”"));
        return names.Count > NamesShown ? $"{shown} and {names.Count - NamesShown} more" : shown;
    }
}
