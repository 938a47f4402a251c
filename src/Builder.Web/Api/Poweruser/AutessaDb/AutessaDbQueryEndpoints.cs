using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Files;
using Builder.Domain.Knowledge;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tables.Values;

namespace Builder.Web.Api.Poweruser.AutessaDb;

/// <summary>
/// The reference's "AutessaDB Queries": <c>POST /autessa_poweruser/autessadb/query/{insert, update, batch-update, delete-row,
/// batch-delete, get-data, get-single-row, query, join-query, search, generate-upload-link, index-record}</c>, over
/// <see cref="RowService"/> (parameterised SQL, the permission matrix and sharing; another organization's table is 404),
/// the vector index (<see cref="TableVectorIndex"/>, <see cref="IndexingQueue"/>) and <see cref="FileLinkService"/>.
/// </summary>
public static class AutessaDbQueryEndpoints
{
    public static RouteGroupBuilder MapAutessaDbQueryEndpoints(this RouteGroupBuilder poweruser)
    {
        var query = poweruser.MapGroup("/autessadb/query").WithTags("Poweruser: AutessaDB queries");

        query.MapPoweruser<InsertRequest, InsertResponse>("/insert", async (body, call) =>
            {
                var row = await call.Service<RowService>().InsertAsync(call.Actor, await TableAsync(call, body.TableId), Data(body.Data), call.Aborted);
                return new InsertResponse(row.RowId, RowDto.Of(row));
            })
            .WithSummary("Inserts a row: { tableId, data: { column: value } } → rowId");

        query.MapPoweruser<UpdateRowRequest, RowResponse>("/update", async (body, call) =>
            {
                var table = await TableAsync(call, body.TableId);
                var row = await call.Service<RowService>().UpdateAsync(call.Actor, table, ApiResults.Required(body.RowId, "rowId"), Data(body.Data), call.Aborted);
                return new RowResponse(RowDto.Of(row));
            })
            .WithSummary("Updates the given columns of a row: { tableId, rowId, data }");

        query.MapPoweruser<BatchUpdateRequest, RowsResponse>("/batch-update", async (body, call) =>
            {
                var table = await TableAsync(call, body.TableId);
                var rows = body.Rows ?? throw new ValidationException("rows", "rows is required: [{ rowId, data }].");
                if (rows.Count > RowService.MaxBatch)
                    throw new ValidationException("rows", $"At most {RowService.MaxBatch:N0} rows in one batch ({rows.Count:N0} given); nothing was changed.");
                var updates = rows.Select((r, i) => r is null
                    ? throw new ValidationException($"rows[{i}]", $"rows[{i}] must be {{ rowId, data }}.")
                    : new RowUpdate(ApiResults.Required(r.RowId, $"rows[{i}].rowId"), Data(r.Data, $"rows[{i}].data"))).ToList();
                var updated = await call.Service<RowService>().BatchUpdateAsync(call.Actor, table, updates, call.Aborted);
                return new RowsResponse(updated.Select(r => r.RowId).ToList(), updated.Select(RowDto.Of).ToList());
            })
            .WithSummary("Updates several rows, all or nothing: { tableId, rows: [{ rowId, data }] } (at most 1,000)");

        query.MapPoweruser<RowIdRequest, DeleteRowResponse>("/delete-row", async (body, call) =>
            {
                var table = await TableAsync(call, body.TableId);
                var rowId = ApiResults.Required(body.RowId, "rowId");
                await call.Service<RowService>().DeleteAsync(call.Actor, table, rowId, call.Aborted);
                return new DeleteRowResponse(rowId, true);
            })
            .WithSummary("Deletes one row: { tableId, rowId }");

        query.MapPoweruser<BatchDeleteRequest, BatchDeleteResponse>("/batch-delete", async (body, call) =>
            {
                var table = await TableAsync(call, body.TableId);
                var ids = body.RowIds ?? throw new ValidationException("rowIds", "rowIds is required: an array of row ids.");
                if (ids.Count > RowService.MaxBatch)
                    throw new ValidationException("rowIds", $"At most {RowService.MaxBatch:N0} rows in one batch ({ids.Count:N0} given); nothing was deleted.");
                var count = await call.Service<RowService>().BatchDeleteAsync(call.Actor, table, ids, call.Aborted);
                return new BatchDeleteResponse(ids.Distinct().ToList(), count);
            })
            .WithSummary("Deletes several rows: { tableId, rowIds: [1, 2, 3] } → rowIds and count");

        query.MapPoweruser<QueryRequest, RowPageResponse>("/get-data", async (body, call) =>
            {
                var table = await TableAsync(call, body.TableId);
                return Page(await call.Service<RowService>().QueryAsync(call.Actor, table, RowQuery.FromJson(body.ToJson(withFilters: false)), call.Aborted));
            })
            .WithSummary("A page of rows: { tableId, page?, limit? (1..1,000, default 100), sort? } → rows, total");

        query.MapPoweruser<RowIdRequest, RowResponse>("/get-single-row", async (body, call) =>
            {
                var table = await TableAsync(call, body.TableId);
                return new RowResponse(RowDto.Of(await call.Service<RowService>().GetAsync(call.Actor, table, ApiResults.Required(body.RowId, "rowId"), call.Aborted)));
            })
            .WithSummary("One row: { tableId, rowId }");

        query.MapPoweruser<QueryRequest, RowPageResponse>("/query", async (body, call) =>
            {
                var table = await TableAsync(call, body.TableId);
                return Page(await call.Service<RowService>().QueryAsync(call.Actor, table, RowQuery.FromJson(body.ToJson()), call.Aborted));
            })
            .WithSummary("Rows matching filters: { tableId, filters: [{ column, operator, value }], filterOperator?: AND|OR, sort?, page?, limit? }");

        query.MapPoweruser<QueryRequest, RowPageResponse>("/join-query", async (body, call) =>
            {
                var table = await TableAsync(call, body.TableId);
                return Page(await call.Service<RowService>().JoinQueryAsync(call.Actor, table, JoinQuery.FromJson(body.ToJson(withJoins: true)), call.Aborted));
            })
            .WithSummary("Rows with the rows their link columns point to: { tableId, joins: [{ column, columns? }], filters? (link.column too), sort?, page?, limit? }");

        query.MapPoweruser<SearchRequest, SearchResponse>("/search", SearchAsync)
            .WithSummary("Semantic search over the table's indexed texts: { tableId, query, limit? (1..100, default 10), minScore? } → results best first");

        query.MapPoweruser<GenerateUploadLinkRequest, UploadLinkResponse>("/generate-upload-link", async (body, call) =>
            {
                var number = await TableAsync(call, body.TableId);
                var table = await AutessaDbTableEndpoints.RequireWritableAsync(call, number);
                var files = table.Columns.Where(c => c.Type == ColumnType.File.WireName()).Select(c => c.Name).ToList();
                if (body.Column is { } column && !files.Contains(column))
                    throw new ValidationException("column", $"column must be a file column of table {number} ({(files.Count == 0 ? "it has none" : string.Join(", ", files))}).");
                if (body.Column is null && files.Count == 0) throw new ValidationException("tableId", $"Table {number} has no file column to upload to.");
                var link = call.Service<FileLinkService>().CreateUploadLink(new UploadLinkRequest(call.OrganizationId, number, "file-cell",
                    body.MaxBytes ?? BlobSettings.DefaultMaxUploadBytes, body.ContentTypes ?? AnyFile));
                return new UploadLinkResponse(number, body.Column, AutessaDbTableEndpoints.Dto(link));
            })
            .WithSummary("A signed, expiring upload link for a file cell: { tableId, column?, contentTypes?, maxBytes? }; write the answer's file cell with insert/update");

        query.MapPoweruser<RowIdRequest, IndexRecordResponse>("/index-record", IndexRecordAsync)
            .WithSummary("Queues the row's vector indexing (its searchable text columns; a knowledge base's document): { tableId, rowId }");

        return poweruser;
    }

