using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.WorkflowEntities;

/// <summary>The entity library of an organization. Users read it; Admins (entities:create/update/delete) change it.</summary>
public sealed class WorkflowEntityService(IBuilderDbContextFactory dbs, TimeProvider clock)
{
    private const string NotFound = "Workflow entity not found";
    public const int MaxArguments = 100;

    private static readonly Dictionary<string, Expression<Func<WorkflowEntity, object>>> SortKeys = new()
    {
        ["name"] = e => e.Name,
        ["updatedAt"] = e => e.UpdatedAt,
        ["createdAt"] = e => e.CreatedAt,
    };

    /// <summary>Entities of an organization, paged and searchable by name. An environment filter also returns organization-wide entities.</summary>
    public async Task<PagedResult<WorkflowEntitySummary>> ListAsync(Actor actor, WorkflowEntityFilter filter, PageRequest page, CancellationToken ct = default)
    {
        if (filter.OrganizationId is not { } organizationId) throw new ValidationException("organizationId", "organizationId is required.");
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var query = db.WorkflowEntities.AsNoTracking().Where(e => e.OrganizationId == organizationId);
        if (filter.EnvironmentId is { } environmentId)
        {
            await db.RequireEnvironmentAsync(actor, environmentId, Permissions.EntitiesRead, organizationId, ct);
            query = query.Where(e => e.EnvironmentId == environmentId || e.EnvironmentId == null);
        }
        var types = db.WorkflowEntityTypes.AsNoTracking();
        return await query.WhereLike(page.LikePattern, e => e.Name).ToPageAsync(page, SortKeys, e => new WorkflowEntitySummary(
            e.Id, e.OrganizationId, e.EnvironmentId, e.Name, e.Description, e.WorkflowEntityTypeId,
            types.Where(t => t.Id == e.WorkflowEntityTypeId).Select(t => t.Name).FirstOrDefault() ?? "", e.UpdatedAt, e.UpdatedBy, e.Version), ct);
    }

    /// <summary>
    /// The organization's entities among <paramref name="ids"/> (ids of other organizations or deleted entities are left out):
    /// what an editor needs to name and check the nodes of one workflow without loading the whole library.
    /// </summary>
    public async Task<IReadOnlyList<WorkflowEntitySummary>> FindAsync(Actor actor, Guid organizationId, IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return [];
        var found = new List<WorkflowEntitySummary>(wanted.Count);
        var types = db.WorkflowEntityTypes.AsNoTracking();
        foreach (var chunk in wanted.Chunk(500))
            found.AddRange(await db.WorkflowEntities.AsNoTracking().Where(e => e.OrganizationId == organizationId && chunk.Contains(e.Id))
                .Select(e => new WorkflowEntitySummary(e.Id, e.OrganizationId, e.EnvironmentId, e.Name, e.Description, e.WorkflowEntityTypeId,
                    types.Where(t => t.Id == e.WorkflowEntityTypeId).Select(t => t.Name).FirstOrDefault() ?? "", e.UpdatedAt, e.UpdatedBy, e.Version))
                .ToListAsync(ct));
        return found;
    }

