using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Builder.Domain.Knowledge;

/// <summary>Where an indexing job is.</summary>
public enum IndexingJobState
{
    Queued,
    Running,

    /// <summary>Every item was indexed.</summary>
    Completed,

    /// <summary>The job ran to its end, and some items failed (each with its reason).</summary>
    CompletedWithFailures,

    /// <summary>Stopped before its end: cancelled, or the server shut down.</summary>
    Cancelled,
}

/// <summary>An item that could not be indexed, and why, in words for the person who uploaded it.</summary>
public sealed record IndexingFailure(string Item, string Reason);

/// <summary>
/// A snapshot of a job's progress for a page to poll (<see cref="IndexingQueue.Get"/>) or follow
/// (<see cref="IndexingQueue.WatchAsync"/>, <see cref="IndexingQueue.Changed"/>). <see cref="Queued"/> items wait,
/// <see cref="Processed"/> were indexed, <see cref="Failed"/> failed (<see cref="Failures"/> says why, at most
/// <see cref="IndexingQueue.MaxFailuresKept"/> of them).
/// </summary>
public sealed record IndexingProgress(
    Guid JobId,
    Guid TableId,
    string Description,
    IndexingJobState State,
    int Total,
    int Processed,
    int Failed,
    IReadOnlyList<IndexingFailure> Failures,
    string? Current,
    DateTime QueuedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt)
{
    public int Queued => Total - Processed - Failed;
    public bool IsFinished => State is IndexingJobState.Completed or IndexingJobState.CompletedWithFailures or IndexingJobState.Cancelled;

    /// <summary>0–100, for a progress bar.</summary>
    public double Percent => Total == 0 ? 100 : 100.0 * (Processed + Failed) / Total;
}

/// <summary>
/// One unit of an indexing job (a document, a row, a batch of rows): its name in progress and failure reports, and the
/// work, run on the background worker in its own DI scope. Throw <see cref="IndexingException"/> (or let a
/// <see cref="DocumentExtractionException"/> through) to fail the item with a reason the user may read; any other
/// exception fails it with a generic reason and is logged.
/// </summary>
public sealed record IndexingWorkItem(string Name, Func<IServiceProvider, CancellationToken, Task> RunAsync);

/// <summary>An item's failure whose message can be shown to the user as it is.</summary>
public sealed class IndexingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Settings of the indexing queue (section <c>Knowledge:Indexing</c>).</summary>
public sealed class IndexingQueueOptions
{
    /// <summary>How many jobs may wait; past it <see cref="IndexingQueue.Enqueue"/> refuses (the server is busy).</summary>
    public int MaxQueuedJobs { get; set; } = 1_000;

