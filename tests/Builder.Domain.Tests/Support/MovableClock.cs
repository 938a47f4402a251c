namespace Builder.Domain.Tests.Support;

/// <summary>The system clock, moved forward on demand (request expiry, trash windows).</summary>
public sealed class MovableClock : TimeProvider
{
    private TimeSpan _offset;

    public void Advance(TimeSpan by) => _offset += by;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
}
