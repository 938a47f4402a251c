using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.Sharing;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.PromptTemplates;

/// <summary>
/// Prompt templates of an organization with an immutable version history and labels. Users and Guests read
/// (entities:read); Admins create, edit, restore, move labels and delete (entities:create/update/delete).
/// </summary>
public sealed class PromptTemplateService(IBuilderDbContextFactory dbs, TimeProvider clock)
{
    public const string NotFound = "Prompt template not found";
    public const string LabelMovedAction = "label-moved";
    public const string RestoredAction = "restored";
    private const string SaveConflict = "The prompt template could not be saved.";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, Expression<Func<PromptTemplate, object>>> SortKeys = new()
    {
        ["name"] = t => t.Name,
        ["updatedAt"] = t => t.UpdatedAt,
        ["createdAt"] = t => t.CreatedAt,
        ["version"] = t => t.CurrentVersion,
    };

    private static readonly Dictionary<string, Expression<Func<PromptTemplateVersion, object>>> VersionSortKeys = new()
    {
        ["version"] = v => v.Number,
    };

    private static readonly Dictionary<string, Expression<Func<PromptTemplateLabelMove, object>>> MoveSortKeys = new()
    {
        ["movedAt"] = m => m.MovedAt,
    };

    // ---- templates ----

    /// <summary>Templates of an organization, paged and searchable by name. An environment filter also returns organization-wide templates.</summary>
    public async Task<PagedResult<PromptTemplateSummary>> ListAsync(Actor actor, PromptTemplateFilter filter, PageRequest page, CancellationToken ct = default)
    {
        if (filter.OrganizationId is not { } organizationId) throw new ValidationException("organizationId", "organizationId is required.");
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var query = db.PromptTemplates.AsNoTracking().Where(t => t.OrganizationId == organizationId);
        if (filter.EnvironmentId is { } environmentId)
        {
            await db.RequireEnvironmentAsync(actor, environmentId, Permissions.EntitiesRead, organizationId, ct);
            query = query.Where(t => t.EnvironmentId == environmentId || t.EnvironmentId == null);
        }
        query = query.VisibleTo(db, actor, organizationId).WhereOwnership(db, actor, filter.Ownership);
        var models = db.Models.AsNoTracking();
        var environments = db.Environments.AsNoTracking();
        var rows = await query.WhereLike(page.LikePattern, t => t.Name).ToPageAsync(page, SortKeys, t => new SummaryRow(
            t.Id, t.Name, t.Description, t.CurrentVersion, t.ModelId, models.Where(m => m.Id == t.ModelId).Select(m => m.Name).FirstOrDefault(),
            t.EnvironmentId, environments.Where(e => e.Id == t.EnvironmentId).Select(e => e.Name).FirstOrDefault(),
            t.CreatedAt, t.UpdatedAt, t.UpdatedBy, t.Version, t.OwnerId, t.SharingLevel, t.CompanyPermission), ct);
        var ownership = await db.OwnershipOfAsync<PromptTemplate>(actor, organizationId,
            rows.Items.Select(r => new OwnedRow(r.Id, r.OwnerId, r.Level, r.CompanyPermission)).ToList(), ct);
        return new PagedResult<PromptTemplateSummary>(rows.Items.Select(r => new PromptTemplateSummary(r.Id, r.Name, r.Description, r.Version,
            r.ModelId, Ref(r.ModelId, r.ModelName), Ref(r.EnvironmentId, r.EnvironmentName), r.CreatedAt, r.UpdatedAt, r.UpdatedBy, r.Token)
            { Ownership = ownership[r.Id] }).ToList(), rows.Page, rows.Limit, rows.Total);
    }

