using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Files;
using Builder.Domain.Knowledge;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tables.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tables.Knowledge;

/// <summary>
/// Knowledge bases and semantic search over AutessaDB tables. A knowledge base is a table of kind
/// <see cref="TableKind.KnowledgeBase"/> with the columns of <see cref="KnowledgeColumns"/>, one row per chunk of an uploaded
/// document. Uploading stores the files in the blob store and queues one indexing job (an item per document) on the
/// <see cref="IndexingQueue"/>: on the worker each document is read, split into chunks, written as rows and embedded, so the
/// request answers at once with the job's progress. A broken or unsupported file fails its item with the extractor's message.
/// </summary>
/// <remarks>
/// Access is the table's, as for rows: reading and searching need VIEW, uploading and re-indexing EDIT (role matrix ∩ sharing);
/// creating needs entities:create in the organization. API keys may do all of it inside their organization. Another
/// organization's table, an invisible one or one in the trash is 404 "Table not found".
/// </remarks>
public sealed class KnowledgeBaseService(IBuilderDbContextFactory dbs, IndexingQueue queue, IBlobStore blobs, DocumentExtractionOptions extraction,
    IServiceProvider services)
{
    public const string UploadPurpose = "knowledge-base";
    public const int MaxFilesPerUpload = 20;
    public const int DefaultTop = 10;

    /// <summary>The content types an upload link of a knowledge base accepts (browsers send .md as text/markdown or octet-stream).</summary>
    public static IReadOnlyList<string> UploadContentTypes { get; } =
    [
        "text/plain", "text/markdown", "text/x-markdown", "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileContentTypes.OctetStream,
    ];

    // ---------------------------------------------------------------- knowledge bases

    /// <summary>Creates a knowledge base (a table with the document columns); the caller owns it.</summary>
    public Task<TableView> CreateAsync(Actor actor, Guid organizationId, string? name, string? description = null, CancellationToken ct = default) =>
        services.GetRequiredService<TableService>().CreateAsync(actor, organizationId, new TableInput(name, description, KnowledgeColumns.All), ct,
            TableKind.KnowledgeBase);

    /// <summary>
    /// Stores the files (at most <see cref="MaxFilesPerUpload"/>) and queues their indexing: one job, one item per document.
    /// A file that is not .txt, .md, .pdf or .docx, or too large, is kept out of the store and fails its item with the reason.
    /// </summary>
    public async Task<IndexingProgress> UploadAsync(Actor actor, int tableId, IReadOnlyList<DocumentUpload> files, CancellationToken ct = default)
    {
        CheckCount(files.Count);
        var schema = await LoadKnowledgeBaseAsync(actor, tableId, write: true, ct);
        var items = new List<IndexingWorkItem>();
        foreach (var file in files)
        {
            var name = FileNames.Sanitize(file.FileName);
            if (!DocumentTextExtractor.IsSupported(name))
            {
                items.Add(Unreadable(name));
                continue;
            }
            try
            {
                await using var content = await file.OpenAsync(ct);
                var info = await blobs.PutAsync(schema.Table.OrganizationId, content, FileContentTypes.Normalize(file.ContentType) ?? FileContentTypes.OctetStream,
                    extraction.MaxBytes, ct);
                items.Add(Document(actor, schema.Table, new FileCell(info.Key.ToString(), name, info.Size, info.ContentType)));
            }
            catch (BlobTooLargeException)
            {
                items.Add(Failing(name, $"{name} is larger than {extraction.MaxBytes / (1024.0 * 1024):0.#} MB, the largest document accepted. Split it into smaller documents."));
            }
        }
        return Enqueue(schema.Table, files.Count, items);
    }

    /// <summary>
    /// Signed upload links for documents (generate-knowledge-base-upload-links): PUT each file to its link, then give the file
    /// cells the uploads answered to <see cref="IngestAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<UploadLink>> CreateUploadLinksAsync(Actor actor, int tableId, int count = 1, CancellationToken ct = default)
    {
        CheckCount(count, "count");
        var schema = await LoadKnowledgeBaseAsync(actor, tableId, write: true, ct);
        var links = services.GetRequiredService<FileLinkService>();
        return Enumerable.Range(0, count).Select(_ => links.CreateUploadLink(new UploadLinkRequest(schema.Table.OrganizationId, schema.Table.Number,
            UploadPurpose, extraction.MaxBytes, UploadContentTypes))).ToList();
    }

    /// <summary>Queues the indexing of documents uploaded through links: each file cell must be a file of the organization that is stored.</summary>
    public async Task<IndexingProgress> IngestAsync(Actor actor, int tableId, IReadOnlyList<FileCell> files, CancellationToken ct = default)
    {
        CheckCount(files.Count, "files");
        var schema = await LoadKnowledgeBaseAsync(actor, tableId, write: true, ct);
        var errors = new Validator();
        var items = new List<IndexingWorkItem>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (!BlobKey.TryParse(file?.Key, out var key) || key.OrganizationId != schema.Table.OrganizationId
                || await blobs.GetInfoAsync(key, ct) is not { } info)
            {
                errors.Add($"files[{i}].key", "No file was uploaded under this key: upload it with a link from generate-knowledge-base-upload-links first.");
                continue;
            }
            var name = FileNames.Sanitize(file!.Name);
            items.Add(DocumentTextExtractor.IsSupported(name)
                ? Document(actor, schema.Table, new FileCell(key.ToString(), name, info.Size, info.ContentType))
                : Unreadable(name));
        }
        errors.ThrowIfInvalid();
        return Enqueue(schema.Table, files.Count, items);
    }

    /// <summary>The documents of a knowledge base, newest first (one entry per uploaded file that has chunks).</summary>
    public async Task<IReadOnlyList<KnowledgeDocument>> DocumentsAsync(Actor actor, int tableId, CancellationToken ct = default)
    {
        await LoadKnowledgeBaseAsync(actor, tableId, write: false, ct);
        var rows = services.GetRequiredService<RowService>();
        var page = await rows.QueryAsync(actor, tableId, new RowQuery(
            new JsonArray(new JsonObject { ["column"] = KnowledgeColumns.ChunkIndex, ["operator"] = "equals", ["value"] = 0 }),
            Sort: [new RowSort("id", Descending: true)], Limit: RowQuery.MaxLimit), ct);
        var documents = new List<KnowledgeDocument>();
        foreach (var row in page.Rows)
        {
            if (row.Data[KnowledgeColumns.Document] is not JsonObject cell) continue;
            documents.Add(new KnowledgeDocument((string?)cell["key"] ?? "", (string?)cell["name"] ?? "file", (long?)cell["size"] ?? 0,
                (string?)cell["contentType"] ?? "", (string?)row.Data[KnowledgeColumns.Title], row.RowId, row.CreatedAt));
        }
        return documents;
    }

    /// <summary>The indexing jobs of a table this instance knows (running, waiting, finished within the hour), newest first.</summary>
    public async Task<IReadOnlyList<IndexingProgress>> JobsAsync(Actor actor, int tableId, CancellationToken ct = default)
    {
        var schema = await LoadAsync(actor, tableId, write: false, ct);
        return queue.ForTable(schema.Table.Id);
    }

    /// <summary>A job's progress, when it is one of this table's (null otherwise).</summary>
    public async Task<IndexingProgress?> JobAsync(Actor actor, int tableId, Guid jobId, CancellationToken ct = default)
    {
        var schema = await LoadAsync(actor, tableId, write: false, ct);
        return queue.Get(jobId) is { } job && job.TableId == schema.Table.Id ? job : null;
    }

    // ---------------------------------------------------------------- search and index

    /// <summary>
    /// The <paramref name="k"/> rows closest in meaning to <paramref name="query"/> (search), best first, each with its best
    /// matching text: a knowledge base's chunks, or an ordinary table's searchable columns (a table without any is a 400).
    /// </summary>
    public async Task<SearchResults> SearchAsync(Actor actor, int tableId, string? query, int k = DefaultTop, CancellationToken ct = default)
    {
        query = ValidQuery(query, k);
        var schema = await LoadAsync(actor, tableId, write: false, ct);
        RequireSearchable(schema);
        return await SearchSchemaAsync(schema, query, k, ct);
    }

    /// <summary>
    /// Opens a knowledge base an agent searches, for the person chatting (an agent names its knowledge bases by their internal
    /// id): the same access check as <see cref="SearchAsync(Actor, int, string?, int, CancellationToken)"/> — VIEW on the table,
    /// in <paramref name="organizationId"/> (the agent's organization), not in the trash — else 404 "Table not found", whatever
    /// the reason, so the caller learns nothing about a knowledge base they may not read.
    /// </summary>
    public async Task<SearchableKnowledgeBase> OpenForSearchAsync(Actor actor, Guid organizationId, Guid tableId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var schema = await TableService.LoadSchemaAsync(db, actor, tableId, AutessaTable.Permissions.Read, tracked: false, ct);
        if (schema.Table.OrganizationId != organizationId) throw new NotFoundException(TableService.NotFound);
        RequireSearchable(schema);
        return new SearchableKnowledgeBase(schema);
    }

    /// <summary>The search of <see cref="SearchAsync(Actor, int, string?, int, CancellationToken)"/> in a knowledge base opened by <see cref="OpenForSearchAsync"/>.</summary>
    public Task<SearchResults> SearchAsync(SearchableKnowledgeBase knowledgeBase, string? query, int k = DefaultTop, CancellationToken ct = default)
    {
        return SearchSchemaAsync(knowledgeBase.Schema, ValidQuery(query, k), k, ct);
    }

    /// <summary>The trimmed query, or a 400 naming what is wrong with it or with <paramref name="k"/>.</summary>
    static string ValidQuery(string? query, int k)
    {
        query = query?.Trim();
        new Validator()
            .Check(!string.IsNullOrEmpty(query), "query", "query is required: the text to search for.")
            .Check((query?.Length ?? 0) <= TableVectorIndex.MaxQueryLength, "query", $"query must be at most {TableVectorIndex.MaxQueryLength:N0} characters.")
            .Check(k is >= 1 and <= TableVectorIndex.MaxTop, "limit", $"limit must be between 1 and {TableVectorIndex.MaxTop}.")
            .ThrowIfInvalid();
        return query!;
    }

    async Task<SearchResults> SearchSchemaAsync(TableSchema schema, string query, int k, CancellationToken ct)
    {
        var index = services.GetRequiredService<TableVectorIndex>();
        var found = await index.SearchAsync(schema.Table.Id, query!, new SemanticSearchOptions { Top = k, BestPerRow = true }, ct);
        await using var db = dbs.Create();
        var (_, table) = await KnowledgeRows.LoadAsync(db, schema.Table.Id, ct) ?? throw new NotFoundException(TableService.NotFound);
        var rows = await KnowledgeRows.ReadAsync(db, table, found.Matches.Select(m => m.RowId).ToList(), ct);
        var columns = schema.Columns.ToDictionary(c => c.Key, c => c.Name);
        var hits = found.Matches.Where(m => rows.ContainsKey(m.RowId)).Select(m => new SearchHit(m.RowId, Math.Round(m.Score, 4), rows[m.RowId].Data, m.Text,
            m.HeadingPath, m.Page, m.ColumnKey is { } key && columns.TryGetValue(key, out var name) ? name : null)).ToList();
        return new SearchResults(hits, found.Searched);
    }

    /// <summary>Queues the re-embedding of one row (index-record): 404 when the row is not there, 400 when nothing of the table is searchable.</summary>
    public async Task<IndexingProgress> IndexRecordAsync(Actor actor, int tableId, long rowId, CancellationToken ct = default)
    {
        var schema = await LoadAsync(actor, tableId, write: true, ct);
        RequireSearchable(schema);
        await using (var db = dbs.Create())
        {
            var (_, table) = await KnowledgeRows.LoadAsync(db, schema.Table.Id, ct) ?? throw new NotFoundException(TableService.NotFound);
            if ((await KnowledgeRows.ReadAsync(db, table, [rowId], ct)).Count == 0) throw new NotFoundException($"Row {rowId} not found");
        }
        return queue.Enqueue(schema.Table.Id, $"Index row {rowId}", [SearchIndexObserver.Rows(schema.Table.Id, [rowId], $"row {rowId}")]);
    }

    /// <summary>Queues the re-embedding of every row of a table (after a model change, or a column made searchable).</summary>
    public async Task<IndexingProgress> ReindexAsync(Actor actor, int tableId, CancellationToken ct = default)
    {
        var schema = await LoadAsync(actor, tableId, write: true, ct);
        RequireSearchable(schema);
        var id = schema.Table.Id;
        return queue.Enqueue(id, "Index every row", [new IndexingWorkItem("every row", async (sp, token) =>
        {
            await using var db = sp.GetRequiredService<IBuilderDbContextFactory>().Create();
            await sp.GetRequiredService<TableVectorIndex>().RemoveTableAsync(id, token);
            var (_, table) = await KnowledgeRows.LoadAsync(db, id, token) ?? throw new IndexingException("The table was deleted.");
            await using var session = new RowSession(db);
            var ids = await session.ListAsync($"SELECT {session.Dialect.Quote("id")} FROM {session.Dialect.Table(table.Number)}", new SqlParameters(),
                r => Convert.ToInt64(r.GetValue(0)), token);
            await SearchIndexObserver.Rows(id, ids, "rows").RunAsync(sp, token);
        })]);
    }

    // ---------------------------------------------------------------- the work

    /// <summary>One document on the worker: read it from the store, extract, chunk, write the chunk rows, embed them.</summary>
    internal static IndexingWorkItem Document(Actor actor, AutessaTable knowledgeBase, FileCell file) =>
        new(file.Name, async (sp, ct) =>
        {
            var store = sp.GetRequiredService<IBlobStore>();
            var key = BlobKey.From(file.Key)!.Value;
            ExtractedDocument document;
            try
            {
                await using var blob = await store.OpenReadAsync(key, ct) ?? throw new IndexingException($"{file.Name} is no longer stored; upload it again.");
                document = await sp.GetRequiredService<DocumentTextExtractor>().ExtractAsync(blob.Content, file.Name, ct);
            }
            catch (DocumentExtractionException)
            {
                // A file that yields nothing is not kept: no row refers to it.
                await store.DeleteAsync(key, CancellationToken.None);
                throw;
            }
            var chunker = sp.GetRequiredService<TextChunker>();
            var chunks = chunker.Chunk(document);
            var title = Cut(document.Blocks.FirstOrDefault(b => b.Kind == DocumentBlockKind.Heading)?.Text ?? Path.GetFileNameWithoutExtension(file.Name));
            var cell = ColumnValues.ToJson(new ColumnShape(ColumnType.File), file);
            var rows = sp.GetRequiredService<RowService>();
            var written = new List<RowView>(chunks.Count);
            foreach (var batch in chunks.Chunk(TableLimits.RowsPerBatch))
                written.AddRange(await rows.InsertManyAsync(actor, knowledgeBase.Number, batch.Select(c => (JsonObject?)new JsonObject
                {
                    [KnowledgeColumns.Document] = cell?.DeepClone(),
                    [KnowledgeColumns.Title] = title,
                    [KnowledgeColumns.Chunk] = c.Text.Length <= ColumnLimits.LongTextLength ? c.Text : c.Text[..ColumnLimits.LongTextLength],
                    [KnowledgeColumns.ChunkIndex] = c.Index,
                    [KnowledgeColumns.HeadingPath] = c.HeadingPath.Count == 0 ? null : Cut(c.HeadingLine),
                    [KnowledgeColumns.Page] = c.Page,
                }).ToList(), ct));
            await using var db = sp.GetRequiredService<IBuilderDbContextFactory>().Create();
            var (entity, table) = await KnowledgeRows.LoadAsync(db, knowledgeBase.Id, ct) ?? throw new IndexingException("The knowledge base was deleted.");
            var texts = written.Select(r => new TableVectorIndex.RowTexts(r.RowId, KnowledgeRows.TextsOf(entity, table, r, chunker))).ToList();
            await sp.GetRequiredService<TableVectorIndex>().IndexRowsAsync(knowledgeBase.Id, texts, ct);
        });

    /// <summary>A file the extractor cannot read by its name: its item fails with the extractor's own message.</summary>
    static IndexingWorkItem Unreadable(string name) =>
        new(name, async (sp, ct) => await sp.GetRequiredService<DocumentTextExtractor>().ExtractAsync(Stream.Null, name, ct));

    static IndexingWorkItem Failing(string name, string reason) => new(name, (_, _) => throw new IndexingException(reason));

    IndexingProgress Enqueue(AutessaTable table, int count, IReadOnlyList<IndexingWorkItem> items)
    {
        try
        {
            return queue.Enqueue(table.Id, count == 1 ? $"Upload of {items[0].Name}" : $"Upload of {count} documents", items);
        }
        catch (IndexingException e)
        {
            throw new ConflictException(e.Message);
        }
    }

    static string Cut(string text) => text.Length <= ColumnLimits.TextLength ? text : text[..(ColumnLimits.TextLength - 1)] + "…";

    // ---------------------------------------------------------------- access

    static void CheckCount(int count, string field = "files")
    {
        if (count < 1) throw new ValidationException(field, "Choose at least one document (.txt, .md, .pdf or .docx).");
        if (count > MaxFilesPerUpload) throw new ValidationException(field, $"Upload at most {MaxFilesPerUpload} documents at once ({count} given).");
    }

    static void RequireSearchable(TableSchema schema)
    {
        if (schema.Table.Kind != TableKind.KnowledgeBase && !schema.Columns.Any(c => c.Searchable))
            throw new ValidationException("tableId", $"Table “{schema.Table.Name}” has no searchable columns: make a text or long text column searchable in the schema designer first.");
    }

    async Task<TableSchema> LoadKnowledgeBaseAsync(Actor actor, int tableId, bool write, CancellationToken ct)
    {
        var schema = await LoadAsync(actor, tableId, write, ct);
        if (schema.Table.Kind != TableKind.KnowledgeBase)
            throw new ValidationException("tableId", $"Table “{schema.Table.Name}” is not a knowledge base: documents are uploaded to a knowledge base (create-knowledge-base).");
        return schema;
    }

    async Task<TableSchema> LoadAsync(Actor actor, int tableId, bool write, CancellationToken ct)
    {
        await using var db = dbs.Create();
        var id = await db.AutessaTables.Where(t => t.Number == tableId).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct)
                 ?? throw new NotFoundException(TableService.NotFound);
        return await TableService.LoadSchemaAsync(db, actor, id, write ? AutessaTable.Permissions.Update : AutessaTable.Permissions.Read, tracked: false, ct);
    }
}
