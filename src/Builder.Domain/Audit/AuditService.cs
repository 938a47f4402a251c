using System.Linq.Expressions;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Audit;

public sealed record AuditView(Guid Id, DateTime At, string ActorEmail, bool ViaApiKey, Guid? OrganizationId, Guid? EnvironmentId,
    string ResourceType, Guid ResourceId, string Action, IReadOnlyList<string> ChangedFields);

public sealed record AuditFilter(string? ResourceType = null, string? Actor = null, DateTime? From = null, DateTime? To = null);

public sealed class AuditService(IBuilderDbContextFactory dbs)
{
    private static readonly Dictionary<string, Expression<Func<AuditEntry, object>>> SortKeys = new()
    {
        ["at"] = a => a.At,
        ["actor"] = a => a.ActorEmail,
        ["resourceType"] = a => a.ResourceType,
    };

    /// <summary>An organization's audit trail, newest first unless asked otherwise, filtered by resource type, actor and date range.</summary>
    public async Task<PagedResult<AuditView>> ListAsync(Actor actor, Guid organizationId, AuditFilter filter, PageRequest page, CancellationToken ct = default)
    {
        actor.Require(organizationId, Permissions.AuditRead, OrganizationAccess.NotFound);
        new Validator()
            .Check(filter.From is null || filter.To is null || filter.From <= filter.To, "from", "The start date must be before the end date.")
            .Check(filter.ResourceType is null || ResourceTypes.All.Contains(filter.ResourceType), "resourceType",
                $"Resource type must be one of: {string.Join(", ", ResourceTypes.All)}.")
            .ThrowIfInvalid();

        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.AuditRead, ct);
        var query = db.AuditEntries.AsNoTracking().Where(a => a.OrganizationId == organizationId);
        if (filter.ResourceType is { } type) query = query.Where(a => a.ResourceType == type);
        if (!string.IsNullOrWhiteSpace(filter.Actor)) query = query.WhereLike(PageRequest.ContainsPattern(filter.Actor), a => a.ActorEmail);
        if (filter.From is { } from) query = query.Where(a => a.At >= from);
        if (filter.To is { } to) query = query.Where(a => a.At <= to);

        var sorted = page.Sort is null ? page with { Sort = "at", Descending = true } : page;
        var result = await query.ToPageAsync(sorted, SortKeys, a => new
        {
            a.Id, a.At, a.ActorEmail, a.ViaApiKey, a.OrganizationId, a.EnvironmentId, a.ResourceType, a.ResourceId, a.Action, a.ChangedFields,
        }, ct);
        return new PagedResult<AuditView>(result.Items.Select(a => new AuditView(a.Id, a.At, a.ActorEmail, a.ViaApiKey,
            a.OrganizationId, a.EnvironmentId, a.ResourceType, a.ResourceId, a.Action,
            a.ChangedFields.Split(',', StringSplitOptions.RemoveEmptyEntries))).ToList(), result.Page, result.Limit, result.Total);
    }
}
