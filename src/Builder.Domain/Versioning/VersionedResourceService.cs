using System.Linq.Expressions;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.PromptTemplates.Diff;
using Builder.Domain.Sharing;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Versioning;

/// <summary>Audit actions of the version mechanism.</summary>
public static class VersionActions
{
    public const string Published = "published";
    public const string RolledBack = "rolled-back";
}

/// <summary>
/// The one version mechanism of agents, tools and managers (<typeparamref name="TResource"/> holds the record,
/// <typeparamref name="TDefinition"/> what a version holds, <typeparamref name="TInput"/> an edit). The rules:
/// <list type="bullet">
/// <item>Creating makes the record and its DRAFT. An edit changes the draft (one mutable draft per resource); an edit that
/// changes nothing saves nothing.</item>
/// <item>Publishing copies the draft into a new PUBLISHED version (the next number) and turns the previous PUBLISHED one
/// ARCHIVED. A draft equal to the published version is refused (409: nothing to publish). A published version must be
/// complete (<see cref="CheckPublishableAsync"/>: 400 naming the field).</item>
/// <item>Rolling back publishes an earlier version's definition again as a NEW version number: the one given, or without one
/// the highest-numbered version below the current published one (the one published before it). None published, none before,
/// or the given one already published: 409; an unknown number: 404. A draft without unpublished changes follows the rollback
/// (it becomes the restored definition); a draft with unpublished changes keeps them.</item>
/// <item>Reads default to PUBLISHED (<see cref="VersionSelector"/>). A resource never published has no PUBLISHED version: reading
/// it so is 404 with a message that says so and how to read the draft (decided: 404, as for any version that does not exist).</item>
/// <item>Two publishes or rollbacks at once: the record's concurrency token lets one win (the other is 409, or 412 when it sent
/// an If-Match) and the database's filtered unique indexes refuse a second PUBLISHED row or a repeated number in any case.</item>
/// </list>
/// Permissions: reading entities:read (VIEW), creating entities:create, editing, publishing and rolling back entities:update
/// (EDIT), deleting entities:delete through approval; the sharing caps them (<see cref="OwnedResources"/>). Another
/// organization's or an invisible record is 404.
/// </summary>
public abstract class VersionedResourceService<TResource, TDefinition, TInput>(IBuilderDbContextFactory dbs, TimeProvider clock)
    where TResource : VersionedResource, IVersionedResource, new()
    where TDefinition : class
{
    protected IBuilderDbContextFactory Dbs => dbs;
    protected TimeProvider Clock => clock;

    private static readonly Dictionary<string, Expression<Func<TResource, object>>> SortKeys = new()
    {
        ["name"] = r => r.Name,
        ["id"] = r => r.Number,
        ["updatedAt"] = r => r.UpdatedAt,
        ["createdAt"] = r => r.CreatedAt,
    };

    /// <summary>The records of this type.</summary>
    protected abstract DbSet<TResource> Set(IBuilderDbContext db);

    /// <summary>"An agent named 'X' already exists in this organization" (the trash's restore says the same).</summary>
    private static string Duplicate(string name) => VersionedNames.Duplicate(Noun, name);

    /// <summary>
    /// Validates an edit merged over <paramref name="current"/> (null when creating): lengths, shapes, and that every reference
    /// the edit adds is visible in the organization. Throws one <see cref="ValidationException"/> naming each field at fault.
    /// </summary>
    protected abstract Task<TDefinition> BuildAsync(IBuilderDbContext db, Actor actor, Guid organizationId, TDefinition? current, TInput input,
        CancellationToken ct);

    /// <summary>What a published version needs besides a valid shape: completeness, and every reference still visible.</summary>
    protected abstract Task CheckPublishableAsync(IBuilderDbContext db, Actor actor, Guid organizationId, TDefinition definition, Validator validator,
        CancellationToken ct);

    /// <summary>The name a definition holds, and the definition with another name (a restore from the trash under a new name renames the record).</summary>
    protected abstract string NameOf(TDefinition definition);

    protected abstract TDefinition WithName(TDefinition definition, string name);

    /// <summary>Copies the draft's name, description and kind onto the record.</summary>
    protected abstract void Mirror(TResource resource, TDefinition definition);

    /// <summary>Changes the input makes outside the versions (a tool's secret headers); returns the changed fields for the audit.</summary>
    protected virtual IReadOnlyList<string> ApplyOutside(TResource resource, TInput input, bool creating) => [];

    /// <summary>
    /// Refuses an edit of the draft that what is kept outside the versions forbids (a tool's stored secret headers may not
    /// follow its URL to another host); throws a <see cref="ValidationException"/>.
    /// </summary>
    protected virtual void CheckEdit(TResource resource, TDefinition current, TDefinition next, TInput input) { }

    /// <summary>Refuses a rollback that what is kept outside the versions forbids (the same rule as <see cref="CheckEdit"/>).</summary>
    protected virtual void CheckRestore(TResource resource, TDefinition published, TDefinition target, int targetNumber) { }

    /// <summary>Adds what the view shows outside the versions (a tool's secret header names).</summary>
    protected virtual VersionedView<TDefinition> Decorate(TResource resource, VersionedView<TDefinition> view) => view;

    /// <summary>The field names of the audit record of a definition change.</summary>
    protected abstract IReadOnlyList<string> ChangedFields(TDefinition? before, TDefinition after);

    private static string NotFound => TResource.NotFoundMessage;
    private static string Noun => TResource.Noun;
    private static string Title => char.ToUpperInvariant(Noun[0]) + Noun[1..];

    // ---------------------------------------------------------------- reading

    /// <summary>The records of an organization the caller sees, paged, searchable by name; <paramref name="ownership"/> narrows to one list.</summary>
    public async Task<PagedResult<VersionedSummary>> ListAsync(Actor actor, Guid organizationId, PageRequest page, OwnershipFilter? ownership = null,
        CancellationToken ct = default)
    {
        page.Validate();
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var rows = await Set(db).AsNoTracking().Where(r => r.OrganizationId == organizationId).VisibleTo(db, actor, organizationId)
            .WhereOwnership(db, actor, ownership).WhereLike(page.LikePattern, r => r.Name)
            .ToPageAsync(page, SortKeys, r => r, ct);
        var owned = await db.OwnershipOfAsync<TResource>(actor, organizationId, rows.Items.Select(OwnedRow.Of).ToList(), ct);
        return new PagedResult<VersionedSummary>(rows.Items.Select(r => new VersionedSummary(r.Id, r.Number, r.Name, r.Description, r.Kind,
            r.PublishedVersion, r.HasUnpublishedChanges, r.CreatedAt, r.UpdatedAt, r.UpdatedBy) { Ownership = owned[r.Id] }).ToList(),
            rows.Page, rows.Limit, rows.Total);
    }

    /// <summary>Every record of one of the caller's lists (owned, company-shared, shared with them), by number.</summary>
    public async Task<IReadOnlyList<VersionedSummary>> ListAllAsync(Actor actor, Guid organizationId, OwnershipFilter ownership, CancellationToken ct = default)
    {
        var all = new List<VersionedSummary>();
        for (var number = 1; ; number++)
        {
            var page = await ListAsync(actor, organizationId, new PageRequest(number, PageRequest.MaxLimit, Sort: "id"), ownership, ct);
            all.AddRange(page.Items);
            if (page.Items.Count == 0 || number * page.Limit >= page.Total) return all;
        }
    }

    /// <summary>The record's id from its public number in an organization (404 when there is none; the caller's access is checked by what follows).</summary>
    public async Task<Guid> IdOfAsync(Actor actor, Guid organizationId, long number, CancellationToken ct = default)
    {
        if (number is <= 0 or > int.MaxValue) throw new NotFoundException(NotFound);
        await using var db = dbs.Create();
        var id = await Set(db).Where(r => r.OrganizationId == organizationId && r.Number == (int)number).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct)
                 ?? throw new NotFoundException(NotFound);
        // Invisible is 404 as well (a PRIVATE record of someone else).
        await db.LoadOwnedAsync(Set(db).AsNoTracking(), actor, id, Permissions.EntitiesRead, organizationId, ct);
        return id;
    }

    /// <summary>The record with one version's definition: PUBLISHED unless <paramref name="selector"/> picks another.</summary>
    public async Task<VersionedView<TDefinition>> GetAsync(Actor actor, Guid id, VersionSelector? selector = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var resource = await LoadAsync(db, actor, id, Permissions.EntitiesRead, tracked: false, ct);
        var version = await ResolveAsync(db, resource, selector ?? VersionSelector.Published, ct);
        return await ViewAsync(db, actor, resource, version, ct);
    }

    /// <summary>The history: the draft first, then the numbered versions, newest first.</summary>
    public async Task<IReadOnlyList<VersionInfo>> VersionsAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var resource = await LoadAsync(db, actor, id, Permissions.EntitiesRead, tracked: false, ct);
        var rows = await db.ResourceVersions.AsNoTracking().Where(v => v.ResourceId == resource.Id).ToListAsync(ct);
        return rows.OrderBy(v => v.Number is null ? 0 : 1).ThenByDescending(v => v.Number).Select(VersionInfo.Of).ToList();
    }

    /// <summary>What changed from one version to another (any two: draft, published, archived, by number).</summary>
    public async Task<VersionDiff> DiffAsync(Actor actor, Guid id, VersionSelector from, VersionSelector to, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var resource = await LoadAsync(db, actor, id, Permissions.EntitiesRead, tracked: false, ct);
        var a = await ResolveAsync(db, resource, from, ct, "from");
        var b = await ResolveAsync(db, resource, to, ct, "to");
        return new VersionDiff(VersionInfo.Of(a), VersionInfo.Of(b), a.DefinitionJson, b.DefinitionJson,
            TextDiffer.Inline(a.DefinitionJson, b.DefinitionJson), TextDiffer.SideBySide(a.DefinitionJson, b.DefinitionJson));
    }

    /// <summary>The definition of one version, for the chat and other features (VIEW needed, as for reading).</summary>
    public async Task<(TResource Resource, TDefinition Definition, VersionInfo Version)> DefinitionAsync(Actor actor, Guid id, VersionSelector? selector,
        CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var resource = await LoadAsync(db, actor, id, Permissions.EntitiesRead, tracked: false, ct);
        var version = await ResolveAsync(db, resource, selector ?? VersionSelector.Published, ct);
        return (resource, DefinitionJson.Read<TDefinition>(version.DefinitionJson), VersionInfo.Of(version));
    }

    // ---------------------------------------------------------------- writing

    /// <summary>Creates the record and its draft; the caller owns it. Nothing is published yet.</summary>
    public async Task<VersionedView<TDefinition>> CreateAsync(Actor actor, Guid organizationId, TInput input, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesCreate, ct);
        var definition = await BuildAsync(db, actor, organizationId, null, input, ct);
        var resource = new TResource { OrganizationId = organizationId };
        Mirror(resource, definition);
        var outside = ApplyOutside(resource, input, creating: true);
        await Set(db).Where(r => r.OrganizationId == organizationId).EnsureUniqueNameAsync(resource.Name, null, Duplicate(resource.Name), ct);

        var now = clock.GetUtcNow().UtcDateTime;
        resource.Stamp(actor, now);
        resource.OwnerId = actor.UserId;
        var draft = new ResourceVersion
        {
            ResourceType = TResource.ResourceType, ResourceId = resource.Id, OrganizationId = organizationId, State = VersionState.Draft,
            DefinitionJson = DefinitionJson.Write(definition), CreatedAt = now, CreatedBy = actor.Email,
        };
        Set(db).Add(resource);
        db.ResourceVersions.Add(draft);
        await db.RecordAsync(actor, now, AuditActions.Created, resource.ToAuditSubject(), [.. ChangedFields(null, definition), .. outside], ct);
        await resource.SaveNumberedAsync(Set(db), Set(db).Where(r => r.OrganizationId == organizationId), db.SaveChangesAsync,
            Duplicate(resource.Name), $"The {Noun} could not be saved.", ct);
        return await ViewAsync(db, actor, resource, draft, ct);
    }

    /// <summary>
    /// Edits the draft: fields left null keep their value. The published version does not change until the draft is
    /// published. Answers the draft.
    /// </summary>
    public async Task<VersionedView<TDefinition>> UpdateAsync(Actor actor, Guid id, TInput input, Guid? expectedVersion = null, CancellationToken ct = default)
    {
        // Without an expected version the caller asked for no precondition: an edit that loses a race with another edit,
        // a publish or a rollback runs again on fresh data (as /api's PUTs do).
        return expectedVersion is null
            ? await UnconditionalWrite.RunAsync(() => UpdateOnceAsync(actor, id, input, null, ct), ct, UnconditionalAttempts)
            : await UpdateOnceAsync(actor, id, input, expectedVersion, ct);
    }

    private const int UnconditionalAttempts = 20;

    private async Task<VersionedView<TDefinition>> UpdateOnceAsync(Actor actor, Guid id, TInput input, Guid? expectedVersion, CancellationToken ct)
    {
        await using var db = dbs.Create();
        var resource = await LoadAsync(db, actor, id, Permissions.EntitiesUpdate, tracked: true, ct);
        resource.EnsureVersion(expectedVersion);
        var draft = await DraftAsync(db, resource, ct);
        SyncName(resource, draft);
        var current = DefinitionJson.Read<TDefinition>(draft.DefinitionJson);
        var definition = await BuildAsync(db, actor, resource.OrganizationId, current, input, ct);
        CheckEdit(resource, current, definition, input);
        var json = DefinitionJson.Write(definition);
        var changes = new List<string>();
        if (json != draft.DefinitionJson)
        {
            changes.AddRange(ChangedFields(current, definition));
            if (changes.Count == 0) changes.Add("definition");
        }
        changes.AddRange(ApplyOutside(resource, input, creating: false));
        if (changes.Count == 0) return await ViewAsync(db, actor, resource, draft, ct);

        var oldName = resource.Name;
        Mirror(resource, definition);
        if (!string.Equals(oldName, resource.Name, StringComparison.OrdinalIgnoreCase))
            await Set(db).Where(r => r.OrganizationId == resource.OrganizationId).EnsureUniqueNameAsync(resource.Name, resource.Id, Duplicate(resource.Name), ct);
        if (json != draft.DefinitionJson)
        {
            draft.DefinitionJson = json;
            draft.CreatedAt = clock.GetUtcNow().UtcDateTime;
            draft.CreatedBy = actor.Email;
            resource.HasUnpublishedChanges = resource.PublishedVersion is not { } published
                || json != await VersionTextAsync(db, resource.Id, published, ct);
        }
        await db.SaveAuditedAsync(actor, clock, resource, changes, resource.ToAuditSubject(), Duplicate(resource.Name), ct);
        return await ViewAsync(db, actor, resource, draft, ct);
    }

    /// <summary>Publishes the draft as the next version number; the previous published version becomes ARCHIVED. Answers the new version.</summary>
    public async Task<VersionedView<TDefinition>> PublishAsync(Actor actor, Guid id, string? note = null, Guid? expectedVersion = null,
        CancellationToken ct = default)
    {
        CheckNote(note);
        await using var db = dbs.Create();
        var resource = await LoadAsync(db, actor, id, Permissions.EntitiesUpdate, tracked: true, ct);
        resource.EnsureVersion(expectedVersion);
        var draft = await DraftAsync(db, resource, ct);
        SyncName(resource, draft);
        if (resource.PublishedVersion is { } published && !resource.HasUnpublishedChanges)
            throw new ConflictException($"Nothing to publish: the draft is the same as the published version {published}.",
                "Edit the draft first, or roll back to publish an earlier version again.");
        var definition = DefinitionJson.Read<TDefinition>(draft.DefinitionJson);
        var validator = new Validator();
        await CheckPublishableAsync(db, actor, resource.OrganizationId, definition, validator, ct);
        validator.ThrowIfInvalid();
        var version = await PublishDefinitionAsync(db, actor, resource, draft, draft.DefinitionJson, Validator.Clean(note), null,
            VersionActions.Published, expectedVersion, ct);
        return await ViewAsync(db, actor, resource, version, ct);
    }

    /// <summary>
    /// Publishes an earlier version again as a new version number: <paramref name="versionNumber"/>, or the version published
    /// before the current one. Answers the new version.
    /// </summary>
    public async Task<VersionedView<TDefinition>> RollbackAsync(Actor actor, Guid id, int? versionNumber = null, string? note = null,
        Guid? expectedVersion = null, CancellationToken ct = default)
    {
        CheckNote(note);
        if (versionNumber is <= 0) throw new ValidationException("versionNumber", "versionNumber must be a positive whole number.");
        await using var db = dbs.Create();
        var resource = await LoadAsync(db, actor, id, Permissions.EntitiesUpdate, tracked: true, ct);
        resource.EnsureVersion(expectedVersion);
        if (resource.PublishedVersion is not { } published)
            throw new ConflictException($"{Title} {resource.Number} has never been published, so there is nothing to roll back.",
                "Publish its draft first.");
        ResourceVersion target;
        if (versionNumber is { } wanted)
        {
            if (wanted == published)
                throw new ConflictException($"Version {wanted} is already the published version.", "Choose an earlier version to roll back to.");
            target = await db.ResourceVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ResourceId == resource.Id && v.Number == wanted, ct)
                     ?? throw new NotFoundException($"{Title} {resource.Number} has no version {wanted}.");
        }
        else
        {
            target = await db.ResourceVersions.AsNoTracking().Where(v => v.ResourceId == resource.Id && v.Number != null && v.Number < published)
                         .OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct)
                     ?? throw new ConflictException($"There is no version before version {published} to roll back to.",
                         "Version " + published + " is the first published version; give a versionNumber to publish another one again.");
        }
        var definition = DefinitionJson.Read<TDefinition>(target.DefinitionJson);
        if (await VersionTextAsync(db, resource.Id, published, ct) is { } current)
            CheckRestore(resource, DefinitionJson.Read<TDefinition>(current), definition, target.Number!.Value);
        var validator = new Validator();
        await CheckPublishableAsync(db, actor, resource.OrganizationId, definition, validator, ct);
        validator.ThrowIfInvalid();
        var draft = await DraftAsync(db, resource, ct);
        var version = await PublishDefinitionAsync(db, actor, resource, draft, target.DefinitionJson,
            Validator.Clean(note) ?? $"Rolled back to version {target.Number}", target.Number, VersionActions.RolledBack, expectedVersion, ct);
        return await ViewAsync(db, actor, resource, version, ct);
    }

    /// <summary>What deleting it would take away, for the approval request (404/403 as the delete would).</summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var resource = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, tracked: false, ct);
        actor.RequireHuman("Delete");
        var versions = await db.ResourceVersions.CountAsync(v => v.ResourceId == resource.Id && v.Number != null, ct);
        List<string> consequences =
        [
            $"The {Noun} “{resource.Name}” with its draft and {Deletions.Count(versions, "published version")} (it goes to the trash; restoring brings them back)",
            .. await DeletionConsequencesAsync(db, resource, ct),
        ];
        return new ApprovalTarget(TResource.ResourceType, resource.Id, resource.Name, resource.OrganizationId, null, resource.Version, consequences);
    }

    /// <summary>What else a reviewer should know about a deletion (the agents that use a tool …).</summary>
    protected virtual Task<IReadOnlyList<string>> DeletionConsequencesAsync(IBuilderDbContext db, TResource resource, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>Runs an approved deletion: the record goes to the trash with its versions (the purge removes them).</summary>
    internal async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var resource = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, tracked: true, ct);
        actor.RequireHuman("Delete");
        resource.EnsureVersion(expectedVersion);
        await db.RemoveAuditedAsync(actor, clock, resource, resource.ToAuditSubject(), $"The {Noun} could not be deleted.", ct);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Loads the record once the caller holds <paramref name="permission"/> and the sharing allows it (404 / 403).</summary>
    protected async Task<TResource> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, string permission, bool tracked, CancellationToken ct)
    {
        var set = tracked ? Set(db) : Set(db).AsNoTracking();
        return await db.LoadOwnedAsync(set, actor, id, permission, null, ct);
    }

    /// <summary>
    /// Writes a new PUBLISHED version with <paramref name="json"/> and archives the current one, in one transaction of two
    /// steps: first the record (its concurrency token decides a race) and the archived row, then the new row.
    /// </summary>
    private async Task<ResourceVersion> PublishDefinitionAsync(IBuilderDbContext db, Actor actor, TResource resource, ResourceVersion draft,
        string json, string? note, int? restoredFrom, string action, Guid? expectedVersion, CancellationToken ct)
    {
        var previous = resource.PublishedVersion is { } published
            ? await db.ResourceVersions.FirstOrDefaultAsync(v => v.ResourceId == resource.Id && v.Number == published, ct)
            : null;
        var highest = await db.ResourceVersions.Where(v => v.ResourceId == resource.Id).MaxAsync(v => v.Number, ct) ?? 0;
        var number = Math.Max(highest, resource.LatestVersion) + 1;
        var now = clock.GetUtcNow().UtcDateTime;
        var version = new ResourceVersion
        {
            ResourceType = TResource.ResourceType, ResourceId = resource.Id, OrganizationId = resource.OrganizationId, Number = number,
            State = VersionState.Published, DefinitionJson = json, CreatedAt = now, CreatedBy = actor.Email, Note = note, RestoredFrom = restoredFrom,
        };
        // A rollback carries a draft without unpublished changes along; a draft with changes keeps them.
        if (restoredFrom is not null && !resource.HasUnpublishedChanges && draft.DefinitionJson != json)
        {
            draft.DefinitionJson = json;
            draft.CreatedAt = now;
            draft.CreatedBy = actor.Email;
            Mirror(resource, DefinitionJson.Read<TDefinition>(json));
        }
        resource.PublishedVersion = number;
        resource.LatestVersion = number;
        resource.HasUnpublishedChanges = draft.DefinitionJson != json;
        if (previous is not null) previous.State = VersionState.Archived;

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.SaveAuditedAsync(actor, clock, resource, ["version"], resource.ToAuditSubject(), $"The {Noun} could not be published.", ct, action);
            db.ResourceVersions.Add(version);
            await db.SaveOrConflictAsync($"{Title} {resource.Number} was published or rolled back by someone else at the same time: reload it and try again.", ct);
            if (transaction is not null) await transaction.CommitAsync(ct);
        }
        catch (ConcurrencyException) when (expectedVersion is null)
        {
            throw new ConflictException($"{Title} {resource.Number} was changed, published or rolled back by someone else at the same time.",
                "Nothing was published: reload it and try again.");
        }
        return version;
    }

    /// <summary>The version a selector picks, or 404 saying what is missing (<paramref name="field"/> prefixes the messages of a diff).</summary>
    private static async Task<ResourceVersion> ResolveAsync(IBuilderDbContext db, TResource resource, VersionSelector selector, CancellationToken ct,
        string? field = null)
    {
        var at = field is null ? "" : $"{field}: ";
        var versions = db.ResourceVersions.AsNoTracking().Where(v => v.ResourceId == resource.Id);
        if (selector.Number is { } number)
        {
            if (number <= 0) throw new ValidationException(field is null ? "version.versionNumber" : $"{field}.versionNumber", "versionNumber must be a positive whole number.");
            var row = await versions.FirstOrDefaultAsync(v => v.Number == number, ct)
                      ?? throw new NotFoundException($"{at}{Title} {resource.Number} has no version {number} (its latest is {resource.LatestVersion}).");
            if (selector.State is { } state && row.State != state)
                throw new NotFoundException($"{at}Version {number} of {Noun} {resource.Number} is {row.State.WireName()}, not {state.WireName()}.");
            return row;
        }
        switch (selector.State ?? VersionState.Published)
        {
            case VersionState.Draft:
                return await versions.FirstOrDefaultAsync(v => v.State == VersionState.Draft, ct)
                       ?? throw new InvalidOperationException($"{Title} {resource.Id} has no draft.");
            case VersionState.Archived:
                return await versions.Where(v => v.State == VersionState.Archived).OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct)
                       ?? throw new NotFoundException($"{at}{Title} {resource.Number} has no archived version.");
            default:
                return await versions.FirstOrDefaultAsync(v => v.State == VersionState.Published, ct)
                       ?? throw new NotFoundException($"{at}{Title} {resource.Number} has no published version yet: publish its draft, " +
                                                      $"or read the draft with version {{ versionState: {VersionStates.DraftName} }}.");
        }
    }

    /// <summary>
    /// A record restored from the trash under a new name carries that name; its draft takes it (saved with the next write), so
    /// the next edit does not bring the old, reused name back.
    /// </summary>
    private void SyncName(TResource resource, ResourceVersion draft)
    {
        var definition = DefinitionJson.Read<TDefinition>(draft.DefinitionJson);
        if (NameOf(definition) == resource.Name) return;
        draft.DefinitionJson = DefinitionJson.Write(WithName(definition, resource.Name));
        resource.HasUnpublishedChanges = true;
    }

    private static async Task<ResourceVersion> DraftAsync(IBuilderDbContext db, TResource resource, CancellationToken ct) =>
        await db.ResourceVersions.FirstOrDefaultAsync(v => v.ResourceId == resource.Id && v.State == VersionState.Draft, ct)
        ?? throw new InvalidOperationException($"{Title} {resource.Id} has no draft.");

    private static async Task<string?> VersionTextAsync(IBuilderDbContext db, Guid resourceId, int number, CancellationToken ct) =>
        await db.ResourceVersions.AsNoTracking().Where(v => v.ResourceId == resourceId && v.Number == number).Select(v => v.DefinitionJson).FirstOrDefaultAsync(ct);

    private static void CheckNote(string? note) =>
        new Validator().Optional("note", note, "Note", ResourceVersion.NoteMax).ThrowIfInvalid();

    private async Task<VersionedView<TDefinition>> ViewAsync(IBuilderDbContext db, Actor actor, TResource r, ResourceVersion version, CancellationToken ct)
    {
        var definition = DefinitionJson.Read<TDefinition>(version.DefinitionJson);
        if (version.State == VersionState.Draft && NameOf(definition) != r.Name) definition = WithName(definition, r.Name);
        var view = new VersionedView<TDefinition>(r.Id, r.Number, r.OrganizationId, definition,
            VersionInfo.Of(version), r.PublishedVersion, r.LatestVersion, r.HasUnpublishedChanges, r.CreatedAt, r.UpdatedAt, r.UpdatedBy, r.Version)
        {
            Ownership = await db.OwnershipOfAsync(actor, r, ct),
        };
        return Decorate(r, view);
    }

    // ---------------------------------------------------------------- shared validation

    /// <summary>The model is the organization's or a visible system model.</summary>
    protected static async Task CheckModelAsync(IBuilderDbContext db, Guid organizationId, Guid? modelId, Validator validator, string field, CancellationToken ct)
    {
        if (modelId is not { } id) return;
        if (!await db.Models.Where(Models.AiModel.ChoosableIn(organizationId)).AnyAsync(m => m.Id == id, ct))
            validator.Add(field, "That model does not exist in this organization (choose one of its models or a visible system model).");
    }

    /// <summary>Each id names a record of <paramref name="records"/> (already narrowed to the organization) that the caller sees.</summary>
    protected static async Task CheckVisibleAsync<T>(IBuilderDbContext db, Actor actor, Guid organizationId, IQueryable<T> records,
        IReadOnlyList<Guid> ids, Validator validator, string field, string missing, CancellationToken ct) where T : class, IOwnedResource
    {
        if (ids.Count == 0) return;
        var wanted = ids.Distinct().ToList();
        var found = await records.Where(r => r.OrganizationId == organizationId && wanted.Contains(r.Id)).VisibleTo(db, actor, organizationId)
            .Select(r => r.Id).ToListAsync(ct);
        for (var i = 0; i < ids.Count; i++)
            if (!found.Contains(ids[i])) validator.Add($"{field}[{i}]", missing);
    }

    /// <summary>
    /// The names of the <paramref name="referencing"/> records (not in the trash) whose draft or published version names
    /// <paramref name="resource"/> (its id appears in the definition): the agents that use a tool, the managers that route to an agent.
    /// </summary>
    protected static async Task<List<string>> ReferencingAsync<T>(IBuilderDbContext db, IQueryable<T> referencing, string referencingType,
        VersionedResource resource, CancellationToken ct) where T : VersionedResource
    {
        var id = resource.Id.ToString();
        var ids = db.ResourceVersions.Where(v => v.ResourceType == referencingType && v.OrganizationId == resource.OrganizationId
                                                 && v.State != VersionState.Archived && v.DefinitionJson.Contains(id)).Select(v => v.ResourceId);
        return await referencing.Where(r => ids.Contains(r.Id)).OrderBy(r => r.Name).Select(r => r.Name).ToListAsync(ct);
    }

    /// <summary>No id twice in a list.</summary>
    protected static void CheckDistinct<T>(IReadOnlyList<T> items, Validator validator, string field, string label)
    {
        var seen = new HashSet<T>();
        for (var i = 0; i < items.Count; i++)
            if (!seen.Add(items[i])) validator.Add($"{field}[{i}]", $"{label} is listed twice.");
    }
}
