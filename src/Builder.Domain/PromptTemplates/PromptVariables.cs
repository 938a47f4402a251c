namespace Builder.Domain.PromptTemplates;

/// <summary>
/// One <c>{{name}}</c> in a prompt text. <see cref="Start"/> and <see cref="Length"/> cover the whole placeholder in UTF-16
/// units; <see cref="Line"/> and <see cref="Column"/> are 1-based, as the Monaco editor counts (column in UTF-16 units).
/// </summary>
public sealed record PromptVariableOccurrence(string Name, int Start, int Length, int Line, int Column);

/// <summary>What a prompt text uses against what is declared: every occurrence, the distinct names used, the undeclared ones and the unused ones.</summary>
public sealed record PromptVariableReport(
    IReadOnlyList<PromptVariableOccurrence> Occurrences,
    IReadOnlyList<string> Used,
    IReadOnlyList<string> Undeclared,
    IReadOnlyList<string> Unused);

/// <summary>
/// Finds the <c>{{variables}}</c> of a prompt text. A variable is <c>{{</c>, optional spaces, a name (a letter or '_', then
/// letters, digits or '_'), optional spaces, <c>}}</c>; anything else between braces is plain text. One forward scan, no
/// regular expression: linear in the text whatever it holds.
/// </summary>
public static class PromptVariables
{
    public const int NameMax = 64;

    /// <summary>Every placeholder in order of appearance.</summary>
    public static IReadOnlyList<PromptVariableOccurrence> Find(string? text)
    {
        var found = new List<PromptVariableOccurrence>();
        if (string.IsNullOrEmpty(text)) return found;
        var line = 1;
        var lineStart = 0;
        var counted = 0; // line breaks are counted up to here
        var at = text.IndexOf("{{", StringComparison.Ordinal);
        while (at >= 0)
        {
            if (TryRead(text, at, out var name, out var end))
            {
                for (; counted < at; counted++)
                    if (text[counted] == '\n') { line++; lineStart = counted + 1; }
                found.Add(new PromptVariableOccurrence(name, at, end - at, line, at - lineStart + 1));
                at = text.IndexOf("{{", end, StringComparison.Ordinal);
            }
            else
            {
                at = text.IndexOf("{{", at + 1, StringComparison.Ordinal);
            }
        }
        return found;
    }

    /// <summary>The distinct names a text uses, in order of first appearance.</summary>
    public static IReadOnlyList<string> Names(string? text) => Find(text).Select(o => o.Name).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Compares what the text uses with what is declared (names are case-sensitive).</summary>
    public static PromptVariableReport Analyze(string? text, IEnumerable<string> declared)
    {
        var occurrences = Find(text);
        var used = occurrences.Select(o => o.Name).Distinct(StringComparer.Ordinal).ToList();
        var declaredList = declared.Distinct(StringComparer.Ordinal).ToList();
        var declaredSet = declaredList.ToHashSet(StringComparer.Ordinal);
        var usedSet = used.ToHashSet(StringComparer.Ordinal);
        return new PromptVariableReport(occurrences, used,
            used.Where(n => !declaredSet.Contains(n)).ToList(),
            declaredList.Where(n => !usedSet.Contains(n)).ToList());
    }

    /// <summary>Whether <paramref name="name"/> can be a variable's name (what <c>{{name}}</c> accepts).</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > NameMax || !IsNameStart(name[0])) return false;
        foreach (var c in name) if (!IsNamePart(c)) return false;
        return true;
    }

    /// <summary>Reads a placeholder starting at <paramref name="at"/> (which holds "{{"); <paramref name="end"/> is just past its "}}".</summary>
    private static bool TryRead(string text, int at, out string name, out int end)
    {
        name = "";
        end = at;
        var i = at + 2;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        var nameStart = i;
        if (i >= text.Length || !IsNameStart(text[i])) return false;
        while (i < text.Length && IsNamePart(text[i])) i++;
        var nameEnd = i;
        if (nameEnd - nameStart > NameMax) return false;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        if (i + 1 >= text.Length || text[i] != '}' || text[i + 1] != '}') return false;
        name = text[nameStart..nameEnd];
        end = i + 2;
        return true;
    }

    private static bool IsNameStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsNamePart(char c) => IsNameStart(c) || c is >= '0' and <= '9';
}
