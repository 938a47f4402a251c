using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables.Export;
using Builder.Domain.Tables.Rows;
using Builder.Web.Api;

namespace Builder.Web.Features.Tables.Import;

/// <summary>
/// <c>GET /api/tables/{tableId}/export.csv?organizationId=…</c>: a table's rows as CSV, streamed page by page, with the grid's
/// filter and sort (<c>filters</c> as JSON, <c>filterOperator</c>, <c>sort</c> and <c>order</c>). Session or API key;
/// reading the table's rows needs VIEW; another organization's table is 404.
/// </summary>
public static class TableExportEndpoints
{
    public static RouteGroupBuilder MapTableExportEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/tables", "Tables");
        group.MapGet("/{tableId:int}/export.csv", Export)
            .WithSummary("Export a table's rows as CSV")
            .WithDescription("Streams every row the filter matches, in the sort given (the row id breaks ties), as UTF-8 CSV with a header of " +
                             "id, createdAt, updatedAt and the columns by name. filters is the query API's filter array as JSON; " +
                             "filterOperator AND or OR; sort a column name and order asc or desc. Cells that a spreadsheet would run as a " +
                             "formula start with an apostrophe, which the CSV import removes.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        return api;
    }

    private static async Task<IResult> Export(HttpContext http, TableExportService exports, int tableId, Guid? organizationId,
        string? filters, string? filterOperator, string? sort, string? order)
    {
        var body = new JsonObject();
        if (!string.IsNullOrWhiteSpace(filters))
        {
            try
            {
                body["filters"] = JsonNode.Parse(filters);
            }
            catch (JsonException)
            {
                throw new ValidationException("filters", "filters must be a JSON array of { column, operator, value }.");
            }
        }
        if (!string.IsNullOrWhiteSpace(filterOperator)) body["filterOperator"] = filterOperator;
        if (!string.IsNullOrWhiteSpace(sort)) body["sort"] = sort;
        if (!string.IsNullOrWhiteSpace(order)) body["order"] = order;
        var export = await exports.OpenAsync(await http.ActorAsync(), ApiResults.Required(organizationId, "organizationId"), tableId,
            RowQuery.FromJson(body), http.RequestAborted);
        return TypedResults.Stream(stream => export.WriteAsync(stream, http.RequestAborted), "text/csv; charset=utf-8", export.FileName);
    }
}
