using Builder.Domain.Tables;

namespace Builder.Web.Features.Tables;

/// <summary>
/// The identifier rule of table and column names (<see cref="TableNames.Pattern"/>) explained for what a person has typed so
/// far: which part breaks it, or that the name is fine. The domain still decides; this only says it earlier.
/// </summary>
public static class TableNameHint
{
    public const string Rule = "Lower-case letters, digits and underscores, starting with a letter (for example customer_orders).";

    /// <summary>What is wrong with the name as typed, or null when it follows the rule (or nothing is typed yet).</summary>
    public static string? Problem(string? name, bool column = false)
    {
        if (string.IsNullOrEmpty(name)) return null;
        if (name.Length > TableLimits.NameLength) return $"At most {TableLimits.NameLength} characters ({name.Length} typed).";
        if (name[0] is < 'a' or > 'z') return char.IsUpper(name[0]) ? "Start with a lower-case letter." : "Start with a letter (a to z).";
        var bad = name.FirstOrDefault(c => c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'));
        if (bad != default)
            return bad switch
            {
                ' ' => "No spaces: use an underscore (_) instead.",
                '-' => "No hyphens: use an underscore (_) instead.",
                _ when char.IsUpper(bad) => $"Only lower-case letters: “{bad}” is upper case.",
                _ => $"“{bad}” is not allowed: only lower-case letters, digits and underscores.",
            };
        if (column && TableNames.IsReserved(name)) return $"“{name}” is a system column's name; choose another.";
        return null;
    }

    /// <summary>The helper line under a name field: the problem, or the rule.</summary>
    public static string Helper(string? name, bool column = false) => Problem(name, column) ?? Rule;

    /// <summary>A suggestion that follows the rule, for a name typed with capitals or spaces ("Customer Orders" → customer_orders); null when none is needed.</summary>
    public static string? Suggestion(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || Problem(name) is null) return null;
        var chars = name.Trim().ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_').ToArray();
        var text = string.Join("_", new string(chars).Split('_', StringSplitOptions.RemoveEmptyEntries));
        text = text.TrimStart('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '_');
        if (text.Length > TableLimits.NameLength) text = text[..TableLimits.NameLength];
        return TableNames.IsIdentifier(text) && text != name ? text : null;
    }
}
