using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Builder.Domain.Sharing;

namespace Builder.Domain.PromptTemplates;

public sealed record NamedRef(Guid Id, string Name);

/// <summary>
/// A template as the API answers it (the reference's shape): <see cref="Version"/> is the version number shown;
/// <see cref="ConcurrencyToken"/> is the ETag and is not part of the JSON. <see cref="Labels"/> maps label → version.
/// </summary>
public sealed record PromptTemplateView(
    Guid Id,
    string Name,
    string? Description,
    string PromptText,
    int Version,
    Guid? ModelId,
    NamedRef? Model,
    NamedRef Organization,
    NamedRef? Environment,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<PromptVariableSet> VariableSets,
    JsonNode? RawSentimentAnalysis,
    JsonNode? ResultSentimentAnalysis,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string UpdatedBy,
    IReadOnlyDictionary<string, int> Labels,
    [property: JsonIgnore] Guid ConcurrencyToken) : OwnedView
{
    [JsonIgnore] public Guid OrganizationId => Organization.Id;
    [JsonIgnore] public Guid? EnvironmentId => Environment?.Id;
}

/// <summary>A list row: the template without its text and sets.</summary>
public sealed record PromptTemplateSummary(
    Guid Id, string Name, string? Description, int Version, Guid? ModelId, NamedRef? Model, NamedRef? Environment,
    DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy, [property: JsonIgnore] Guid ConcurrencyToken) : OwnedView;

/// <summary>A model a template of the organization can use: one of its own, or a visible system model.</summary>

/// <summary>One version in the history list: its number, who saved it, when, the message, and the labels on it now.</summary>
public sealed record PromptTemplateVersionSummary(
    int Version, DateTime CreatedAt, string CreatedBy, string? Message, int? RestoredFrom, IReadOnlyList<string> Labels);

/// <summary>One version with its full content, for reading and comparing versions.</summary>
public sealed record PromptTemplateVersionView(
    Guid PromptTemplateId,
    int Version,
    DateTime CreatedAt,
    string CreatedBy,
    string? Message,
    int? RestoredFrom,
    IReadOnlyList<string> Labels,
    string Name,
    string? Description,
    string PromptText,
    Guid? ModelId,
    NamedRef? Model,
    Guid? EnvironmentId,
    NamedRef? Environment,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<PromptVariableSet> VariableSets);

public sealed record PromptTemplateLabelView(string Name, int Version, DateTime UpdatedAt, string UpdatedBy);

public sealed record PromptTemplateLabelMoveView(string Label, int? FromVersion, int ToVersion, DateTime MovedAt, string MovedBy);

/// <summary>
/// The content a version holds. Two versions with equal content serialize to the same JSON, which is how a save that
/// changes nothing is told apart from one that does.
/// </summary>
public sealed record PromptTemplateContent(
    string Name,
    string? Description,
    string PromptText,
    Guid? ModelId,
    Guid? EnvironmentId,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<PromptVariableSet> VariableSets);

/// <summary>
/// A new template, or an edit. On an edit a null field keeps what is stored (the reference's partial PUT); an empty
/// description clears it, and <see cref="ClearModel"/> / <see cref="ClearEnvironment"/> clear the model and the
/// environment (the template then has no model, or belongs to every environment). <see cref="Message"/> is the new
/// version's commit message.
/// </summary>
public sealed record PromptTemplateInput(
    string? Name = null,
    string? Description = null,
    string? PromptText = null,
    Guid? ModelId = null,
    Guid? EnvironmentId = null,
    IReadOnlyDictionary<string, string>? Variables = null,
    IReadOnlyList<PromptVariableSet>? VariableSets = null,
    string? Message = null,
    bool ClearModel = false,
    bool ClearEnvironment = false);

public sealed record PromptTemplateFilter(Guid? OrganizationId, Guid? EnvironmentId, OwnershipFilter? Ownership = null);

/// <summary>Which version to read: the latest (both null), a number, or a label.</summary>
public sealed record PromptTemplateVersionSelector(int? Version = null, string? Label = null)
{
    public static readonly PromptTemplateVersionSelector Latest = new();
}
