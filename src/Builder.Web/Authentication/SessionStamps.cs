using System.Collections.Concurrent;

namespace Builder.Web.Authentication;

/// <summary>
/// The current session stamp of each user this instance has seen, so every request can compare its cookie's stamp
/// without a query. Sign-in and sign-out here update it at once; the database is read at most every
/// <see cref="AuthenticationSetup.UserCheckInterval"/> per session (or when a cookie shows a stamp this cache does not
/// know), so another instance's sign-out takes effect here within that interval.
/// </summary>
public sealed class SessionStamps
{
    // null: the user no longer exists.
    private readonly ConcurrentDictionary<Guid, Guid?> _current = new();

    public bool TryGet(Guid userId, out Guid? stamp) => _current.TryGetValue(userId, out stamp);

    public void Set(Guid userId, Guid? stamp) => _current[userId] = stamp;
}
