using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.WorkflowEntities;

/// <summary>Platform-wide entity types: every signed-in person reads them; System users edit them.</summary>
public sealed partial class WorkflowEntityTypeService(IBuilderDbContextFactory dbs, TimeProvider clock)
{
    private const string NotFound = "Workflow entity type not found";

    [GeneratedRegex("^#[0-9a-fA-F]{6}$", RegexOptions.NonBacktracking)]
    private static partial Regex ColorPattern();

    private static readonly Dictionary<string, Expression<Func<WorkflowEntityType, object>>> SortKeys = new()
    {
        ["kind"] = t => t.Kind,
        ["name"] = t => t.Name,
        ["updatedAt"] = t => t.UpdatedAt,
    };

    internal static readonly Expression<Func<WorkflowEntityType, WorkflowEntityTypeView>> ToView = t => new WorkflowEntityTypeView(
        t.Id, t.Name, t.Description, t.Kind, t.Shape, t.Color, t.CreatedAt, t.UpdatedAt, t.UpdatedBy, t.Version);

    private static readonly Func<WorkflowEntityType, WorkflowEntityTypeView> View = ToView.Compile();

    public async Task<PagedResult<WorkflowEntityTypeView>> ListAsync(Actor actor, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.WorkflowEntityTypes.AsNoTracking().WhereLike(page.LikePattern, t => t.Name).ToPageAsync(page, SortKeys, ToView, ct);
    }

    public async Task<WorkflowEntityTypeView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.WorkflowEntityTypes.AsNoTracking().Where(t => t.Id == id).Select(ToView).FirstOrDefaultAsync(ct)
               ?? throw new NotFoundException(NotFound);
    }

    public async Task<WorkflowEntityTypeView> CreateAsync(Actor actor, WorkflowEntityTypeInput input, CancellationToken ct = default)
    {
        RequireSystem(actor, "create");
        var type = new WorkflowEntityType();
        Apply(type, input);
        await using var db = dbs.Create();
        await EnsureUniqueAsync(db, type.Name, null, ct);
        type.Stamp(actor, clock.GetUtcNow().UtcDateTime);
        db.WorkflowEntityTypes.Add(type);
        await db.SaveOrConflictAsync(Duplicate(type.Name), ct);
        return View(type);
    }

    public async Task<WorkflowEntityTypeView> UpdateAsync(Actor actor, Guid id, WorkflowEntityTypeInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        RequireSystem(actor, "update");
        await using var db = dbs.Create();
        var type = await db.WorkflowEntityTypes.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException(NotFound);
        type.EnsureVersion(expectedVersion);
        var original = type.Version;
        var (name, kind) = (type.Name, type.Kind);
        Apply(type, input);
        // Workflow nodes name their type and Result nodes must stay leaves: a used type keeps its name and kind.
        if ((!string.Equals(name, type.Name, StringComparison.OrdinalIgnoreCase) || kind != type.Kind)
            && await db.WorkflowEntities.CountAsync(e => e.WorkflowEntityTypeId == id, ct) is var used and > 0)
            throw new ConflictException($"The type '{name}' is used by {used} entities, so its name and kind cannot change",
                "Its description, shape and colour can still be edited.");
        await EnsureUniqueAsync(db, type.Name, id, ct);
        type.Stamp(actor, clock.GetUtcNow().UtcDateTime);
        await db.SaveTrackedAsync(type, original, Duplicate(type.Name), ct);
        return View(type);
    }

    /// <summary>
    /// What deleting a type would take away, for the approval request: System users only (404/403 as the delete would), and
    /// 409 while entities use it, since it could never be deleted then. Types are platform-wide: System users decide.
    /// </summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        actor.RequireHuman("Delete");
        RequireSystem(actor, "delete");
        await using var db = dbs.Create();
        var type = await db.WorkflowEntityTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException(NotFound);
        var used = await db.WorkflowEntities.CountAsync(e => e.WorkflowEntityTypeId == id, ct);
        if (used > 0) throw InUse(type, used);
        return new ApprovalTarget(ResourceTypes.WorkflowEntityType, id, type.Name, null, null, type.Version,
            [$"The {type.Kind.ToString().ToLowerInvariant()} entity type “{type.Name}”, for every organization", "No entity uses it"]);
    }

    /// <summary>Runs an approved deletion of a type no entity uses (the approval service only, see <see cref="Approvals.ApprovalService"/>).</summary>
    internal async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        actor.RequireHuman("Delete");
        RequireSystem(actor, "delete");
        await using var db = dbs.Create();
        var type = await db.WorkflowEntityTypes.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException(NotFound);
        type.EnsureVersion(expectedVersion);
        var used = await db.WorkflowEntities.CountAsync(e => e.WorkflowEntityTypeId == id, ct);
        if (used > 0) throw InUse(type, used);
        // It goes to the platform's trash (System administrators restore it); entities in a trash that still use it keep it from being purged.
        await db.RemoveAuditedAsync(actor, clock, type, new AuditSubject(ResourceTypes.WorkflowEntityType, type.Id, type.Name, null),
            "The type could not be deleted.", ct);
    }

    private static ConflictException InUse(WorkflowEntityType type, int used) =>
        new($"The type '{type.Name}' is used by {used} entities", "Change or delete those entities first.");

    /// <summary>Entity types are platform-wide: System users edit them in person; no API key may, whoever owns it.</summary>
    private static void RequireSystem(Actor actor, string verb) => actor.RequirePlatformAdministrator($"{verb} workflow entity types");

    private static void Apply(WorkflowEntityType type, WorkflowEntityTypeInput input)
    {
        new Validator()
            .Required("name", input.Name, "Name", WorkflowEntityType.NameMax)
            .Optional("description", input.Description, "Description", WorkflowEntityType.DescriptionMax)
            .Check(input.Kind is null || Enum.IsDefined(input.Kind.Value), "kind", "Kind must be event, prompt, action or result.")
            .Check(input.Kind is not null, "kind", "Kind is required: event, prompt, action or result.")
            .Check(input.Shape is null || WorkflowEntityType.Shapes.Contains(input.Shape), "shape", $"Shape must be one of {string.Join(", ", WorkflowEntityType.Shapes)}.")
            .Matches("color", input.Color, ColorPattern(), "Colour must be a hex colour like #1565c0.")
            .ThrowIfInvalid();
        type.Name = input.Name!.Trim();
        type.Description = Validator.Clean(input.Description);
        type.Kind = input.Kind!.Value;
        type.Shape = input.Shape ?? "circle";
        type.Color = input.Color?.Trim() ?? "#594ae2";
    }

    private static async Task EnsureUniqueAsync(IBuilderDbContext db, string name, Guid? exceptId, CancellationToken ct)
    {
        var lower = name.ToLower();
        if (await db.WorkflowEntityTypes.AnyAsync(t => t.Name.ToLower() == lower && t.Id != exceptId, ct))
            throw new ConflictException(Duplicate(name));
    }

    private static string Duplicate(string name) => $"A workflow entity type named '{name}' already exists";
}