    /// <summary>A file cell's upload link without <c>contentTypes</c>: any file (every top-level type).</summary>
    public static readonly IReadOnlyList<string> AnyFile = ["application/*", "text/*", "image/*", "audio/*", "video/*", "font/*", "model/*"];

    private static async Task<int> TableAsync(PoweruserCall call, long? tableId)
    {
        await Task.CompletedTask;
        return AutessaDbIds.Table(tableId);
    }

    private static JsonObject Data(JsonObject? data, string field = "data") =>
        data ?? throw new ValidationException(field, $"{field} is required: an object of column names to values.");

    private static RowPageResponse Page(RowPage page) => new(page.Rows.Select(RowDto.Of).ToList(), page.Total, page.Page, page.Limit);

    private static async Task<SearchResponse> SearchAsync(SearchRequest body, PoweruserCall call)
    {
        var number = AutessaDbIds.Table(body.TableId);
        var table = await call.Service<TableService>().GetByNumberAsync(call.Actor, call.OrganizationId, number, call.Aborted);
        var text = body.Query?.Trim();
        if (string.IsNullOrEmpty(text)) throw new ValidationException("query", "query is required: the text to search for by meaning.");
        if (text.Length > TableVectorIndex.MaxQueryLength)
            throw new ValidationException("query", $"query is at most {TableVectorIndex.MaxQueryLength:N0} characters.");
        var limit = body.Limit ?? 10;
        if (limit is < 1 or > TableVectorIndex.MaxTop) throw new ValidationException("limit", $"limit must be between 1 and {TableVectorIndex.MaxTop}.");
        if (body.MinScore is { } min && (min < -1 || min > 1)) throw new ValidationException("minScore", "minScore must be between -1 and 1.");

        var found = await call.Service<TableVectorIndex>().SearchAsync(table.Id, text,
            new SemanticSearchOptions { Top = limit, MinScore = body.MinScore, BestPerRow = table.Kind != "knowledge_base" }, call.Aborted);
        var rows = call.Service<RowService>();
        var names = await ColumnNamesAsync(call, number);
        var results = new List<SearchResultDto>();
        foreach (var match in found.Matches)
        {
            RowView row;
            try { row = await rows.GetAsync(call.Actor, number, match.RowId, call.Aborted); }
            catch (NotFoundException) { continue; } // deleted since it was indexed
            results.Add(new SearchResultDto(match.RowId, match.Score, row.Data, match.Text,
                match.ColumnKey is { } key ? names.GetValueOrDefault(key) : null, match.HeadingPath, match.Page));
        }
        return new SearchResponse(results, found.Searched, found.Stale);
    }

