using System.Linq.Expressions;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
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
        var environment = await LoadAsync(db, actor, id, Permissions.EnvironmentsRead, ct);
        return View(environment);
    }

    /// <summary>The environment, or not found when it does not belong to <paramref name="expectedOrganizationId"/> (a URL's organization).</summary>
    public async Task<EnvironmentView> GetAsync(Actor actor, Guid id, Guid expectedOrganizationId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireEnvironmentAsync(actor, id, Permissions.EnvironmentsRead, expectedOrganizationId, ct);
        return View(await LoadAsync(db, actor, id, Permissions.EnvironmentsRead, ct));
    }

    public async Task<EnvironmentView> CreateAsync(Actor actor, Guid organizationId, EnvironmentInput input, CancellationToken ct = default)
    {
        actor.Require(organizationId, Permissions.EnvironmentsCreate, OrganizationAccess.NotFound);
        var (name, description) = Validate(input);
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EnvironmentsCreate, ct);
        await EnsureUniqueAsync(db, organizationId, name, null, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var environment = new OrgEnvironment { OrganizationId = organizationId, Name = name, Description = description };
        environment.Stamp(actor, now);
        db.Environments.Add(environment);
        db.AuditEntries.Add(AuditEntry.Record(actor, now, AuditActions.Created, ResourceTypes.Environment, environment.Id,
            organizationId, environment.Id, ChangeSet.Given(("name", name), ("description", description))));
        await db.SaveOrConflictAsync(Duplicate(name), ct);
        return View(environment);
    }

    public async Task<EnvironmentView> UpdateAsync(Actor actor, Guid id, EnvironmentInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        var (name, description) = Validate(input);
        await using var db = dbs.Create();
        var environment = await LoadAsync(db, actor, id, Permissions.EnvironmentsUpdate, ct);
        environment.EnsureVersion(expectedVersion);
        await EnsureUniqueAsync(db, environment.OrganizationId, name, id, ct);

        var changes = new ChangeSet();
        changes.Set("name", environment.Name, name, v => environment.Name = v);
        changes.Set("description", environment.Description, description, v => environment.Description = v);
        if (changes.Any)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var original = environment.Version;
            environment.Stamp(actor, now);
            db.AuditEntries.Add(AuditEntry.Record(actor, now, AuditActions.Updated, ResourceTypes.Environment, id,
                environment.OrganizationId, id, changes.Fields));
            await db.SaveTrackedAsync(environment, original, Duplicate(name), ct);
        }
        return View(environment);
    }

    /// <summary>Deletes an environment and its variables. Only a person may do this.</summary>
    public async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var environment = await LoadAsync(db, actor, id, Permissions.EnvironmentsDelete, ct);
        actor.RequireHuman("Delete");
        environment.EnsureVersion(expectedVersion);
        // Workflows and variables go with the environment; entities that were scoped to it stay, organization-wide.
        var scopedEntities = await db.WorkflowEntities.Where(e => e.EnvironmentId == id).ToListAsync(ct);
        foreach (var entity in scopedEntities) entity.EnvironmentId = null;
        db.Environments.Remove(environment);
        db.AuditEntries.Add(AuditEntry.Record(actor, clock.GetUtcNow().UtcDateTime, AuditActions.Deleted,
            ResourceTypes.Environment, id, environment.OrganizationId, id));
        await db.SaveTrackedAsync(environment, environment.Version, "The environment could not be deleted.", ct);
    }

    private static async Task<OrgEnvironment> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, string permission, CancellationToken ct)
    {
        var environment = await db.Environments.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException(NotFound);
        actor.Require(environment.OrganizationId, permission, NotFound);
        return environment;
    }

    private static (string Name, string? Description) Validate(EnvironmentInput input)
    {
        new Validator()
            .Required("name", input.Name, "Name", OrgEnvironment.NameMax)
            .Optional("description", input.Description, "Description", OrgEnvironment.DescriptionMax)
            .ThrowIfInvalid();
        return (input.Name!.Trim(), Validator.Clean(input.Description));
    }

    private static async Task EnsureUniqueAsync(IBuilderDbContext db, Guid organizationId, string name, Guid? exceptId, CancellationToken ct)
    {
        var lower = name.ToLower();
        if (await db.Environments.AnyAsync(e => e.OrganizationId == organizationId && e.Name.ToLower() == lower && e.Id != exceptId, ct))
            throw new ConflictException(Duplicate(name));
    }

    private static string Duplicate(string name) => $"An environment named '{name}' already exists in this organization";
}
