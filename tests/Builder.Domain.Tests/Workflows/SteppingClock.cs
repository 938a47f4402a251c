namespace Builder.Domain.Tests.Workflows;

/// <summary>A clock that moves forward by <paramref name="step"/> every time it is read: "each check costs this much time", without sleeping.</summary>
public sealed class SteppingClock(TimeSpan step) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks) - step.Ticks;
}
