using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.WorkflowEntities;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Workflows;

/// <summary>
/// Workflows of an organization's environments (workflows:* — a User has them in full). Every save validates the
/// whole tree against the organization's entities and keeps the entity-usage rows in step with it.
/// </summary>
public sealed class WorkflowService(IBuilderDbContextFactory dbs, TimeProvider clock)
{
    private const string NotFound = "Workflow not found";
    private static readonly WorkflowValidator TreeValidator = new();
    private static readonly WorkflowDryRunner DryRunner = new();

    private static readonly Dictionary<string, Expression<Func<Workflow, object>>> SortKeys = new()
    {
        ["name"] = w => w.Name,
        ["updatedAt"] = w => w.UpdatedAt,
        ["createdAt"] = w => w.CreatedAt,
    };

    public async Task<PagedResult<WorkflowSummary>> ListAsync(Actor actor, WorkflowFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.Workflows.AsNoTracking();
        if (filter.EnvironmentId is { } environmentId)
        {
            await db.RequireEnvironmentAsync(actor, environmentId, Permissions.WorkflowsRead, filter.OrganizationId, ct);
            query = query.Where(w => w.EnvironmentId == environmentId);
        }
        else if (filter.OrganizationId is { } organizationId)
        {
            await db.RequireOrganizationAsync(actor, organizationId, Permissions.WorkflowsRead, ct);
            query = query.Where(w => w.OrganizationId == organizationId);
        }
        else throw new ValidationException("organizationId", "organizationId or environmentId is required.");

        return await query.WhereLike(page.LikePattern, w => w.Name).ToPageAsync(page, SortKeys,
            w => new WorkflowSummary(w.Id, w.OrganizationId, w.EnvironmentId, w.Name, w.Description, w.UpdatedAt, w.UpdatedBy, w.Version), ct);
    }