    public async Task<WorkflowEntityView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var entity = await LoadAsync(db, actor, id, Permissions.EntitiesRead, ct);
        return await ViewAsync(db, entity, ct);
    }

    /// <summary>An entity of the organization a URL names; one of another organization is "not found".</summary>
    public async Task<WorkflowEntityView> GetAsync(Actor actor, Guid id, Guid expectedOrganizationId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var entity = await db.WorkflowEntities.LoadPermittedAsync(actor, id, Permissions.EntitiesRead, NotFound, expectedOrganizationId, ct);
        return await ViewAsync(db, entity, ct);
    }

    public async Task<int> UsageCountAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await LoadAsync(db, actor, id, Permissions.EntitiesRead, ct);
        return await db.WorkflowEntityUsages.CountAsync(u => u.WorkflowEntityId == id, ct);
    }

    public async Task<WorkflowEntityView> CreateAsync(Actor actor, Guid organizationId, WorkflowEntityInput input, CancellationToken ct = default)
    {
        actor.Require(organizationId, Permissions.EntitiesCreate, "Organization not found");
        await using var db = dbs.Create();
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, ct)) throw new NotFoundException("Organization not found");
        var entity = new WorkflowEntity { OrganizationId = organizationId };
        var changes = await ApplyAsync(db, entity, input, ct);
        await db.AddAuditedAsync(actor, clock, entity, Subject(entity), changes, "The entity could not be saved.", ct);
        return await ViewAsync(db, entity, ct);
    }

    public async Task<WorkflowEntityView> UpdateAsync(Actor actor, Guid id, WorkflowEntityInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var entity = await LoadAsync(db, actor, id, Permissions.EntitiesUpdate, ct);
        entity.EnsureVersion(expectedVersion);
        var changes = await ApplyAsync(db, entity, input, ct);
        await db.SaveAuditedAsync(actor, clock, entity, changes, Subject(entity), "The entity could not be saved.", ct);
        return await ViewAsync(db, entity, ct);
    }

    /// <summary>Deletes an entity no workflow uses (409 with the usage count otherwise). Only a person may do this.</summary>
    /// <summary>
    /// What deleting an entity would take away, for the approval request (as the requester: 404/403 as the delete would, and
    /// 409 naming the workflows that use it, since it could never be deleted while they do).
    /// </summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var entity = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, ct);
        actor.RequireHuman("Delete");
        var users = await db.WorkflowEntityUsages.Where(u => u.WorkflowEntityId == id)
            .Join(db.Workflows, u => u.WorkflowId, w => w.Id, (u, w) => w.Name).OrderBy(n => n).ToListAsync(ct);
        if (users.Count > 0) throw InUse(entity, users.Count, users);
        var type = await db.WorkflowEntityTypes.Where(t => t.Id == entity.WorkflowEntityTypeId).Select(t => t.Name).FirstOrDefaultAsync(ct);
        return new ApprovalTarget(ResourceTypes.WorkflowEntity, id, entity.Name, entity.OrganizationId, entity.EnvironmentId, entity.Version,
            [$"The {type} entity “{entity.Name}”, with its condition, script and arguments", "No workflow uses it"]);
    }

    /// <summary>Runs an approved deletion (the approval service only: people request it, see <see cref="ApprovalService"/>).</summary>
    internal async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var entity = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, ct);
        actor.RequireHuman("Delete");
        entity.EnsureVersion(expectedVersion);
        var usage = await db.WorkflowEntityUsages.CountAsync(u => u.WorkflowEntityId == id, ct);
        if (usage > 0) throw InUse(entity, usage, null);
        await db.RemoveAuditedAsync(actor, clock, entity, Subject(entity), "The entity could not be deleted.", ct);
    }

    /// <summary>Validates the whole input, reporting every problem at once, then applies it and returns the changed field names.</summary>
    private static async Task<List<string>> ApplyAsync(IBuilderDbContext db, WorkflowEntity entity, WorkflowEntityInput input, CancellationToken ct)
    {
        var arguments = input.Arguments ?? [];
        var validator = new Validator()
            .Required("name", input.Name, "Name", WorkflowEntity.NameMax)
            .Optional("description", input.Description, "Description", WorkflowEntity.DescriptionMax)
            .Optional("script", input.Script, "Script", WorkflowEntity.ScriptMax)
            .Optional("tfCondition", input.TfCondition, "True/False condition", WorkflowEntity.TfConditionMax)
            .Check(input.WorkflowEntityTypeId is not null, "workflowEntityTypeId", "Choose an entity type.")
            .Check(arguments.Count <= MaxArguments, "arguments", $"An entity has at most {MaxArguments} arguments.");
        EntityArguments.Validate(arguments, validator);
        foreach (var problem in EntityConditions.Problems(input.Condition)) validator.Add("condition", problem);

        if (input.WorkflowEntityTypeId is { } typeId && !await db.WorkflowEntityTypes.AnyAsync(t => t.Id == typeId, ct))
            validator.Add("workflowEntityTypeId", "That entity type does not exist.");
        if (input.EnvironmentId is { } environmentId
            && !await db.Environments.AnyAsync(e => e.Id == environmentId && e.OrganizationId == entity.OrganizationId, ct))
            validator.Add("environmentId", "That environment does not exist in this organization.");
        validator.ThrowIfInvalid();

        // Saved workflows name the entity's type on their nodes; changing it under them would break their next save.
        if (entity.WorkflowEntityTypeId != Guid.Empty && entity.WorkflowEntityTypeId != input.WorkflowEntityTypeId
            && await db.WorkflowEntityUsages.CountAsync(u => u.WorkflowEntityId == entity.Id, ct) is var usage and > 0)
            throw new ConflictException($"'{entity.Name}' is used by {usage} workflow{(usage == 1 ? "" : "s")}, so its type cannot change",
                $"usageCount={usage}. Remove it from those workflows first, or create a new entity of the other type.");

        var changes = new ChangeSet();
        changes.Set("name", entity.Name, input.Name!.Trim(), v => entity.Name = v);
        changes.Set("description", entity.Description, Validator.Clean(input.Description), v => entity.Description = v);
        changes.Set("workflowEntityTypeId", entity.WorkflowEntityTypeId, input.WorkflowEntityTypeId!.Value, v => entity.WorkflowEntityTypeId = v);
        changes.Set("environmentId", entity.EnvironmentId, input.EnvironmentId, v => entity.EnvironmentId = v);
        changes.Set("condition", entity.ConditionJson, input.Condition?.ToJsonString(), v => entity.ConditionJson = v);
        changes.Set("script", entity.Script, string.IsNullOrWhiteSpace(input.Script) ? null : input.Script, v => entity.Script = v);
        changes.Set("tfCondition", entity.TfCondition, Validator.Clean(input.TfCondition), v => entity.TfCondition = v);
        changes.Set("arguments", entity.ArgumentsJson, EntityArguments.Serialize(arguments), v => entity.ArgumentsJson = v);
        return [.. changes.Fields];
    }

    private static Task<WorkflowEntity> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, string permission, CancellationToken ct) =>
        db.WorkflowEntities.LoadPermittedAsync(actor, id, permission, NotFound, null, ct);

    private static ConflictException InUse(WorkflowEntity entity, int usage, IReadOnlyCollection<string>? workflows) =>
        new($"'{entity.Name}' is used by {usage} workflow{(usage == 1 ? "" : "s")} and cannot be deleted",
            $"usageCount={usage}. Remove it from those workflows first" + (workflows is null ? "." : $": {Deletions.Names(workflows)}."));

    private static AuditSubject Subject(WorkflowEntity e) =>
        new(ResourceTypes.WorkflowEntity, e.Id, e.Name, e.OrganizationId, e.EnvironmentId);

    private static async Task<WorkflowEntityView> ViewAsync(IBuilderDbContext db, WorkflowEntity e, CancellationToken ct)
    {
        var type = await db.WorkflowEntityTypes.AsNoTracking().FirstAsync(t => t.Id == e.WorkflowEntityTypeId, ct);
        return new WorkflowEntityView(e.Id, e.OrganizationId, e.EnvironmentId, e.Name, e.Description, e.WorkflowEntityTypeId, type.Name,
            type.Kind, e.ConditionJson is null ? null : StoredJson.Parse(e.ConditionJson), e.Script, e.TfCondition,
            EntityArguments.Deserialize(e.ArgumentsJson), e.CreatedAt, e.UpdatedAt, e.UpdatedBy, e.Version);
    }
}

/// <summary>Argument list rules and their JSON form.</summary>
public static class EntityArguments
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Validate(IReadOnlyList<EntityArgument> arguments, Validator validator)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            var field = $"arguments[{i}]";
            validator.Required($"{field}.argumentName", argument.ArgumentName, $"Argument {i + 1} name", 100)
                .Optional($"{field}.argumentValue", argument.ArgumentValue, $"Argument {i + 1} value", 4000)
                .Optional($"{field}.argumentDescription", argument.ArgumentDescription, $"Argument {i + 1} description", 500);
            if (!string.IsNullOrWhiteSpace(argument.ArgumentName) && !seen.Add(argument.ArgumentName.Trim()))
                validator.Add($"{field}.argumentName", $"Argument name '{argument.ArgumentName.Trim()}' is used twice.");
        }
    }

    public static string Serialize(IReadOnlyList<EntityArgument> arguments) => JsonSerializer.Serialize(
        arguments.Select(a => new EntityArgument(a.ArgumentName?.Trim(), a.ArgumentValue ?? "", Validator.Clean(a.ArgumentDescription))), Json);

    public static IReadOnlyList<EntityArgument> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<EntityArgument>>(json, Json) ?? [];
}
