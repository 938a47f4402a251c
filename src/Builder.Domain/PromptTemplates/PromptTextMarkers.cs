namespace Builder.Domain.PromptTemplates;

public enum PromptMarkerSeverity { Hint, Warning }

/// <summary>
/// One editor marker over a prompt text: 1-based lines and columns as the Monaco editor counts them (the end column is
/// just past the marked text), a severity and a message in words.
/// </summary>
public sealed record PromptTextMarker(int Line, int Column, int EndLine, int EndColumn, PromptMarkerSeverity Severity, string Message);

/// <summary>The editor's markers for a prompt text: a warning under every undeclared variable, a hint naming the declared ones it never uses.</summary>
public static class PromptTextMarkers
{
    public static IReadOnlyList<PromptTextMarker> For(string? text, IEnumerable<string> declared)
    {
        var report = PromptVariables.Analyze(text, declared);
        var undeclared = report.Undeclared.ToHashSet(StringComparer.Ordinal);
        var markers = report.Occurrences.Where(o => undeclared.Contains(o.Name))
            .Select(o => new PromptTextMarker(o.Line, o.Column, o.Line, o.Column + o.Length, PromptMarkerSeverity.Warning,
                $"'{o.Name}' is not a declared variable. Declare it in the variables panel, or fix the name."))
            .ToList();
        if (report.Unused.Count > 0)
        {
            // A placeholder can hold no line break, so the first line's first character is a safe anchor for the hint.
            var firstLineEnd = string.IsNullOrEmpty(text) ? 0 : (text.IndexOf('\n') is var n and >= 0 ? n : text.Length);
            var message = report.Unused.Count == 1
                ? $"The variable '{report.Unused[0]}' is declared but the text never uses it."
                : $"The variables {string.Join(", ", report.Unused.Select(u => $"'{u}'"))} are declared but the text never uses them.";
            markers.Add(new PromptTextMarker(1, 1, 1, Math.Max(2, Math.Min(firstLineEnd, 80) + 1), PromptMarkerSeverity.Hint, message));
        }
        return markers;
    }
}
