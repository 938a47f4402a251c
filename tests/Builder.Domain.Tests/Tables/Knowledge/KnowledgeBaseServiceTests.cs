using System.Text;
using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Files;
using Builder.Domain.Knowledge;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Knowledge;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tests.Knowledge;
using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Tests.Tables.Knowledge;

/// <summary>
/// Knowledge bases and semantic search wired together, with the real local model, a file-system blob store and the indexing
/// worker running: documents in, chunk rows written and embedded on the worker, passages found by meaning; searchable
/// columns of ordinary tables follow their rows; index-record; the purge; roles and another organization.
/// </summary>
[Collection(EmbeddingCollection.Name)]
public sealed class KnowledgeBaseServiceTests(EmbeddingFixture fixture) : TableTestContext, IDisposable
{
    readonly string _blobs = Path.Combine(Path.GetTempPath(), "kb-tests-" + Guid.NewGuid().ToString("N"));
    IndexingWorker? _worker;

    protected override void Configure(IServiceCollection services)
    {
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(fixture.Generator);
        services.AddSingleton<IBlobStore>(new FileSystemBlobStore(_blobs));
        services.AddSingleton<IFileTokenProtector, PlainTokenProtector>();
        services.AddSingleton(new FileLinkOptions());
        services.AddSingleton<FileLinkService>();
    }

    public void Dispose()
    {
        _worker?.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (Directory.Exists(_blobs)) Directory.Delete(_blobs, recursive: true);
    }

    KnowledgeBaseService Knowledge => Get<KnowledgeBaseService>();
    RowService Rows => Get<RowService>();
    IndexingQueue Queue => Get<IndexingQueue>();

    /// <summary>Runs the worker until every job of the table has finished; answers the newest.</summary>
    async Task<IndexingProgress> IdleAsync(Guid tableId, IndexingProgress? job = null)
    {
        if (_worker is null)
        {
            _worker = new IndexingWorker(Queue, Get<IServiceScopeFactory>(), NullLogger<IndexingWorker>.Instance);
            await _worker.StartAsync(CancellationToken.None);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var known in Queue.ForTable(tableId))
            await foreach (var _ in Queue.WatchAsync(known.JobId, timeout.Token)) { }
        return job is null ? Queue.ForTable(tableId)[0] : Queue.Get(job.JobId)!;
    }

    static DocumentUpload File(string name, byte[] bytes, string? type = null) =>
        new(name, type, _ => Task.FromResult<Stream>(new MemoryStream(bytes)));

    static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    const string Markdown = """
        # Office guide

        ## Parking
        Cars go to the garage under building B; the barrier opens with your badge.

        ## Kitchen
        Clean the coffee machine every Monday and empty the dishwasher before you leave.
        """;

    static byte[] Handbook() => DocumentTextExtractorTests.Docx(
        ("Heading1", "Travel policy"), (null, "Employees may book economy flights for trips under six hours."),
        ("Heading1", "Pets in the office"), (null, "Dogs are welcome on Fridays if they are calm and house-trained."));

    [Fact]
    public async Task A_knowledge_base_from_a_markdown_and_a_docx_document_finds_a_passage_by_its_meaning_alone()
    {
        var kb = await Knowledge.CreateAsync(Admin, Acme, "office_kb", "How the office works");
        Assert.Equal("knowledge_base", kb.Kind);
        Assert.Equal(["document", "title", "chunk", "chunk_index", "heading_path", "page"], kb.Columns.Select(c => c.Name));
        Assert.True(kb.Columns.Single(c => c.Name == "chunk").Searchable);

        var queued = await Knowledge.UploadAsync(Admin, kb.TableId, [File("guide.md", Utf8(Markdown), "text/markdown"), File("handbook.docx", Handbook())]);
        Assert.Equal((2, 0), (queued.Total, queued.Processed));

        var done = await IdleAsync(kb.Id, queued);
        Assert.Equal((IndexingJobState.Completed, 2, 0), (done.State, done.Processed, done.Failed));
        var documents = await Knowledge.DocumentsAsync(Admin, kb.TableId);
        Assert.Equal(["handbook.docx", "guide.md"], documents.Select(d => d.Name));
        Assert.Equal("Office guide", documents.Single(d => d.Name == "guide.md").Title);

        const string query = "Can I bring my puppy to work?";
        var results = await Knowledge.SearchAsync(Builder, kb.TableId, query, 3);

        var best = results.Results[0];
        Assert.Equal("Pets in the office", best.HeadingPath);
        Assert.StartsWith("Dogs are welcome on Fridays", best.Text);
        Assert.Equal("chunk", best.Column);
        Assert.Equal("handbook.docx", (string?)best.Data["document"]!["name"]);
        Assert.True(best.Score > results.Results[1].Score);
        var words = query.ToLowerInvariant().Split(' ', '?');
        Assert.Empty(words.Where(w => w.Length > 0).Intersect(best.Text.ToLowerInvariant().Split(' ', '.', ',', ';')));

        // The chunk rows are ordinary rows of the table.
        var row = await Rows.GetAsync(Admin, kb.TableId, best.RowId);
        Assert.Equal(("Pets in the office", 1L), ((string?)row.Data["heading_path"], (long?)row.Data["chunk_index"]));
    }