    /// <summary>How long a finished job's progress stays readable (default 1 hour).</summary>
    public TimeSpan KeepFinished { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// The background indexing queue: a request enqueues a job (a list of <see cref="IndexingWorkItem"/>s, e.g. one per uploaded
/// document) and answers at once with the job's id; <see cref="IndexingWorker"/>, a hosted service, runs the jobs one after
/// another, item by item, so embedding never runs on a request thread. Progress lives in memory (this instance's jobs),
/// and finished jobs are forgotten after <see cref="IndexingQueueOptions.KeepFinished"/>.
/// <para>Like <see cref="TableVectorIndex"/>, it knows tables only by id: the service that enqueues or reports a job
/// checks the caller's access to <see cref="IndexingProgress.TableId"/>.</para>
/// </summary>
public sealed class IndexingQueue(TimeProvider? clock = null, IndexingQueueOptions? options = null)
{
    public const int MaxFailuresKept = 100;

    readonly TimeProvider _clock = clock ?? TimeProvider.System;
    readonly IndexingQueueOptions _options = options ?? new IndexingQueueOptions();
    readonly Channel<Job> _channel = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    readonly ConcurrentDictionary<Guid, Job> _jobs = new();
    int _waiting;

    /// <summary>Raised on every change of any job (from the worker's thread): a page marshals it onto its own context.</summary>
    public event Action<IndexingProgress>? Changed;

    /// <summary>Queues a job; throws <see cref="IndexingException"/> when the queue is full (try again later).</summary>
    public IndexingProgress Enqueue(Guid tableId, string description, IReadOnlyList<IndexingWorkItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Prune();
        if (Interlocked.Increment(ref _waiting) > _options.MaxQueuedJobs)
        {
            Interlocked.Decrement(ref _waiting);
            throw new IndexingException($"The indexing queue is full ({_options.MaxQueuedJobs:N0} jobs wait); try again in a few minutes.");
        }
        var job = new Job(this, Guid.NewGuid(), tableId, description, items, _clock.GetUtcNow().UtcDateTime);
        _jobs[job.Id] = job;
        if (!_channel.Writer.TryWrite(job))
        {
            Interlocked.Decrement(ref _waiting);
            _jobs.TryRemove(job.Id, out _);
            throw new IndexingException("The indexing queue is closed (the server is shutting down); try again later.");
        }
        var snapshot = job.Snapshot();
        Changed?.Invoke(snapshot);
        return snapshot;
    }

    /// <summary>The job's progress, or null when it is unknown (or finished long ago).</summary>
    public IndexingProgress? Get(Guid jobId) => _jobs.TryGetValue(jobId, out var job) ? job.Snapshot() : null;

    /// <summary>The jobs of one table that are known, newest first.</summary>
    public IReadOnlyList<IndexingProgress> ForTable(Guid tableId) =>
        _jobs.Values.Where(j => j.TableId == tableId).Select(j => j.Snapshot()).OrderByDescending(p => p.QueuedAt).ToList();

    /// <summary>Stops a job before its next item (the item running finishes); false when it is unknown or already finished.</summary>
    public bool Cancel(Guid jobId) => _jobs.TryGetValue(jobId, out var job) && job.RequestCancel();

    /// <summary>The job's progress now and at every change, until it finishes (or <paramref name="cancellationToken"/>).</summary>
    public async IAsyncEnumerable<IndexingProgress> WatchAsync(Guid jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_jobs.TryGetValue(jobId, out var job)) yield break;
        while (true)
        {
            var next = job.NextChange;
            var snapshot = job.Snapshot();
            yield return snapshot;
            if (snapshot.IsFinished) yield break;
            await next.WaitAsync(cancellationToken);
        }
    }

    internal ChannelReader<Job> Reader => _channel.Reader;

    internal void Complete() => _channel.Writer.TryComplete();

    internal void Notify(Job job) => Changed?.Invoke(job.Snapshot());

    internal void Dequeued() => Interlocked.Decrement(ref _waiting);

    internal DateTime Now => _clock.GetUtcNow().UtcDateTime;

    void Prune()
    {
        var cutoff = Now - _options.KeepFinished;
        foreach (var (id, job) in _jobs)
            if (job.FinishedAt is { } finished && finished < cutoff) _jobs.TryRemove(id, out _);
    }

    /// <summary>A job and its counters; the worker is the only writer, snapshots are taken under the lock.</summary>
    internal sealed class Job(IndexingQueue queue, Guid id, Guid tableId, string description, IReadOnlyList<IndexingWorkItem> items, DateTime queuedAt)
    {
        readonly object _gate = new();
        readonly List<IndexingFailure> _failures = [];
        TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        IndexingJobState _state = IndexingJobState.Queued;
        int _processed, _failed;
        string? _current;
        DateTime? _startedAt;
        bool _cancelRequested;

        public Guid Id => id;
        public Guid TableId => tableId;
        public IReadOnlyList<IndexingWorkItem> Items => items;
        public DateTime? FinishedAt { get; private set; }
        public Task NextChange { get { lock (_gate) return _changed.Task; } }
        public bool CancelRequested { get { lock (_gate) return _cancelRequested; } }

        public IndexingProgress Snapshot()
        {
            lock (_gate)
                return new IndexingProgress(id, tableId, description, _state, items.Count, _processed, _failed, _failures.ToList(), _current,
                    queuedAt, _startedAt, FinishedAt);
        }

        public bool RequestCancel()
        {
            lock (_gate)
            {
                if (_state is not (IndexingJobState.Queued or IndexingJobState.Running)) return false;
                _cancelRequested = true;
            }
            return true;
        }

        public void Start() => Update(() => { _state = IndexingJobState.Running; _startedAt = queue.Now; });
        public void Working(string item) => Update(() => _current = item);
        public void Succeeded() => Update(() => { _processed++; _current = null; });

        public void Failed(string item, string reason) => Update(() =>
        {
            _failed++;
            _current = null;
            if (_failures.Count < MaxFailuresKept) _failures.Add(new IndexingFailure(item, reason));
        });

        public void Finish(bool cancelled) => Update(() =>
        {
            _state = cancelled ? IndexingJobState.Cancelled : _failed > 0 ? IndexingJobState.CompletedWithFailures : IndexingJobState.Completed;
            _current = null;
            FinishedAt = queue.Now;
        });

        void Update(Action change)
        {
            TaskCompletionSource changed;
            lock (_gate)
            {
                change();
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            changed.TrySetResult();
            queue.Notify(this);
        }
    }
}
