using Builder.Domain.Access;
using Microsoft.Extensions.Caching.Memory;

namespace Builder.Domain.ApiKeys;

/// <summary>
/// Keeps what authenticating an API key needs (its secret's hash, owner, organization, last use) by key id for
/// <see cref="Lifetime"/>, so a request with a key reads no row to learn whose key it is. The secret is still checked
/// against the hash on every request.
/// </summary>
/// <remarks>
/// Within this instance a change holds from the very next request: revoking a key evicts it here after its save, and
/// any change <see cref="ActorCache"/> is told of (a membership, role, user or organization change, anywhere) makes
/// every cached key be read again, besides the actor itself being read again. With several instances, a key revoked on
/// another instance keeps working here for at most <see cref="Lifetime"/> (30 s), the same bound
/// <see cref="ActorCache"/> gives a membership or role change made on another instance.
/// </remarks>
public sealed class ApiKeyCache(IMemoryCache cache, ActorCache actors)
{
    public static readonly TimeSpan Lifetime = ActorCache.Lifetime;

    /// <summary>A cached key. <see cref="LastUsedTicks"/> changes in place as the key is used (see <see cref="TryMarkUsed"/>).</summary>
    public sealed class Entry(Guid id, Guid ownerUserId, Guid organizationId, string secretHash, DateTime? lastUsedAt, long actorGeneration)
    {
        public Guid Id { get; } = id;
        public Guid OwnerUserId { get; } = ownerUserId;
        public Guid OrganizationId { get; } = organizationId;
        public string SecretHash { get; } = secretHash;
        internal long ActorGeneration { get; } = actorGeneration;
        internal long LastUsedTicks = lastUsedAt?.Ticks ?? 0;
    }

    private readonly Lock _gate = new();
    // Bumped by every eviction: a load that started before a revocation may have read the key unrevoked, so it is not kept.
    private long _generation;

    /// <summary>The key with this key id, from the cache or from <paramref name="load"/> (null: unknown or revoked, not cached).</summary>
    public async Task<Entry?> GetAsync(string keyId, Func<long, CancellationToken, Task<Entry?>> load, CancellationToken ct = default)
    {
        if (cache.TryGetValue(Key(keyId), out Entry? cached) && cached!.ActorGeneration == actors.Generation) return cached;
        var generation = Volatile.Read(ref _generation);
        var actorGeneration = actors.Generation;
        var entry = await load(actorGeneration, ct);
        if (entry is null) return null;
        lock (_gate)
        {
            if (_generation == generation) cache.Set(Key(keyId), entry, Lifetime);
        }
        return entry;
    }

    /// <summary>
    /// True for exactly one caller once the key's last use is older than <paramref name="interval"/>: that caller
    /// writes the new time, the others go on without a write.
    /// </summary>
    public static bool TryMarkUsed(Entry entry, DateTime now, TimeSpan interval)
    {
        var seen = Interlocked.Read(ref entry.LastUsedTicks);
        if (seen != 0 && now.Ticks - seen <= interval.Ticks) return false;
        return Interlocked.CompareExchange(ref entry.LastUsedTicks, now.Ticks, seen) == seen;
    }

    /// <summary>After a key is revoked (or deleted).</summary>
    public void Evict(string keyId)
    {
        lock (_gate)
        {
            _generation++;
            cache.Remove(Key(keyId));
        }
    }

    private static (Type, string) Key(string keyId) => (typeof(ApiKeyCache), keyId);
}
