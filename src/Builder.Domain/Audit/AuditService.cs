using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Audit;

/// <summary>
/// One audit record as a person reads it. <see cref="ResourceName"/> and <see cref="EnvironmentName"/> are the names
/// recorded with the change (for records older than those fields: the current names while the things exist, else null);
/// <see cref="ResourceLabel"/> always reads ("Variable 7f9b7c4a" when no name is known); <see cref="ResourceExists"/>
/// says whether the resource can still be opened (<see cref="InTrash"/>: it cannot, but it waits in the trash to be restored);
/// <see cref="Summary"/> is the action in words.
/// </summary>
public sealed record AuditView(Guid Id, DateTime At, string ActorEmail, bool ViaApiKey, Guid? OrganizationId, Guid? EnvironmentId,
    string ResourceType, Guid ResourceId, string Action, IReadOnlyList<string> ChangedFields,
    string? ResourceName, string? EnvironmentName, bool ResourceExists, string ResourceTypeName, string ResourceLabel, string Summary,
    bool InTrash = false);

public sealed record AuditFilter(string? ResourceType = null, string? Actor = null, DateTime? From = null, DateTime? To = null);

/// <summary>A CSV export about to be streamed: how many records match, and the newest <see cref="Limit"/> of them.</summary>
public sealed record AuditExport(int Total, int Limit, IAsyncEnumerable<AuditView> Rows)
{
    public bool Truncated => Total > Limit;
}

public sealed class AuditService(IBuilderDbContextFactory dbs)
{
    /// <summary>The most records one export holds: the newest ones that match the filters.</summary>
    public const int ExportLimit = 10_000;

    private const int ExportBatch = 500;

    private static readonly Dictionary<string, Expression<Func<AuditEntry, object>>> SortKeys = new()
    {
        ["at"] = a => a.At,
        ["actor"] = a => a.ActorEmail,
        ["resourceType"] = a => a.ResourceType,
    };

