using Builder.Domain.Knowledge;
using Builder.Domain.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Tests.Knowledge;

/// <summary>The background queue: progress per job (queued, processed, total, failed with reasons), failing items, cancelling.</summary>
public class IndexingQueueTests : IAsyncLifetime
{
    TestDatabase _db = null!;
    ServiceProvider _services = null!;
    readonly Guid _table = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = new ServiceCollection()
            .AddSingleton<Builder.Domain.Common.IBuilderDbContextFactory>(_db)
            .AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new FakeEmbeddingGenerator())
            .AddLogging()
            .AddKnowledge()
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    IndexingQueue Queue => _services.GetRequiredService<IndexingQueue>();

    IndexingWorker Worker() => new(Queue, _services.GetRequiredService<IServiceScopeFactory>(), NullLogger<IndexingWorker>.Instance);

    static IndexingWorkItem Doc(string name, string text, long rowId, Guid table) =>
        KnowledgeWork.Document(table, rowId, null, name, _ => Task.FromResult<Stream>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text))));

    async Task<IndexingProgress> RunToEndAsync(Guid jobId)
    {
        var worker = Worker();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            IndexingProgress last = null!;
            await foreach (var progress in Queue.WatchAsync(jobId, timeout.Token)) last = progress;
            return last;
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_job_waits_queued_then_reports_each_item_and_a_failing_item_with_its_reason_without_stopping_the_rest()
    {
        var job = Queue.Enqueue(_table, "3 documents", [
            Doc("a.md", "# A\n\nv:1,0", 1, _table),
            Doc("broken.pdf", "not a pdf", 2, _table),
            Doc("c.txt", "v:0,1", 3, _table),
        ]);
        Assert.Equal((IndexingJobState.Queued, 3, 0, 0, 3), (job.State, job.Total, job.Processed, job.Failed, job.Queued));

        var seen = new List<IndexingProgress>();
        Queue.Changed += p => { if (p.JobId == job.JobId) lock (seen) seen.Add(p); };
        var end = await RunToEndAsync(job.JobId);

        Assert.Equal((IndexingJobState.CompletedWithFailures, 3, 2, 1, 0), (end.State, end.Total, end.Processed, end.Failed, end.Queued));
        var failure = Assert.Single(end.Failures);
        Assert.Equal("broken.pdf", failure.Item);
        Assert.Contains("broken.pdf is not a PDF", failure.Reason);
        Assert.Equal(100, end.Percent);
        Assert.NotNull(end.FinishedAt);
        // Progress was reported as it went: running with each item in turn, counts rising.
        lock (seen)
        {
            Assert.Contains(seen, p => p.State == IndexingJobState.Running && p.Current == "broken.pdf" && p.Processed == 1);
            Assert.Equal(seen.Select(p => p.Processed + p.Failed).Order(), seen.Select(p => p.Processed + p.Failed));
        }
        var index = _services.GetRequiredService<TableVectorIndex>();
        Assert.Equal([1L, 3L], (await index.SearchAsync(_table, "v:1,0")).Matches.Select(m => m.RowId).Order());
        Assert.Equal([end.JobId], Queue.ForTable(_table).Select(p => p.JobId));
    }

    [Fact]
    public async Task An_unexpected_error_fails_the_item_with_a_generic_reason_and_no_internals()
    {
        var job = Queue.Enqueue(_table, "one", [new IndexingWorkItem("row 5", (_, _) => throw new InvalidOperationException("Secret connection string xyz"))]);

        var end = await RunToEndAsync(job.JobId);

        Assert.Equal(IndexingJobState.CompletedWithFailures, end.State);
        Assert.DoesNotContain("xyz", end.Failures[0].Reason);
        Assert.Contains("unexpected error", end.Failures[0].Reason);
    }

    [Fact]
    public async Task A_cancelled_job_stops_before_its_next_item()
    {
        var gate = new TaskCompletionSource();
        var ran = 0;
        var job = Queue.Enqueue(_table, "slow", [
            new IndexingWorkItem("first", async (_, _) => { Interlocked.Increment(ref ran); await gate.Task; }),
            new IndexingWorkItem("second", (_, _) => { Interlocked.Increment(ref ran); return Task.CompletedTask; }),
        ]);
        var worker = Worker();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 200 && Queue.Get(job.JobId)!.Current != "first"; i++) await Task.Delay(20);
            Assert.True(Queue.Cancel(job.JobId));
            gate.SetResult();
            IndexingProgress end = null!;
            await foreach (var p in Queue.WatchAsync(job.JobId, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token)) end = p;

            Assert.Equal((IndexingJobState.Cancelled, 1, 1), (end.State, end.Processed, ran));
            Assert.False(Queue.Cancel(job.JobId));
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_full_queue_refuses_with_a_clear_message_and_finished_jobs_are_forgotten_after_a_while()
    {
        var clock = new Trash.ManualClock(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var queue = new IndexingQueue(clock, new IndexingQueueOptions { MaxQueuedJobs = 1, KeepFinished = TimeSpan.FromMinutes(10) });
        var first = queue.Enqueue(_table, "one", []);
        var e = Assert.Throws<IndexingException>(() => queue.Enqueue(_table, "two", []));
        Assert.Contains("queue is full", e.Message);

        var worker = new IndexingWorker(queue, _services.GetRequiredService<IServiceScopeFactory>(), NullLogger<IndexingWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        await foreach (var _ in queue.WatchAsync(first.JobId)) { }
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(IndexingJobState.Completed, queue.Get(first.JobId)!.State);
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Throws<IndexingException>(() => queue.Enqueue(_table, "after stop", [])); // the worker stopped: the queue is closed
        Assert.Null(queue.Get(first.JobId));
    }
}
