using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api;

public sealed class EnvironmentEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(EnvironmentsRead, 200, 200, 200, 200, 404);
    public static TheoryData<Caller, int> CreateStatus => Callers.Expect(EnvironmentsCreate, 201, 201, 403, 403, 404);
    public static TheoryData<Caller, int> UpdateStatus => Callers.Expect(EnvironmentsUpdate, 200, 200, 403, 403, 404);
    public static TheoryData<Caller, int> DeleteStatus => Callers.Expect(EnvironmentsDelete, 202, 202, 403, 403, 404);

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task List(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var body = await factory.As(caller).GetAsync($"/api/environments?organizationId={seed.Acme}&sort=name").ExpectJson(status);
        if (status == 200) Assert.Equal(["Development", "Production"], body.Data().Select(e => e.Str("name")).Take(2));
        else Assert.Equal("Organization not found", body.Error());
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Get(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var response = await factory.As(caller).GetAsync($"/api/environments/{seed.AcmeProduction}").Expect(status);
        var body = await response.JsonAsync();
        if (status == 200) Assert.Equal(($"\"{body.Str("version")}\"", "Production"), (response.ETag(), body.Str("name")));
        else Assert.Equal("Environment not found", body.Error());
    }

    [Theory, MemberData(nameof(CreateStatus))]
    public async Task Create(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var name = Arrange.Unique("Staging");
        var response = await factory.As(caller).PostJsonAsync("/api/environments", new { organizationId = seed.Acme, name }).Expect(status);
        var list = await factory.As(Caller.System)
            .GetAsync($"/api/environments?organizationId={seed.Acme}&search={Uri.EscapeDataString(name)}").ExpectJson(200);
        Assert.Equal(status == 201 ? 1 : 0, list.Data().Count);
        if (status == 201) Assert.Equal($"/api/environments/{(await response.JsonAsync()).Id()}", response.Headers.Location?.ToString());
    }

    [Theory, MemberData(nameof(UpdateStatus))]
    public async Task Update(Caller caller, int status)
    {
        var environment = await factory.CreateEnvironmentAsync((await factory.SeedAsync()).Acme);
        var url = $"/api/environments/{environment.Id()}";
        var name = Arrange.Unique("Renamed");
        await factory.As(caller).PutJsonAsync(url, new { name }).Expect(status);
        Assert.Equal(status == 200 ? name : environment.Str("name"), (await factory.CurrentAsync(url))!.Value.Str("name"));
    }

    [Theory, MemberData(nameof(DeleteStatus))]
    public async Task Delete(Caller caller, int status)
    {
        var environment = await factory.CreateEnvironmentAsync((await factory.SeedAsync()).Acme);
        var url = $"/api/environments/{environment.Id()}";
        await factory.ExpectDeletionAsync(caller, status, url, environment.Id());
    }

    [Fact]
    public async Task Listing_requires_an_organization()
    {
        var body = await factory.As(Caller.Admin).GetAsync("/api/environments").ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty("organizationId", out _));
    }

    [Fact]
    public async Task Duplicate_names_in_one_organization_are_409_but_other_organizations_may_reuse_them()
    {
        var seed = await factory.SeedAsync();
        var admin = factory.As(Caller.Admin);
        var body = await admin.PostJsonAsync("/api/environments", new { organizationId = seed.Acme, name = "production" }).ExpectJson(409);
        Assert.Contains("already exists", body.Error());
        var organization = await factory.CreateOrganizationAsync();
        await factory.As(Caller.System).PostJsonAsync("/api/environments", new { organizationId = organization.Id(), name = "Production" }).Expect(201);
    }

    [Fact]
    public async Task Stale_If_Match_is_412_and_changes_nothing()
    {
        var environment = await factory.CreateEnvironmentAsync((await factory.SeedAsync()).Acme);
        var url = $"/api/environments/{environment.Id()}";
        var admin = factory.As(Caller.Admin);
        var stale = (await admin.GetAsync(url).Expect(200)).ETag();
        var fresh = (await admin.PutJsonAsync(url, new { name = environment.Str("name"), description = "first" }, stale).Expect(200)).ETag();

        await admin.PutJsonAsync(url, new { name = environment.Str("name"), description = "second" }, stale).Expect(412);
        await admin.DeleteAsync(url, stale).Expect(412);
        Assert.Equal("first", (await factory.CurrentAsync(url))!.Value.Str("description"));

        await factory.DeleteApprovedAsync(url, Caller.Admin, fresh);
        Assert.Null(await factory.CurrentAsync(url));
    }

    [Theory]
    [InlineData("""{"name":"x"}""", "organizationId")]
    [InlineData("""{"organizationId":"ORG"}""", "name")]
    [InlineData("""{"organizationId":"ORG","name":"NAME_101"}""", "name")]
    public async Task Missing_or_overlong_fields_are_400(string json, string field)
    {
        var seed = await factory.SeedAsync();
        json = json.Replace("ORG", seed.Acme.ToString()).Replace("NAME_101", new string('n', 101));
        var body = await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Post, "/api/environments", json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task Wrong_types_and_unknown_ids()
    {
        var admin = factory.As(Caller.Admin);
        await admin.SendRawAsync(HttpMethod.Post, "/api/environments", """{"organizationId":"not-a-guid","name":"x"}""").Expect(400);
        await admin.PostJsonAsync("/api/environments", new { organizationId = Guid.NewGuid(), name = "x" }).Expect(404);
        await admin.GetAsync($"/api/environments/{Guid.NewGuid()}").Expect(404);
        await admin.PutJsonAsync($"/api/environments/{Guid.NewGuid()}", new { name = "x" }).Expect(404);
        await admin.DeleteAsync($"/api/environments/{Guid.NewGuid()}").Expect(404);
    }
}
