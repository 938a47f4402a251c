using System.Text.RegularExpressions;

namespace Builder.Domain.Tables.Csv;

/// <summary>
/// The guard against CSV formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab, a carriage return,
/// a NUL before one) as a formula, so an export puts an apostrophe before such a cell, as the OWASP "CSV Injection" page and
/// ASVS 1.2.10 recommend and Grafana, WooCommerce and tableExport do. Unlike those, a plain number ("-5", "+3.2", "-1e-7") is
/// left alone: it can't be a formula, and prefixing it turned negative numbers into text in their exports (grafana#17363,
/// woocommerce#25379). The guard is reversible: a cell that already starts with apostrophes followed by a trigger gets one more,
/// and <see cref="Unguard"/> removes exactly one, so an export imports back unchanged.
/// </summary>
public static partial class CsvFormulaGuard
{
    private static bool IsTrigger(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '\0';

    /// <summary>The value as an export writes it: with a leading apostrophe when a spreadsheet would read it as a formula.</summary>
    public static string Guard(string value)
    {
        var i = LeadingApostrophes(value);
        if (i >= value.Length || !IsTrigger(value[i])) return value;
        if (i == 0 && PlainNumber().IsMatch(value)) return value;
        return "'" + value;
    }

    /// <summary>The value as it was before <see cref="Guard"/>: one apostrophe fewer before a trigger character.</summary>
    public static string Unguard(string value)
    {
        if (value.Length < 2 || value[0] != '\'') return value;
        var i = LeadingApostrophes(value);
        return i < value.Length && IsTrigger(value[i]) && !(i == 1 && PlainNumber().IsMatch(value.AsSpan(1))) ? value[1..] : value;
    }

    private static int LeadingApostrophes(string value)
    {
        var i = 0;
        while (i < value.Length && value[i] == '\'') i++;
        return i;
    }

    [GeneratedRegex(@"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex PlainNumber();
}
