using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>One placeholder that was replaced.</summary>
/// <param name="Name">The path inside the braces, e.g. <c>message.user.id</c>.</param>
/// <param name="Value">The value it resolved to (a copy; null for JSON null).</param>
/// <param name="Location">Where the placeholder was: <c>$</c> for plain text, <c>$.greeting</c> or <c>$.to[0]</c> in parameters.</param>
public sealed record SubstitutionMade(string Name, JsonNode? Value, string Location);

/// <summary>The outcome of <see cref="TemplateSubstitution.SubstituteText"/>.</summary>
/// <param name="Text">The text with every resolvable placeholder replaced; unresolved ones are left as written.</param>
/// <param name="SubstitutionsMade">Each replacement, in order.</param>
/// <param name="Unresolved">Names that did not resolve, each once, in order of first appearance.</param>
/// <param name="Error">Why the context could not be read, or null.</param>
public sealed record TextSubstitutionResult(
    string Text, IReadOnlyList<SubstitutionMade> SubstitutionsMade, IReadOnlyList<string> Unresolved, string? Error = null);

/// <summary>The outcome of <see cref="TemplateSubstitution.SubstituteParameters"/>, shaped like the "Test Variable Substitution" response.</summary>
/// <param name="OriginalParameters">The parameters as given (a copy).</param>
/// <param name="SubstitutedParameters">A copy with every string value substituted.</param>
/// <param name="SubstitutionsMade">Each replacement, in document order.</param>
/// <param name="Unresolved">Names that did not resolve, each once, in order of first appearance.</param>
/// <param name="Error">Why the parameters or context could not be read, or null.</param>
public sealed record ParameterSubstitutionResult(
    JsonNode? OriginalParameters,
    JsonNode? SubstitutedParameters,
    IReadOnlyList<SubstitutionMade> SubstitutionsMade,
    IReadOnlyList<string> Unresolved,
    string? Error = null);
