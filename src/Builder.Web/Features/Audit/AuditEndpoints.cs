using Builder.Domain.Audit;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Audit;

/// <summary><c>/api/audit</c>: an organization's audit trail, newest first; filter by resource type, actor email and time range.</summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.MapResource("/audit", "Audit").MapGet("/", List).WithSummary("List an organization's audit trail, newest first");
        return api;
    }

    private static async Task<Ok<PageResponse<AuditView>>> List(HttpContext http, AuditService audit, Guid? organizationId,
        string? resourceType, string? actor, DateTimeOffset? from, DateTimeOffset? to, [AsParameters] PageQuery query)
    {
        var filter = new AuditFilter(resourceType, actor, from?.UtcDateTime, to?.UtcDateTime);
        return ApiResults.Page(await audit.ListAsync(await http.ActorAsync(), ApiResults.Required(organizationId, "organizationId"),
            filter, query.ToRequest(), http.RequestAborted));
    }
}
