using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Files;
using Builder.Domain.Knowledge;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Knowledge;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tables.Values;
using Builder.Domain.Users;

namespace Builder.Web.Api.Poweruser.AutessaDb;

/// <summary>
/// The one-call ingestion of <c>generate-knowledge-base-upload-links</c>: a link it issues carries who asked for it
/// (<see cref="UploadIssuer"/>, signed into the token), and the upload to it — the file-system store's PUT/POST, or S3's
/// completion — goes on as that person (their rights at upload time): it inserts the document's row
/// <c>{ title: the file name without its extension, document: the file cell }</c> and queues its indexing (extract, chunk,
/// embed: what <c>index-record</c> does), and answers the file cell with <c>tableId</c>, <c>rowId</c> and the indexing
/// <c>jobId</c>. When the row can't be written (the person lost access, the table went to the trash) the file is deleted and
/// the upload is refused with the reason; nothing stays.
/// </summary>
public static class AutessaDbKnowledgeIngestion
{
    /// <summary>The purpose of the links whose upload ingests the document.</summary>
    public const string Purpose = "knowledge-base-ingest";

    /// <summary>What an ingesting upload answers: the file cell, and the row and indexing job it made.</summary>
    public sealed record IngestedDocument(string Key, string Name, long Size, string ContentType, int TableId, long? RowId, Guid JobId, string State);

    public static bool Ingests(UploadGrant grant) => grant.Purpose == Purpose;

    public static async Task<IngestedDocument> IngestAsync(IServiceProvider services, UploadGrant grant, FileCell cell, CancellationToken ct)
    {
        try
        {
            var actor = grant.IssuedTo is { } issuer
                ? await services.GetRequiredService<UserAccountService>().BuildActorAsync(issuer.UserId, issuer.ApiKeyOrganizationId, ct)
                : null;
            if (actor is null) throw new ForbiddenException("The person this link was issued to can no longer upload to the knowledge base.");
            if (!DocumentTextExtractor.IsSupported(cell.Name))
                throw new ValidationException("name", $"“{cell.Name}” is not a document a knowledge base reads: name the upload with ?name= and its extension, one of {string.Join(", ", DocumentTextExtractor.SupportedExtensions)}.");
            if (grant.TableId is < 1 or > int.MaxValue) throw new NotFoundException(TableService.NotFound);
            var number = (int)grant.TableId;
            TableSchema schema;
            await using (var db = services.GetRequiredService<IBuilderDbContextFactory>().Create())
                schema = await TableService.LoadSchemaAsync(db, actor, grant.OrganizationId, number, Permissions.EntitiesUpdate, ct: ct);
            if (schema.Table.Kind != TableKind.KnowledgeBase) throw new NotFoundException(TableService.NotFound);

            if (schema.Column(KnowledgeColumns.Chunk) is not null)
            {
                // A knowledge base made in the console keeps one row per chunk: its own ingestion writes them.
                var progress = await services.GetRequiredService<KnowledgeBaseService>().IngestAsync(actor, number, [cell], ct);
                return new IngestedDocument(cell.Key, cell.Name, cell.Size, cell.ContentType, number, null, progress.JobId, progress.State.ToString());
            }
            var document = schema.Column(AutessaDbTableEndpoints.DocumentColumn)
                           ?? throw new ValidationException("tableId", $"Knowledge base {number} has no '{AutessaDbTableEndpoints.DocumentColumn}' column.");
            var title = Path.GetFileNameWithoutExtension(cell.Name);
            var row = await services.GetRequiredService<RowService>().InsertAsync(actor, number, new JsonObject
            {
                [AutessaDbTableEndpoints.TitleColumn] = title.Length <= 200 ? title : title[..200],
                [document.Name] = ColumnValues.ToJson(new ColumnShape(ColumnType.File), cell),
            }, ct);
            var work = DocumentWork(services.GetRequiredService<FileLinkService>().Store, schema.Table.Id, row.RowId, document.Key, cell.Name, grant.Key);
            var job = services.GetRequiredService<IndexingQueue>().Enqueue(schema.Table.Id, $"upload {number}/{row.RowId}", [work]);
            return new IngestedDocument(cell.Key, cell.Name, cell.Size, cell.ContentType, number, row.RowId, job.JobId, job.State.ToString());
        }
        catch (DomainException)
        {
            await services.GetRequiredService<FileLinkService>().Store.DeleteAsync(grant.Key, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The indexing of one document row: its file read from the store, extracted, chunked and embedded (index-record's work).</summary>
    internal static IndexingWorkItem DocumentWork(IBlobStore store, Guid tableId, long rowId, int columnKey, string name, BlobKey key) =>
        KnowledgeWork.Document(tableId, rowId, columnKey, name, async ct =>
            (await store.OpenReadAsync(key, ct))?.Content ?? throw new IndexingException($"The file of '{name}' is no longer stored."));
}
