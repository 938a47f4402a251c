using System.Linq.Expressions;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Variables;

public sealed class VariableService(IBuilderDbContextFactory dbs, ISecretProtector protector, TimeProvider clock)
{
    private const string NotFound = "Variable not found";

    private static readonly Dictionary<string, Expression<Func<Variable, object>>> SortKeys = new()
    {
        ["name"] = v => v.Name,
        ["updatedAt"] = v => v.UpdatedAt,
        ["createdAt"] = v => v.CreatedAt,
    };

    private static readonly Expression<Func<Variable, VariableView>> ToView = v => new VariableView(
        v.Id, v.OrganizationId, v.EnvironmentId, v.Name, v.ProtectedValue != null, v.CreatedAt, v.UpdatedAt, v.UpdatedBy, v.Version);

    private static readonly Func<Variable, VariableView> View = ToView.Compile();

    /// <summary>Lists variables of an organization or of one environment, paged and searchable by name.</summary>
    public async Task<PagedResult<VariableView>> ListAsync(Actor actor, VariableFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.Variables.AsNoTracking();
        if (filter.EnvironmentId is { } environmentId)
        {
            await db.RequireEnvironmentAsync(actor, environmentId, Permissions.VariablesRead, filter.OrganizationId, ct);
            query = query.Where(v => v.EnvironmentId == environmentId);
        }
        else if (filter.OrganizationId is { } organizationId)
        {
            await db.RequireOrganizationAsync(actor, organizationId, Permissions.VariablesRead, ct);
            query = query.Where(v => v.OrganizationId == organizationId);
        }
        else
        {
            throw new ValidationException("organizationId", "organizationId or environmentId is required.");
        }
        return await query.WhereLike(page.LikePattern, v => v.Name).ToPageAsync(page, SortKeys, ToView, ct);
    }

    public async Task<VariableView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return View(await LoadAsync(db, actor, id, Permissions.VariablesRead, ct));
    }

    public Task<VariableView> CreateAsync(Actor actor, Guid environmentId, VariableInput input, CancellationToken ct = default) =>
        CreateAsync(actor, null, environmentId, input, ct);

    /// <summary>Creates a variable; an <paramref name="expectedOrganizationId"/> other than the environment's is "environment not found".</summary>
    public async Task<VariableView> CreateAsync(Actor actor, Guid? expectedOrganizationId, Guid environmentId, VariableInput input,
        CancellationToken ct = default)
    {
        var name = Validate(input, creating: true);
        await using var db = dbs.Create();
        var organizationId = await db.RequireEnvironmentAsync(actor, environmentId, Permissions.VariablesCreate, expectedOrganizationId, ct);
        await EnsureUniqueAsync(db, environmentId, name, null, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var variable = new Variable { OrganizationId = organizationId, EnvironmentId = environmentId, Name = name };
        var changes = new ChangeSet();
        changes.Mark("name");
        ApplyValue(variable, input, changes);
        variable.Stamp(actor, now);
        db.Variables.Add(variable);
        db.AuditEntries.Add(AuditEntry.Record(actor, now, AuditActions.Created, ResourceTypes.Variable, variable.Id,
            organizationId, environmentId, changes.Fields));
        await db.SaveOrConflictAsync(Duplicate(name), ct);
        return View(variable);
    }

    public async Task<VariableView> UpdateAsync(Actor actor, Guid id, VariableInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        var name = Validate(input, creating: false);
        await using var db = dbs.Create();
        var variable = await LoadAsync(db, actor, id, Permissions.VariablesUpdate, ct);
        variable.EnsureVersion(expectedVersion);
        await EnsureUniqueAsync(db, variable.EnvironmentId, name, id, ct);

        var changes = new ChangeSet();
        changes.Set("name", variable.Name, name, v => variable.Name = v);
        ApplyValue(variable, input, changes);
        if (changes.Any)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var original = variable.Version;
            variable.Stamp(actor, now);
            db.AuditEntries.Add(AuditEntry.Record(actor, now, AuditActions.Updated, ResourceTypes.Variable, id,
                variable.OrganizationId, variable.EnvironmentId, changes.Fields));
            await db.SaveTrackedAsync(variable, original, Duplicate(name), ct);
        }
        return View(variable);
    }

    public async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var variable = await LoadAsync(db, actor, id, Permissions.VariablesDelete, ct);
        actor.RequireHuman("Delete");
        variable.EnsureVersion(expectedVersion);
        db.Variables.Remove(variable);
        db.AuditEntries.Add(AuditEntry.Record(actor, clock.GetUtcNow().UtcDateTime, AuditActions.Deleted,
            ResourceTypes.Variable, id, variable.OrganizationId, variable.EnvironmentId));
        await db.SaveTrackedAsync(variable, variable.Version, "The variable could not be deleted.", ct);
    }

    /// <summary>Sets, replaces or clears the encrypted value. Only the field name "value" reaches the audit record.</summary>
    private void ApplyValue(Variable variable, VariableInput input, ChangeSet changes)
    {
        if (input.ClearValue)
        {
            if (variable.ProtectedValue is null) return;
            variable.ProtectedValue = null;
            changes.Mark("value");
        }
        else if (input.Value is not null)
        {
            variable.ProtectedValue = protector.Protect(input.Value);
            changes.Mark("value");
        }
    }

    private static string Validate(VariableInput input, bool creating)
    {
        var validator = new Validator()
            .Required("name", input.Name, "Name", Variable.NameMax)
            .Matches("name", input.Name, Variable.IdentifierPattern(),
                "Name must start with a letter or underscore and contain only letters, digits and underscores (for example OPENAI_API_KEY).")
            .Optional("value", input.Value, "Value", Variable.ValueMax)
            .Check(!(input.ClearValue && input.Value is not null), "value", "Send either a new value or clearValue, not both.")
            .Check(input.Value is null || input.Value.Length > 0, "value", "Value cannot be empty; to remove the value, clear it.");
        if (creating) validator.Check(!input.ClearValue, "clearValue", "A new variable has no value to clear.");
        validator.ThrowIfInvalid();
        return input.Name!.Trim();
    }

    private static async Task<Variable> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, string permission, CancellationToken ct)
    {
        var variable = await db.Variables.FirstOrDefaultAsync(v => v.Id == id, ct) ?? throw new NotFoundException(NotFound);
        actor.Require(variable.OrganizationId, permission, NotFound);
        return variable;
    }

    private static async Task EnsureUniqueAsync(IBuilderDbContext db, Guid environmentId, string name, Guid? exceptId, CancellationToken ct)
    {
        var lower = name.ToLower();
        if (await db.Variables.AnyAsync(v => v.EnvironmentId == environmentId && v.Name.ToLower() == lower && v.Id != exceptId, ct))
            throw new ConflictException(Duplicate(name));
    }

    private static string Duplicate(string name) => $"A variable named '{name}' already exists in this environment";
}
