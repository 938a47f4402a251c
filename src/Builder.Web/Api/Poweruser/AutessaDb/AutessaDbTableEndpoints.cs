using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Files;
using Builder.Domain.Sharing;
using Builder.Domain.Tables;

namespace Builder.Web.Api.Poweruser.AutessaDb;

/// <summary>
/// The reference's "AutessaDB Tables": <c>POST /autessa_poweruser/autessadb/tables/{all, get, table-options, create,
/// create-knowledge-base, generate-knowledge-base-upload-links, update-schema}</c>, over <see cref="TableService"/> (which
/// checks the permission matrix and sharing; another organization's table is 404). Table deletion and column drops are
/// human-only: <c>/tables/delete</c> is refused by <see cref="ExcludedOperations"/>, a <c>drop_column</c> operation here.
/// </summary>
public static class AutessaDbTableEndpoints
{
    /// <summary>The columns of a knowledge base's rows: one document each (its title and its file).</summary>
    public const string TitleColumn = "title", DocumentColumn = "document";

    /// <summary>What a knowledge base accepts (<c>DocumentTextExtractor</c>: .txt, .md, .pdf, .docx).</summary>
    public static readonly IReadOnlyList<string> DocumentTypes =
        ["text/plain", "text/markdown", "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"];

    public const int MaxLinks = 20;

    public static RouteGroupBuilder MapAutessaDbTableEndpoints(this RouteGroupBuilder poweruser)
    {
        var tables = poweruser.MapGroup("/autessadb/tables").WithTags("Poweruser: AutessaDB tables");

        tables.MapPoweruser<NoFields, AllTablesResponse>("/all", async (_, call) =>
            {
                var service = call.Service<TableService>();
                return new AllTablesResponse(
                    await ListAsync(call, service, OwnershipFilter.Owned),
                    await ListAsync(call, service, OwnershipFilter.Company),
                    await ListAsync(call, service, OwnershipFilter.Shared));
            })
            .WithSummary("Every table the caller can see: ownedTables, companySharedTables, sharedWithMeTables");

        tables.MapPoweruser<TableIdRequest, TableResponse>("/get", async (body, call) =>
            {
                var table = await call.Service<TableService>().GetByNumberAsync(call.Actor, call.OrganizationId, AutessaDbIds.Table(body.TableId), call.Aborted);
                return new TableResponse(await DtoAsync(call, table));
            })
            .WithSummary("A table with its columns: { tableId: 789 }");

        tables.MapPoweruser<NoFields, TableOptionsResponse>("/table-options", (_, call) =>
            {
                // Reading the options needs no table, but the caller must still see the organization it acts in.
                return Task.FromResult(new TableOptionsResponse(TableOptions.Current));
            })
            .WithSummary("Column types, the filter operators of each, system columns and limits");

        tables.MapPoweruser<CreateTableRequest, CreateTableResponse>("/create", async (body, call) =>
            {
                var columns = new List<ColumnInput>();
                for (var i = 0; i < (body.Columns?.Count ?? 0); i++)
                    columns.Add(await ColumnInputAsync(call, body.Columns![i], $"columns[{i}]"));
                var table = await call.Service<TableService>().CreateAsync(call.Actor, call.OrganizationId,
                    new TableInput(body.TableName, body.Description, columns), call.Aborted);
                return new CreateTableResponse(table.TableId, await DtoAsync(call, table));
            })
            .WithSummary("Creates a table: { tableName, description?, columns: [{ name, type, required?, unique?, indexed?, searchable?, options?, default?, link? }] }");

        tables.MapPoweruser<CreateKnowledgeBaseRequest, CreateTableResponse>("/create-knowledge-base", async (body, call) =>
            {
                var table = await call.Service<TableService>().CreateAsync(call.Actor, call.OrganizationId,
                    new TableInput(body.TableName, body.Description,
                    [
                        new ColumnInput(TitleColumn, ColumnType.Text.WireName(), Indexed: true),
                        new ColumnInput(DocumentColumn, ColumnType.File.WireName(), Required: true),
                    ]), call.Aborted, TableKind.KnowledgeBase);
                return new CreateTableResponse(table.TableId, await DtoAsync(call, table));
            })
            .WithSummary("Creates a knowledge base: a table of documents (title, document) searched by meaning: { tableName }");

        tables.MapPoweruser<KnowledgeBaseUploadLinksRequest, UploadLinksResponse>("/generate-knowledge-base-upload-links", async (body, call) =>
            {
                var number = AutessaDbIds.Table(body.TableId);
                // Uploading documents writes the table: the caller needs the table's update right.
                var table = await RequireWritableAsync(call, number);
                if (table.Kind != "knowledge_base")
                    throw new ValidationException("tableId", $"Table {number} is not a knowledge base; use query/generate-upload-link for a file column.");
                var count = body.Count ?? 1;
                if (count is < 1 or > MaxLinks) throw new ValidationException("count", $"count must be between 1 and {MaxLinks}.");
                var links = call.Service<FileLinkService>();
                // The upload acts as the caller: it inserts the document's row and queues its indexing (AutessaDbKnowledgeIngestion).
                var issuer = new UploadIssuer(call.Actor.UserId, call.Actor.ApiKeyOrganizationId);
                var issued = Enumerable.Range(0, count).Select(_ => Dto(links.CreateUploadLink(new UploadLinkRequest(call.OrganizationId, number,
                    AutessaDbKnowledgeIngestion.Purpose, body.MaxBytes ?? BlobSettings.DefaultMaxUploadBytes, DocumentTypes, issuer)))).ToList();
                return new UploadLinksResponse(number, issued,
                    "Upload each document to a link (PUT the file with its Content-Type and ?name=; with S3, then POST its completeUrl): that is all. " +
                    $"The upload inserts the row {{ \"{TitleColumn}\": <the file name>, \"{DocumentColumn}\": <file cell> }} and queues its indexing " +
                    "(extract, chunk, embed); its answer is the file cell with tableId, rowId and the indexing jobId. Search finds the document once the job is done.");
            })
            .WithSummary("Signed, expiring upload links for documents of a knowledge base, whose upload ingests the document (row + indexing): { tableId, count?, maxBytes? }");

        tables.MapPoweruser<UpdateSchemaRequest, UpdateSchemaResponse>("/update-schema", (body, call) => AutessaDbSchemaUpdate.RunAsync(body, call))
            .WithSummary("Changes a table's columns with a list of operations: add_column, rename_column, reorder_columns, update_column, change_type, preview_type_change")
            .WithDescription("Body: { tableId, operations: [ { op: \"add_column\", column: { name, type, … } }, { op: \"rename_column\", column, name }, " +
                             "{ op: \"reorder_columns\", order: [names] }, { op: \"update_column\", column, required?, unique?, indexed?, searchable?, options?, default?, clearDefault?, renameOptions? { old: new }, emptyRemovedOptions? }, " +
                             "{ op: \"change_type\", column, type, options?, link?, emptyUnconvertible? }, { op: \"preview_type_change\", column, type } ] }. " +
                             "Every operation is checked before the first runs (names, types, shapes); then they run in order, each in one transaction. " +
                             "drop_column is human-only: 403 human_oversight_required, nothing runs.");

        return poweruser;
    }

