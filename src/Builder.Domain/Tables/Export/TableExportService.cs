using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Tables.Csv;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tables.Values;

namespace Builder.Domain.Tables.Export;

/// <summary>A table export ready to stream: its file name and the writer that pages through the rows.</summary>
public sealed record TableExport(string FileName, Func<Stream, CancellationToken, Task> WriteAsync);

/// <summary>
/// CSV export of a table's rows (with a filter and sort, as the grid shows them): the header is the system columns id,
/// createdAt, updatedAt and the user columns by name; the cells are <see cref="ColumnValues.ToText"/>, which
/// <see cref="ColumnValues.FromText"/> reads back, so an export imports unchanged. The rows are read page by page
/// (<see cref="PageSize"/>) from the store and written through <see cref="CsvWriter"/>, never held whole.
/// Access is <see cref="RowService.QueryAsync"/>'s: reading needs VIEW; another organization's table is 404.
/// </summary>
public sealed class TableExportService(TableService tables, RowService rows)
{
    public const int PageSize = RowQuery.MaxLimit;

    /// <summary>Checks access and the query (a bad filter is a 400 now, before any byte is sent) and answers the export.</summary>
    public async Task<TableExport> OpenAsync(Actor actor, Guid organizationId, int tableNumber, RowQuery? query = null, CancellationToken ct = default)
    {
        var table = await tables.GetByNumberAsync(actor, organizationId, tableNumber, ct);
        var baseQuery = (query ?? new RowQuery()) with { Page = 1, Limit = PageSize };
        await rows.QueryAsync(actor, tableNumber, baseQuery with { Limit = 1 }, ct); // validates the filter and sort now
        var columns = table.Columns
            .Select(c => (c.Name, Shape: new ColumnShape(ColumnTypes.FromWireName(c.Type)!.Value, c.Options.Count > 0 ? c.Options : null)))
            .ToArray();
        return new TableExport($"{table.Name}-{DateTime.UtcNow:yyyy-MM-dd}.csv", async (stream, token) =>
        {
            await using var writer = new CsvWriter(stream);
            await writer.WriteRecordAsync(["id", "createdAt", "updatedAt", .. columns.Select(c => c.Name)], token);
            for (var page = 1; ; page++)
            {
                var result = await rows.QueryAsync(actor, tableNumber, baseQuery with { Page = page }, token);
                foreach (var row in result.Rows)
                    await writer.WriteRecordAsync(Cells(row, columns), token);
                if (result.Rows.Count < PageSize || (long)page * PageSize >= result.Total) break;
                await writer.FlushAsync(token);
            }
        });
    }

    private static IEnumerable<string?> Cells(RowView row, (string Name, ColumnShape Shape)[] columns)
    {
        yield return row.RowId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return row.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        yield return row.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, shape) in columns)
        {
            var node = row.Data.TryGetPropertyValue(name, out var n) ? n : null;
            var cell = ColumnValues.FromJson(shape, node?.DeepClone());
            yield return cell.Ok ? ColumnValues.ToText(shape, cell.Value) : node?.ToJsonString();
        }
    }
}
