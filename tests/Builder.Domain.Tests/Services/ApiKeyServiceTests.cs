using Builder.Domain.Access;
using Builder.Domain.ApiKeys;
using Builder.Domain.Common;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Services;

public class ApiKeyServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private ApiKeyService _keys = null!;
    private Guid _acme;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _keys = new ApiKeyService(_db, _db.Accounts, _db.ApiKeys, _db.Clock);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_generated_key_is_shown_once_and_only_its_hash_is_stored()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var generated = await _keys.GenerateAsync(admin, _acme, "CI deploys");

        Assert.Matches("^pwrusr:[0-9a-f]{16}:[A-Za-z0-9_-]{43}$", generated.Token);
        var secret = generated.Token.Split(':')[2];
        await using var context = _db.Context();
        var stored = await context.ApiKeys.SingleAsync();
        Assert.Equal(generated.Key.KeyId, stored.KeyId);
        Assert.DoesNotContain(secret, stored.SecretHash);
        Assert.DoesNotContain(typeof(ApiKeyView).GetProperties(), p => p.Name.Contains("Secret") || p.Name.Contains("Hash"));
    }

    [Fact]
    public async Task A_key_authenticates_as_its_owner_within_its_organization_until_revoked()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var generated = await _keys.GenerateAsync(admin, _acme, "Automation");

        var actor = await _keys.AuthenticateAsync(generated.Token);
        Assert.NotNull(actor);
        Assert.Equal(admin.UserId, actor.UserId);
        Assert.False(actor.IsHuman);
        Assert.Equal(Role.Admin, actor.RoleIn(_acme));
        Assert.NotNull((await _keys.ListAsync(admin, _acme, new PageRequest())).Items.Single().LastUsedAt);

        await _keys.RevokeAsync(admin, generated.Key.Id);
        Assert.Null(await _keys.AuthenticateAsync(generated.Token));
    }

    [Fact]
    public async Task A_wrong_secret_or_unknown_key_does_not_authenticate()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var generated = await _keys.GenerateAsync(admin, _acme, "Automation");
        var keyId = generated.Key.KeyId;
        Assert.Null(await _keys.AuthenticateAsync($"pwrusr:{keyId}:wrong"));
        Assert.Null(await _keys.AuthenticateAsync("pwrusr:0000000000000000:whatever"));
    }

    [Fact]
    public async Task Keys_cannot_generate_or_revoke_keys_and_non_admins_cannot_manage_them()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var generated = await _keys.GenerateAsync(admin, _acme, "Automation");
        var viaKey = (await _keys.AuthenticateAsync(generated.Token))!;
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => _keys.GenerateAsync(viaKey, _acme, "Another"));
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => _keys.RevokeAsync(viaKey, generated.Key.Id));
        var builder = await _db.ActorAsync("builder@acme.test");
        await Assert.ThrowsAsync<ForbiddenException>(() => _keys.GenerateAsync(builder, _acme, "Mine"));
    }
}
