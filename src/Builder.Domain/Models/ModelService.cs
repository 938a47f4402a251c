using System.Linq.Expressions;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Models;

/// <summary>
/// AI model configurations. An organization's models follow the entities:* permissions of the matrix; system models
/// (no organization) are managed by System users only, and the visible ones can be chosen by every organization.
/// The credentials (token, client key, secret key) are write-only: encrypted at rest, never in a view, an audit record or a
/// message. Only <see cref="GetEndpointAsync(Actor, Guid, Guid, CancellationToken)"/> decrypts them, for the execution path.
/// </summary>
public sealed class ModelService(IBuilderDbContextFactory dbs, ISecretProtector protector, TimeProvider clock)
{
    public const string NotFound = "Model not found";
    public const string SystemOperation = "manage system models";
    public const int CredentialMax = 8192;
    public const double TemperatureMin = 0, TemperatureMax = 2;
    public const int MaxOutputTokensMax = 1_000_000;
    public const int TimeoutSecondsMax = 600;
    public const int DefaultTimeoutSeconds = 60;

    public static readonly WriteOnlySecret Token = new("token", "Token", "clearToken", CredentialMax);
    public static readonly WriteOnlySecret ClientKey = new("clientKey", "Client key", "clearClientKey", CredentialMax);
    public static readonly WriteOnlySecret SecretKey = new("secretKey", "Secret key", "clearSecretKey", CredentialMax);

    private static readonly Dictionary<string, Expression<Func<AiModel, object>>> SortKeys = new()
    {
        ["name"] = m => m.Name,
        ["modelName"] = m => m.ModelName,
        ["updatedAt"] = m => m.UpdatedAt,
        ["createdAt"] = m => m.CreatedAt,
    };

    private static readonly Expression<Func<AiModel, ModelView>> ToView = m => new ModelView(
        m.Id, m.OrganizationId, m.Name, m.Description, m.Provider, m.ModelUrl, m.ModelName, m.Temperature, m.MaxOutputTokens,
        m.TimeoutSeconds, m.ProtectedToken != null, m.ProtectedClientKey != null, m.ProtectedSecretKey != null, m.IsVisible,
        m.CreatedAt, m.UpdatedAt, m.UpdatedBy, m.Version);

    private static readonly Func<AiModel, ModelView> View = ToView.Compile();

    private static readonly Expression<Func<AiModel, VisibleSystemModelView>> ToVisibleView = m => new VisibleSystemModelView(
        m.Id, m.Name, m.Description, m.Provider, m.ModelName,
        m.ProtectedToken != null, m.ProtectedClientKey != null, m.ProtectedSecretKey != null);

    // ---- Organization models ------------------------------------------------------------------------------------

    /// <summary>An organization's models, paged, searchable by name or model identifier.</summary>
    public async Task<PagedResult<ModelView>> ListAsync(Actor actor, Guid organizationId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        return await Search(db.Models.AsNoTracking().Where(m => m.OrganizationId == organizationId), page)
            .ToPageAsync(page, SortKeys, ToView, ct);
    }