    private static async Task<Dictionary<int, string>> ColumnNamesAsync(PoweruserCall call, int number)
    {
        await using var db = call.Service<IBuilderDbContextFactory>().Create();
        var schema = await TableService.LoadSchemaAsync(db, call.Actor, call.OrganizationId, number, Domain.Access.Permissions.EntitiesRead, ct: call.Aborted);
        return schema.Columns.ToDictionary(c => c.Key, c => c.Name);
    }

    /// <summary>
    /// Reads the row (the caller must be able to change the table), then queues its texts: each searchable text cell, chunked;
    /// in a knowledge base, the document of its file cell, extracted and chunked on the worker.
    /// </summary>
    private static async Task<IndexRecordResponse> IndexRecordAsync(RowIdRequest body, PoweruserCall call)
    {
        var number = AutessaDbIds.Table(body.TableId);
        var rowId = ApiResults.Required(body.RowId, "rowId");
        TableSchema schema;
        await using (var db = call.Service<IBuilderDbContextFactory>().Create())
            schema = await TableService.LoadSchemaAsync(db, call.Actor, call.OrganizationId, number, Domain.Access.Permissions.EntitiesUpdate, ct: call.Aborted);
        var row = await call.Service<RowService>().GetAsync(call.Actor, number, rowId, call.Aborted);
        var chunker = call.Service<TextChunker>();
        var texts = new List<IndexedText>();
        IndexingWorkItem? document = null;
        foreach (var column in schema.Columns)
        {
            var value = row.Data[column.Name];
            if (column.Searchable && value is JsonValue v && v.TryGetValue<string>(out var text))
                texts.AddRange(IndexedText.FromCell(column.Key, text, chunker));
            if (schema.Table.Kind == TableKind.KnowledgeBase && column.Type == ColumnType.File && document is null && value is JsonObject cell
                && cell["key"]?.GetValue<string>() is { } keyText && BlobKey.TryParse(keyText, out var key) && key.OrganizationId == call.OrganizationId)
            {
                var name = cell["name"]?.GetValue<string>() ?? "document";
                document = AutessaDbKnowledgeIngestion.DocumentWork(call.Service<FileLinkService>().Store, schema.Table.Id, rowId, column.Key, name, key);
            }
        }
        var tableId = schema.Table.Id;
        var items = new List<IndexingWorkItem>();
        if (document is not null) items.Add(document);
        else
        {
            if (!schema.Columns.Any(c => c.Searchable))
                throw new ValidationException("tableId", $"Table {number} has no searchable column (and is not a knowledge base with a document): nothing to index. Make a text column searchable with update-schema.");
            var captured = texts;
            items.Add(KnowledgeWork.Rows(tableId, $"row {rowId}", (_, _) =>
                Task.FromResult<IReadOnlyList<TableVectorIndex.RowTexts>>([new TableVectorIndex.RowTexts(rowId, captured)])));
        }
        var job = call.Service<IndexingQueue>().Enqueue(tableId, $"index-record {number}/{rowId}", items);
        return new IndexRecordResponse(rowId, job.JobId, job.State.ToString(), texts.Count);
    }
}
