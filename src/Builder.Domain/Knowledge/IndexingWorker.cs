using Builder.Domain.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Builder.Domain.Knowledge;

/// <summary>
/// The hosted service that runs the <see cref="IndexingQueue"/>'s jobs, one at a time and item by item, each item in its
/// own DI scope. A failing item is recorded with its reason and the job goes on; a cancelled job stops before its next
/// item; at shutdown the job running stops and what waits is marked cancelled.
/// </summary>
public sealed class IndexingWorker(IndexingQueue queue, IServiceScopeFactory scopes, ILogger<IndexingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
            {
                queue.Dequeued();
                await RunAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            queue.Complete();
            while (queue.Reader.TryRead(out var waiting))
            {
                queue.Dequeued();
                waiting.Finish(cancelled: true);
            }
        }
    }

    /// <summary>Runs one job to its end (or its cancellation).</summary>
    internal async Task RunAsync(IndexingQueue.Job job, CancellationToken stoppingToken)
    {
        job.Start();
        var cancelled = false;
        foreach (var item in job.Items)
        {
            if (job.CancelRequested || stoppingToken.IsCancellationRequested) { cancelled = true; break; }
            job.Working(item.Name);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await item.RunAsync(scope.ServiceProvider, stoppingToken);
                job.Succeeded();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }
            catch (Exception e)
            {
                job.Failed(item.Name, Reason(e, job, item));
            }
        }
        job.Finish(cancelled);
        var progress = job.Snapshot();
        logger.LogInformation("Indexing job {JobId} for table {TableId} ended {State}: {Processed} indexed, {Failed} failed of {Total}.",
            progress.JobId, progress.TableId, progress.State, progress.Processed, progress.Failed, progress.Total);
    }

    string Reason(Exception e, IndexingQueue.Job job, IndexingWorkItem item)
    {
        switch (e)
        {
            case DocumentExtractionException or IndexingException:
                return e.Message;
            case ModelCallException model:
                logger.LogWarning("Indexing job {JobId}: the embedding model failed on an item ({Failure}).", job.Id, model.Failure);
                return $"The embedding model failed: {model.Message}";
            case OperationCanceledException:
                return "Indexing this item took too long and was stopped.";
            default:
                logger.LogError(e, "Indexing job {JobId}: an item failed unexpectedly.", job.Id);
                return "An unexpected error stopped indexing this item; the server log has the details.";
        }
    }
}