    public async Task<ModelView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return View(await LoadAsync(db, actor, id, Permissions.EntitiesRead, ct));
    }

    public async Task<ModelView> CreateAsync(Actor actor, Guid organizationId, ModelInput input, CancellationToken ct = default)
    {
        actor.Require(organizationId, Permissions.EntitiesCreate, OrganizationAccess.NotFound);
        var valid = Validate(input, creating: true, system: false);
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesCreate, ct);
        return await AddAsync(db, actor, new AiModel { OrganizationId = organizationId }, valid, input, ct);
    }

    public async Task<ModelView> UpdateAsync(Actor actor, Guid id, ModelInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var model = await LoadAsync(db, actor, id, Permissions.EntitiesUpdate, ct);
        var valid = Validate(input, creating: false, system: false);
        return await SaveAsync(db, actor, model, valid, input, expectedVersion, ct);
    }

    /// <summary>
    /// What deleting an organization's model would take away, for the approval request (404/403 as the delete would): the
    /// prompt templates and prompts that use it stay, without a model.
    /// </summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var model = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, ct);
        actor.RequireHuman("Delete");
        return await DescribeAsync(db, model, ResourceTypes.Model, ct);
    }

    /// <summary>Runs an approved deletion (the approval service only: people request it, see <see cref="ApprovalService"/>).</summary>
    internal async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var model = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, ct);
        actor.RequireHuman("Delete");
        await RemoveAsync(db, actor, model, expectedVersion, ct);
    }

    /// <summary>
    /// What a model picker of the organization offers: its own models and the visible system models, by name.
    /// Anyone who can read the organization's entities may choose among them.
    /// </summary>
    public async Task<IReadOnlyList<ModelChoice>> ListChoosableAsync(Actor actor, Guid organizationId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var choices = await db.Models.AsNoTracking()
            .Where(AiModel.ChoosableIn(organizationId))
            .Select(m => new ModelChoice(m.Id, m.Name, m.ModelName, m.OrganizationId == null))
            .ToListAsync(ct);
        return choices.OrderBy(c => c.IsSystem).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    // ---- System models ------------------------------------------------------------------------------------------

    /// <summary>Every system model, visible or not: System users only.</summary>
    public async Task<PagedResult<ModelView>> ListSystemAsync(Actor actor, PageRequest page, CancellationToken ct = default)
    {
        actor.RequirePlatformAdministrator(SystemOperation);
        await using var db = dbs.Create();
        return await Search(db.Models.AsNoTracking().Where(m => m.OrganizationId == null), page).ToPageAsync(page, SortKeys, ToView, ct);
    }

    /// <summary>The system models marked visible, for any signed-in person: what they are, and credential flags only.</summary>
    public async Task<PagedResult<VisibleSystemModelView>> ListVisibleSystemModelsAsync(Actor actor, PageRequest page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = dbs.Create();
        return await Search(db.Models.AsNoTracking().Where(m => m.OrganizationId == null && m.IsVisible), page)
            .ToPageAsync(page, SortKeys, ToVisibleView, ct);
    }

    public async Task<ModelView> GetSystemAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return View(await LoadSystemAsync(db, actor, id, ct));
    }

    public async Task<ModelView> CreateSystemAsync(Actor actor, ModelInput input, CancellationToken ct = default)
    {
        actor.RequirePlatformAdministrator(SystemOperation);
        var valid = Validate(input, creating: true, system: true);
        await using var db = dbs.Create();
        return await AddAsync(db, actor, new AiModel { OrganizationId = null, IsVisible = input.IsVisible ?? false }, valid, input, ct);
    }

    public async Task<ModelView> UpdateSystemAsync(Actor actor, Guid id, ModelInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var model = await LoadSystemAsync(db, actor, id, ct);
        var valid = Validate(input, creating: false, system: true);
        return await SaveAsync(db, actor, model, valid, input, expectedVersion, ct);
    }

    /// <summary>
    /// What deleting a system model would take away, for the approval request (System only; 404/403 as the delete would): the
    /// templates and prompts of every organization that use it stay, without a model. A platform request: System users decide.
    /// </summary>
    public async Task<ApprovalTarget> DescribeSystemDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var model = await LoadSystemAsync(db, actor, id, ct);
        actor.RequireHuman("Delete");
        return await DescribeAsync(db, model, ResourceTypes.SystemModel, ct);
    }

    /// <summary>Runs an approved deletion of a system model (the approval service only, see <see cref="ApprovalService"/>).</summary>
    internal async Task DeleteSystemAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var model = await LoadSystemAsync(db, actor, id, ct);
        await RemoveAsync(db, actor, model, expectedVersion, ct);
    }

    // ---- The execution path ---------------------------------------------------------------------------------------

    /// <summary>
    /// The model a prompt of <paramref name="organizationId"/> runs on, with its decrypted credentials: the organization's own
    /// model or a visible system model, for an actor who can read the organization's entities. Anything else is "not found".
    /// For the execution path only: no endpoint returns it.
    /// </summary>
    public async Task<ModelTarget> GetEndpointAsync(Actor actor, Guid id, Guid organizationId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var model = await db.Models.AsNoTracking().Where(AiModel.ChoosableIn(organizationId))
                        .FirstOrDefaultAsync(m => m.Id == id, ct)
                    ?? throw new NotFoundException(NotFound);
        return Call(model);
    }

    /// <summary>
    /// A model to test, with its decrypted credentials: an organization's model for an actor who can read its entities,
    /// a system model for a System user. For the test-connection path only: no endpoint returns it.
    /// </summary>
    public async Task<ModelTarget> GetEndpointAsync(Actor actor, Guid id, bool system, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var model = system ? await LoadSystemAsync(db, actor, id, ct) : await LoadAsync(db, actor, id, Permissions.EntitiesRead, ct);
        return Call(model);
    }

    private ModelTarget Call(AiModel m) =>
        new(m.Id, m.Name, ModelEndpoint.From(m, Reveal(m.ProtectedToken), Reveal(m.ProtectedClientKey), Reveal(m.ProtectedSecretKey)));

    private string? Reveal(string? protectedValue) => protectedValue is null ? null : protector.Unprotect(protectedValue);

    // ---- Shared rules ---------------------------------------------------------------------------------------------

    private sealed record ValidInput(string Name, string? Description, string Provider, string ModelUrl, string ModelName,
        double? Temperature, int? MaxOutputTokens, int TimeoutSeconds);

    private static IQueryable<AiModel> Search(IQueryable<AiModel> query, PageRequest page) => query.WhereLike(page.LikePattern, m => m.Name);

    private async Task<ModelView> AddAsync(IBuilderDbContext db, Actor actor, AiModel model, ValidInput valid, ModelInput input, CancellationToken ct)
    {
        await EnsureUniqueAsync(db, model.OrganizationId, valid.Name, null, ct);
        var changes = Apply(model, valid, creating: true);
        if (model.IsVisible) changes.Mark("isVisible");
        ApplySecrets(model, input, changes);
        await db.AddAuditedAsync(actor, clock, model, Subject(model), changes.Fields, Duplicate(model.OrganizationId, valid.Name), ct);
        return View(model);
    }

    private async Task<ModelView> SaveAsync(IBuilderDbContext db, Actor actor, AiModel model, ValidInput valid, ModelInput input,
        Guid? expectedVersion, CancellationToken ct)
    {
        model.EnsureVersion(expectedVersion);
        EnsureCredentialsFollow(model, valid.ModelUrl, input);
        await EnsureUniqueAsync(db, model.OrganizationId, valid.Name, model.Id, ct);
        var changes = Apply(model, valid, creating: false);
        if (model.IsSystem && input.IsVisible is { } visible) changes.Set("isVisible", model.IsVisible, visible, v => model.IsVisible = v);
        ApplySecrets(model, input, changes);
        await db.SaveAuditedAsync(actor, clock, model, changes.Fields, Subject(model), Duplicate(model.OrganizationId, valid.Name), ct);
        return View(model);
    }

    private static async Task<ApprovalTarget> DescribeAsync(IBuilderDbContext db, AiModel model, string resourceType, CancellationToken ct)
    {
        var templates = await db.PromptTemplates.Where(t => t.ModelId == model.Id).OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct);
        var prompts = await db.Prompts.Where(p => p.ModelId == model.Id).OrderBy(p => p.Title).Select(p => p.Title).ToListAsync(ct);
        List<string> consequences = [$"The model “{model.Name}” ({model.ModelName}) with its stored credentials"];
        consequences.Add(templates.Count == 0 ? "No prompt template uses it"
            : $"{Deletions.Count(templates.Count, "prompt template")} that use it stay, without a model: {Deletions.Names(templates)}");
        consequences.Add(prompts.Count == 0 ? "No prompt uses it"
            : $"{Deletions.Count(prompts.Count, "prompt")} that use it stay, without a model: {Deletions.Names(prompts)}");
        return new ApprovalTarget(resourceType, model.Id, model.Name, model.OrganizationId, null, model.Version, consequences);
    }

    private async Task RemoveAsync(IBuilderDbContext db, Actor actor, AiModel model, Guid? expectedVersion, CancellationToken ct)
    {
        model.EnsureVersion(expectedVersion);
        await db.RemoveAuditedAsync(actor, clock, model, Subject(model), "The model could not be deleted.", ct);
    }

    /// <summary>The stored credentials follow modelUrl only within its origin (<see cref="Outbound.CredentialsFollowOrigin"/>).</summary>
    private static void EnsureCredentialsFollow(AiModel model, string url, ModelInput input)
    {
        var kept = new List<string>();
        if (model.ProtectedToken is not null && input.Token is null && !input.ClearToken) kept.Add(Token.Field);
        if (model.ProtectedClientKey is not null && input.ClientKey is null && !input.ClearClientKey) kept.Add(ClientKey.Field);
        if (model.ProtectedSecretKey is not null && input.SecretKey is null && !input.ClearSecretKey) kept.Add(SecretKey.Field);
        Outbound.CredentialsFollowOrigin.Ensure("modelUrl", "model URL", model.ModelUrl, url, kept);
    }


    /// <summary>Applies the settings and names the changed ones; on a new record, every setting that was given.</summary>
    private static ChangeSet Apply(AiModel model, ValidInput valid, bool creating)
    {
        var changes = new ChangeSet();
        changes.Set("name", creating ? null : model.Name, valid.Name, v => model.Name = v!);
        changes.Set("description", creating ? null : model.Description, valid.Description, v => model.Description = v);
        changes.Set("provider", creating ? null : model.Provider, valid.Provider, v => model.Provider = v!);
        changes.Set("modelUrl", creating ? null : model.ModelUrl, valid.ModelUrl, v => model.ModelUrl = v!);
        changes.Set("modelName", creating ? null : model.ModelName, valid.ModelName, v => model.ModelName = v!);
        changes.Set("temperature", creating ? null : model.Temperature, valid.Temperature, v => model.Temperature = v);
        changes.Set("maxOutputTokens", creating ? null : model.MaxOutputTokens, valid.MaxOutputTokens, v => model.MaxOutputTokens = v);
        changes.Set("timeoutSeconds", creating ? null : (int?)model.TimeoutSeconds, valid.TimeoutSeconds, v => model.TimeoutSeconds = v!.Value);
        return changes;
    }

    /// <summary>Sets, replaces or clears each credential. Only field names ("token", "token:cleared") reach the audit record.</summary>
    private void ApplySecrets(AiModel model, ModelInput input, ChangeSet changes)
    {
        model.ProtectedToken = Token.Apply(model.ProtectedToken, input.Token, input.ClearToken, protector, changes);
        model.ProtectedClientKey = ClientKey.Apply(model.ProtectedClientKey, input.ClientKey, input.ClearClientKey, protector, changes);
        model.ProtectedSecretKey = SecretKey.Apply(model.ProtectedSecretKey, input.SecretKey, input.ClearSecretKey, protector, changes);
    }

    private static ValidInput Validate(ModelInput input, bool creating, bool system)
    {
        var provider = Validator.Clean(input.Provider)?.ToLowerInvariant() ?? ModelProviders.OpenAi;
        var validator = new Validator()
            .Required("name", input.Name, "Name", AiModel.NameMax)
            .Optional("description", Validator.Clean(input.Description), "Description", AiModel.DescriptionMax)
            .Required("modelUrl", input.ModelUrl, "Model URL", AiModel.UrlMax)
            .Required("modelName", input.ModelName, "Model name", AiModel.ModelNameMax)
            .Check(ModelProviders.All.Contains(provider), "provider",
                $"Provider must be one of: {string.Join(", ", ModelProviders.All)} (any OpenAI-compatible chat-completions endpoint).")
            .Check(input.Temperature is null || (double.IsFinite(input.Temperature.Value) && input.Temperature is >= TemperatureMin and <= TemperatureMax),
                "temperature", $"Temperature must be between {TemperatureMin} and {TemperatureMax}.")
            .Check(input.MaxOutputTokens is null or (>= 1 and <= MaxOutputTokensMax), "maxOutputTokens",
                $"Max output tokens must be between 1 and {MaxOutputTokensMax:N0}.")
            .Check(input.TimeoutSeconds is null or (>= 1 and <= TimeoutSecondsMax), "timeoutSeconds",
                $"Timeout must be between 1 and {TimeoutSecondsMax} seconds.")
            .Check(system || input.IsVisible is null or false, "isVisible", "Only system models can be made visible to every organization.");
        var url = input.ModelUrl?.Trim();
        if (!string.IsNullOrEmpty(url) && url.Length <= AiModel.UrlMax
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            validator.Add("modelUrl", "Model URL must be an absolute http or https URL, e.g. https://api.openai.com/v1/chat/completions.");
        else if (!string.IsNullOrEmpty(url) && url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            validator.Add("modelUrl", "Model URL must not contain spaces, line breaks or other control characters; percent-encode them (%20).");
        else if (!string.IsNullOrEmpty(url) && Uri.TryCreate(url, UriKind.Absolute, out var withUser) && withUser.UserInfo.Length > 0)
            validator.Add("modelUrl", "Model URL must not carry a user name or password; put the credential in the model's token.");
        else if (!string.IsNullOrEmpty(url) && Uri.TryCreate(url, UriKind.Absolute, out var withQuery) && CredentialInQuery(withQuery.Query) is { } parameter)
            validator.Add("modelUrl", $"Model URL must not carry a credential in its query ('{parameter}'); put it in the model's token, which is never shown again.");
        Token.Check(validator, input.Token, input.ClearToken, creating, "model");
        ClientKey.Check(validator, input.ClientKey, input.ClearClientKey, creating, "model");
        SecretKey.Check(validator, input.SecretKey, input.ClearSecretKey, creating, "model");
        foreach (var (secret, value) in new[] { (Token, input.Token), (ClientKey, input.ClientKey), (SecretKey, input.SecretKey) })
            validator.Check(ModelEndpoint.IsHeaderSafe(value), secret.Field,
                $"{secret.Label} may hold only printable ASCII characters (no line breaks): it is sent in an HTTP header.");
        validator.ThrowIfInvalid();
        return new ValidInput(input.Name!.Trim(), Validator.Clean(input.Description), provider, url!, input.ModelName!.Trim(),
            input.Temperature, input.MaxOutputTokens, input.TimeoutSeconds ?? DefaultTimeoutSeconds);
    }

    /// <summary>Query parameters that carry a credential (every reader of the model sees its URL): api keys, tokens, signatures.</summary>
    private static readonly HashSet<string> CredentialParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "api-key", "api_key", "apikey", "token", "access_token", "auth", "authorization", "secret", "client_secret",
        "password", "pass", "pwd", "sig", "signature", "code", "x-api-key",
    };

    private static string? CredentialInQuery(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(pair.Split('=', 2)[0]).Trim();
            if (CredentialParameters.Contains(name)) return name;
        }
        return null;
    }

    private static async Task<AiModel> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, string permission, CancellationToken ct)
    {
        var model = await db.Models.FirstOrDefaultAsync(m => m.Id == id && m.OrganizationId != null, ct) ?? throw new NotFoundException(NotFound);
        actor.Require(model.OrganizationId!.Value, permission, NotFound);
        return model;
    }

    private static async Task<AiModel> LoadSystemAsync(IBuilderDbContext db, Actor actor, Guid id, CancellationToken ct)
    {
        actor.RequirePlatformAdministrator(SystemOperation);
        return await db.Models.FirstOrDefaultAsync(m => m.Id == id && m.OrganizationId == null, ct) ?? throw new NotFoundException(NotFound);
    }

    private static Task EnsureUniqueAsync(IBuilderDbContext db, Guid? organizationId, string name, Guid? exceptId, CancellationToken ct) =>
        (organizationId is { } org ? db.Models.Where(m => m.OrganizationId == org) : db.Models.Where(m => m.OrganizationId == null))
        .EnsureUniqueNameAsync(name, exceptId, Duplicate(organizationId, name), ct);

    private static AuditSubject Subject(AiModel m) => new(ResourceTypes.Model, m.Id, m.Name, m.OrganizationId);

    private static string Duplicate(Guid? organizationId, string name) => organizationId is null
        ? $"A system model named '{name}' already exists"
        : $"A model named '{name}' already exists in this organization";
}
