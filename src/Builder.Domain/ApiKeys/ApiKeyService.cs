using System.Linq.Expressions;
using System.Security.Cryptography;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.ApiKeys;

public sealed class ApiKeyService(IBuilderDbContextFactory dbs, UserAccountService accounts, ApiKeyCache cache, TimeProvider clock)
{
    private const string NotFound = "API key not found";

    /// <summary>How stale a key's LastUsedAt may get: a key in use writes it at most once per interval.</summary>
    public static readonly TimeSpan LastUsedInterval = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, Expression<Func<ApiKey, object>>> SortKeys = new()
    {
        ["createdAt"] = k => k.CreatedAt,
        ["name"] = k => k.Name,
        ["lastUsedAt"] = k => k.LastUsedAt!,
    };

    private static readonly Expression<Func<ApiKey, ApiKeyView>> ToView = k => new ApiKeyView(
        k.Id, k.OrganizationId, k.Name, k.KeyId, k.OwnerEmail, k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.RevokedBy);

    private static readonly Func<ApiKey, ApiKeyView> View = ToView.Compile();

    public async Task<PagedResult<ApiKeyView>> ListAsync(Actor actor, Guid organizationId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.ApiKeysManage, ct);
        return await db.ApiKeys.AsNoTracking()
            .Where(k => k.OrganizationId == organizationId)
            .WhereLike(page.LikePattern, k => k.Name)
            .ToPageAsync(page with { Descending = page.Sort is null || page.Descending }, SortKeys, ToView, ct);
    }

    /// <summary>Creates a key for the calling admin in one organization. Generating keys is for people, not for other keys.</summary>
    public async Task<GeneratedApiKey> GenerateAsync(Actor actor, Guid organizationId, string? name, CancellationToken ct = default)
    {
        actor.Require(organizationId, Permissions.ApiKeysManage, OrganizationAccess.NotFound);
        actor.RequireHuman("Generating an API key");
        new Validator().Required("name", name, "Name", ApiKey.NameMax).ThrowIfInvalid();

        var keyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var key = new ApiKey
        {
            OrganizationId = organizationId, OwnerUserId = actor.UserId, OwnerEmail = actor.Email,
            Name = name!.Trim(), KeyId = keyId, SecretHash = ApiKey.HashSecret(secret), CreatedAt = now,
        };
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.ApiKeysManage, ct);
        db.ApiKeys.Add(key);
        await db.RecordAsync(actor, now, AuditActions.Created, Subject(key), ["name"], ct);
        await db.SaveOrConflictAsync("Could not create the key; try again.", ct);
        return new GeneratedApiKey(View(key), $"{ApiKey.Prefix}:{keyId}:{secret}");
    }

    public async Task<ApiKeyView> RevokeAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var key = await db.ApiKeys.LoadPermittedAsync(actor, id, Permissions.ApiKeysManage, NotFound, null, ct);
        actor.RequireHuman("Revoking an API key");
        if (key.RevokedAt is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            key.RevokedAt = now;
            key.RevokedBy = actor.Email;
            await db.RecordAsync(actor, now, AuditActions.Revoked, Subject(key), ["revokedAt"], ct);
            await db.SaveOrConflictAsync("The key could not be revoked; try again.", ct);
        }
        cache.Evict(key.KeyId);
        return View(key);
    }

    /// <summary>
    /// Authenticates "pwrusr:{key_id}:{secret}". Returns the key owner's actor confined to the key's organization,
    /// or null when the key is unknown, revoked, wrong, or its owner is gone. The key comes from <see cref="ApiKeyCache"/>
    /// and the actor from the actor cache, so a key in use reads no rows (and writes LastUsedAt once per
    /// <see cref="LastUsedInterval"/>).
    /// </summary>
    public async Task<Actor?> AuthenticateAsync(string? presented, CancellationToken ct = default)
    {
        if (ApiKey.Parse(presented) is not { } parsed) return null;
        var key = await cache.GetAsync(parsed.KeyId, LoadAsync(parsed.KeyId), ct);
        if (key is null || !ApiKey.Matches(key.SecretHash, parsed.Secret)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (ApiKeyCache.TryMarkUsed(key, now, LastUsedInterval))
        {
            await using var db = dbs.Create();
            await db.ApiKeys.Where(k => k.Id == key.Id && k.RevokedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now), ct);
        }
        return await accounts.BuildActorAsync(key.OwnerUserId, key.OrganizationId, ct);
    }

    /// <summary>Reads an unrevoked key by its key id for the cache.</summary>
    private Func<long, CancellationToken, Task<ApiKeyCache.Entry?>> LoadAsync(string keyId) => async (actorGeneration, ct) =>
    {
        await using var db = dbs.Create();
        var key = await db.ApiKeys.AsNoTracking().Where(k => k.KeyId == keyId && k.RevokedAt == null)
            .Select(k => new { k.Id, k.OwnerUserId, k.OrganizationId, k.SecretHash, k.LastUsedAt }).FirstOrDefaultAsync(ct);
        return key is null ? null : new ApiKeyCache.Entry(key.Id, key.OwnerUserId, key.OrganizationId, key.SecretHash, key.LastUsedAt, actorGeneration);
    };

    private static AuditSubject Subject(ApiKey k) => new(ResourceTypes.ApiKey, k.Id, k.Name, k.OrganizationId);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
