using System.Linq.Expressions;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Connectors;

/// <summary>
/// The connectors of an organization (<see cref="ConnectorCatalog"/> types). Every role reads them (entities:read); Admins
/// create, edit, switch on and off, and ask to delete them (entities:create/update/delete), as for prompts and tables; owned
/// and shared like them (access = matrix ∩ sharing; another organization's connector is 404). Credentials are write-only:
/// encrypted with the <see cref="ISecretProtector"/>, never in a view, an audit record (only their keys) or a message.
/// Deleting goes through approval (<see cref="DescribeDeletionAsync"/>, then the approved <see cref="DeleteAsync"/>) to the trash.
/// </summary>
public sealed class ConnectorService(IBuilderDbContextFactory dbs, ISecretProtector protector, TimeProvider clock)
{
    public const string NotFound = "Connector not found";
    private const string SaveConflict = "The connector could not be saved.";

    private static readonly Dictionary<string, Expression<Func<Connector, object>>> SortKeys = new()
    {
        ["name"] = c => c.Name,
        ["connectorId"] = c => c.Number,
        ["type"] = c => c.Type,
        ["updatedAt"] = c => c.UpdatedAt,
        ["createdAt"] = c => c.CreatedAt,
    };

    // ---------------------------------------------------------------- reading

    /// <summary>The organization's connectors the caller sees, paged, searchable by name, optionally of one type and active only.</summary>
    public async Task<PagedResult<ConnectorView>> ListAsync(Actor actor, Guid organizationId, ConnectorQuery query, PageRequest page,
        CancellationToken ct = default)
    {
        var type = query.Type is null ? null : ConnectorCatalog.Parse(query.Type).Type;
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var records = db.Connectors.AsNoTracking().Where(c => c.OrganizationId == organizationId).VisibleTo(db, actor, organizationId)
            .WhereOwnership(db, actor, query.Ownership).WhereLike(page.LikePattern, c => c.Name);
        if (type is not null) records = records.Where(c => c.Type == type);
        if (query.Active is { } active) records = records.Where(c => c.IsActive == active);
        var rows = await records.ToPageAsync(page, SortKeys, c => c, ct);
        var owned = await db.OwnershipOfAsync<Connector>(actor, organizationId, rows.Items.Select(OwnedRow.Of).ToList(), ct);
        return new PagedResult<ConnectorView>(rows.Items.Select(c => View(c) with { Ownership = owned[c.Id] }).ToList(),
            rows.Page, rows.Limit, rows.Total);
    }