    private static async Task<IReadOnlyList<TableDto>> ListAsync(PoweruserCall call, TableService service, OwnershipFilter ownership)
    {
        var all = new List<TableDto>();
        for (var page = 1; ; page++)
        {
            var result = await service.ListAsync(call.Actor, call.OrganizationId, new PageRequest(page, PageRequest.MaxLimit, Sort: "tableId"), call.Aborted, ownership);
            foreach (var table in result.Items) all.Add(await DtoAsync(call, table));
            if (page * result.Limit >= result.Total || result.Items.Count == 0) return all;
        }
    }

    /// <summary>The table view as the API shows it; a link column names its table by tableId.</summary>
    internal static async Task<TableDto> DtoAsync(PoweruserCall call, TableView table)
    {
        var columns = new List<ColumnDto>();
        foreach (var c in table.Columns)
        {
            int? link = null;
            if (c.LinkTableId is { } linked)
            {
                try { link = (await call.Service<TableService>().GetAsync(call.Actor, linked, call.Aborted)).TableId; }
                catch (NotFoundException) { }
                catch (ForbiddenException) { }
            }
            columns.Add(new ColumnDto(c.Name, c.Type, c.Position, c.Required, c.Unique, c.Indexed, c.Searchable, c.Options, c.Default, link));
        }
        return new TableDto(table.TableId, table.Name, table.Description, table.Kind, columns, TableOptions.Current.SystemColumns,
            table.CreatedAt, table.UpdatedAt, table.Owner?.Email, table.SharingLevel, table.UserAccessLevel);
    }

    /// <summary>The API's column into the domain's: a link's tableId becomes the linked table (one the caller can read).</summary>
    internal static async Task<ColumnInput> ColumnInputAsync(PoweruserCall call, ColumnBody? body, string field)
    {
        if (body is null) throw new ValidationException(field, $"{field} must be a column object {{ name, type, … }}.");
        return new ColumnInput(body.Name, body.Type, body.Required, body.Unique, body.Indexed, body.Searchable, body.Options, body.Default,
            await LinkAsync(call, body.Link, $"{field}.link"));
    }

    internal static async Task<Guid?> LinkAsync(PoweruserCall call, long? link, string field)
    {
        if (link is not { } number) return null;
        try
        {
            if (number > int.MaxValue) throw new NotFoundException(TableService.NotFound);
            return (await call.Service<TableService>().GetByNumberAsync(call.Actor, call.OrganizationId, (int)number, call.Aborted)).Id;
        }
        catch (NotFoundException)
        {
            throw new ValidationException(field, $"{field}: no table with tableId {number} that you can read in this organization.");
        }
    }

    /// <summary>The table when the caller may change it (404 unknown or invisible, 403 without the update right).</summary>
    internal static async Task<TableView> RequireWritableAsync(PoweruserCall call, int number)
    {
        await using var db = call.Service<IBuilderDbContextFactory>().Create();
        var schema = await TableService.LoadSchemaAsync(db, call.Actor, call.OrganizationId, number, Domain.Access.Permissions.EntitiesUpdate, ct: call.Aborted);
        return await call.Service<TableService>().GetAsync(call.Actor, schema.Table.Id, call.Aborted);
    }

    internal static UploadLinkDto Dto(UploadLink link) =>
        new(link.Url, link.Method, link.Headers, link.CompleteUrl, link.ExpiresAt, link.MaxBytes, link.ContentTypes);

    internal static ColumnBody? ReadColumn(JsonNode? node, JsonSerializerOptions options, string field)
    {
        if (node is not JsonObject) throw new ValidationException(field, $"{field} must be a column object {{ name, type, … }}.");
        try { return node.Deserialize<ColumnBody>(options); }
        catch (JsonException e)
        {
            var at = field + (e.Path is { Length: > 1 } path ? "." + path[2..] : "");
            throw new ValidationException(at, e.InnerException is PoweruserBodyException inner
                ? inner.Message.Replace("{field}", at + inner.Suffix)
                : $"{at}: a column is {{ name, type, required?, unique?, indexed?, searchable? (booleans), options? (strings), default?, link? (a tableId) }}.");
        }
    }
}
