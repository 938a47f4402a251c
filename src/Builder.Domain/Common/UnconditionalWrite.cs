namespace Builder.Domain.Common;

/// <summary>
/// A write that names no expected version (no If-Match, or a poweruser update without one) asked for no precondition:
/// when it loses a race with another writer (<see cref="ConcurrencyException"/>) it runs again on fresh data instead of
/// answering "precondition failed", up to <paramref name="attempts"/> times (<see cref="Attempts"/> for /api's PUTs).
/// </summary>
public static class UnconditionalWrite
{
    public const int Attempts = 50;

    public static async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken ct, int attempts = Attempts)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (ConcurrencyException) when (attempt < attempts && !ct.IsCancellationRequested)
            {
            }
        }
    }
}