    public async Task<ConnectorView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var connector = await LoadAsync(db, actor, id, Permissions.EntitiesRead, tracked: false, ct);
        return await ViewAsync(db, actor, connector, ct);
    }

    /// <summary>
    /// A connector by its public id (<c>connectorId</c>) and type in an organization: a wrong type, another organization's or an
    /// invisible one is 404, as an unknown id is.
    /// </summary>
    public async Task<ConnectorView> GetByNumberAsync(Actor actor, Guid organizationId, string? type, long connectorId, CancellationToken ct = default)
    {
        var definition = ConnectorCatalog.Parse(type, "connectorType");
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var id = connectorId is < 1 or > int.MaxValue ? null
            : await db.Connectors.Where(c => c.Number == connectorId && c.OrganizationId == organizationId && c.Type == definition.Type)
                .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (id is null) throw new NotFoundException(NotFound);
        var connector = await LoadAsync(db, actor, id.Value, Permissions.EntitiesRead, tracked: false, ct);
        return await ViewAsync(db, actor, connector, ct);
    }

    // ---------------------------------------------------------------- writing

    /// <summary>
    /// Creates a connector of <paramref name="type"/> owned by the caller. Every problem (unknown type, missing or malformed
    /// field, missing credential, a field of another type) is one 400 naming the fields; nothing is saved.
    /// </summary>
    public async Task<ConnectorView> CreateAsync(Actor actor, Guid organizationId, string? type, ConnectorInput input, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesCreate, ct);
        var definition = ConnectorCatalog.Parse(type);
        var connector = new Connector { OrganizationId = organizationId, Type = definition.Type, OwnerId = actor.UserId };
        var changes = Apply(connector, definition, input, creating: true);
        await db.Connectors.Where(c => c.OrganizationId == organizationId).EnsureUniqueNameAsync(connector.Name, null, Duplicate(connector.Name), ct);

        var now = clock.GetUtcNow().UtcDateTime;
        connector.Stamp(actor, now);
        db.Connectors.Add(connector);
        await db.RecordAsync(actor, now, AuditActions.Created, connector.ToAuditSubject(), ["type", .. changes.Fields], ct);
        await connector.SaveNumberedAsync(db.Connectors, db.Connectors.Where(c => c.OrganizationId == organizationId), db.SaveChangesAsync,
            Duplicate(connector.Name), SaveConflict, ct);
        return await ViewAsync(db, actor, connector, ct);
    }

    /// <summary>Edits a connector (its type stays). An edit that changes nothing saves nothing.</summary>
    public async Task<ConnectorView> UpdateAsync(Actor actor, Guid id, ConnectorInput input, Guid? expectedVersion = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var connector = await LoadAsync(db, actor, id, Permissions.EntitiesUpdate, tracked: true, ct);
        connector.EnsureVersion(expectedVersion);
        if (input.SharingLevel is not null)
            throw new ValidationException("sharingLevel", "The sharing of an existing connector changes through its sharing dialog (with approval), not an edit.");
        var definition = Definition(connector);
        var changes = Apply(connector, definition, input, creating: false);
        await db.Connectors.Where(c => c.OrganizationId == connector.OrganizationId).EnsureUniqueNameAsync(connector.Name, connector.Id, Duplicate(connector.Name), ct);
        await db.SaveAuditedAsync(actor, clock, connector, changes.Fields, connector.ToAuditSubject(), Duplicate(connector.Name), ct);
        return await ViewAsync(db, actor, connector, ct);
    }

    /// <summary>Switches a connector on or off (entities:update); the same state again saves nothing.</summary>
    public Task<ConnectorView> SetActiveAsync(Actor actor, Guid id, bool active, Guid? expectedVersion = null, CancellationToken ct = default) =>
        UpdateAsync(actor, id, new ConnectorInput(null, IsActive: active), expectedVersion, ct);

    /// <summary>What deleting a connector would take away, for the approval request (404/403 as the delete would).</summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var connector = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, tracked: false, ct);
        actor.RequireHuman("Delete");
        var definition = Definition(connector);
        var stored = connector.ProtectedCredentials.Count;
        return new ApprovalTarget(ResourceTypes.Connector, connector.Id, connector.Name, connector.OrganizationId, null, connector.Version,
            [$"The {definition.DisplayName} connector “{connector.Name}” with its settings and {Deletions.Count(stored, "stored credential")} (it goes to the trash; restoring brings it back)"]);
    }

    /// <summary>Runs an approved deletion (the approval service only: people request it, see <see cref="ApprovalService"/>).</summary>
    internal async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var connector = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, tracked: true, ct);
        actor.RequireHuman("Delete");
        connector.EnsureVersion(expectedVersion);
        await db.RemoveAuditedAsync(actor, clock, connector, connector.ToAuditSubject(), "The connector could not be deleted.", ct);
    }

    // ---------------------------------------------------------------- rules

    /// <summary>
    /// Validates <paramref name="input"/> merged over the connector against its type, reporting every problem at once, and
    /// applies it. Returns the changed fields by name (credentials by key only, never a value).
    /// </summary>
    private ChangeSet Apply(Connector connector, ConnectorTypeDefinition definition, ConnectorInput input, bool creating)
    {
        var validator = new Validator();
        var name = input.Name is null ? (creating ? null : connector.Name) : input.Name.Trim();
        validator.Required("name", name, "Name", Connector.NameMax)
            .Check(name is null || !name.Any(char.IsControl), "name", "Name must be one line of text.");

        SharingLevel? sharing = null;
        if (input.SharingLevel is { } level)
        {
            sharing = SharingWords.ParseLevel(level);
            validator.Check(sharing is not null, "sharingLevel", $"sharingLevel must be {SharingWords.Company} or {SharingWords.Private}.");
        }

        // Non-secret fields: the given ones checked and merged over the stored; on a create every field of the type is checked.
        var given = input.Fields ?? new Dictionary<string, string?>();
        foreach (var key in given.Keys.Where(k => definition.Field(k) is null))
            validator.Add(key, definition.Credential(key) is not null
                ? $"{key} is a credential of {definition.DisplayName} connectors: send it among the credentials, which are stored encrypted."
                : $"{key} is not a field of {definition.DisplayName} connectors; its fields are: {string.Join(", ", definition.Fields.Select(f => f.Key))}.");
        var fields = new Dictionary<string, string>();
        var invalid = new HashSet<string>();
        foreach (var field in definition.Fields)
        {
            var before = validator.Count;
            var value = given.TryGetValue(field.Key, out var sent) ? ConnectorCatalog.Check(validator, definition, field, sent)
                : connector.Fields.TryGetValue(field.Key, out var stored) ? stored
                : ConnectorCatalog.Check(validator, definition, field, null);
            if (value is not null) fields[field.Key] = value;
            if (validator.Count > before) invalid.Add(field.Key);
        }

        // Credentials: set, replace or clear by key, with the write-only rules; a required one must exist after the change.
        var secrets = input.Credentials ?? new Dictionary<string, string?>();
        var clears = input.ClearCredentials ?? [];
        foreach (var key in secrets.Keys.Concat(clears).Distinct().Where(k => definition.Credential(k) is null))
            validator.Add(key, definition.Field(key) is not null
                ? $"{key} is a plain field of {definition.DisplayName} connectors, not a credential."
                : $"{key} is not a credential of {definition.DisplayName} connectors; its credentials are: {string.Join(", ", definition.Credentials.Select(c => c.Key))}.");
        foreach (var credential in definition.Credentials)
        {
            secrets.TryGetValue(credential.Key, out var value);
            var clear = clears.Contains(credential.Key);
            credential.Secret.Check(validator, value, clear, creating, "connector");
            var present = value is not null || (!clear && connector.ProtectedCredentials.ContainsKey(credential.Key));
            if (credential.Required && !present)
                validator.Add(clear ? credential.ClearKey : credential.Key, clear
                    ? $"{definition.DisplayName} connectors need a {credential.Noun}: replace it instead of clearing it."
                    : $"{credential.Label} is required for {definition.DisplayName} connectors.");
        }

        // The stored credentials go to the host a URL field names: they follow it only within its origin (Outbound.CredentialsFollowOrigin).
        if (!creating)
        {
            var kept = definition.Credentials.Where(c => connector.ProtectedCredentials.ContainsKey(c.Key)
                                                         && secrets.GetValueOrDefault(c.Key) is null && !clears.Contains(c.Key)).ToList();
            // A required credential cannot be cleared: the message offers clearing only when one of them may be.
            var letGo = kept.Any(c => !c.Required) ? "clear" : null;
            foreach (var field in definition.Fields.Where(f => f.Kind == ConnectorFieldKind.Url && !invalid.Contains(f.Key)))
                if (Outbound.CredentialsFollowOrigin.Refusal(field.Label, connector.Fields.GetValueOrDefault(field.Key), fields.GetValueOrDefault(field.Key),
                        kept.Select(c => c.Key), letGo) is { } refusal)
                    validator.Add(field.Key, refusal);
        }
        validator.ThrowIfInvalid();

        var changes = new ChangeSet();
        changes.Set("name", creating ? null : connector.Name, name, v => connector.Name = v!);
        foreach (var field in definition.Fields)
        {
            connector.Fields.TryGetValue(field.Key, out var before);
            fields.TryGetValue(field.Key, out var after);
            if (before != after || (creating && after is not null)) changes.Mark(field.Key);
        }
        connector.Fields = fields;
        if (input.IsActive is { } active) changes.Set("isActive", creating ? (bool?)null : connector.IsActive, active, v => connector.IsActive = v!.Value);
        if (sharing is { } chosen && creating) connector.SharingLevel = chosen;
        var credentials = new Dictionary<string, string>(connector.ProtectedCredentials);
        foreach (var credential in definition.Credentials)
        {
            secrets.TryGetValue(credential.Key, out var value);
            credentials.TryGetValue(credential.Key, out var stored);
            var next = credential.Secret.Apply(stored, value, clears.Contains(credential.Key), protector, changes);
            if (next is null) credentials.Remove(credential.Key); else credentials[credential.Key] = next;
        }
        connector.ProtectedCredentials = credentials;
        return changes;
    }

    private static ConnectorTypeDefinition Definition(Connector connector) =>
        connector.Definition ?? throw new InvalidOperationException($"Connector {connector.Id} has the unknown type '{connector.Type}'.");

    private static async Task<Connector> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, string permission, bool tracked, CancellationToken ct) =>
        await db.LoadOwnedAsync(tracked ? db.Connectors : db.Connectors.AsNoTracking(), actor, id, permission, null, ct);

    private static async Task<ConnectorView> ViewAsync(IBuilderDbContext db, Actor actor, Connector connector, CancellationToken ct) =>
        View(connector) with { Ownership = await db.OwnershipOfAsync(actor, connector, ct) };

    private static ConnectorView View(Connector c)
    {
        var definition = c.Definition;
        var order = definition?.Credentials.Select(x => x.Key).ToList() ?? [];
        return new ConnectorView(c.Id, c.Number, c.OrganizationId, c.Type, definition?.DisplayName ?? c.Type, c.Name,
            new Dictionary<string, string>(c.Fields), c.ProtectedCredentials.Keys.OrderBy(k => order.IndexOf(k)).ToList(), c.IsActive,
            c.CreatedAt, c.UpdatedAt, c.UpdatedBy, c.Version);
    }

    private static string Duplicate(string name) => $"A connector named '{name}' already exists in this organization";
}