    [Fact]
    public async Task Broken_and_unsupported_files_fail_with_the_extractors_message_and_the_others_are_indexed()
    {
        var kb = await Knowledge.CreateAsync(Admin, Acme, "mixed_kb");
        var queued = await Knowledge.UploadAsync(Admin, kb.TableId,
            [File("old.doc", Utf8("binary")), File("broken.pdf", Utf8("not a pdf at all")), File("notes.txt", Utf8("Plain notes about the project."))]);

        var done = await IdleAsync(kb.Id, queued);

        Assert.Equal((IndexingJobState.CompletedWithFailures, 1, 2), (done.State, done.Processed, done.Failed));
        Assert.Contains("old Word document (.doc)", done.Failures.Single(f => f.Item == "old.doc").Reason);
        Assert.Contains("broken.pdf", done.Failures.Single(f => f.Item == "broken.pdf").Reason);
        Assert.Equal(["notes.txt"], (await Knowledge.DocumentsAsync(Admin, kb.TableId)).Select(d => d.Name));
        // Only the readable file was kept in the store.
        Assert.Single(Directory.EnumerateFiles(_blobs, "*", SearchOption.AllDirectories), f => f.EndsWith(".meta"));
    }

    [Fact]
    public async Task Upload_links_then_ingest_index_the_uploaded_files_and_a_key_of_nothing_is_refused()
    {
        var kb = await Knowledge.CreateAsync(ApiKey, Acme, "api_kb");
        var links = await Knowledge.CreateUploadLinksAsync(ApiKey, kb.TableId, 1);
        var link = Assert.Single(links);
        var files = Get<FileLinkService>();
        var cell = await files.AcceptUploadAsync(files.ReadUploadToken(link.Url[FileLinkService.UploadPath.Length..]), new MemoryStream(Utf8(Markdown)),
            "text/markdown", null, "guide.md");

        var bad = await Assert.ThrowsAsync<ValidationException>(() => Knowledge.IngestAsync(ApiKey, kb.TableId, [cell with { Key = BlobKey.New(Acme).ToString() }]));
        Assert.Contains("files[0].key", bad.Errors.Keys);
        var queued = await Knowledge.IngestAsync(ApiKey, kb.TableId, [cell]);
        Assert.Equal(IndexingJobState.Completed, (await IdleAsync(kb.Id, queued)).State);

        var results = await Knowledge.SearchAsync(ApiKey, kb.TableId, "where do I leave my automobile", 1);
        Assert.Equal("Office guide › Parking", Assert.Single(results.Results).HeadingPath);
    }

    [Fact]
    public async Task A_searchable_columns_row_is_found_after_its_insert_and_gone_after_its_delete()
    {
        var table = await Tables.CreateAsync(Admin, Acme, new TableInput("tickets", null,
            [Column("subject"), new ColumnInput("body", "long_text", Searchable: true)]));
        var billing = await Rows.InsertAsync(Admin, table.TableId, new JsonObject { ["subject"] = "A", ["body"] = "I was charged twice on my invoice this month." });
        await Rows.InsertAsync(Admin, table.TableId, new JsonObject { ["subject"] = "B", ["body"] = "The mobile app crashes when I open the camera." });
        await IdleAsync(table.Id);

        var found = await Knowledge.SearchAsync(Admin, table.TableId, "customer complaints about billing", 2);
        Assert.Equal(billing.RowId, found.Results[0].RowId);
        Assert.Equal(("body", "A"), (found.Results[0].Column, (string?)found.Results[0].Data["subject"]));

        await Rows.DeleteAsync(Admin, table.TableId, billing.RowId);
        await IdleAsync(table.Id);

        var after = await Knowledge.SearchAsync(Admin, table.TableId, "customer complaints about billing", 2);
        Assert.DoesNotContain(after.Results, r => r.RowId == billing.RowId);
        Assert.Equal(1, after.Searched);
    }

