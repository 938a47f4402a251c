using System.Text.RegularExpressions;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;

namespace Builder.Domain.PromptTemplates;

/// <summary>
/// A prompt template of an organization (optionally tied to one environment): a prompt text with <c>{{variables}}</c>,
/// the declared variable types, named test value sets, a model, and the latest sentiment analyses. Every change of content
/// makes a new immutable <see cref="PromptTemplateVersion"/>; <see cref="CurrentVersion"/> is the latest number.
/// <see cref="TrackedEntity.Version"/> stays the concurrency token (the ETag), as on every other resource.
/// </summary>
public sealed partial class PromptTemplate : TrackedEntity, IOwnedResource, INamedResource, Trash.ITrashable
{
    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public const int NameMax = 200;
    public const int DescriptionMax = 2000;
    public const int PromptTextMax = 100_000;
    public const int MessageMax = 500;

    public Guid OrganizationId { get; set; }

    public Guid OwnerId { get; set; }
    public SharingLevel SharingLevel { get; set; } = SharingLevel.Company;
    public AccessLevel CompanyPermission { get; set; } = AccessLevel.Edit;

    public static string ResourceType => ResourceTypes.PromptTemplate;
    public static ResourcePermissions Permissions { get; } = new(Access.Permissions.EntitiesRead, Access.Permissions.EntitiesUpdate, Access.Permissions.EntitiesDelete);
    public static string NotFoundMessage => PromptTemplateService.NotFound;
    public static string Noun => "prompt template";
    public AuditSubject ToAuditSubject() => new(ResourceTypes.PromptTemplate, Id, Name, OrganizationId, EnvironmentId);
    public Guid? EnvironmentId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string PromptText { get; set; } = "";

    /// <summary>The chosen model: one of the organization's, or a visible system model. Not a foreign key, so deleting a model leaves the template without one.</summary>
    public Guid? ModelId { get; set; }

    /// <summary>The declared variables, a JSON object of name → type.</summary>
    public string VariablesJson { get; set; } = "{}";

    /// <summary>The variable sets, a JSON array of <c>{ name, values }</c>.</summary>
    public string VariableSetsJson { get; set; } = "[]";

    /// <summary>The latest sentiment analysis of the prompt text with a set substituted (JSON), or null.</summary>
    public string? RawSentimentAnalysisJson { get; set; }

    /// <summary>The latest sentiment analysis of an execution's output (JSON), or null.</summary>
    public string? ResultSentimentAnalysisJson { get; set; }

    /// <summary>The number of the latest version (1 after creation).</summary>
    public int CurrentVersion { get; set; }
}

/// <summary>One immutable version of a template: the full content as it was saved, who saved it, when, and why.</summary>
public sealed class PromptTemplateVersion
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PromptTemplateId { get; set; }
    public int Number { get; set; }

    /// <summary>The full content (<see cref="PromptTemplateContent"/>) as JSON.</summary>
    public string ContentJson { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public string? Message { get; set; }

    /// <summary>When this version restored an older one, that version's number.</summary>
    public int? RestoredFrom { get; set; }
}

/// <summary>A named pointer (production, staging, …) to one version of a template, moved explicitly.</summary>
public sealed partial class PromptTemplateLabel : TrackedEntity
{
    public const int NameMax = 64;

    public Guid PromptTemplateId { get; set; }

    /// <summary>Lower-case, e.g. "production".</summary>
    public string Name { get; set; } = "";
    public int VersionNumber { get; set; }

    /// <summary>A letter, then letters, digits, '.', '_' or '-' (checked after the length, so linear either way).</summary>
    [GeneratedRegex("^[a-z][a-z0-9._-]*$", RegexOptions.NonBacktracking)]
    public static partial Regex NamePattern();
}

/// <summary>One move of a label: who moved which label from which version (null when it was new) to which, when.</summary>
public sealed class PromptTemplateLabelMove
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PromptTemplateId { get; set; }
    public string Label { get; set; } = "";
    public int? FromVersion { get; set; }
    public int ToVersion { get; set; }
    public DateTime MovedAt { get; set; }
    public string MovedBy { get; set; } = "";
}
