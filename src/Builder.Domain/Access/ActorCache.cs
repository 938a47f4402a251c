using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Builder.Domain.Access;

/// <summary>
/// Keeps each user's actor (identity, System flag, and organization id → role) for <see cref="Lifetime"/>, so a request
/// does not read the database to learn who is calling. Every service that changes memberships, roles, users or
/// organizations evicts here after its save, so a changed permission holds from the very next request.
/// </summary>
/// <remarks>
/// One cache per process: with several app instances, another instance sees a change within <see cref="Lifetime"/>.
/// An actor an API key presents is the cached one confined to the key's organization (see <see cref="Actor.ApiKeyOrganizationId"/>).
/// </remarks>
public sealed class ActorCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    // Bumped by every eviction: a load that started before an eviction may have read the old rows, so it is not kept.
    private long _generation;
    // Cancelled by EvictAll: every entry stored so far expires with it.
    private CancellationTokenSource _all = new();

    /// <summary>Changes with every eviction, so a cache of something that depends on actors (API keys) can tell it is stale.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>The user's actor (not confined to any API-key organization), from the cache or from <paramref name="load"/>.</summary>
    public async Task<Actor?> GetAsync(Guid userId, Func<CancellationToken, Task<Actor?>> load, CancellationToken ct = default)
    {
        if (cache.TryGetValue(Key(userId), out Actor? cached)) return cached;
        var generation = Volatile.Read(ref _generation);
        var actor = await load(ct);
        if (actor is null) return null;
        lock (_gate)
        {
            if (_generation == generation)
                cache.Set(Key(userId), actor, new MemoryCacheEntryOptions()
                    .SetAbsoluteExpiration(Lifetime)
                    .AddExpirationToken(new CancellationChangeToken(_all.Token)));
        }
        return actor;
    }

    /// <summary>After a change to this user's memberships, roles or System flag (or the user's deletion).</summary>
    public void Evict(Guid? userId)
    {
        if (userId is not { } id) return;
        lock (_gate)
        {
            _generation++;
            cache.Remove(Key(id));
        }
    }

    /// <summary>After a change that touches many users at once, such as deleting an organization with its memberships.</summary>
    public void EvictAll()
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            _generation++;
            previous = _all;
            _all = new CancellationTokenSource();
        }
        previous.Cancel();
        previous.Dispose();
    }

    private static (Type, Guid) Key(Guid userId) => (typeof(ActorCache), userId);
}
