using System.Diagnostics;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.PromptTemplates.Execution;
using Builder.Web.Api;

namespace Builder.Web.Features.PromptTemplates.Runs;

public enum TemplateRunStatus { Waiting, Running, Finished, Failed, Stopped }

/// <summary>
/// One run in the editor as it streams in: the output so far (as the pieces that arrived, so each render sends only the
/// new ones), then the result or the reason it failed. The streaming, the recording and every rule are
/// <see cref="PromptExecutionService.StreamAsync"/>'s; this only keeps what the page shows and asks it to render, at once for
/// the first words and then at most every <see cref="RenderEvery"/>.
/// </summary>
public sealed class TemplateRun(string title, PromptExecutionRequest request) : IDisposable
{
    /// <summary>How often a fast stream re-renders (the first piece renders at once).</summary>
    public static readonly TimeSpan RenderEvery = TimeSpan.FromMilliseconds(30);

    private readonly List<string> _pieces = [];
    private readonly CancellationTokenSource _stop = new();
    private int _renderScheduled;

    /// <summary>What the run is of: a set's name, "Entered values", or a model's name.</summary>
    public string Title { get; } = title;

    public PromptExecutionRequest Request { get; } = request;
    public TemplateRunStatus Status { get; private set; } = TemplateRunStatus.Waiting;
    public IReadOnlyList<string> Pieces => _pieces;
    public bool HasOutput => _pieces.Count > 0;
    public PromptExecutionResult? Result { get; private set; }

    /// <summary>The reason a person reads when the run failed or was refused (never a credential: the gateway's words).</summary>
    public string? Error { get; private set; }

    public bool IsActive => Status is TemplateRunStatus.Waiting or TemplateRunStatus.Running;

    public void Stop()
    {
        if (IsActive) _stop.Cancel();
    }

    /// <summary>Refused before it started (the per-person limit): shown like a failure.</summary>
    public void Refuse(string reason)
    {
        Status = TemplateRunStatus.Failed;
        Error = reason;
    }

    /// <summary>Streams the run; <paramref name="changed"/> renders (it is called from any thread and must marshal itself).</summary>
    public async Task RunAsync(PromptExecutionService service, Actor actor, Guid templateId, Func<Task> changed)
    {
        if (Status != TemplateRunStatus.Waiting) return;
        if (_stop.IsCancellationRequested)
        {
            Status = TemplateRunStatus.Stopped; // stopped while waiting for its turn: never sent
            await changed();
            return;
        }
        Status = TemplateRunStatus.Running;
        await changed();
        long lastRender = 0;
        try
        {
            await foreach (var update in service.StreamAsync(actor, templateId, Request, _stop.Token))
            {
                if (update.Result is { } result)
                {
                    Result = result;
                    break;
                }
                if (update.Delta.Length == 0) continue;
                _pieces.Add(update.Delta);
                if (lastRender == 0 || Stopwatch.GetElapsedTime(lastRender) >= RenderEvery)
                {
                    lastRender = Stopwatch.GetTimestamp();
                    await changed();
                }
                else ScheduleRender(changed);
            }
            Status = Result is null ? TemplateRunStatus.Stopped : TemplateRunStatus.Finished;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            Status = TemplateRunStatus.Stopped;
        }
        catch (Exception e) when (Describe(e) is { } reason)
        {
            Status = TemplateRunStatus.Failed;
            Error = reason;
        }
        await changed();
    }

    /// <summary>One render a little later, for the pieces of a fast stream that arrived since the last one.</summary>
    private void ScheduleRender(Func<Task> changed)
    {
        if (Interlocked.Exchange(ref _renderScheduled, 1) == 1) return;
        _ = Task.Delay(RenderEvery).ContinueWith(async _ =>
        {
            Interlocked.Exchange(ref _renderScheduled, 0);
            await changed();
        }, TaskScheduler.Default);
    }

    /// <summary>The sentence for an expected failure; null for a bug (which the page's error handling reports).</summary>
    public static string? Describe(Exception e) => e switch
    {
        PromptExecutionException { Failure: ModelFailure.RateLimited } model =>
            $"The model is rate limiting requests: {model.Message}. Wait a little and run again.",
        PromptExecutionException model => $"The model call failed: {model.Message}.",
        ValidationException validation => string.Join(" ", validation.Errors.SelectMany(x => x.Value)),
        DomainException domain => domain.Details is { Length: > 0 } details ? $"{domain.Message}. {details}" : domain.Message,
        _ => null,
    };

    /// <summary>The refusal of the per-person allowance the API's execute draws on too (null when allowed).</summary>
    public static string? Refusal(UserRateLimiter limiter, Actor actor)
    {
        var decision = limiter.TryAcquire(actor.UserId);
        return decision.Allowed ? null : RateLimits.RefusalText(limiter, decision, RateLimitedWork.TemplateRuns);
    }

    /// <summary>Stops the run if it is still going (the page is leaving); the token is not disposed under the running stream.</summary>
    public void Dispose() => Stop();
}