    public async Task<WorkflowView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return View(await LoadAsync(db, actor, id, Permissions.WorkflowsRead, ct));
    }

    /// <summary>A workflow of the organization a URL names; one of another organization is "not found".</summary>
    public async Task<WorkflowView> GetAsync(Actor actor, Guid id, Guid expectedOrganizationId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return View(await db.Workflows.LoadPermittedAsync(actor, id, Permissions.WorkflowsRead, NotFound, expectedOrganizationId, ct));
    }

    /// <summary>Creates a workflow in an environment; when the caller names the organization too, it must be the environment's.</summary>
    public async Task<WorkflowView> CreateAsync(Actor actor, Guid environmentId, WorkflowInput input, Guid? organizationId = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var environmentOrganization = await db.RequireEnvironmentAsync(actor, environmentId, Permissions.WorkflowsCreate, organizationId, ct);
        var workflow = new Workflow { OrganizationId = environmentOrganization, EnvironmentId = environmentId };
        var (changes, usedEntities) = await ApplyAsync(db, workflow, input, ct);
        db.WorkflowEntityUsages.AddRange(usedEntities.Select(e => new WorkflowEntityUsage { WorkflowId = workflow.Id, WorkflowEntityId = e }));
        await db.AddAuditedAsync(actor, clock, workflow, Subject(workflow), changes, Duplicate(workflow.Name), ct);
        return View(workflow);
    }

    public async Task<WorkflowView> UpdateAsync(Actor actor, Guid id, WorkflowInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var workflow = await LoadAsync(db, actor, id, Permissions.WorkflowsUpdate, ct);
        workflow.EnsureVersion(expectedVersion);
        var (changes, usedEntities) = await ApplyAsync(db, workflow, input, ct);
        if (changes.Count > 0)
        {
            var previous = await db.WorkflowEntityUsages.Where(u => u.WorkflowId == id).ToListAsync(ct);
            db.WorkflowEntityUsages.RemoveRange(previous.Where(u => !usedEntities.Contains(u.WorkflowEntityId)));
            db.WorkflowEntityUsages.AddRange(usedEntities.Except(previous.Select(u => u.WorkflowEntityId))
                .Select(e => new WorkflowEntityUsage { WorkflowId = id, WorkflowEntityId = e }));
        }
        await db.SaveAuditedAsync(actor, clock, workflow, changes, Subject(workflow), Duplicate(workflow.Name), ct);
        return View(workflow);
    }

    /// <summary>What deleting a workflow would take away, for the approval request (as the requester: 404/403 as the delete would).</summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var workflow = await LoadAsync(db, actor, id, Permissions.WorkflowsDelete, ct);
        actor.RequireHuman("Delete");
        var environment = await db.Environments.Where(e => e.Id == workflow.EnvironmentId).Select(e => e.Name).FirstOrDefaultAsync(ct);
        return new ApprovalTarget(ResourceTypes.Workflow, workflow.Id, workflow.Name, workflow.OrganizationId, workflow.EnvironmentId,
            workflow.Version, [$"The workflow “{workflow.Name}” of environment {environment}, with all its steps"]);
    }

    /// <summary>Runs an approved deletion (called by the approval service only: people request it, see <see cref="ApprovalService"/>).</summary>
    public async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var workflow = await LoadAsync(db, actor, id, Permissions.WorkflowsDelete, ct);
        actor.RequireHuman("Delete");
        workflow.EnsureVersion(expectedVersion);
        await db.RemoveAuditedAsync(actor, clock, workflow, Subject(workflow), "The workflow could not be deleted.", ct);
    }

    /// <summary>
    /// Walks a workflow against a sample message: the saved tree, or the unsaved one the canvas sends. Nothing is
    /// stored and no script runs.
    /// </summary>
    public async Task<DryRunResult> DryRunAsync(Actor actor, Guid id, JsonNode? message, JsonNode? unsavedWorkflowData = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var workflow = await LoadAsync(db, actor, id, Permissions.WorkflowsRead, ct);
        var data = unsavedWorkflowData ?? StoredJson.Parse(workflow.WorkflowDataJson);
        var entities = await EntityDefinitionsAsync(db, workflow.OrganizationId, ReferencedEntityIds(data), ct);
        var validation = TreeValidator.ValidateJson(data, entities.ToDictionary(e => e.Key, e => e.Value.EntityType));
        if (validation.Data is null) throw WorkflowDataInvalid(validation.Problems);
        return DryRunner.Run(validation.Data, entities, message);
    }

    private static async Task<(List<string> Changes, HashSet<Guid> UsedEntities)> ApplyAsync(
        IBuilderDbContext db, Workflow workflow, WorkflowInput input, CancellationToken ct)
    {
        var validator = new Validator()
            .Required("name", input.Name, "Name", Workflow.NameMax)
            .Optional("description", input.Description, "Description", Workflow.DescriptionMax)
            .Check(input.WorkflowData is not null, "workflowData", "workflowData is required: { \"root\": { ... } }.");
        validator.ThrowIfInvalid();

        var usedEntities = ReferencedEntityIds(input.WorkflowData);
        var entityTypes = await EntityTypesAsync(db, workflow.OrganizationId, usedEntities, ct);
        var validation = TreeValidator.ValidateJson(input.WorkflowData, entityTypes);
        if (!validation.IsValid) throw WorkflowDataInvalid(validation.Problems);
        var name = input.Name!.Trim();
        await db.Workflows.Where(w => w.EnvironmentId == workflow.EnvironmentId).EnsureUniqueNameAsync(name, workflow.Id, Duplicate(name), ct);

        var changes = new ChangeSet();
        changes.Set("name", workflow.Name, name, v => workflow.Name = v);
        changes.Set("description", workflow.Description, Validator.Clean(input.Description), v => workflow.Description = v);
        changes.Set("workflowData", workflow.WorkflowDataJson, input.WorkflowData!.ToJsonString(), v => workflow.WorkflowDataJson = v);
        return ([.. changes.Fields], [.. usedEntities]);
    }

    private static ValidationException WorkflowDataInvalid(IReadOnlyList<ValidationProblem> problems) => new(new Dictionary<string, string[]>
    {
        ["workflowData"] = problems.Select(p => $"{p.Location}: {p.Message}").ToArray(),
    });

    private static HashSet<Guid> UsedEntityIds(WorkflowData data)
    {
        var used = new HashSet<Guid>();
        var pending = new Stack<WorkflowNode>([data.Root]);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            used.Add(node.EntityId);
            foreach (var child in node.Children) pending.Push(child);
        }
        return used;
    }

    /// <summary>
    /// The entity ids a tree names, so saves and dry runs read only those entities, not the whole library. An unreadable
    /// tree names none; the validator then reports why it could not be read.
    /// </summary>
    private static List<Guid> ReferencedEntityIds(JsonNode? data) =>
        WorkflowDataParser.Parse(data, TreeValidator.Limits).Data is { } parsed ? [.. UsedEntityIds(parsed)] : [];

    private static async Task<Dictionary<Guid, string>> EntityTypesAsync(IBuilderDbContext db, Guid organizationId, List<Guid> ids, CancellationToken ct) =>
        await db.WorkflowEntities.AsNoTracking()
            .Where(e => e.OrganizationId == organizationId && ids.Contains(e.Id))
            .Join(db.WorkflowEntityTypes, e => e.WorkflowEntityTypeId, t => t.Id, (e, t) => new { e.Id, t.Name })
            .ToDictionaryAsync(x => x.Id, x => x.Name, ct);

    private static async Task<Dictionary<Guid, WorkflowEntityDefinition>> EntityDefinitionsAsync(IBuilderDbContext db, Guid organizationId,
        List<Guid> ids, CancellationToken ct)
    {
        var rows = await db.WorkflowEntities.AsNoTracking()
            .Where(e => e.OrganizationId == organizationId && ids.Contains(e.Id))
            .Join(db.WorkflowEntityTypes, e => e.WorkflowEntityTypeId, t => t.Id, (e, t) => new { Entity = e, TypeName = t.Name })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Entity.Id, r => new WorkflowEntityDefinition
        {
            Id = r.Entity.Id, Name = r.Entity.Name, EntityType = r.TypeName, Script = r.Entity.Script, TfCondition = r.Entity.TfCondition,
            Condition = r.Entity.ConditionJson is null ? null : StoredJson.Parse(r.Entity.ConditionJson),
            Arguments = EntityArguments.Deserialize(r.Entity.ArgumentsJson)
                .Select(a => new WorkflowEntityArgument(a.ArgumentName ?? "", a.ArgumentValue, a.ArgumentDescription)).ToList(),
        });
    }

    private static Task<Workflow> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, string permission, CancellationToken ct) =>
        db.Workflows.LoadPermittedAsync(actor, id, permission, NotFound, null, ct);

    private static AuditSubject Subject(Workflow w) => new(ResourceTypes.Workflow, w.Id, w.Name, w.OrganizationId, w.EnvironmentId);

    private static WorkflowView View(Workflow w) => new(w.Id, w.OrganizationId, w.EnvironmentId, w.Name, w.Description,
        StoredJson.Parse(w.WorkflowDataJson)!, w.CreatedAt, w.UpdatedAt, w.UpdatedBy, w.Version);

    private static string Duplicate(string name) => $"A workflow named '{name}' already exists in this environment";
}
