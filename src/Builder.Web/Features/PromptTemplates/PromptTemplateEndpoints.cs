using Builder.Domain.Audit;
using System.Text.Json.Serialization;
using Builder.Domain.PromptTemplates;
using Builder.Domain.Sharing;
using Builder.Web.Api;
using Builder.Web.Features.Sharing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.PromptTemplates;

/// <summary>
/// A new template (the reference's "Create Prompt Template" body) or an edit: fields left out keep their value, and an
/// explicit <c>"modelId": null</c> or <c>"environmentId": null</c> clears that field (JSON merge-patch style), so a left-out
/// field and a null one differ.
/// </summary>
public sealed record PromptTemplateRequest(
    Guid? OrganizationId, string? Name, string? Description, string? PromptText,
    Dictionary<string, string>? Variables, List<PromptVariableSet>? VariableSets, string? Message)
{
    private readonly Guid? _modelId, _environmentId;

    /// <summary>The model; null in the body clears it.</summary>
    public Guid? ModelId { get => _modelId; init { _modelId = value; ModelIdSent = true; } }

    /// <summary>The environment; null in the body clears it (the template then belongs to every environment).</summary>
    public Guid? EnvironmentId { get => _environmentId; init { _environmentId = value; EnvironmentIdSent = true; } }

    /// <summary>The body named <c>modelId</c>, null or not (the serializer sets a property only when the body has it).</summary>
    [JsonIgnore] public bool ModelIdSent { get; private init; }

    [JsonIgnore] public bool EnvironmentIdSent { get; private init; }

    public PromptTemplateInput ToInput() => new(Name, Description, PromptText, ModelId, EnvironmentId, Variables, VariableSets, Message,
        ClearModel: ModelIdSent && ModelId is null, ClearEnvironment: EnvironmentIdSent && EnvironmentId is null);
}

/// <summary>A restore: the new version's message (default "Restored version N").</summary>
public sealed record RestorePromptTemplateRequest(string? Message);

/// <summary>Where a label should point.</summary>
public sealed record MoveLabelRequest(int? Version);

