using Builder.Domain.Audit;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Audit;

/// <summary>
/// <c>/api/audit</c>: an organization's audit trail, newest first; filter by resource type, actor email and time range.
/// <c>/api/audit/export</c>: the same records as CSV, streamed, at most <see cref="AuditService.ExportLimit"/> of the newest.
/// </summary>
public static class AuditEndpoints
{
    public const string TotalHeader = "X-Total-Count";
    public const string LimitHeader = "X-Export-Limit";

    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/audit", "Audit");
        group.MapGet("/", List).WithSummary("List an organization's audit trail, newest first");
        group.MapGet("/export", Export)
            .WithSummary("Export an organization's audit trail as CSV")
            .WithDescription($"The same filters as the list. Newest first, at most {AuditService.ExportLimit:N0} records; " +
                             $"the {TotalHeader} header says how many matched and {LimitHeader} the bound. " +
                             "Cells that a spreadsheet would run as a formula start with an apostrophe.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        return api;
    }

    private static async Task<Ok<PageResponse<AuditView>>> List(HttpContext http, AuditService audit, Guid? organizationId,
        string? resourceType, string? actor, DateTimeOffset? from, DateTimeOffset? to, [AsParameters] PageQuery query)
    {
        var filter = new AuditFilter(resourceType, actor, from?.UtcDateTime, to?.UtcDateTime);
        return ApiResults.Page(await audit.ListAsync(await http.ActorAsync(), ApiResults.Required(organizationId, "organizationId"),
            filter, query.ToRequest(), http.RequestAborted));
    }

    private static async Task<IResult> Export(HttpContext http, AuditService audit, Guid? organizationId,
        string? resourceType, string? actor, DateTimeOffset? from, DateTimeOffset? to)
    {
        var filter = new AuditFilter(resourceType, actor, from?.UtcDateTime, to?.UtcDateTime);
        var export = await audit.ExportAsync(await http.ActorAsync(), ApiResults.Required(organizationId, "organizationId"), filter, http.RequestAborted);
        http.Response.Headers[TotalHeader] = export.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers[LimitHeader] = export.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Stream(stream => AuditCsv.WriteAsync(stream, export.Rows, http.RequestAborted),
            "text/csv; charset=utf-8", $"audit-{DateTime.UtcNow:yyyy-MM-dd}.csv");
    }
}
