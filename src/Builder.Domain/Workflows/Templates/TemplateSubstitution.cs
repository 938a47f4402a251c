using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Builder.Domain.Workflows;

/// <summary>
/// Replaces <c>{{ path.to.value }}</c> placeholders with values from a JSON context (for workflows,
/// <c>{ "message": … }</c>). Pure and thread-safe.
/// </summary>
/// <remarks>
/// <para>A placeholder is two braces, optional spaces, a <see cref="JsonFieldPath"/> that starts with a letter,
/// <c>_</c> or <c>$</c>, optional spaces, two braces. Anything else is left alone, so text that merely looks like
/// JSON (<c>{"a": {"b": 1}}</c>, <c>{ {x} }</c>, <c>{{"a": 1}}</c>) passes through unchanged.</para>
/// <para>Inside text, a value is written as: strings as they are, numbers as written, <c>true</c>/<c>false</c>,
/// objects and arrays as compact JSON, and JSON null as nothing. A placeholder whose path does not resolve stays
/// as written and its name is reported in <c>Unresolved</c>.</para>
/// <para>In parameters (and entity arguments), a string that is exactly one placeholder and nothing else, e.g.
/// <c>"{{message.count}}"</c>, takes the value's own JSON type (a number stays a number, an object an object).</para>
/// </remarks>
public static partial class TemplateSubstitution
{
    [GeneratedRegex(@"\{\{\s*(?<path>[A-Za-z_$][\w$-]*(?:\.[\w$-]+|\[\d+\])*)\s*\}\}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, 1_000)]
    internal static partial Regex Placeholder();

    /// <summary>The distinct placeholder names in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> FindNames(string? text) => string.IsNullOrEmpty(text) ? []
        : Placeholder().Matches(text).Select(m => m.Groups["path"].Value).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Substitutes placeholders in plain text.</summary>
    public static TextSubstitutionResult SubstituteText(string? text, JsonNode? context)
    {
        if (JsonInput.FindProblem(context, "context") is { } problem) return new TextSubstitutionResult(text ?? "", [], [], problem);
        var run = new TemplateRun(context);
        var result = run.Text(text ?? "", "$");
        return new TextSubstitutionResult(result, run.Made, run.Unresolved);
    }

    /// <summary>
    /// Substitutes every string value in <paramref name="parameters"/> (objects and arrays are walked; property names
    /// are not substituted). The input is not modified.
    /// </summary>
    public static ParameterSubstitutionResult SubstituteParameters(JsonNode? parameters, JsonNode? context)
    {
        var problem = JsonInput.FindProblem(parameters, "parameters") ?? JsonInput.FindProblem(context, "context");
        if (problem is not null) return new ParameterSubstitutionResult(null, null, [], [], problem);
        var run = new TemplateRun(context);
        var substituted = run.Parameters(parameters);
        return new ParameterSubstitutionResult(parameters?.DeepClone(), substituted, run.Made, run.Unresolved);
    }

    /// <summary>Substitutes entity arguments, each a typed value as in parameters; the context must already be readable.</summary>
    internal static IReadOnlyList<SubstitutedArgument> SubstituteArguments(IReadOnlyList<WorkflowEntityArgument> arguments, JsonNode? context) =>
        arguments.Select(argument =>
        {
            var run = new TemplateRun(context);
            var value = argument.Value is null ? null : run.Value(argument.Value, $"$.{argument.Name}");
            return new SubstitutedArgument(argument.Name, argument.Value, value, argument.Description, run.Made, run.Unresolved);
        }).ToArray();
}
