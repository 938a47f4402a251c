using System.Linq.Expressions;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Organizations;

public sealed class OrganizationService(IBuilderDbContextFactory dbs, TimeProvider clock, ActorCache actors)
{
    private const string NotFound = "Organization not found";

    private static readonly Dictionary<string, Expression<Func<Organization, object>>> SortKeys = new()
    {
        ["name"] = o => o.Name,
        ["createdAt"] = o => o.CreatedAt,
        ["updatedAt"] = o => o.UpdatedAt,
    };

    private static readonly Expression<Func<Organization, OrganizationView>> ToView =
        o => new OrganizationView(o.Id, o.Name, o.Description, o.CreatedAt, o.UpdatedAt, o.UpdatedBy, o.Version);

    private static readonly Func<Organization, OrganizationView> View = ToView.Compile();

    /// <summary>System sees every organization; everyone else sees the ones they belong to.</summary>
    public async Task<PagedResult<OrganizationView>> ListAsync(Actor actor, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var visible = VisibleTo(actor, db.Organizations.AsNoTracking());
        return await visible.WhereLike(page.LikePattern, o => o.Name).ToPageAsync(page, SortKeys, ToView, ct);
    }

    public async Task<OrganizationView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        actor.Require(id, Permissions.OrganizationsRead, NotFound);
        await using var db = dbs.Create();
        return await db.Organizations.AsNoTracking().Where(o => o.Id == id).Select(ToView).FirstOrDefaultAsync(ct)
               ?? throw new NotFoundException(NotFound);
    }

    public async Task<OrganizationView> CreateAsync(Actor actor, OrganizationInput input, CancellationToken ct = default)
    {
        actor.RequirePlatformAdministrator("create organizations");
        var (name, description) = Validate(input);
        await using var db = dbs.Create();
        await EnsureUniqueAsync(db, name, null, ct);
        var organization = new Organization { Name = name, Description = description };
        await db.AddAuditedAsync(actor, clock, organization, Subject(organization),
            ChangeSet.Given(("name", name), ("description", description)), Duplicate(name), ct);
        return View(organization);
    }

    public async Task<OrganizationView> UpdateAsync(Actor actor, Guid id, OrganizationInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        actor.Require(id, Permissions.OrganizationsUpdate, NotFound);
        var (name, description) = Validate(input);
        await using var db = dbs.Create();
        var organization = await db.Organizations.LoadPermittedAsync(actor, id, Permissions.OrganizationsUpdate, NotFound, null, ct);
        organization.EnsureVersion(expectedVersion);
        await EnsureUniqueAsync(db, name, id, ct);

        var changes = new ChangeSet();
        changes.Set("name", organization.Name, name, v => organization.Name = v);
        changes.Set("description", organization.Description, description, v => organization.Description = v);
        await db.SaveAuditedAsync(actor, clock, organization, changes.Fields, Subject(organization), Duplicate(name), ct);
        return View(organization);
    }

    /// <summary>What deleting an organization would take away, for the approval request (System only; 404/403 as the delete would).</summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        actor.Require(id, Permissions.OrganizationsDelete, NotFound);
        actor.RequireHuman("Delete");
        actor.RequirePlatformAdministrator("delete organizations");
        await using var db = dbs.Create();
        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException(NotFound);
        var environments = await db.Environments.Where(e => e.OrganizationId == id).OrderBy(e => e.Name).Select(e => e.Name).ToListAsync(ct);
        var members = await db.Memberships.CountAsync(m => m.OrganizationId == id, ct);
        var variables = await db.Variables.CountAsync(v => v.OrganizationId == id, ct);
        var workflows = await db.Workflows.CountAsync(w => w.OrganizationId == id, ct);
        var entities = await db.WorkflowEntities.CountAsync(e => e.OrganizationId == id, ct);
        var templates = await db.PromptTemplates.CountAsync(t => t.OrganizationId == id, ct);
        var prompts = await db.Prompts.CountAsync(p => p.OrganizationId == id, ct);
        var models = await db.Models.CountAsync(m => m.OrganizationId == id, ct);
        var keys = await db.ApiKeys.CountAsync(k => k.OrganizationId == id, ct);
        List<string> consequences =
        [
            $"The organization “{organization.Name}” and everything in it",
            environments.Count == 0 ? "No environments" : $"{Deletions.Count(environments.Count, "environment")}: {Deletions.Names(environments)}",
            $"{Deletions.Count(variables, "variable")}, {Deletions.Count(workflows, "workflow")}, {Deletions.Count(entities, "workflow entity", "workflow entities")}",
            $"{Deletions.Count(templates, "prompt template")}, {Deletions.Count(prompts, "prompt")}, {Deletions.Count(models, "model")}",
            $"{Deletions.Count(members, "membership")} and {Deletions.Count(keys, "API key")} (their access ends)",
        ];
        return new ApprovalTarget(ResourceTypes.Organization, id, organization.Name, id, null, organization.Version, consequences);
    }

    /// <summary>
    /// Deletes an organization: it goes to the platform's trash (System administrators restore it) with everything in it —
    /// environments, variables, entities, workflows, templates, prompts, models, memberships and API keys — so it vanishes
    /// for its members at once and their memberships and keys grant nothing. System only, and only by a person.
    /// </summary>
    /// <remarks>Runs an approved deletion (the approval service only: people request it, see <see cref="ApprovalService"/>).</remarks>
    internal async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        actor.Require(id, Permissions.OrganizationsDelete, NotFound);
        actor.RequireHuman("Delete");
        actor.RequirePlatformAdministrator("delete organizations");
        await using var db = dbs.Create();
        var organization = await db.Organizations.LoadPermittedAsync(actor, id, Permissions.OrganizationsDelete, NotFound, null, ct);
        organization.EnsureVersion(expectedVersion);
        var dependents = new List<ITrashable>();
        foreach (var kind in TrashKinds.All) dependents.AddRange(await kind.InOrganizationAsync(db, id, ct));
        var original = organization.Version;
        await db.MoveToTrashAsync(actor, clock.GetUtcNow().UtcDateTime, organization, Subject(organization), dependents,
            auditDependents: false, ct);
        await db.SaveTrackedAsync(organization, original, "The organization could not be deleted.", ct);
        actors.EvictAll(); // its memberships went with it
    }

    private static IQueryable<Organization> VisibleTo(Actor actor, IQueryable<Organization> organizations)
    {
        if (actor.ApiKeyOrganizationId is { } keyOrganization) return organizations.Where(o => o.Id == keyOrganization);
        if (actor.IsSystem) return organizations;
        var ids = actor.Memberships.Keys.ToList();
        return organizations.Where(o => ids.Contains(o.Id));
    }

    private static (string Name, string? Description) Validate(OrganizationInput input)
    {
        new Validator()
            .Required("name", input.Name, "Name", Organization.NameMax)
            .Optional("description", input.Description, "Description", Organization.DescriptionMax)
            .ThrowIfInvalid();
        return (input.Name!.Trim(), Validator.Clean(input.Description));
    }

    private static Task EnsureUniqueAsync(IBuilderDbContext db, string name, Guid? exceptId, CancellationToken ct) =>
        db.Organizations.EnsureUniqueNameAsync(name, exceptId, Duplicate(name), ct);

    private static AuditSubject Subject(Organization o) => new(ResourceTypes.Organization, o.Id, o.Name, o.Id);

    private static string Duplicate(string name) => $"An organization named '{name}' already exists";
}
