using Builder.Domain.Access;

namespace Builder.Domain.Common;

/// <summary>
/// An editable record: who changed it last and when, and a concurrency token (<see cref="Version"/>) that
/// changes on every save, so a stale save is refused instead of silently overwriting someone else's change.
/// </summary>
public abstract class TrackedEntity
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public Guid Version { get; set; } = Guid.NewGuid();

    public void Stamp(Actor actor, DateTime now)
    {
        if (CreatedAt == default) CreatedAt = now;
        UpdatedAt = now;
        UpdatedBy = actor.Email;
        Version = Guid.NewGuid();
    }

    /// <summary>Refuses the change when the caller read an older version. A null expected version is an unconditional write.</summary>
    public void EnsureVersion(Guid? expected)
    {
        if (expected is { } version && version != Version) throw new ConcurrencyException(UpdatedBy, UpdatedAt);
    }
}
