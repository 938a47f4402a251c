using System.Linq.Expressions;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Environments;

public sealed class EnvironmentService(IBuilderDbContextFactory dbs, TimeProvider clock)
{
    internal const string NotFound = "Environment not found";

    private static readonly Dictionary<string, Expression<Func<OrgEnvironment, object>>> SortKeys = new()
    {
        ["name"] = e => e.Name,
        ["createdAt"] = e => e.CreatedAt,
        ["updatedAt"] = e => e.UpdatedAt,
    };

    private static readonly Expression<Func<OrgEnvironment, EnvironmentView>> ToView =
        e => new EnvironmentView(e.Id, e.OrganizationId, e.Name, e.Description, e.CreatedAt, e.UpdatedAt, e.UpdatedBy, e.Version);

    private static readonly Func<OrgEnvironment, EnvironmentView> View = ToView.Compile();

    public async Task<PagedResult<EnvironmentView>> ListAsync(Actor actor, Guid organizationId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EnvironmentsRead, ct);
        return await db.Environments.AsNoTracking()
            .Where(e => e.OrganizationId == organizationId)
            .WhereLike(page.LikePattern, e => e.Name)
            .ToPageAsync(page, SortKeys, ToView, ct);
    }

    public async Task<EnvironmentView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return View(await LoadAsync(db, actor, id, Permissions.EnvironmentsRead, null, ct));
    }

    /// <summary>An environment of the organization a URL names; one of another organization is "not found".</summary>
    public async Task<EnvironmentView> GetAsync(Actor actor, Guid id, Guid expectedOrganizationId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return View(await LoadAsync(db, actor, id, Permissions.EnvironmentsRead, expectedOrganizationId, ct));
    }

    public async Task<EnvironmentView> CreateAsync(Actor actor, Guid organizationId, EnvironmentInput input, CancellationToken ct = default)
    {
        actor.Require(organizationId, Permissions.EnvironmentsCreate, OrganizationAccess.NotFound);
        var (name, description) = Validate(input);
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EnvironmentsCreate, ct);
        await EnsureUniqueAsync(db, organizationId, name, null, ct);

        var environment = new OrgEnvironment { OrganizationId = organizationId, Name = name, Description = description };
        await db.AddAuditedAsync(actor, clock, environment, Subject(environment),
            ChangeSet.Given(("name", name), ("description", description)), Duplicate(name), ct);
        return View(environment);
    }

    public async Task<EnvironmentView> UpdateAsync(Actor actor, Guid id, EnvironmentInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        var (name, description) = Validate(input);
        await using var db = dbs.Create();
        var environment = await LoadAsync(db, actor, id, Permissions.EnvironmentsUpdate, null, ct);
        environment.EnsureVersion(expectedVersion);
        await EnsureUniqueAsync(db, environment.OrganizationId, name, id, ct);

        var changes = new ChangeSet();
        changes.Set("name", environment.Name, name, v => environment.Name = v);
        changes.Set("description", environment.Description, description, v => environment.Description = v);
        await db.SaveAuditedAsync(actor, clock, environment, changes.Fields, Subject(environment), Duplicate(name), ct);
        return View(environment);
    }

    /// <summary>
    /// What deleting an environment would take away, for the approval request (as the requester: 404/403 as the delete would):
    /// its variables and workflows go with it; entities and prompt templates scoped to it stay, organization-wide.
    /// </summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var environment = await LoadAsync(db, actor, id, Permissions.EnvironmentsDelete, null, ct);
        actor.RequireHuman("Delete");
        var variables = await db.Variables.CountAsync(v => v.EnvironmentId == id, ct);
        var workflows = await db.Workflows.Where(w => w.EnvironmentId == id).OrderBy(w => w.Name).Select(w => w.Name).ToListAsync(ct);
        var entities = await db.WorkflowEntities.Where(e => e.EnvironmentId == id).OrderBy(e => e.Name).Select(e => e.Name).ToListAsync(ct);
        var templates = await db.PromptTemplates.Where(t => t.EnvironmentId == id).OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct);
        List<string> consequences =
        [
            $"The environment “{environment.Name}”",
            variables switch { 0 => "No variables", 1 => "1 variable, with its value", _ => $"{variables} variables, with their values" },
            workflows.Count == 0 ? "No workflows" : $"{Deletions.Count(workflows.Count, "workflow")}: {Deletions.Names(workflows)}",
        ];
        if (entities.Count > 0)
            consequences.Add($"{Deletions.Count(entities.Count, "workflow entity", "workflow entities")} scoped to it stay and become organization-wide: {Deletions.Names(entities)}");
        if (templates.Count > 0)
            consequences.Add($"{Deletions.Count(templates.Count, "prompt template")} scoped to it stay and become organization-wide: {Deletions.Names(templates)}");
        return new ApprovalTarget(ResourceTypes.Environment, id, environment.Name, environment.OrganizationId, id, environment.Version, consequences);
    }

    /// <summary>
    /// Deletes an environment: it goes to the organization's trash with its variables and workflows, which come back with it
    /// when it is restored. Only a person may do this.
    /// </summary>
    /// <remarks>Runs an approved deletion (the approval service only: people request it, see <see cref="ApprovalService"/>).</remarks>
    internal async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var environment = await LoadAsync(db, actor, id, Permissions.EnvironmentsDelete, null, ct);
        actor.RequireHuman("Delete");
        environment.EnsureVersion(expectedVersion);
        // Entities and prompt templates that were scoped to it stay, organization-wide (also those in the trash, so the
        // environment's purge never finds a reference to it; their versions keep the id, the environment reads as none).
        foreach (var entity in await db.WorkflowEntities.IgnoreQueryFilters([TrashFilter.Name]).Where(e => e.EnvironmentId == id).ToListAsync(ct))
            entity.EnvironmentId = null;
        foreach (var template in await db.PromptTemplates.IgnoreQueryFilters([TrashFilter.Name]).Where(t => t.EnvironmentId == id).ToListAsync(ct))
            template.EnvironmentId = null;
        List<ITrashable> dependents =
        [
            .. await db.Variables.Where(v => v.EnvironmentId == id).ToListAsync(ct),
            .. await db.Workflows.Where(w => w.EnvironmentId == id).ToListAsync(ct),
        ];
        await db.RemoveAuditedAsync(actor, clock, environment, Subject(environment), "The environment could not be deleted.", ct, dependents);
    }

    private static Task<OrgEnvironment> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, string permission,
        Guid? expectedOrganizationId, CancellationToken ct) =>
        db.Environments.LoadPermittedAsync(actor, id, permission, NotFound, expectedOrganizationId, ct);

    private static AuditSubject Subject(OrgEnvironment e) =>
        new(ResourceTypes.Environment, e.Id, e.Name, e.OrganizationId, e.Id, e.Name);

    private static (string Name, string? Description) Validate(EnvironmentInput input)
    {
        new Validator()
            .Required("name", input.Name, "Name", OrgEnvironment.NameMax)
            .Optional("description", input.Description, "Description", OrgEnvironment.DescriptionMax)
            .ThrowIfInvalid();
        return (input.Name!.Trim(), Validator.Clean(input.Description));
    }

    private static Task EnsureUniqueAsync(IBuilderDbContext db, Guid organizationId, string name, Guid? exceptId, CancellationToken ct) =>
        db.Environments.Where(e => e.OrganizationId == organizationId).EnsureUniqueNameAsync(name, exceptId, Duplicate(name), ct);

    private static string Duplicate(string name) => $"An environment named '{name}' already exists in this organization";
}
