using System.Text.RegularExpressions;

namespace Builder.Domain.Workflows;

/// <summary>
/// Builds the regular expression of a <c>matches</c> rule. A match/no-match test means the same under .NET's
/// linear-time engine (<see cref="RegexOptions.NonBacktracking"/>), so that engine is used whenever the pattern allows
/// it: nested repetition such as <c>^(a+)+$</c> then costs time in proportion to the text, not exponential. Patterns
/// that need backtracking (lookarounds, backreferences, atomic groups) fall back to the backtracking engine, whose
/// match timeout the evaluation's <see cref="EvaluationBudget"/> bounds.
/// </summary>
public static class ConditionRegex
{
    /// <summary>Options of the linear-time engine.</summary>
    public const RegexOptions Linear = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    /// <summary>The pattern on the linear-time engine when it can run there, otherwise on the backtracking one; both with <paramref name="timeout"/>.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static Regex Create(string pattern, TimeSpan timeout)
    {
        try { return new Regex(pattern, Linear, timeout); }
        catch (NotSupportedException) { return new Regex(pattern, RegexOptions.CultureInvariant, timeout); }
    }
}