    [Fact]
    public async Task Index_record_embeds_a_row_written_around_the_service_and_a_table_without_searchable_columns_is_a_400()
    {
        var table = await Tables.CreateAsync(Admin, Acme, new TableInput("notes", null, [new ColumnInput("text", "text", Searchable: true)]));
        var rowId = await InsertAsync(table, ("text", "The printer on the third floor is out of toner."));
        Assert.Empty((await Knowledge.SearchAsync(Admin, table.TableId, "printing problems", 1)).Results);

        await Knowledge.IndexRecordAsync(ApiKey, table.TableId, rowId);
        await IdleAsync(table.Id);

        Assert.Equal(rowId, Assert.Single((await Knowledge.SearchAsync(Admin, table.TableId, "printing problems", 1)).Results).RowId);
        await Assert.ThrowsAsync<NotFoundException>(() => Knowledge.IndexRecordAsync(Admin, table.TableId, 999));

        var plain = await CreateAsync("plain", Column("title"));
        var error = await Assert.ThrowsAsync<ValidationException>(() => Knowledge.SearchAsync(Admin, plain.TableId, "anything"));
        Assert.Contains("no searchable columns", error.Errors["tableId"][0]);
        await Assert.ThrowsAsync<ValidationException>(() => Knowledge.IndexRecordAsync(Admin, plain.TableId, 1));
        await Assert.ThrowsAsync<ValidationException>(() => Knowledge.UploadAsync(Admin, plain.TableId, [File("a.txt", Utf8("a"))]));
        await Assert.ThrowsAsync<ValidationException>(() => Knowledge.SearchAsync(Admin, table.TableId, "  "));
        await Assert.ThrowsAsync<ValidationException>(() => Knowledge.SearchAsync(Admin, table.TableId, "x", 0));
    }

    [Fact]
    public async Task Purging_a_table_removes_its_embeddings()
    {
        var kb = await Knowledge.CreateAsync(Admin, Acme, "purged_kb");
        await Knowledge.UploadAsync(Admin, kb.TableId, [File("notes.txt", Utf8("Some notes.\n\nMore notes."))]);
        await IdleAsync(kb.Id);
        await using (var db = Db.Context()) Assert.True(await db.TableEmbeddings.AnyAsync(e => e.TableId == kb.Id));

        await Get<TableService>().DeleteAsync(Admin, kb.Id, null);
        var item = Assert.Single((await Get<TrashService>().ListAsync(Admin, Acme, new PageRequest())).Items);
        await using (var db = Db.Context()) Assert.True(await db.TableEmbeddings.AnyAsync(e => e.TableId == kb.Id)); // kept while trashed
        await Get<TrashService>().PurgeAsync(Admin, item.Id);

        await using (var db = Db.Context()) Assert.False(await db.TableEmbeddings.AnyAsync(e => e.TableId == kb.Id));
    }

    [Fact]
    public async Task Roles_api_keys_and_another_organization()
    {
        var kb = await Knowledge.CreateAsync(Admin, Acme, "roles_kb");
        await Assert.ThrowsAsync<ForbiddenException>(() => Knowledge.CreateAsync(Guest, Acme, "guest_kb"));
        await Assert.ThrowsAsync<NotFoundException>(() => Knowledge.CreateAsync(GlobexAdmin, Acme, "other_kb"));

        await Assert.ThrowsAsync<ForbiddenException>(() => Knowledge.UploadAsync(Guest, kb.TableId, [File("a.txt", Utf8("a"))]));
        await Assert.ThrowsAsync<NotFoundException>(() => Knowledge.UploadAsync(GlobexAdmin, kb.TableId, [File("a.txt", Utf8("a"))]));
        await Assert.ThrowsAsync<NotFoundException>(() => Knowledge.SearchAsync(GlobexAdmin, kb.TableId, "a"));
        await Assert.ThrowsAsync<NotFoundException>(() => Knowledge.DocumentsAsync(GlobexAdmin, kb.TableId));
        await Assert.ThrowsAsync<NotFoundException>(() => Knowledge.JobsAsync(GlobexAdmin, kb.TableId));
        await Assert.ThrowsAsync<NotFoundException>(() => Knowledge.CreateUploadLinksAsync(GlobexAdmin, kb.TableId));
        await Assert.ThrowsAsync<NotFoundException>(() => Knowledge.IndexRecordAsync(GlobexAdmin, kb.TableId, 1));
        await Assert.ThrowsAsync<NotFoundException>(() => Knowledge.SearchAsync(Admin with { ApiKeyOrganizationId = Globex }, kb.TableId, "a"));

        // A guest reads and searches; an API key of the organization uploads.
        Assert.Empty((await Knowledge.SearchAsync(Guest, kb.TableId, "anything")).Results);
        var queued = await Knowledge.UploadAsync(ApiKey, kb.TableId, [File("a.txt", Utf8("Alpha text."))]);
        Assert.Equal(IndexingJobState.Completed, (await IdleAsync(kb.Id, queued)).State);
        Assert.Single(await Knowledge.DocumentsAsync(Guest, kb.TableId));
        await Assert.ThrowsAsync<ValidationException>(() => Knowledge.UploadAsync(Admin, kb.TableId, []));
    }

    /// <summary>Tokens that are the payload itself, base64 (the app seals them with Data Protection).</summary>
    sealed class PlainTokenProtector : IFileTokenProtector
    {
        public string Protect(string purpose, string payload, DateTimeOffset expiresAt) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(purpose + "|" + payload)).Replace('/', '_').Replace('+', '-');

        public string? Unprotect(string purpose, string token)
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token.Replace('_', '/').Replace('-', '+')));
            return text.StartsWith(purpose + "|") ? text[(purpose.Length + 1)..] : null;
        }
    }
}
