using System.Collections.Concurrent;
using System.Threading.Channels;
using Builder.Domain.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Builder.Domain.Tables.Import;

/// <summary>
/// The queue of CSV imports, in the pattern of <see cref="Knowledge.IndexingQueue"/>: a request enqueues a job and answers its
/// id at once; <see cref="ImportWorker"/> runs the jobs one after another on a background thread, as the requesting actor.
/// Progress lives in memory (this instance's jobs) and <see cref="Changed"/> tells subscribers (a page's circuit) of each step;
/// finished jobs are forgotten after an hour. It knows nothing of access: <see cref="TableImportService"/> checks it.
/// </summary>
public sealed class ImportQueue(TimeProvider clock)
{
    public const int MaxQueuedJobs = 100;
    private static readonly TimeSpan KeepFinished = TimeSpan.FromHours(1);

    internal sealed class Job(Actor actor, TableImportRequest request, ImportProgress progress)
    {
        public Actor Actor { get; } = actor;
        public TableImportRequest Request { get; } = request;
        public CancellationTokenSource Cancel { get; } = new();
        public volatile ImportProgress Progress = progress;
    }

    private readonly Channel<Job> _channel = Channel.CreateBounded<Job>(MaxQueuedJobs);
    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();

    /// <summary>Raised (on the worker's thread) whenever a job's progress changes.</summary>
    public event Action<ImportProgress>? Changed;

    internal ImportProgress Enqueue(Actor actor, TableImportRequest request)
    {
        Forget();
        var progress = new ImportProgress(Guid.NewGuid(), request.OrganizationId, request.TableNumber, actor.UserId, request.FileName,
            ImportState.Queued, 0, 0, 0, 0, [], null, clock.GetUtcNow().UtcDateTime, null, null);
        var job = new Job(actor, request, progress);
        if (!_channel.Writer.TryWrite(job))
            throw new Common.ConflictException("The server is busy with other imports.", "Try again in a few minutes.");
        _jobs[progress.JobId] = job;
        Changed?.Invoke(progress);
        return progress;
    }

    internal Job? Find(Guid jobId) => _jobs.TryGetValue(jobId, out var job) ? job : null;

    internal void Report(Job job, ImportProgress progress)
    {
        job.Progress = progress;
        try { Changed?.Invoke(progress); }
        catch (Exception) { /* a subscriber's failure is its own */ }
    }

    internal IAsyncEnumerable<Job> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);

    private void Forget()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (id, job) in _jobs)
            if (job.Progress.FinishedAt is { } finished && now - finished > KeepFinished) _jobs.TryRemove(id, out _);
    }
}

/// <summary>Runs <see cref="ImportQueue"/>'s jobs one after another, each in its own DI scope.</summary>
public sealed class ImportWorker(ImportQueue queue, IServiceScopeFactory scopes, ILogger<ImportWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.ReadAllAsync(stoppingToken))
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, job.Cancel.Token);
                await using var scope = scopes.CreateAsyncScope();
                try
                {
                    await scope.ServiceProvider.GetRequiredService<TableImporter>().RunAsync(job, queue, linked.Token);
                }
                catch (Exception e)
                {
                    log.LogError(e, "Import job {JobId} failed", job.Progress.JobId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
