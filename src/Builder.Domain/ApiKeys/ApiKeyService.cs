using System.Linq.Expressions;
using System.Security.Cryptography;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.ApiKeys;

public sealed class ApiKeyService(IBuilderDbContextFactory dbs, UserAccountService accounts, TimeProvider clock)
{
    private const string NotFound = "API key not found";

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
        return View(key);
    }

    /// <summary>
    /// Authenticates "pwrusr:{key_id}:{secret}". Returns the key owner's actor confined to the key's organization,
    /// or null when the key is unknown, revoked, wrong, or its owner is gone.
    /// </summary>
    public async Task<Actor?> AuthenticateAsync(string? presented, CancellationToken ct = default)
    {
        if (ApiKey.Parse(presented) is not { } parsed) return null;
        Guid ownerId, organizationId;
        await using (var db = dbs.Create())
        {
            var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.KeyId == parsed.KeyId, ct);
            if (key is null || key.RevokedAt is not null || !key.Matches(parsed.Secret)) return null;
            var now = clock.GetUtcNow().UtcDateTime;
            if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromSeconds(30))
            {
                key.LastUsedAt = now;
                await db.SaveChangesAsync(ct);
            }
            (ownerId, organizationId) = (key.OwnerUserId, key.OrganizationId);
        }
        return await accounts.BuildActorAsync(ownerId, organizationId, ct);
    }

    private static AuditSubject Subject(ApiKey k) => new(ResourceTypes.ApiKey, k.Id, k.Name, k.OrganizationId);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
