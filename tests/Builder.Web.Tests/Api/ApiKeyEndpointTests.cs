using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api;

/// <summary>The api-keys endpoints, and real API-key authentication: <c>Authorization: pwrusr:{key_id}:{secret}</c>.</summary>
public sealed class ApiKeyEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string HumanOversight = "requires human oversight in the Builder UI";

    public static TheoryData<Caller, int> ListStatus => Callers.Expect(ApiKeysManage, 200, 200, 403, 403, 404);
    public static TheoryData<Caller, int> CreateStatus => Callers.Expect(ApiKeysManage, 201, 201, 403, 403, 404);
    public static TheoryData<Caller, int> RevokeStatus => Callers.Expect(ApiKeysManage, 200, 200, 403, 403, 404);

    [Theory, MemberData(nameof(ListStatus))]
    public async Task List(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var key = await factory.CreateApiKeyAsync(seed.Acme);
        var body = await factory.As(caller).GetAsync($"/api/api-keys?organizationId={seed.Acme}&limit=100").ExpectJson(status);
        if (status != 200) return;
        var listed = body.Data().Single(k => k.Id() == key.GetProperty("key").Id());
        Assert.Equal(key.GetProperty("key").Str("keyId"), listed.Str("keyId"));
        Assert.DoesNotContain(key.Str("token").Split(':')[2], body.ToString());
        Assert.False(listed.TryGetProperty("token", out _));
    }

    [Theory, MemberData(nameof(CreateStatus))]
    public async Task Create_shows_the_token_once(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var name = Arrange.Unique("Deploy bot");
        var response = await factory.As(caller).PostJsonAsync("/api/api-keys", new { organizationId = seed.Acme, name }).Expect(status);
        var listed = await factory.As(Caller.System).GetAsync($"/api/api-keys?organizationId={seed.Acme}&search={Uri.EscapeDataString(name)}").ExpectJson(200);
        Assert.Equal(status == 201 ? 1 : 0, listed.Data().Count);
        if (status != 201) return;
        var body = await response.JsonAsync();
        var key = body.GetProperty("key");
        Assert.Equal((name, Callers.EmailOf(caller)), (key.Str("name"), key.Str("ownerEmail")));
        Assert.Matches($"^pwrusr:{key.Str("keyId")}:[A-Za-z0-9_-]{{40,}}$", body.Str("token"));
    }

    [Theory, MemberData(nameof(RevokeStatus))]
    public async Task Revoke(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var key = await factory.CreateApiKeyAsync(seed.Acme);
        var body = await factory.As(caller).DeleteAsync($"/api/api-keys/{key.GetProperty("key").Id()}").ExpectJson(status);
        var session = await factory.WithApiKey(key.Str("token")).GetAsync("/api/auth/session");
        Assert.Equal(status == 200 ? 401 : 200, (int)session.StatusCode);
        if (status == 200) Assert.Equal(key.GetProperty("key").Id(), body.Id());
    }

    [Fact]
    public async Task A_key_acts_as_its_owner_confined_to_its_organization()
    {
        var seed = await factory.SeedAsync();
        var key = await factory.CreateApiKeyAsync(seed.Acme, owner: Caller.System);
        var client = factory.WithApiKey(key.Str("token"));

        var session = await client.GetAsync("/api/auth/session").ExpectJson(200);
        Assert.True(session.GetProperty("viaApiKey").GetBoolean());
        Assert.Equal([seed.Acme], session.GetProperty("organizations").EnumerateArray().Select(o => o.Id()));

        var organizations = await client.GetAsync("/api/organizations").ExpectJson(200);
        Assert.Equal([seed.Acme], organizations.Data().Select(o => o.Id()));
        await client.GetAsync($"/api/organizations/{seed.Globex}").Expect(404);
        await client.GetAsync($"/api/environments?organizationId={seed.Globex}").Expect(404);

        var variable = await client.PostJsonAsync("/api/variables",
            new { environmentId = seed.AcmeDevelopment, name = Arrange.UniqueIdentifier("BY_KEY"), value = "v" }).ExpectJson(201);
        var renamed = Arrange.UniqueIdentifier("RENAMED_BY_KEY");
        await client.PutJsonAsync($"/api/variables/{variable.Id()}", new { name = renamed }).Expect(200);
        Assert.Equal(renamed, (await factory.CurrentAsync($"/api/variables/{variable.Id()}"))!.Value.Str("name"));
    }

    public static TheoryData<string> HumanOnly => ["variable", "environment", "member", "organization", "api-key"];

    /// <summary>Delete (and revoking keys, removing members) through a key is refused with 403, and nothing is deleted.</summary>
    [Theory, MemberData(nameof(HumanOnly))]
    public async Task Deleting_through_a_key_is_403_and_needs_a_person(string resource)
    {
        var seed = await factory.SeedAsync();
        var (organizationId, url, stillThere) = await TargetAsync(resource, seed);
        var key = await factory.CreateApiKeyAsync(organizationId, owner: Caller.System);

        var body = await factory.WithApiKey(key.Str("token")).DeleteAsync(url).ExpectJson(403);
        Assert.Contains(HumanOversight, body.Error());
        Assert.True(await stillThere());

        // Revoking a key is protective and acts at once; deleting anything else is a request another person approves.
        if (resource == "api-key") await factory.As(Caller.System).DeleteAsync(url).Expect(200);
        else await factory.DeleteApprovedAsync(url, Caller.System);
        Assert.False(await stillThere());
    }

    /// <summary>A fresh record of the kind, its URL, and how to tell it still exists.</summary>
    private async Task<(Guid Organization, string Url, Func<Task<bool>> StillThere)> TargetAsync(string resource, SeedIds seed)
    {
        switch (resource)
        {
            case "member":
                var member = await factory.InviteAsync(seed.Acme);
                return (seed.Acme, $"/api/members/{member.Id()}", async () =>
                    (await factory.As(Caller.System).GetAsync($"/api/members?organizationId={seed.Acme}&search={member.Str("email")}")
                        .ExpectJson(200)).Data().Count == 1);
            case "api-key":
                var key = await factory.CreateApiKeyAsync(seed.Acme);
                return (seed.Acme, $"/api/api-keys/{key.GetProperty("key").Id()}", async () =>
                    (await factory.WithApiKey(key.Str("token")).GetAsync("/api/auth/session")).IsSuccessStatusCode);
            case "organization":
                var organization = await factory.CreateOrganizationAsync();
                return (organization.Id(), $"/api/organizations/{organization.Id()}", Exists($"/api/organizations/{organization.Id()}"));
            case "environment":
                var environment = await factory.CreateEnvironmentAsync(seed.Acme);
                return (seed.Acme, $"/api/environments/{environment.Id()}", Exists($"/api/environments/{environment.Id()}"));
            default:
                var variable = await factory.CreateVariableAsync(seed.AcmeDevelopment);
                return (seed.Acme, $"/api/variables/{variable.Id()}", Exists($"/api/variables/{variable.Id()}"));
        }
    }

    private Func<Task<bool>> Exists(string url) => async () => await factory.CurrentAsync(url) is not null;

    [Fact]
    public async Task Keys_cannot_generate_keys()
    {
        var seed = await factory.SeedAsync();
        var key = await factory.CreateApiKeyAsync(seed.Acme);
        var body = await factory.WithApiKey(key.Str("token")).PostJsonAsync("/api/api-keys", new { organizationId = seed.Acme, name = "child" })
            .ExpectJson(403);
        Assert.Contains(HumanOversight, body.Error());
    }

    [Fact]
    public async Task Revoked_wrong_and_malformed_keys_are_401()
    {
        var seed = await factory.SeedAsync();
        var key = await factory.CreateApiKeyAsync(seed.Acme);
        var token = key.Str("token");
        await factory.WithApiKey(token).GetAsync("/api/auth/session").Expect(200);

        var parts = token.Split(':');
        foreach (var bad in new[] { $"pwrusr:{parts[1]}:wrong-secret", "pwrusr:nokey", $"pwrusr:unknown:{parts[2]}" })
        {
            var body = await factory.WithApiKey(bad).GetAsync($"/api/variables?organizationId={seed.Acme}").ExpectJson(401);
            Assert.Equal("Unauthorized", body.Error());
        }

        await factory.As(Caller.Admin).DeleteAsync($"/api/api-keys/{key.GetProperty("key").Id()}").Expect(200);
        await factory.WithApiKey(token).GetAsync("/api/auth/session").Expect(401);
        var listed = await factory.As(Caller.Admin).GetAsync($"/api/api-keys?organizationId={seed.Acme}&limit=100").ExpectJson(200);
        var revoked = listed.Data().Single(k => k.Id() == key.GetProperty("key").Id());
        Assert.Equal(Callers.AdminEmail, revoked.Str("revokedBy"));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, revoked.GetProperty("revokedAt").ValueKind);
    }

    [Theory]
    [InlineData("""{"organizationId":"ORG"}""", "name")]
    [InlineData("""{"organizationId":"ORG","name":"NAME_101"}""", "name")]
    [InlineData("""{"name":"x"}""", "organizationId")]
    public async Task Invalid_fields_are_400(string json, string field)
    {
        var seed = await factory.SeedAsync();
        json = json.Replace("ORG", seed.Acme.ToString()).Replace("NAME_101", new string('k', 101));
        var body = await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Post, "/api/api-keys", json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        await factory.As(Caller.Admin).DeleteAsync($"/api/api-keys/{Guid.NewGuid()}").Expect(404);
        await factory.As(Caller.Admin).PostJsonAsync("/api/api-keys", new { organizationId = Guid.NewGuid(), name = "x" }).Expect(404);
    }
}
