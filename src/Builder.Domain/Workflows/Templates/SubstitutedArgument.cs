using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>An entity argument after substitution.</summary>
/// <param name="Name">The argument name.</param>
/// <param name="Template">The argument value as written, e.g. <c>{{message.user.id}}</c>.</param>
/// <param name="Value">The substituted value; typed when the template is exactly one placeholder.</param>
/// <param name="Description">The argument description.</param>
/// <param name="SubstitutionsMade">The placeholders replaced.</param>
/// <param name="Unresolved">The placeholder names that did not resolve.</param>
public sealed record SubstitutedArgument(
    string Name,
    string? Template,
    JsonNode? Value,
    string? Description,
    IReadOnlyList<SubstitutionMade> SubstitutionsMade,
    IReadOnlyList<string> Unresolved);
