using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;

namespace Builder.Domain.Prompts;

/// <summary>
/// A standalone prompt of an organization (separate from prompt templates: no versions, no variable sets): a title, a content
/// with <c>{{variables}}</c>, a model, and the output format. For <see cref="PromptOutputFormats.Json"/> the output template
/// describes the JSON the model must answer with. <see cref="TrackedEntity.Version"/> is the concurrency token (the ETag).
/// </summary>
public sealed class Prompt : TrackedEntity, IOwnedResource, Trash.ITrashable
{
    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public const int TitleMax = 200;
    public const int ContentMax = 100_000;
    public const int OutputTemplateMax = 20_000;

    public Guid OrganizationId { get; set; }

    public Guid OwnerId { get; set; }
    public SharingLevel SharingLevel { get; set; } = SharingLevel.Company;
    public AccessLevel CompanyPermission { get; set; } = AccessLevel.Edit;

    public static string ResourceType => ResourceTypes.Prompt;
    public static ResourcePermissions Permissions { get; } = new(Access.Permissions.EntitiesRead, Access.Permissions.EntitiesUpdate, Access.Permissions.EntitiesDelete);
    public static string NotFoundMessage => PromptService.NotFound;
    public static string Noun => "prompt";
    public AuditSubject ToAuditSubject() => new(ResourceTypes.Prompt, Id, Title, OrganizationId);
    public string Title { get; set; } = "";
    public string Content { get; set; } = "";

    /// <summary>One of the organization's models or a visible system model. Not a foreign key: deleting the model leaves the prompt without one.</summary>
    public Guid? ModelId { get; set; }

    /// <summary><see cref="PromptOutputFormats.Text"/> or <see cref="PromptOutputFormats.Json"/>.</summary>
    public string OutputFormat { get; set; } = PromptOutputFormats.Text;

    /// <summary>For json only (null for text): a JSON document with <c>{{placeholders}}</c>.</summary>
    public string? OutputTemplate { get; set; }
}

public static class PromptOutputFormats
{
    public const string Text = "text";
    public const string Json = "json";
    public static readonly IReadOnlyList<string> All = [Text, Json];
}