    /// <summary>An organization's audit trail, newest first unless asked otherwise, filtered by resource type, actor and date range.</summary>
    public async Task<PagedResult<AuditView>> ListAsync(Actor actor, Guid organizationId, AuditFilter filter, PageRequest page, CancellationToken ct = default)
    {
        Check(actor, organizationId, filter);
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.AuditRead, ct);
        var sorted = page.Sort is null ? page with { Sort = "at", Descending = true } : page;
        var result = await Filtered(db, organizationId, filter).ToPageAsync(sorted, SortKeys, Projection, ct);
        var views = await ResolveAsync(db, organizationId, result.Items, ct);
        return new PagedResult<AuditView>(views, result.Page, result.Limit, result.Total);
    }

    /// <summary>
    /// The records for a CSV export, newest first, at most <see cref="ExportLimit"/>. Permission and filters are checked
    /// now (so a refusal is an ordinary error answer); the rows are read as they are enumerated, a batch at a time.
    /// </summary>
    public async Task<AuditExport> ExportAsync(Actor actor, Guid organizationId, AuditFilter filter, CancellationToken ct = default)
    {
        Check(actor, organizationId, filter);
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.AuditRead, ct);
        var startedAt = DateTime.UtcNow;
        var total = await Filtered(db, organizationId, filter).Where(a => a.At <= startedAt).CountAsync(ct);
        return new AuditExport(total, ExportLimit, StreamAsync(organizationId, filter, startedAt, ct));
    }

    /// <summary>
    /// Reads a batch at a time (no reader stays open while names are resolved or the caller writes), bounded by the
    /// moment the export started so that changes made meanwhile neither shift nor repeat rows.
    /// </summary>
    private async IAsyncEnumerable<AuditView> StreamAsync(Guid organizationId, AuditFilter filter, DateTime startedAt,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = dbs.Create();
        var ordered = Filtered(db, organizationId, filter).Where(a => a.At <= startedAt).OrderByDescending(a => a.At).ThenBy(a => a.Id);
        for (var skip = 0; skip < ExportLimit; skip += ExportBatch)
        {
            var batch = await ordered.Skip(skip).Take(Math.Min(ExportBatch, ExportLimit - skip)).Select(Projection).ToListAsync(ct);
            foreach (var view in await ResolveAsync(db, organizationId, batch, ct)) yield return view;
            if (batch.Count < ExportBatch) yield break;
        }
    }

    private static void Check(Actor actor, Guid organizationId, AuditFilter filter)
    {
        actor.Require(organizationId, Permissions.AuditRead, OrganizationAccess.NotFound);
        new Validator()
            .Check(filter.From is null || filter.To is null || filter.From <= filter.To, "from", "The start date must be before the end date.")
            .Check(filter.ResourceType is null || ResourceTypes.All.Contains(filter.ResourceType), "resourceType",
                $"Resource type must be one of: {string.Join(", ", ResourceTypes.All)}.")
            .ThrowIfInvalid();
    }

    private static IQueryable<AuditEntry> Filtered(IBuilderDbContext db, Guid organizationId, AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking().Where(a => a.OrganizationId == organizationId);
        if (filter.ResourceType is { } type) query = query.Where(a => a.ResourceType == type);
        if (!string.IsNullOrWhiteSpace(filter.Actor)) query = query.WhereLike(PageRequest.ContainsPattern(filter.Actor), a => a.ActorEmail);
        if (filter.From is { } from) query = query.Where(a => a.At >= from);
        if (filter.To is { } to) query = query.Where(a => a.At <= to);
        return query;
    }

    private sealed record Row(Guid Id, DateTime At, string ActorEmail, bool ViaApiKey, Guid? OrganizationId, Guid? EnvironmentId,
        string ResourceType, Guid ResourceId, string Action, string ChangedFields, string? ResourceName, string? EnvironmentName);

    private static readonly Expression<Func<AuditEntry, Row>> Projection = a => new Row(a.Id, a.At, a.ActorEmail, a.ViaApiKey,
        a.OrganizationId, a.EnvironmentId, a.ResourceType, a.ResourceId, a.Action, a.ChangedFields, a.ResourceName, a.EnvironmentName);

    /// <summary>Adds what only the current database knows (whether each resource still exists, and current names for old records) in one query.</summary>
    private static async Task<IReadOnlyList<AuditView>> ResolveAsync(IBuilderDbContext db, Guid organizationId, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var (current, trashed) = await CurrentNamesAsync(db, organizationId,
            rows.Select(r => r.ResourceId).Concat(rows.Where(r => r.EnvironmentId is not null).Select(r => r.EnvironmentId!.Value)).Distinct().ToList(), ct);
        return rows.Select(r =>
        {
            var fields = r.ChangedFields.Split(',', StringSplitOptions.RemoveEmptyEntries);
            var exists = current.TryGetValue(r.ResourceId, out var currentName);
            var environmentName = r.EnvironmentName
                ?? (r.EnvironmentId is { } environmentId && current.TryGetValue(environmentId, out var name) ? name : null);
            return new AuditView(r.Id, r.At, r.ActorEmail, r.ViaApiKey, r.OrganizationId, r.EnvironmentId, r.ResourceType, r.ResourceId,
                r.Action, fields, r.ResourceName ?? currentName, environmentName, exists, AuditWording.TypeName(r.ResourceType),
                AuditWording.ResourceLabel(r.ResourceType, r.ResourceName, r.ResourceId, currentName),
                AuditWording.Describe(r.Action, r.ResourceType, fields), !exists && trashed.Contains(r.ResourceId));
        }).ToList();
    }

    /// <summary>
    /// The current name of every one of <paramref name="ids"/> that still exists in the organization, and which of them wait in
    /// its trash, as one UNION ALL query over every resource type the audit knows (<see cref="ResourceTypes.All"/>) and the
    /// trash: a new type without a place here fails loudly.
    /// </summary>
    private static async Task<(Dictionary<Guid, string> Names, HashSet<Guid> Trashed)> CurrentNamesAsync(IBuilderDbContext db,
        Guid organizationId, List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return ([], []);
        var inTrash = db.TrashItems.Where(t => t.OrganizationId == organizationId && ids.Contains(t.ResourceId))
            .Select(t => new Found { Id = t.ResourceId, Name = "", Trashed = true });
        var found = await ResourceTypes.All.Select(type => Existing(db, type, organizationId, ids)).Append(inTrash)
            .Aggregate(Queryable.Concat).ToListAsync(ct);
        var names = new Dictionary<Guid, string>(found.Count);
        var trashed = new HashSet<Guid>();
        foreach (var item in found)
        {
            if (item.Trashed) trashed.Add(item.Id);
            else names.TryAdd(item.Id, item.Name);
        }
        return (names, trashed);
    }

    private static IQueryable<Found> Existing(IBuilderDbContext db, string type, Guid organizationId, List<Guid> ids) => type switch
    {
        ResourceTypes.Organization => db.Organizations.Where(o => o.Id == organizationId && ids.Contains(o.Id)).Select(o => new Found { Id = o.Id, Name = o.Name, Trashed = false }),
        ResourceTypes.Environment => db.Environments.Where(e => e.OrganizationId == organizationId && ids.Contains(e.Id)).Select(e => new Found { Id = e.Id, Name = e.Name, Trashed = false }),
        ResourceTypes.Variable => db.Variables.Where(v => v.OrganizationId == organizationId && ids.Contains(v.Id)).Select(v => new Found { Id = v.Id, Name = v.Name, Trashed = false }),
        ResourceTypes.Member => db.Memberships.Where(m => m.OrganizationId == organizationId && ids.Contains(m.Id)).Select(m => new Found { Id = m.Id, Name = m.Email, Trashed = false }),
        ResourceTypes.ApiKey => db.ApiKeys.Where(k => k.OrganizationId == organizationId && ids.Contains(k.Id)).Select(k => new Found { Id = k.Id, Name = k.Name, Trashed = false }),
        ResourceTypes.WorkflowEntity => db.WorkflowEntities.Where(w => w.OrganizationId == organizationId && ids.Contains(w.Id)).Select(w => new Found { Id = w.Id, Name = w.Name, Trashed = false }),
        ResourceTypes.Workflow => db.Workflows.Where(w => w.OrganizationId == organizationId && ids.Contains(w.Id)).Select(w => new Found { Id = w.Id, Name = w.Name, Trashed = false }),
        ResourceTypes.PromptTemplate => db.PromptTemplates.Where(t => t.OrganizationId == organizationId && ids.Contains(t.Id)).Select(t => new Found { Id = t.Id, Name = t.Name, Trashed = false }),
        // An organization's audit records its own models; a system model is audited with no organization.
        ResourceTypes.Model => db.Models.Where(m => m.OrganizationId == organizationId && ids.Contains(m.Id)).Select(m => new Found { Id = m.Id, Name = m.Name, Trashed = false }),
        ResourceTypes.Prompt => db.Prompts.Where(p => p.OrganizationId == organizationId && ids.Contains(p.Id)).Select(p => new Found { Id = p.Id, Name = p.Title, Trashed = false }),
        ResourceTypes.Table => db.AutessaTables.Where(t => t.OrganizationId == organizationId && ids.Contains(t.Id)).Select(t => new Found { Id = t.Id, Name = t.Name, Trashed = false }),
        ResourceTypes.Agent => db.Agents.Where(a => a.OrganizationId == organizationId && ids.Contains(a.Id)).Select(a => new Found { Id = a.Id, Name = a.Name, Trashed = false }),
        ResourceTypes.Tool => db.Tools.Where(t => t.OrganizationId == organizationId && ids.Contains(t.Id)).Select(t => new Found { Id = t.Id, Name = t.Name, Trashed = false }),
        ResourceTypes.Manager => db.Managers.Where(m => m.OrganizationId == organizationId && ids.Contains(m.Id)).Select(m => new Found { Id = m.Id, Name = m.Name, Trashed = false }),
        ResourceTypes.TrashItem => db.TrashItems.Where(t => t.OrganizationId == organizationId && ids.Contains(t.Id)).Select(t => new Found { Id = t.Id, Name = t.Name, Trashed = false }),
        ResourceTypes.ApprovalRequest => db.ApprovalRequests.Where(r => r.OrganizationId == organizationId && ids.Contains(r.Id))
            .Select(r => new Found { Id = r.Id, Name = r.ResourceName, Trashed = false }),
        ResourceTypes.ApprovalPolicy => db.Organizations.Where(o => o.Id == organizationId && ids.Contains(o.Id))
            .Select(o => new Found { Id = o.Id, Name = Approvals.ApprovalPolicyChange.PolicyName, Trashed = false }),
        _ => throw new InvalidOperationException($"The audit does not know how to find a '{type}': add it to {nameof(AuditService)}.{nameof(Existing)}."),
    };

    private sealed class Found
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public bool Trashed { get; init; }
    }
}
