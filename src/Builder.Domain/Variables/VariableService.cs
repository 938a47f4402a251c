using System.Linq.Expressions;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Variables;

public sealed class VariableService(IBuilderDbContextFactory dbs, ISecretProtector protector, TimeProvider clock)
{
    private const string NotFound = "Variable not found";

    /// <summary>The variable's value: write-only, encrypted at rest.</summary>
    public static readonly WriteOnlySecret Value = new("value", "Value", "clearValue", Variable.ValueMax);

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
        return View(await LoadAsync(db, actor, id, Permissions.VariablesRead, null, ct));
    }

    /// <summary>A variable of the organization a URL names; one of another organization is "not found".</summary>
    public async Task<VariableView> GetAsync(Actor actor, Guid id, Guid expectedOrganizationId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return View(await LoadAsync(db, actor, id, Permissions.VariablesRead, expectedOrganizationId, ct));
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

        var variable = new Variable { OrganizationId = organizationId, EnvironmentId = environmentId, Name = name };
        var changes = new ChangeSet();
        changes.Mark("name");
        ApplyValue(variable, input, changes);
        await db.AddAuditedAsync(actor, clock, variable, Subject(variable), changes.Fields, Duplicate(name), ct);
        return View(variable);
    }

    public async Task<VariableView> UpdateAsync(Actor actor, Guid id, VariableInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        var name = Validate(input, creating: false);
        await using var db = dbs.Create();
        var variable = await LoadAsync(db, actor, id, Permissions.VariablesUpdate, null, ct);
        variable.EnsureVersion(expectedVersion);
        await EnsureUniqueAsync(db, variable.EnvironmentId, name, id, ct);

        var changes = new ChangeSet();
        changes.Set("name", variable.Name, name, v => variable.Name = v);
        ApplyValue(variable, input, changes);
        await db.SaveAuditedAsync(actor, clock, variable, changes.Fields, Subject(variable), Duplicate(name), ct);
        return View(variable);
    }

    public async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var variable = await LoadAsync(db, actor, id, Permissions.VariablesDelete, null, ct);
        actor.RequireHuman("Delete");
        variable.EnsureVersion(expectedVersion);
        await db.RemoveAuditedAsync(actor, clock, variable, Subject(variable), "The variable could not be deleted.", ct);
    }

    /// <summary>Sets, replaces or clears the encrypted value. Only the field name ("value", "value:cleared") reaches the audit record.</summary>
    private void ApplyValue(Variable variable, VariableInput input, ChangeSet changes) =>
        variable.ProtectedValue = Value.Apply(variable.ProtectedValue, input.Value, input.ClearValue, protector, changes);

    private static string Validate(VariableInput input, bool creating)
    {
        var validator = new Validator()
            .Required("name", input.Name, "Name", Variable.NameMax)
            .Matches("name", input.Name, Variable.IdentifierPattern(),
                "Name must start with a letter or underscore and contain only letters, digits and underscores (for example OPENAI_API_KEY).");
        Value.Check(validator, input.Value, input.ClearValue, creating, "variable").ThrowIfInvalid();
        return input.Name!.Trim();
    }

    private static Task<Variable> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, string permission, Guid? expectedOrganizationId,
        CancellationToken ct) =>
        db.Variables.LoadPermittedAsync(actor, id, permission, NotFound, expectedOrganizationId, ct);

    private static Task EnsureUniqueAsync(IBuilderDbContext db, Guid environmentId, string name, Guid? exceptId, CancellationToken ct) =>
        db.Variables.Where(v => v.EnvironmentId == environmentId).EnsureUniqueNameAsync(name, exceptId, Duplicate(name), ct);

    private static AuditSubject Subject(Variable v) => new(ResourceTypes.Variable, v.Id, v.Name, v.OrganizationId, v.EnvironmentId);

    private static string Duplicate(string name) => $"A variable named '{name}' already exists in this environment";
}
