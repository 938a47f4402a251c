using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.PromptTemplates;
using Builder.Domain.Sharing;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Prompts;

/// <summary>
/// Standalone prompts of an organization. Every role reads and runs them (entities:read); Admins create, edit and delete
/// them (entities:create/update/delete), as for prompt templates. A run goes through the model gateway with the prompt's model.
/// </summary>
public sealed class PromptService(IBuilderDbContextFactory dbs, ModelService models, IModelGateway gateway, TimeProvider clock)
{
    public const string NotFound = "Prompt not found";
    private const string SaveConflict = "The prompt could not be saved.";

    private static readonly Dictionary<string, Expression<Func<Prompt, object>>> SortKeys = new()
    {
        ["title"] = p => p.Title,
        ["updatedAt"] = p => p.UpdatedAt,
        ["createdAt"] = p => p.CreatedAt,
    };

    /// <summary>Prompts of an organization, paged, searchable by title.</summary>
    public async Task<PagedResult<PromptView>> ListAsync(Actor actor, Guid? organizationId, PageRequest page, CancellationToken ct = default,
        OwnershipFilter? ownership = null)
    {
        if (organizationId is not { } orgId) throw new ValidationException("organizationId", "organizationId is required.");
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, orgId, Permissions.EntitiesRead, ct);
        var organization = await db.Organizations.Where(o => o.Id == orgId).Select(o => o.Name).FirstAsync(ct);
        var modelNames = db.Models.AsNoTracking();
        var rows = await db.Prompts.AsNoTracking().Where(p => p.OrganizationId == orgId).VisibleTo(db, actor, orgId).WhereOwnership(db, actor, ownership)
            .WhereLike(page.LikePattern, p => p.Title)
            .ToPageAsync(page, SortKeys, p => new { Prompt = p, ModelName = modelNames.Where(m => m.Id == p.ModelId).Select(m => m.Name).FirstOrDefault() }, ct);
        var owned = await db.OwnershipOfAsync<Prompt>(actor, orgId, rows.Items.Select(r => OwnedRow.Of(r.Prompt)).ToList(), ct);
        return new PagedResult<PromptView>(rows.Items.Select(r => View(r.Prompt, organization, r.ModelName) with { Ownership = owned[r.Prompt.Id] }).ToList(),
            rows.Page, rows.Limit, rows.Total);
    }

    public async Task<PromptView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var prompt = await LoadAsync(db, actor, id, Permissions.EntitiesRead, ct, tracked: false);
        return await ViewAsync(db, actor, prompt, ct);
    }

    public async Task<PromptView> CreateAsync(Actor actor, Guid organizationId, PromptInput input, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesCreate, ct);
        var prompt = new Prompt { OrganizationId = organizationId };
        var changes = await ApplyAsync(db, prompt, input, creating: true, ct);
        await db.AddAuditedAsync(actor, clock, prompt, Subject(prompt), changes, SaveConflict, ct);
        return await ViewAsync(db, actor, prompt, ct);
    }

    /// <summary>Edits a prompt (fields left null keep their value); an edit that changes nothing saves nothing.</summary>
    public async Task<PromptView> UpdateAsync(Actor actor, Guid id, PromptInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var prompt = await LoadAsync(db, actor, id, Permissions.EntitiesUpdate, ct);
        prompt.EnsureVersion(expectedVersion);
        var changes = await ApplyAsync(db, prompt, input, creating: false, ct);
        await db.SaveAuditedAsync(actor, clock, prompt, changes, Subject(prompt), SaveConflict, ct);
        return await ViewAsync(db, actor, prompt, ct);
    }

    /// <summary>Deletes a prompt. Only a person may do this.</summary>
    /// <summary>What deleting a prompt would take away, for the approval request (404/403 as the delete would).</summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var prompt = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, ct, tracked: false);
        actor.RequireHuman("Delete");
        return new ApprovalTarget(ResourceTypes.Prompt, id, prompt.Title, prompt.OrganizationId, null, prompt.Version,
            [$"The prompt “{prompt.Title}” with its content and output template"]);
    }

    /// <summary>Runs an approved deletion (the approval service only: people request it, see <see cref="ApprovalService"/>).</summary>
    internal async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var prompt = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, ct);
        actor.RequireHuman("Delete");
        prompt.EnsureVersion(expectedVersion);
        await db.RemoveAuditedAsync(actor, clock, prompt, Subject(prompt), "The prompt could not be deleted.", ct);
    }

    /// <summary>
    /// Runs the prompt on its model with <paramref name="values"/> for its variables (entities:read). Missing variables are a
    /// 400 naming them; a failing model a <see cref="ModelCallException"/>. A json prompt asks for JSON and checks the answer
    /// against the output template.
    /// </summary>
    public async Task<PromptRunResult> RunAsync(Actor actor, Guid id, IReadOnlyDictionary<string, JsonNode?>? values, CancellationToken ct = default)
    {
        var run = await PrepareAsync(actor, id, values, ct);
        var completion = await gateway.CompleteAsync(run.Target.Endpoint, run.Messages, new ModelCallOptions { Json = run.Json }, ct);
        return Result(run, completion);
    }

    /// <summary>
    /// The same run, streamed through the same gateway as a prompt template's: the answer's text as it arrives (a credential
    /// the model echoes is redacted, also when split across pieces), then one last update with the
    /// <see cref="PromptRunResult"/> (for json, the checked and pretty-printed answer). A failure, also mid-stream, is a
    /// <see cref="ModelCallException"/>; the caller's cancellation an <see cref="OperationCanceledException"/>.
    /// </summary>
    public async IAsyncEnumerable<PromptRunUpdate> StreamAsync(Actor actor, Guid id, IReadOnlyDictionary<string, JsonNode?>? values,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var run = await PrepareAsync(actor, id, values, ct);
        var redactor = new StreamRedactor(run.Target.Endpoint);
        await foreach (var update in gateway.StreamAsync(run.Target.Endpoint, run.Messages, new ModelCallOptions { Json = run.Json }, ct))
        {
            if (update.Final is { } final)
            {
                var rest = redactor.Flush();
                if (rest.Length > 0) yield return new PromptRunUpdate(rest);
                yield return new PromptRunUpdate("", Result(run, final));
                yield break;
            }
            var ready = redactor.Push(update.Delta);
            if (ready.Length > 0) yield return new PromptRunUpdate(ready);
        }
    }

    private sealed record PreparedRun(Prompt Prompt, ModelTarget Target, List<ModelMessage> Messages, bool Json);

    private async Task<PreparedRun> PrepareAsync(Actor actor, Guid id, IReadOnlyDictionary<string, JsonNode?>? values, CancellationToken ct)
    {
        Prompt prompt;
        await using (var db = dbs.Create())
            prompt = await LoadAsync(db, actor, id, Permissions.EntitiesRead, ct, tracked: false);
        var text = PromptText.Substitute(prompt.Content, values ?? new Dictionary<string, JsonNode?>()).ThrowIfMissing().Text;
        if (prompt.ModelId is not { } modelId) throw new ValidationException("modelId", "This prompt has no model; choose one before running it.");
        ModelTarget target;
        try
        {
            target = await models.GetEndpointAsync(actor, modelId, prompt.OrganizationId, ct);
        }
        catch (NotFoundException)
        {
            throw new ValidationException("modelId", "This prompt's model no longer exists; choose another one.");
        }
        var json = prompt.OutputFormat == PromptOutputFormats.Json;
        List<ModelMessage> messages = json
            ? [ModelMessage.System(JsonInstruction(prompt.OutputTemplate ?? "{}")), ModelMessage.User(text)]
            : [ModelMessage.User(text)];
        return new PreparedRun(prompt, target, messages, json);
    }

    private static PromptRunResult Result(PreparedRun run, ModelCompletion completion)
    {
        var prompt = run.Prompt;
        var output = run.Target.Endpoint.Redactor.Redact(completion.Output);
        var model = new NamedRef(run.Target.Id, run.Target.Name);
        if (!run.Json)
            return new PromptRunResult(output, prompt.OutputFormat, null, true, null, model, completion.Usage, completion.LatencyMs, completion.FinishReason);
        var check = PromptOutput.Check(output, prompt.OutputTemplate ?? "{}");
        return new PromptRunResult(check.Pretty ?? output, prompt.OutputFormat, check.Json, check.Valid, check.Problem, model,
            completion.Usage, completion.LatencyMs, completion.FinishReason);
    }

    /// <summary>The system message of a json run: answer with JSON only, shaped like the template.</summary>
    public static string JsonInstruction(string template) =>
        "Answer with a single JSON value and nothing else (no prose, no code fence). It must have exactly this shape, "
        + "with each {{placeholder}} replaced by your value:\n" + template;

    /// <summary>Validates <paramref name="input"/> merged over the prompt, reporting every problem at once, and applies it. Returns the changed fields.</summary>
    private static async Task<List<string>> ApplyAsync(IBuilderDbContext db, Prompt prompt, PromptInput input, bool creating, CancellationToken ct)
    {
        var title = input.Title is null ? (creating ? null : prompt.Title) : input.Title.Trim();
        var content = input.Content ?? (creating ? null : prompt.Content);
        var format = input.OutputFormat?.Trim().ToLowerInvariant() ?? (creating ? PromptOutputFormats.Text : prompt.OutputFormat);
        var template = input.OutputTemplate is null ? (creating ? null : prompt.OutputTemplate) : Validator.Clean(input.OutputTemplate);
        if (format == PromptOutputFormats.Text) template = null;
        var modelId = input.ModelId is null ? (creating ? null : prompt.ModelId) : input.ModelId == Guid.Empty ? null : input.ModelId;

        var validator = new Validator()
            .Required("title", title, "Title", Prompt.TitleMax)
            .Check(!string.IsNullOrWhiteSpace(content), "content", "Content is required.")
            .Check(content is null || content.Length <= Prompt.ContentMax, "content",
                $"Content must be at most {Prompt.ContentMax} characters; this one has {content?.Length}.")
            .Check(PromptOutputFormats.All.Contains(format), "outputFormat", "outputFormat must be 'text' or 'json'.")
            .Check(template is null || template.Length <= Prompt.OutputTemplateMax, "outputTemplate",
                $"The output template must be at most {Prompt.OutputTemplateMax} characters; this one has {template?.Length}.");
        if (format == PromptOutputFormats.Json && (template is null || template.Length <= Prompt.OutputTemplateMax)
            && PromptOutput.TemplateProblem(template) is { } problem)
            validator.Add("outputTemplate", problem);
        if (modelId is { } model && model != prompt.ModelId
            && !await db.Models.Where(AiModel.ChoosableIn(prompt.OrganizationId)).AnyAsync(m => m.Id == model, ct))
            validator.Add("modelId", "That model does not exist in this organization.");
        validator.ThrowIfInvalid();

        var changes = new List<string>();
        void Set<T>(string field, T current, T next, Action<T> assign)
        {
            if (!creating && EqualityComparer<T>.Default.Equals(current, next)) return;
            if (creating && next is null) return;
            assign(next);
            changes.Add(field);
        }
        Set("title", prompt.Title, title!, v => prompt.Title = v);
        Set("content", prompt.Content, content!, v => prompt.Content = v);
        Set("modelId", prompt.ModelId, modelId, v => prompt.ModelId = v);
        Set("outputFormat", prompt.OutputFormat, format, v => prompt.OutputFormat = v);
        Set("outputTemplate", prompt.OutputTemplate, template, v => prompt.OutputTemplate = v);
        return changes;
    }

    private static async Task<Prompt> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, string permission, CancellationToken ct, bool tracked = true) =>
        await db.LoadOwnedAsync(tracked ? db.Prompts : db.Prompts.AsNoTracking(), actor, id, permission, null, ct);

    private static async Task<PromptView> ViewAsync(IBuilderDbContext db, Actor actor, Prompt p, CancellationToken ct)
    {
        var organization = await db.Organizations.Where(o => o.Id == p.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var model = p.ModelId is { } m ? await db.Models.Where(x => x.Id == m).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        return View(p, organization, model) with { Ownership = await db.OwnershipOfAsync(actor, p, ct) };
    }

    private static PromptView View(Prompt p, string organization, string? modelName) =>
        new(p.Id, p.OrganizationId, p.ModelId, p.ModelId is { } m && modelName is not null ? new NamedRef(m, modelName) : null,
            new NamedRef(p.OrganizationId, organization), p.Title, p.Content, p.OutputFormat, p.OutputTemplate, p.CreatedAt, p.UpdatedAt,
            p.UpdatedBy, p.Version);

    private static AuditSubject Subject(Prompt p) => new(ResourceTypes.Prompt, p.Id, p.Title, p.OrganizationId);
}