    /// <summary>
    /// A template: its latest content, or the content of the version a number or a label picks (404 naming the missing
    /// version or label). <see cref="PromptTemplateView.ConcurrencyToken"/> is always the template's current one.
    /// </summary>
    public async Task<PromptTemplateView> GetAsync(Actor actor, Guid id, PromptTemplateVersionSelector? selector = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var template = await LoadAsync(db, actor, id, Permissions.EntitiesRead, ct, tracked: false);
        var number = await SelectVersionAsync(db, template, selector ?? PromptTemplateVersionSelector.Latest, ct);
        if (number == template.CurrentVersion) return await ViewAsync(db, actor, template, ct);
        var version = await db.PromptTemplateVersions.AsNoTracking().FirstAsync(v => v.PromptTemplateId == id && v.Number == number, ct);
        return await ViewAsync(db, actor, template, ct, ReadContent(version.ContentJson), version.Number);
    }

    /// <summary>Creates a template and its version 1 (with <see cref="PromptTemplateInput.Message"/>, if any).</summary>
    public async Task<PromptTemplateView> CreateAsync(Actor actor, Guid organizationId, PromptTemplateInput input, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesCreate, ct);
        var template = new PromptTemplate { OrganizationId = organizationId };
        var content = await CheckAsync(db, template, null, input, ct);
        var changes = Apply(template, content);
        template.CurrentVersion = 1;
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(NewVersion(template, content, actor, now, Validator.Clean(input.Message), null));
        await db.AddAuditedAsync(actor, clock, template, Subject(template), changes, Duplicate(template.Name), ct);
        return await ViewAsync(db, actor, template, ct);
    }

    /// <summary>
    /// Edits a template. Fields left null keep their value; the clear flags remove the model or the environment. When the
    /// content changes, the template moves to version N+1, recorded with <see cref="PromptTemplateInput.Message"/>; an edit
    /// that changes nothing saves nothing and makes no version.
    /// </summary>
    public async Task<PromptTemplateView> UpdateAsync(Actor actor, Guid id, PromptTemplateInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var template = await LoadAsync(db, actor, id, Permissions.EntitiesUpdate, ct);
        template.EnsureVersion(expectedVersion);
        var content = await CheckAsync(db, template, Content(template), input, ct);
        await SaveNewVersionAsync(db, actor, template, content, Validator.Clean(input.Message), null, AuditActions.Updated, ct);
        return await ViewAsync(db, actor, template, ct);
    }

    /// <summary>Deletes a template with its history and labels. Only a person may do this.</summary>
    /// <summary>What deleting a template would take away (its versions, labels and runs), for the approval request (404/403 as the delete would).</summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var template = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, ct, tracked: false);
        actor.RequireHuman("Delete");
        var versions = await db.PromptTemplateVersions.CountAsync(v => v.PromptTemplateId == id, ct);
        var labels = await db.PromptTemplateLabels.Where(l => l.PromptTemplateId == id).OrderBy(l => l.Name).Select(l => l.Name).ToListAsync(ct);
        var runs = await db.PromptExecutions.CountAsync(e => e.PromptTemplateId == id, ct);
        List<string> consequences =
        [
            $"The prompt template “{template.Name}” with its variables, variable sets and sentiment analyses",
            $"{Deletions.Count(versions, "version")} of its history" + (labels.Count == 0 ? "" : $", and its labels {Deletions.Names(labels)}"),
            $"{Deletions.Count(runs, "recorded run")}",
        ];
        return new ApprovalTarget(ResourceTypes.PromptTemplate, id, template.Name, template.OrganizationId, template.EnvironmentId, template.Version,
            consequences);
    }

    /// <summary>Runs an approved deletion (the approval service only: people request it, see <see cref="ApprovalService"/>).</summary>
    internal async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var template = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, ct);
        actor.RequireHuman("Delete");
        template.EnsureVersion(expectedVersion);
        await db.RemoveAuditedAsync(actor, clock, template, Subject(template), "The prompt template could not be deleted.", ct);
    }

    /// <summary>
    /// Stores the latest sentiment analyses (for the sentiment feature; entities:read, as analyze-sentiment is). Neither makes a
    /// version nor changes the concurrency token, so an editor open on the template can still save.
    /// </summary>
    public async Task SaveSentimentAsync(Actor actor, Guid id, JsonNode? raw, JsonNode? result, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var template = await LoadAsync(db, actor, id, Permissions.EntitiesRead, ct);
        template.RawSentimentAnalysisJson = raw?.ToJsonString();
        template.ResultSentimentAnalysisJson = result?.ToJsonString();
        await db.SaveOrConflictAsync(SaveConflict, ct);
    }

    // ---- versions ----

    /// <summary>The version history, newest first (sort=version&amp;order=asc for oldest first), each with the labels on it now.</summary>
    public async Task<PagedResult<PromptTemplateVersionSummary>> ListVersionsAsync(Actor actor, Guid id, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await LoadAsync(db, actor, id, Permissions.EntitiesRead, ct, tracked: false);
        var labels = await LabelsByVersionAsync(db, id, ct);
        var sorted = page.Sort is null ? page with { Sort = "version", Descending = true } : page;
        var rows = await db.PromptTemplateVersions.AsNoTracking().Where(v => v.PromptTemplateId == id)
            .ToPageAsync(sorted, VersionSortKeys, v => new { v.Number, v.CreatedAt, v.CreatedBy, v.Message, v.RestoredFrom }, ct);
        return new PagedResult<PromptTemplateVersionSummary>(rows.Items.Select(v => new PromptTemplateVersionSummary(
            v.Number, v.CreatedAt, v.CreatedBy, v.Message, v.RestoredFrom, labels.GetValueOrDefault(v.Number) ?? [])).ToList(),
            rows.Page, rows.Limit, rows.Total);
    }

    /// <summary>One version with its full content (404 naming it when the template has no such version).</summary>
    public async Task<PromptTemplateVersionView> GetVersionAsync(Actor actor, Guid id, int version, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var template = await LoadAsync(db, actor, id, Permissions.EntitiesRead, ct, tracked: false);
        var row = await FindVersionAsync(db, template, version, ct);
        var content = ReadContent(row.ContentJson);
        var labels = await LabelsByVersionAsync(db, id, ct);
        var names = await NamesAsync(db, template.OrganizationId, content.ModelId, content.EnvironmentId, ct);
        return new PromptTemplateVersionView(id, row.Number, row.CreatedAt, row.CreatedBy, row.Message, row.RestoredFrom,
            labels.GetValueOrDefault(row.Number) ?? [], content.Name, content.Description, content.PromptText, content.ModelId, names.Model,
            content.EnvironmentId, names.Environment, content.Variables, content.VariableSets);
    }

    /// <summary>
    /// Makes a new version with the content of <paramref name="version"/> (history is never rewritten). The message defaults to
    /// "Restored version N". When the current content already equals it, nothing is saved.
    /// </summary>
    public async Task<PromptTemplateView> RestoreAsync(Actor actor, Guid id, int version, string? message, Guid? expectedVersion, CancellationToken ct = default)
    {
        new Validator().Optional("message", message, "Message", PromptTemplate.MessageMax).ThrowIfInvalid();
        await using var db = dbs.Create();
        var template = await LoadAsync(db, actor, id, Permissions.EntitiesUpdate, ct);
        template.EnsureVersion(expectedVersion);
        var row = await FindVersionAsync(db, template, version, ct);
        var content = ReadContent(row.ContentJson);
        // A version keeps its environment's id, not the environment: one deleted since cannot be restored into.
        if (content.EnvironmentId is { } environment && environment != template.EnvironmentId
            && !await db.Environments.AnyAsync(e => e.Id == environment && e.OrganizationId == template.OrganizationId, ct))
            throw new ValidationException("environmentId", $"The environment of version {version} no longer exists, so that version cannot be restored.");
        if (!string.Equals(content.Name, template.Name, StringComparison.OrdinalIgnoreCase))
            await EnsureUniqueAsync(db, template, content.Name, ct);
        await SaveNewVersionAsync(db, actor, template, content, Validator.Clean(message) ?? $"Restored version {version}", version, RestoredAction, ct);
        return await ViewAsync(db, actor, template, ct);
    }

    // ---- labels ----

    public async Task<IReadOnlyList<PromptTemplateLabelView>> ListLabelsAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await LoadAsync(db, actor, id, Permissions.EntitiesRead, ct, tracked: false);
        return await db.PromptTemplateLabels.AsNoTracking().Where(l => l.PromptTemplateId == id).OrderBy(l => l.Name)
            .Select(l => new PromptTemplateLabelView(l.Name, l.VersionNumber, l.UpdatedAt, l.UpdatedBy)).ToListAsync(ct);
    }

    /// <summary>
    /// Points label <paramref name="name"/> (created if new; names are lower-cased) at <paramref name="version"/>, records the
    /// move in the label history and the audit log. Pointing it where it already points changes nothing.
    /// </summary>
    public async Task<PromptTemplateLabelView> MoveLabelAsync(Actor actor, Guid id, string? name, int? version, CancellationToken ct = default)
    {
        var label = CheckLabelName(name);
        await using var db = dbs.Create();
        var template = await LoadAsync(db, actor, id, Permissions.EntitiesUpdate, ct, tracked: false);
        if (version is not { } target) throw new ValidationException("version", "version is required.");
        if (target < 1 || target > template.CurrentVersion)
            throw new ValidationException("version", $"Version {target} does not exist; the versions are 1 to {template.CurrentVersion}.");
        var existing = await db.PromptTemplateLabels.FirstOrDefaultAsync(l => l.PromptTemplateId == id && l.Name == label, ct);
        if (existing is not null && existing.VersionNumber == target) return LabelView(existing);

        var now = clock.GetUtcNow().UtcDateTime;
        db.PromptTemplateLabelMoves.Add(new PromptTemplateLabelMove
        {
            PromptTemplateId = id, Label = label, FromVersion = existing?.VersionNumber, ToVersion = target, MovedAt = now, MovedBy = actor.Email,
        });
        await db.RecordAsync(actor, now, LabelMovedAction, Subject(template), [$"labels.{label}"], ct);
        if (existing is null)
        {
            existing = new PromptTemplateLabel { PromptTemplateId = id, Name = label, VersionNumber = target };
            existing.Stamp(actor, now);
            db.Add(existing);
            await db.SaveOrConflictAsync($"The label '{label}' was just created by someone else; try again.", ct);
        }
        else
        {
            var original = existing.Version;
            existing.VersionNumber = target;
            existing.Stamp(actor, now);
            await db.SaveTrackedAsync(existing, original, SaveConflict, ct);
        }
        return LabelView(existing);
    }

    /// <summary>Every label move of the template, newest first: who moved which label from which version to which, when.</summary>
    public async Task<PagedResult<PromptTemplateLabelMoveView>> LabelHistoryAsync(Actor actor, Guid id, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await LoadAsync(db, actor, id, Permissions.EntitiesRead, ct, tracked: false);
        var sorted = page.Sort is null ? page with { Sort = "movedAt", Descending = true } : page;
        return await db.PromptTemplateLabelMoves.AsNoTracking().Where(m => m.PromptTemplateId == id)
            .ToPageAsync(sorted, MoveSortKeys, m => new PromptTemplateLabelMoveView(m.Label, m.FromVersion, m.ToVersion, m.MovedAt, m.MovedBy), ct);
    }

    /// <summary>A label name as stored: trimmed, lower-case, a letter then letters, digits, '.', '_' or '-', at most 64 characters (400 otherwise).</summary>
    public static string CheckLabelName(string? name)
    {
        var trimmed = name?.Trim().ToLowerInvariant();
        new Validator()
            .Required("label", trimmed, "Label", PromptTemplateLabel.NameMax)
            .Matches("label", trimmed, PromptTemplateLabel.NamePattern(),
                "A label starts with a letter and holds only letters, digits, '.', '_' or '-' (for example production or staging).")
            .ThrowIfInvalid();
        return trimmed!;
    }

    // ---- rules ----

    /// <summary>Validates an input merged over <paramref name="current"/> (null on create), reporting every problem at once.</summary>
    private static async Task<PromptTemplateContent> CheckAsync(IBuilderDbContext db, PromptTemplate template, PromptTemplateContent? current,
        PromptTemplateInput input, CancellationToken ct)
    {
        var name = input.Name ?? current?.Name;
        var description = input.Description is null ? current?.Description : Validator.Clean(input.Description);
        var promptText = input.PromptText ?? current?.PromptText;
        var variables = input.Variables ?? current?.Variables ?? new Dictionary<string, string>();
        var sets = input.VariableSets ?? current?.VariableSets ?? [];
        var validator = new Validator()
            .Required("name", name, "Name", PromptTemplate.NameMax)
            .Optional("description", description, "Description", PromptTemplate.DescriptionMax)
            .Check(!string.IsNullOrWhiteSpace(promptText), "promptText", "Prompt text is required.")
            .Check(promptText is null || promptText.Length <= PromptTemplate.PromptTextMax, "promptText",
                $"Prompt text must be at most {PromptTemplate.PromptTextMax} characters; this one has {promptText?.Length}.")
            .Optional("message", input.Message, "Message", PromptTemplate.MessageMax);
        PromptVariableTypes.CheckDeclarations(variables, validator);
        if (variables.Count <= PromptVariableTypes.MaxVariables) PromptVariableTypes.CheckSets(variables, sets, validator);

        validator.Check(!(input.ClearModel && input.ModelId is not null), "modelId", "Send a model or clear it, not both.")
            .Check(!(input.ClearEnvironment && input.EnvironmentId is not null), "environmentId", "Send an environment or clear it, not both.");
        var modelId = input.ClearModel ? null : input.ModelId ?? current?.ModelId;
        if (input.ModelId is { } model && model != current?.ModelId
            && !await db.Models.Where(AiModel.ChoosableIn(template.OrganizationId)).AnyAsync(m => m.Id == model, ct))
            validator.Add("modelId", "That model does not exist in this organization.");
        var environmentId = input.ClearEnvironment ? null : input.EnvironmentId ?? current?.EnvironmentId;
        if (input.EnvironmentId is { } environment && environment != current?.EnvironmentId
            && !await db.Environments.AnyAsync(e => e.Id == environment && e.OrganizationId == template.OrganizationId, ct))
            validator.Add("environmentId", "That environment does not exist in this organization.");
        validator.ThrowIfInvalid();

        var content = new PromptTemplateContent(name!.Trim(), description, promptText!, modelId, environmentId,
            new Dictionary<string, string>(variables),
            sets.Select(s => new PromptVariableSet(s.Name.Trim(), (s.Values ?? new Dictionary<string, JsonNode?>())
                .ToDictionary(v => v.Key, v => v.Value?.DeepClone()))).ToList());
        if (current is null || !string.Equals(current.Name, content.Name, StringComparison.OrdinalIgnoreCase))
            await EnsureUniqueAsync(db, template, content.Name, ct);
        return content;
    }

    /// <summary>Applies <paramref name="content"/>; when it differs from the current content, saves it as version N+1. Returns whether it saved.</summary>
    private async Task<bool> SaveNewVersionAsync(IBuilderDbContext db, Actor actor, PromptTemplate template, PromptTemplateContent content,
        string? message, int? restoredFrom, string action, CancellationToken ct)
    {
        if (Serialize(Content(template)) == Serialize(content)) return false;
        var changes = Apply(template, content);
        template.CurrentVersion++;
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(NewVersion(template, content, actor, now, message, restoredFrom));
        var original = template.Version;
        try
        {
            return await db.SaveAuditedAsync(actor, clock, template, changes, Subject(template), Duplicate(template.Name), ct, action);
        }
        catch (ConflictException)
        {
            // Another save took version N+1 first (its row hit the unique index before our stale update was refused): a
            // concurrency failure, not a duplicate name, so an unconditional write runs again on fresh data.
            if (await ChangedSinceAsync(template.Id, original, ct) is { } changed) throw new ConcurrencyException(changed.UpdatedBy, changed.UpdatedAt);
            throw;
        }
    }

    /// <summary>Who changed the template since <paramref name="readVersion"/> was read, and when; null when nobody did.</summary>
    private async Task<(string UpdatedBy, DateTime UpdatedAt)?> ChangedSinceAsync(Guid id, Guid readVersion, CancellationToken ct)
    {
        await using var fresh = dbs.Create();
        var current = await fresh.PromptTemplates.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new { t.Version, t.UpdatedBy, t.UpdatedAt }).FirstOrDefaultAsync(ct);
        return current is null || current.Version == readVersion ? null : (current.UpdatedBy, current.UpdatedAt);
    }

    private static List<string> Apply(PromptTemplate t, PromptTemplateContent c)
    {
        var changes = new ChangeSet();
        changes.Set("name", t.Name, c.Name, v => t.Name = v);
        changes.Set("description", t.Description, c.Description, v => t.Description = v);
        changes.Set("promptText", t.PromptText, c.PromptText, v => t.PromptText = v);
        changes.Set("modelId", t.ModelId, c.ModelId, v => t.ModelId = v);
        changes.Set("environmentId", t.EnvironmentId, c.EnvironmentId, v => t.EnvironmentId = v);
        changes.Set("variables", t.VariablesJson, JsonSerializer.Serialize(c.Variables, Json), v => t.VariablesJson = v);
        changes.Set("variableSets", t.VariableSetsJson, JsonSerializer.Serialize(c.VariableSets, Json), v => t.VariableSetsJson = v);
        return [.. changes.Fields];
    }

    private static PromptTemplateVersion NewVersion(PromptTemplate t, PromptTemplateContent content, Actor actor, DateTime now, string? message,
        int? restoredFrom) => new()
    {
        PromptTemplateId = t.Id, Number = t.CurrentVersion, ContentJson = Serialize(content), CreatedAt = now, CreatedBy = actor.Email,
        Message = message, RestoredFrom = restoredFrom,
    };

    /// <summary>The template's current content.</summary>
    public static PromptTemplateContent Content(PromptTemplate t) => new(t.Name, t.Description, t.PromptText, t.ModelId, t.EnvironmentId,
        ReadVariables(t.VariablesJson), ReadSets(t.VariableSetsJson));

    private static string Serialize(PromptTemplateContent content) => JsonSerializer.Serialize(content, Json);

    private static PromptTemplateContent ReadContent(string json) =>
        JsonSerializer.Deserialize<PromptTemplateContent>(json, Json) ?? throw new InvalidOperationException("A stored version has no content.");

    private static IReadOnlyDictionary<string, string> ReadVariables(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json) ?? [];

    private static IReadOnlyList<PromptVariableSet> ReadSets(string json) =>
        JsonSerializer.Deserialize<List<PromptVariableSet>>(json, Json) ?? [];

    private static async Task<int> SelectVersionAsync(IBuilderDbContext db, PromptTemplate template, PromptTemplateVersionSelector selector, CancellationToken ct)
    {
        if (selector.Version is not null && selector.Label is not null)
            throw new ValidationException("version", "Ask for a version or a label, not both.");
        if (selector.Version is { } number)
        {
            if (number < 1 || number > template.CurrentVersion)
                throw new NotFoundException($"Version {number} not found; the versions are 1 to {template.CurrentVersion}.");
            return number;
        }
        if (selector.Label is { } name)
        {
            var label = CheckLabelName(name);
            return await db.PromptTemplateLabels.Where(l => l.PromptTemplateId == template.Id && l.Name == label)
                       .Select(l => (int?)l.VersionNumber).FirstOrDefaultAsync(ct)
                   ?? throw new NotFoundException($"Label '{label}' not found");
        }
        return template.CurrentVersion;
    }

    private static async Task<PromptTemplateVersion> FindVersionAsync(IBuilderDbContext db, PromptTemplate template, int number, CancellationToken ct) =>
        await db.PromptTemplateVersions.AsNoTracking().FirstOrDefaultAsync(v => v.PromptTemplateId == template.Id && v.Number == number, ct)
        ?? throw new NotFoundException($"Version {number} not found; the versions are 1 to {template.CurrentVersion}.");

    private static async Task<Dictionary<int, List<string>>> LabelsByVersionAsync(IBuilderDbContext db, Guid id, CancellationToken ct) =>
        (await db.PromptTemplateLabels.AsNoTracking().Where(l => l.PromptTemplateId == id).Select(l => new { l.Name, l.VersionNumber }).ToListAsync(ct))
        .GroupBy(l => l.VersionNumber).ToDictionary(g => g.Key, g => g.Select(l => l.Name).Order(StringComparer.Ordinal).ToList());

    private static async Task<PromptTemplate> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, string permission, CancellationToken ct, bool tracked = true) =>
        await db.LoadOwnedAsync(tracked ? db.PromptTemplates : db.PromptTemplates.AsNoTracking(), actor, id, permission, null, ct);

    private static Task EnsureUniqueAsync(IBuilderDbContext db, PromptTemplate template, string name, CancellationToken ct) =>
        db.PromptTemplates.Where(t => t.OrganizationId == template.OrganizationId).EnsureUniqueNameAsync(name, template.Id, Duplicate(name), ct);

    private sealed record Names(NamedRef Organization, NamedRef? Model, NamedRef? Environment);

    private static async Task<Names> NamesAsync(IBuilderDbContext db, Guid organizationId, Guid? modelId, Guid? environmentId, CancellationToken ct)
    {
        var organization = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).FirstAsync(ct);
        var model = modelId is { } m ? await db.Models.Where(x => x.Id == m).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        var environment = environmentId is { } e ? await db.Environments.Where(x => x.Id == e).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        return new Names(new NamedRef(organizationId, organization), Ref(modelId, model), Ref(environmentId, environment));
    }

    private static async Task<PromptTemplateView> ViewAsync(IBuilderDbContext db, Actor actor, PromptTemplate t, CancellationToken ct,
        PromptTemplateContent? content = null, int? version = null)
    {
        content ??= Content(t);
        var names = await NamesAsync(db, t.OrganizationId, content.ModelId, content.EnvironmentId, ct);
        var labels = await db.PromptTemplateLabels.AsNoTracking().Where(l => l.PromptTemplateId == t.Id).OrderBy(l => l.Name)
            .ToDictionaryAsync(l => l.Name, l => l.VersionNumber, ct);
        return new PromptTemplateView(t.Id, content.Name, content.Description, content.PromptText, version ?? t.CurrentVersion, content.ModelId,
            names.Model, names.Organization, names.Environment, content.Variables, content.VariableSets,
            ParseStored(t.RawSentimentAnalysisJson), ParseStored(t.ResultSentimentAnalysisJson), t.CreatedAt, t.UpdatedAt, t.UpdatedBy, labels,
            t.Version) { Ownership = await db.OwnershipOfAsync(actor, t, ct) };
    }

    private static JsonNode? ParseStored(string? json) => json is null ? null : JsonNode.Parse(json);

    private static NamedRef? Ref(Guid? id, string? name) => id is { } value && name is not null ? new NamedRef(value, name) : null;

    private static PromptTemplateLabelView LabelView(PromptTemplateLabel l) => new(l.Name, l.VersionNumber, l.UpdatedAt, l.UpdatedBy);

    private static AuditSubject Subject(PromptTemplate t) => new(ResourceTypes.PromptTemplate, t.Id, t.Name, t.OrganizationId, t.EnvironmentId);

    private static string Duplicate(string name) => $"A prompt template named '{name}' already exists in this organization";

    private sealed record SummaryRow(Guid Id, string Name, string? Description, int Version, Guid? ModelId, string? ModelName,
        Guid? EnvironmentId, string? EnvironmentName, DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy, Guid Token,
        Guid OwnerId, SharingLevel Level, AccessLevel CompanyPermission);
}
