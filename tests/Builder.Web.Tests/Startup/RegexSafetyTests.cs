using System.Reflection;
using System.Text.RegularExpressions;
using Builder.Domain.Workflows;

namespace Builder.Web.Tests.Startup;

/// <summary>
/// Every regular expression the app declares — [GeneratedRegex] methods and properties, and static Regex fields — in
/// the Domain and Web assemblies runs in linear time (NonBacktracking) or has a finite match timeout, so no input can
/// make a check quadratic or exponential. Patterns built at run time go through <see cref="ConditionRegex"/>.
/// </summary>
public sealed class RegexSafetyTests
{
    private const BindingFlags Everything = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static IEnumerable<(string Name, Regex Regex)> DeclaredRegexes()
    {
        foreach (var assembly in new[] { typeof(ConditionEvaluator).Assembly, typeof(Program).Assembly })
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(Everything).Where(m => m.GetCustomAttribute<GeneratedRegexAttribute>() is not null))
                yield return ($"{type.FullName}.{method.Name}()", (Regex)method.Invoke(null, null)!);
            foreach (var property in type.GetProperties(Everything).Where(p => p.GetCustomAttribute<GeneratedRegexAttribute>() is not null))
                yield return ($"{type.FullName}.{property.Name}", (Regex)property.GetValue(null)!);
            foreach (var field in type.GetFields(Everything).Where(f => typeof(Regex).IsAssignableFrom(f.FieldType) && !f.Name.Contains('<')))
                if (field.GetValue(null) is Regex regex) yield return ($"{type.FullName}.{field.Name}", regex);
        }
    }

    [Fact]
    public void Every_declared_regex_is_linear_or_has_a_timeout()
    {
        var regexes = DeclaredRegexes().ToList();

        Assert.True(regexes.Count >= 5, $"found only {regexes.Count}: {string.Join(", ", regexes.Select(r => r.Name))}");
        var unsafeOnes = regexes
            .Where(r => !r.Regex.Options.HasFlag(RegexOptions.NonBacktracking) && r.Regex.MatchTimeout == Regex.InfiniteMatchTimeout)
            .Select(r => r.Name)
            .ToList();
        Assert.True(unsafeOnes.Count == 0, "Backtracking without a timeout: " + string.Join(", ", unsafeOnes));
    }

    [Fact]
    public void The_invite_email_pattern_is_linear()
    {
        var email = DeclaredRegexes().Single(r => r.Name.EndsWith("MemberService.EmailPattern()", StringComparison.Ordinal)).Regex;

        Assert.True(email.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.DoesNotMatch(email, "a@" + new string('.', 160_000) + "@");
    }
}
