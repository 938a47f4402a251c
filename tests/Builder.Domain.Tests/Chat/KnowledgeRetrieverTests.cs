using System.Text;
using Builder.Domain.Chat;
using Builder.Domain.Files;
using Builder.Domain.Knowledge;
using Builder.Domain.Sharing;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Knowledge;
using Builder.Domain.Tests.Knowledge;
using Builder.Domain.Tests.Tables;
using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Tests.Chat;

/// <summary>
/// An agent's knowledge bases searched for a chat turn with the real local model, through the knowledge bases' own search:
/// found by meaning as the person chatting; one they cannot read, one in the trash or another organization's skipped with a
/// note that names no name; an empty one noted; none at all → no context.
/// </summary>
[Collection(EmbeddingCollection.Name)]
public sealed class KnowledgeRetrieverTests(EmbeddingFixture fixture) : TableTestContext, IDisposable
{
    readonly string _blobs = Path.Combine(Path.GetTempPath(), "kb-chat-tests-" + Guid.NewGuid().ToString("N"));
    IndexingWorker? _worker;

    protected override void Configure(IServiceCollection services)
    {
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(fixture.Generator);
        services.AddSingleton<IBlobStore>(new FileSystemBlobStore(_blobs));
    }

    public void Dispose()
    {
        _worker?.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (Directory.Exists(_blobs)) Directory.Delete(_blobs, recursive: true);
    }

    KnowledgeRetriever Retriever => Get<KnowledgeRetriever>();

    const string Handbook = """
        # Handbook

        ## Pets in the office
        Dogs are welcome on Fridays if they are calm and house-trained.

        ## Travel
        Economy flights are booked for trips under six hours.
        """;

    async Task<TableView> KnowledgeBaseAsync(string name, string? markdown = Handbook)
    {
        var knowledge = Get<KnowledgeBaseService>();
        var kb = await knowledge.CreateAsync(Admin, Acme, name);
        if (markdown is null) return kb;
        var queue = Get<IndexingQueue>();
        var job = await knowledge.UploadAsync(Admin, kb.TableId, [new DocumentUpload("handbook.md", "text/markdown",
            _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(markdown))))]);
        if (_worker is null)
        {
            _worker = new IndexingWorker(queue, Get<IServiceScopeFactory>(), NullLogger<IndexingWorker>.Instance);
            await _worker.StartAsync(CancellationToken.None);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var _ in queue.WatchAsync(job.JobId, timeout.Token)) { }
        Assert.Equal(IndexingJobState.Completed, queue.Get(job.JobId)!.State);
        return kb;
    }

    [Fact]
    public async Task An_agent_without_knowledge_bases_gets_no_context()
    {
        Assert.Null(await Retriever.RetrieveAsync(Admin, Acme, [], "Can I bring my puppy to work?"));
    }

    [Fact]
    public async Task The_passage_that_answers_the_message_is_found_by_meaning_and_named_by_its_source()
    {
        var kb = await KnowledgeBaseAsync("office_kb");

        var context = await Retriever.RetrieveAsync(Builder, Acme, [kb.Id], "Can I bring my puppy to work?");

        var best = context!.Step.Retrieval!.Passages[0];
        Assert.True(best.Used);
        Assert.Equal((kb.TableId, "office_kb", "handbook.md", "Handbook › Pets in the office"), (best.KnowledgeBaseId, best.KnowledgeBase, best.Source, best.HeadingPath));
        Assert.StartsWith("Dogs are welcome on Fridays", best.Text);
        Assert.Contains("[1] office_kb › handbook.md › Handbook › Pets in the office\nDogs are welcome on Fridays", context.SystemBlock);
        Assert.Empty(context.Step.Retrieval.Notes);
        Assert.Equal("Can I bring my puppy to work?", context.Step.Arguments);
    }

    [Fact]
    public async Task A_knowledge_base_the_person_cannot_read_is_skipped_with_a_note_that_names_nothing_of_it()
    {
        var open = await KnowledgeBaseAsync("office_kb");
        var secret = await KnowledgeBaseAsync("board_minutes_kb", "# Board\n\n## Pets\nThe board secretly plans to ban dogs named Zeppelin.\n");
        await using (var db = Db.Context())
        {
            var row = await db.AutessaTables.SingleAsync(t => t.Id == secret.Id);
            row.SharingLevel = SharingLevel.Private;
            await db.SaveChangesAsync();
        }

        var context = await Retriever.RetrieveAsync(Builder, Acme, [open.Id, secret.Id], "Can I bring my puppy to work?");

        var json = global::System.Text.Json.JsonSerializer.Serialize(context);
        Assert.DoesNotContain("board_minutes_kb", json);
        Assert.DoesNotContain("Zeppelin", json);
        Assert.Equal([$"Knowledge base 2 of 2 {KnowledgeRetriever.NotAvailable}."], context!.Step.Retrieval!.Notes);
        Assert.Equal(1, context.Step.Retrieval.KnowledgeBasesSearched);
        Assert.All(context.Step.Retrieval.Passages, p => Assert.Equal("office_kb", p.KnowledgeBase));

        // The Admin, who sees every table, gets both.
        var admin = await Retriever.RetrieveAsync(Admin, Acme, [open.Id, secret.Id], "Can I bring my puppy to work?");
        Assert.Contains("Zeppelin", admin!.SystemBlock);
    }

    [Fact]
    public async Task A_trashed_or_another_organizations_knowledge_base_is_skipped_and_the_step_says_why()
    {
        var kb = await KnowledgeBaseAsync("office_kb");

        var other = await Retriever.RetrieveAsync(GlobexAdmin, Globex, [kb.Id], "Can I bring my puppy to work?");
        Assert.Null(other!.SystemBlock);
        Assert.Equal($"The agent's knowledge base {KnowledgeRetriever.NotAvailable}.", other.Step.Error);

        // The agent's organization is checked too, whoever asks.
        var wrongOrganization = await Retriever.RetrieveAsync(System, Globex, [kb.Id], "Can I bring my puppy to work?");
        Assert.Null(wrongOrganization!.SystemBlock);

        await Tables.DeleteAsync(Admin, kb.Id, null);
        var trashed = await Retriever.RetrieveAsync(Admin, Acme, [kb.Id], "Can I bring my puppy to work?");
        Assert.Null(trashed!.SystemBlock);
        Assert.Empty(trashed.Step.Retrieval!.Passages);
        Assert.Equal(0, trashed.Step.Retrieval.KnowledgeBasesSearched);
    }

    [Fact]
    public async Task An_empty_knowledge_base_is_searched_and_noted()
    {
        var kb = await KnowledgeBaseAsync("empty_kb", markdown: null);

        var context = await Retriever.RetrieveAsync(Admin, Acme, [kb.Id], "Can I bring my puppy to work?");

        Assert.Null(context!.SystemBlock);
        Assert.Equal(1, context.Step.Retrieval!.KnowledgeBasesSearched);
        Assert.StartsWith("empty_kb has no indexed passages yet", Assert.Single(context.Step.Retrieval.Notes));
        Assert.Null(context.Step.Error);
    }
}