/// <summary>
/// <c>/api/prompt-templates</c>: templates with an immutable version history and labels. entities:read reads (every role);
/// entities:create, entities:update (edit, restore, move a label) and entities:delete change them.
/// </summary>
public static class PromptTemplateEndpoints
{
    public static RouteGroupBuilder MapPromptTemplateEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/prompt-templates", "Prompt templates");
        group.MapGet("/", List).WithSummary("List prompt templates (organizationId required; environmentId, search, ownership=owned|company|shared)");
        group.MapGet("/all", All).WithSummary("All prompt templates the caller sees, grouped: ownedPromptTemplates, companySharedPromptTemplates, sharedWithMePromptTemplates");
        group.MapPost("/", Create).WithSummary("Create a prompt template (version 1)").WithErrorResponses(409);
        group.MapGet("/{id:guid}", Get).WithSummary("Get a prompt template: the latest version, or ?version=3 or ?label=production");
        group.MapPut("/{id:guid}", Update)
            .WithSummary("Update a prompt template: fields left out keep their value, \"modelId\": null or \"environmentId\": null clears it; " +
                "a change of content makes the next version, with the body's message (If-Match)")
            .WithErrorResponses(409, 412);
        group.MapDeletionRequest(ResourceTypes.PromptTemplate, "Delete a prompt template with its history");
        group.MapGet("/{id:guid}/versions", Versions).WithSummary("List the version history, newest first (who, when, message, labels)");
        group.MapGet("/{id:guid}/versions/{version}", Version).WithSummary("Get one version with its full content");
        group.MapPost("/{id:guid}/versions/{version}/restore", Restore)
            .WithSummary("Restore a version: makes a new version with its content (If-Match)").WithErrorResponses(409, 412);
        group.MapGet("/{id:guid}/labels", Labels).WithSummary("List the labels and the version each points to");
        group.MapPut("/{id:guid}/labels/{name}", MoveLabel).WithSummary("Point a label (production, staging, …) at a version");
        group.MapGet("/{id:guid}/label-history", LabelHistory).WithSummary("Every label move, newest first: who moved which label from which version to which");
        group.MapSharingEndpoints<PromptTemplate>("prompt template");
        group.MapPromptExecutionEndpoints();
        return group;
    }

    private static async Task<Ok<PageResponse<PromptTemplateSummary>>> List(HttpContext http, PromptTemplateService templates,
        Guid? organizationId, Guid? environmentId, string? ownership, [AsParameters] PageQuery query) =>
        ApiResults.Page(await templates.ListAsync(await http.ActorAsync(), new PromptTemplateFilter(organizationId, environmentId, OwnedResources.ParseFilter(ownership)),
            query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<Dictionary<string, IReadOnlyList<PromptTemplateSummary>>>> All(HttpContext http, PromptTemplateService templates,
        Guid? organizationId, Guid? environmentId, string? search)
    {
        var actor = await http.ActorAsync();
        return await SharingEndpoints.GroupsAsync("PromptTemplates", search, "name", (filter, page) =>
            templates.ListAsync(actor, new PromptTemplateFilter(organizationId, environmentId, filter), page, http.RequestAborted));
    }

    private static async Task<Ok<PromptTemplateView>> Get(HttpContext http, PromptTemplateService templates, Guid id, int? version, string? label)
    {
        var template = await templates.GetAsync(await http.ActorAsync(), id, new PromptTemplateVersionSelector(version, label), http.RequestAborted);
        // Only the latest content can be saved over, so only it carries the ETag.
        if (version is null && label is null) ETags.Set(http.Response, template.ConcurrencyToken);
        return TypedResults.Ok(template);
    }

    private static async Task<Created<PromptTemplateView>> Create(HttpContext http, PromptTemplateService templates, PromptTemplateRequest request)
    {
        var organizationId = ApiResults.Required(request.OrganizationId, "organizationId");
        var template = await templates.CreateAsync(await http.ActorAsync(), organizationId, request.ToInput(), http.RequestAborted);
        return ApiResults.Created(http, $"/api/prompt-templates/{template.Id}", template, template.ConcurrencyToken);
    }

    private static async Task<Ok<PromptTemplateView>> Update(HttpContext http, PromptTemplateService templates, Guid id, PromptTemplateRequest request)
    {
        var template = await ETags.WriteAsync(http.Request, async expected =>
            await templates.UpdateAsync(await http.ActorAsync(), id, request.ToInput(), expected, http.RequestAborted));
        return ApiResults.Tagged(http, template, template.ConcurrencyToken);
    }


    private static async Task<Ok<PageResponse<PromptTemplateVersionSummary>>> Versions(HttpContext http, PromptTemplateService templates, Guid id,
        [AsParameters] PageQuery query) =>
        ApiResults.Page(await templates.ListVersionsAsync(await http.ActorAsync(), id, query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<PromptTemplateVersionView>> Version(HttpContext http, PromptTemplateService templates, Guid id, int version) =>
        TypedResults.Ok(await templates.GetVersionAsync(await http.ActorAsync(), id, version, http.RequestAborted));

    private static async Task<Ok<PromptTemplateView>> Restore(HttpContext http, PromptTemplateService templates, Guid id, int version,
        RestorePromptTemplateRequest request)
    {
        var template = await ETags.WriteAsync(http.Request, async expected =>
            await templates.RestoreAsync(await http.ActorAsync(), id, version, request.Message, expected, http.RequestAborted));
        return ApiResults.Tagged(http, template, template.ConcurrencyToken);
    }

    private static async Task<Ok<IReadOnlyList<PromptTemplateLabelView>>> Labels(HttpContext http, PromptTemplateService templates, Guid id) =>
        TypedResults.Ok(await templates.ListLabelsAsync(await http.ActorAsync(), id, http.RequestAborted));

    private static async Task<Ok<PromptTemplateLabelView>> MoveLabel(HttpContext http, PromptTemplateService templates, Guid id, string name,
        MoveLabelRequest request)
    {
        // Two moves of the same label at once: the loser runs again on fresh data, so each move is recorded from where the label really was.
        var label = await ETags.WriteAsync(http.Request, async _ =>
            await templates.MoveLabelAsync(await http.ActorAsync(), id, name, request.Version, http.RequestAborted));
        return TypedResults.Ok(label);
    }

    private static async Task<Ok<PageResponse<PromptTemplateLabelMoveView>>> LabelHistory(HttpContext http, PromptTemplateService templates, Guid id,
        [AsParameters] PageQuery query) =>
        ApiResults.Page(await templates.LabelHistoryAsync(await http.ActorAsync(), id, query.ToRequest(), http.RequestAborted));
}
