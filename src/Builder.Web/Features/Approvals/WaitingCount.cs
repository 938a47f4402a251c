using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Common;

namespace Builder.Web.Features.Approvals;

/// <summary>
/// The number of approval requests waiting for the signed-in person, for the navigation's badge: counted once, then again
/// whenever the <see cref="ApprovalNotifier"/> says a request was made or decided in an organization the person belongs to
/// (any, for a System user). Pushed to the circuit, never polled. A plain object the nav menu owns rather than a component:
/// every component in the shell costs every circuit memory (see CircuitWeightTests). With <c>platform</c>, only the platform's
/// requests (no organization) waiting for a System administrator, for the badge on Platform approvals.
/// </summary>
public sealed class WaitingCount : IDisposable
{
    private readonly ApprovalService _approvals;
    private readonly ApprovalNotifier _notifier;
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Action _changed;
    private readonly bool _platform;
    private Actor? _actor;

    /// <param name="dispatch">Runs work on the component's renderer (its <c>InvokeAsync</c>).</param>
    /// <param name="changed">Asks the owner to render (its <c>StateHasChanged</c>), called on the renderer.</param>
    /// <param name="platform">Counts only the platform's requests, for a System administrator (0 for anyone else).</param>
    public WaitingCount(ApprovalService approvals, ApprovalNotifier notifier, Func<Func<Task>, Task> dispatch, Action changed, bool platform = false)
    {
        (_approvals, _notifier, _dispatch, _changed, _platform) = (approvals, notifier, dispatch, changed, platform);
        _notifier.Changed += OnChanged;
    }

    public int Value { get; private set; }

    /// <summary>Counts for <paramref name="actor"/> when it is another person (or the same person read again) than last time.</summary>
    public async Task FollowAsync(Actor? actor)
    {
        if (ReferenceEquals(actor, _actor)) return;
        _actor = actor;
        await CountAsync();
    }

    private async Task CountAsync()
    {
        try
        {
            Value = _actor switch
            {
                { IsHuman: true, IsSystem: true } actor when _platform =>
                    (await _approvals.ListAsync(actor, null, new ApprovalQuery(WaitingForMe: true), new PageRequest(Limit: 1))).Total,
                { IsHuman: true } actor when !_platform => await _approvals.CountWaitingForAsync(actor),
                _ => 0,
            };
        }
        catch (Exception exception) when (exception is not OperationCanceledException) { Value = 0; /* a badge never breaks the page */ }
    }

    private void OnChanged(ApprovalChange change)
    {
        if (_actor is not { IsHuman: true } actor) return;
        var concerns = change.OrganizationId is { } org ? !_platform && actor.RoleIn(org) is not null : actor.IsSystem;
        if (!concerns) return;
        _ = _dispatch(async () =>
        {
            var before = Value;
            await CountAsync();
            if (before != Value) _changed();
        });
    }

    public void Dispose() => _notifier.Changed -= OnChanged;
}
