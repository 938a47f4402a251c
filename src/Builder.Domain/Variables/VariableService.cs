using System.Linq.Expressions;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Environments;
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

    /// <summary>What a list of one environment checks and counts in its first statement.</summary>
    private sealed record EnvironmentScope(Guid OrganizationId, int Total);

    // The common request (an environment's variables by name, no search, no sort) as compiled queries: EF then skips
    // looking at the expression tree and finding its translation on every call, most of the CPU a list request costs.
    private static readonly Func<DbContext, Guid, Task<EnvironmentScope?>> CountInEnvironment = EF.CompileAsyncQuery(
        (DbContext db, Guid environmentId) => db.Set<OrgEnvironment>().Where(e => e.Id == environmentId)
            .Select(e => new EnvironmentScope(e.OrganizationId, e.LiveVariableCount))
            .FirstOrDefault());

    /// <summary>A row of a page with the environment's count beside it (the same on every row).</summary>
    private sealed record CountedRow(VariableView View, int Total);

    // The page and the environment's count in one statement. The count is the environment's LiveVariableCount, which the
    // database keeps (VariableCountTriggers): counting a thousand index entries was most of what a page cost on SQLite. A
    // variable's row carries its organization, so a page with rows also answers the access check; only an empty page (an
    // empty environment, a page past the end, or no such environment) needs CountInEnvironment.
    private static readonly Func<DbContext, Guid, int, int, IAsyncEnumerable<CountedRow>> CountedPageInEnvironmentByName = EF.CompileAsyncQuery(
        (DbContext db, Guid environmentId, int skip, int take) => db.Set<Variable>().AsNoTracking()
            .Where(v => v.EnvironmentId == environmentId).OrderBy(v => v.Name).Skip(skip).Take(take)
            // The environment is the parameter, not a column: one GUID fewer to parse on every row.
            .Select(v => new CountedRow(new VariableView(v.Id, v.OrganizationId, environmentId, v.Name, v.ProtectedValue != null,
                v.CreatedAt, v.UpdatedAt, v.UpdatedBy, v.Version),
                db.Set<OrgEnvironment>().Where(e => e.Id == environmentId).Select(e => e.LiveVariableCount).FirstOrDefault())));

    /// <summary>
    /// Lists variables of an organization or of one environment, paged and searchable by name. The common request (one
    /// environment by name, no search, no sort) is one statement when its page has rows: the page with the count (see
    /// CountedPageInEnvironmentByName). Otherwise two: one reads the environment's (or organization's) existence and
    /// organization together with the count, the other the page. An environment or organization that does not exist, or
    /// that the actor may not see, is "not found", never an empty list.
    /// </summary>
    public async Task<PagedResult<VariableView>> ListAsync(Actor actor, VariableFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.CreateReader();
        if (filter.EnvironmentId is { } environmentId)
        {
            var common = page.LikePattern is null && string.IsNullOrWhiteSpace(page.Sort) && !page.Descending && db is DbContext;
            if (common)
            {
                page.Validate();
                // As ToPageAsync: the skip is computed in 64 bits; past int's range the page is empty anyway.
                var from = (long)(page.Page - 1) * page.Limit;
                if (from <= int.MaxValue)
                {
                    var rows = new List<VariableView>(page.Limit);
                    var total = 0;
                    await foreach (var row in CountedPageInEnvironmentByName((DbContext)db, environmentId, (int)from, page.Limit).WithCancellation(ct))
                    {
                        total = row.Total;
                        rows.Add(row.View);
                    }
                    if (rows.Count > 0)
                    {
                        var owner = rows[0].OrganizationId;
                        actor.Require(owner, Permissions.VariablesRead, OrganizationAccess.EnvironmentNotFound);
                        if (filter.OrganizationId is { } expectedOrganization && expectedOrganization != owner)
                            throw new NotFoundException(OrganizationAccess.EnvironmentNotFound);
                        return new PagedResult<VariableView>(rows, page.Page, page.Limit, total);
                    }
                }
            }
            var variables = common ? null
                : db.Variables.AsNoTracking().Where(v => v.EnvironmentId == environmentId).WhereLike(page.LikePattern, v => v.Name);
            var scope = (variables is null
                            ? await CountInEnvironment((DbContext)db, environmentId)
                            : await db.Environments.Where(e => e.Id == environmentId)
                                .Select(e => new EnvironmentScope(e.OrganizationId, variables.Count())).FirstOrDefaultAsync(ct))
                        ?? throw new NotFoundException(OrganizationAccess.EnvironmentNotFound);
            actor.Require(scope.OrganizationId, Permissions.VariablesRead, OrganizationAccess.EnvironmentNotFound);
            if (filter.OrganizationId is { } expected && expected != scope.OrganizationId)
                throw new NotFoundException(OrganizationAccess.EnvironmentNotFound);
            if (variables is not null) return await variables.ToPageAsync(page, SortKeys, ToView, scope.Total, ct);
            // The common request whose page had no rows: an empty environment or a page past the end.
            return new PagedResult<VariableView>([], page.Page, page.Limit, scope.Total);
        }
        if (filter.OrganizationId is { } organizationId)
        {
            actor.Require(organizationId, Permissions.VariablesRead, OrganizationAccess.NotFound);
            var variables = db.Variables.AsNoTracking().Where(v => v.OrganizationId == organizationId).WhereLike(page.LikePattern, v => v.Name);
            var scope = await db.Organizations.Where(o => o.Id == organizationId)
                            .Select(o => new { Total = variables.Count() }).FirstOrDefaultAsync(ct)
                        ?? throw new NotFoundException(OrganizationAccess.NotFound);
            return await variables.ToPageAsync(page, SortKeys, ToView, scope.Total, ct);
        }
        throw new ValidationException("organizationId", "organizationId or environmentId is required.");
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

    /// <summary>What deleting a variable would take away, for the approval request (as the requester: 404/403 as the delete would).</summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var variable = await LoadAsync(db, actor, id, Permissions.VariablesDelete, null, ct);
        actor.RequireHuman("Delete");
        var environment = await db.Environments.Where(e => e.Id == variable.EnvironmentId).Select(e => e.Name).FirstOrDefaultAsync(ct);
        return new ApprovalTarget(ResourceTypes.Variable, id, variable.Name, variable.OrganizationId, variable.EnvironmentId, variable.Version,
            [$"The variable {variable.Name} of environment “{environment}”" + (variable.ProtectedValue is null ? "" : ", with its value")]);
    }

    /// <summary>Runs an approved deletion (the approval service only: people request it, see <see cref="ApprovalService"/>).</summary>
    internal async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
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
