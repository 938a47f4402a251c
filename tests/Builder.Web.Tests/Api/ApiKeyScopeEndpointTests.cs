using System.Text.Json;

namespace Builder.Web.Tests.Api;

/// <summary>
/// Real generated keys: membership changes are sharing and refuse every key (403, human oversight), and a key acts only
/// inside its own organization, even a System user's, so platform-wide operations refuse it.
/// </summary>
public sealed class ApiKeyScopeEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string HumanOversight = "requires human oversight in the Builder UI";
    private const string TypesUrl = "/api/workflow-entity-types";

    [Fact]
    public async Task A_key_cannot_invite_members_even_as_admin()
    {
        var seed = await factory.SeedAsync();
        var key = factory.WithApiKey((await factory.CreateApiKeyAsync(seed.Acme)).Str("token"));
        var email = $"{Guid.NewGuid():N}@invited.test";

        var body = await key.PostJsonAsync("/api/members", new { organizationId = seed.Acme, email, role = "admin" }).ExpectJson(403);

        Assert.Equal($"Inviting a member {HumanOversight}", body.Error());
        Assert.Null(await MemberAsync(seed.Acme, email));
    }

    [Fact]
    public async Task A_key_cannot_change_a_members_role()
    {
        var seed = await factory.SeedAsync();
        var key = factory.WithApiKey((await factory.CreateApiKeyAsync(seed.Acme)).Str("token"));
        var guest = (await MemberAsync(seed.Acme, Callers.GuestEmail))!.Value;

        var body = await key.PutJsonAsync($"/api/members/{guest.Id()}", new { role = "admin" }).ExpectJson(403);

        Assert.Equal($"Changing a member's role {HumanOversight}", body.Error());
        var after = (await MemberAsync(seed.Acme, Callers.GuestEmail))!.Value;
        Assert.Equal(("guest", guest.Str("version")), (after.Str("role"), after.Str("version")));
    }

    [Fact]
    public async Task A_key_cannot_remove_a_member()
    {
        var seed = await factory.SeedAsync();
        var key = factory.WithApiKey((await factory.CreateApiKeyAsync(seed.Acme)).Str("token"));
        var member = await factory.InviteAsync(seed.Acme, role: "user");

        var body = await key.DeleteAsync($"/api/members/{member.Id()}").ExpectJson(403);

        Assert.Equal($"Delete {HumanOversight}", body.Error());
        Assert.NotNull(await MemberAsync(seed.Acme, member.Str("email")));
    }

    [Fact]
    public async Task A_system_users_key_cannot_create_organizations_nor_see_others()
    {
        var seed = await factory.SeedAsync();
        var key = factory.WithApiKey((await factory.CreateApiKeyAsync(seed.Acme, owner: Caller.System)).Str("token"));
        var name = Arrange.Unique("Org by key");

        var body = await key.PostJsonAsync("/api/organizations", new { name }).ExpectJson(403);

        Assert.Equal("Forbidden: an API key cannot create organizations", body.Error());
        Assert.Contains("only inside its own organization", body.GetProperty("details").GetString());
        var all = await factory.As(Caller.System).GetAsync($"/api/organizations?search={Uri.EscapeDataString(name)}").ExpectJson(200);
        Assert.Empty(all.Data());

        var listed = await key.GetAsync("/api/organizations?limit=100").ExpectJson(200);
        Assert.Equal([seed.Acme], listed.Data().Select(o => o.Id()));
        await key.GetAsync($"/api/organizations/{seed.Globex}").Expect(404);
        await key.DeleteAsync($"/api/organizations/{seed.Globex}").Expect(403); // a key never asks for a deletion, wherever it points
        await key.PutJsonAsync($"/api/organizations/{seed.Globex}", new { name = "Renamed by a key" }).Expect(404);
        Assert.Equal("Globex", (await factory.CurrentAsync($"/api/organizations/{seed.Globex}"))!.Value.Str("name"));

        var session = await key.GetAsync("/api/auth/session").ExpectJson(200);
        Assert.False(session.GetProperty("user").GetProperty("isSystem").GetBoolean());
        Assert.Equal([seed.Acme], session.GetProperty("organizations").EnumerateArray().Select(o => o.Id()));
    }

    [Fact]
    public async Task A_system_users_key_cannot_create_or_change_entity_types()
    {
        var seed = await factory.SeedAsync();
        var key = factory.WithApiKey((await factory.CreateApiKeyAsync(seed.Acme, owner: Caller.System)).Str("token"));
        var existing = (await key.GetAsync($"{TypesUrl}?limit=1").ExpectJson(200)).Data()[0];
        var name = Arrange.Unique("Type by key");

        var create = await key.PostJsonAsync(TypesUrl, new { name, kind = "action" }).ExpectJson(403);
        var update = await key.PutJsonAsync($"{TypesUrl}/{existing.Id()}", new { name, kind = existing.Str("kind") }).ExpectJson(403);

        Assert.Equal("Forbidden: an API key cannot create workflow entity types", create.Error());
        Assert.Equal("Forbidden: an API key cannot update workflow entity types", update.Error());
        var after = (await factory.CurrentAsync($"{TypesUrl}/{existing.Id()}"))!.Value;
        Assert.Equal((existing.Str("name"), existing.Str("version")), (after.Str("name"), after.Str("version")));
        var search = await factory.As(Caller.System).GetAsync($"{TypesUrl}?search={Uri.EscapeDataString(name)}").ExpectJson(200);
        Assert.Empty(search.Data());
    }

    [Fact]
    public async Task A_demoted_admins_next_call_is_refused_by_session_and_by_key()
    {
        var organization = await factory.CreateOrganizationLikeAcmeAsync();
        var orgId = organization.Id();
        await factory.InviteAsync(orgId, Callers.ReviewerEmail, "admin");
        var session = factory.As(Caller.Admin);
        var key = factory.WithApiKey((await factory.CreateApiKeyAsync(orgId)).Str("token"));
        await session.PostJsonAsync("/api/environments", new { organizationId = orgId, name = "Before 1" }).Expect(201);
        await key.PostJsonAsync("/api/environments", new { organizationId = orgId, name = "Before 2" }).Expect(201);

        var alice = (await MemberAsync(orgId, Callers.AdminEmail))!.Value;
        await factory.As(Caller.System).PutJsonAsync($"/api/members/{alice.Id()}", new { role = "guest" }).Expect(200);

        await session.PostJsonAsync("/api/environments", new { organizationId = orgId, name = "After 1" }).Expect(403);
        await key.PostJsonAsync("/api/environments", new { organizationId = orgId, name = "After 2" }).Expect(403);

        await factory.DeleteApprovedAsync($"/api/members/{alice.Id()}", Caller.System);
        await session.GetAsync($"/api/organizations/{orgId}").Expect(404);
        await key.GetAsync($"/api/organizations/{orgId}").Expect(404);
    }

    private async Task<JsonElement?> MemberAsync(Guid organizationId, string email)
    {
        var page = await factory.As(Caller.System).GetAsync($"/api/members?organizationId={organizationId}&search={Uri.EscapeDataString(email)}")
            .ExpectJson(200);
        return page.Data().Where(m => m.Str("email") == email).Select(m => (JsonElement?)m).SingleOrDefault();
    }
}
