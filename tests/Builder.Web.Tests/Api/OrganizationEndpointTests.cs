using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api;

public sealed class OrganizationEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<Caller, int> ListStatus => Callers.Expect(OrganizationsRead, 200, 200, 200, 200, 200);
    public static TheoryData<Caller, int> GetStatus => Callers.Expect(OrganizationsRead, 200, 200, 200, 200, 404);
    public static TheoryData<Caller, int> CreateStatus => Callers.Expect(OrganizationsCreate, 201, 403, 403, 403, 403);
    public static TheoryData<Caller, int> UpdateStatus => Callers.Expect(OrganizationsUpdate, 200, 200, 403, 403, 404);
    public static TheoryData<Caller, int> DeleteStatus => Callers.Expect(OrganizationsDelete, 202, 403, 403, 403, 404);

    [Theory, MemberData(nameof(ListStatus))]
    public async Task List_shows_only_the_organizations_the_caller_belongs_to(Caller caller, int status)
    {
        var page = await factory.As(caller).GetAsync("/api/organizations?limit=100").ExpectJson(status);
        var names = page.Data().Select(o => o.Str("name")).ToList();
        Assert.Equal(caller is not Caller.Outsider, names.Contains("Acme Corp"));
        Assert.Equal(caller is Caller.System or Caller.Outsider, names.Contains("Globex"));
    }

    [Theory, MemberData(nameof(GetStatus))]
    public async Task Get(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var response = await factory.As(caller).GetAsync($"/api/organizations/{seed.Acme}").Expect(status);
        var body = await response.JsonAsync();
        if (status == 200)
        {
            Assert.Equal("Acme Corp", body.Str("name"));
            Assert.Equal($"\"{body.Str("version")}\"", response.ETag());
        }
        else Assert.Equal("Organization not found", body.Error());
    }

    [Theory, MemberData(nameof(CreateStatus))]
    public async Task Create(Caller caller, int status)
    {
        var name = Arrange.Unique("New org");
        var response = await factory.As(caller).PostJsonAsync("/api/organizations", new { name, description = "d" }).Expect(status);
        var body = await response.JsonAsync();
        var stored = await factory.As(Caller.System).GetAsync($"/api/organizations?search={Uri.EscapeDataString(name)}").ExpectJson(200);
        if (status == 201)
        {
            Assert.Equal(name, body.Str("name"));
            Assert.Equal($"/api/organizations/{body.Id()}", response.Headers.Location?.ToString());
            Assert.Equal($"\"{body.Str("version")}\"", response.ETag());
            Assert.Single(stored.Data());
        }
        else
        {
            Assert.Contains("permission to create organizations", body.Error());
            Assert.Empty(stored.Data());
        }
    }

    [Theory, MemberData(nameof(UpdateStatus))]
    public async Task Update(Caller caller, int status)
    {
        var organization = await factory.CreateOrganizationLikeAcmeAsync();
        var url = $"/api/organizations/{organization.Id()}";
        var name = Arrange.Unique("Renamed");
        var body = await factory.As(caller).PutJsonAsync(url, new { name, description = "changed" }).ExpectJson(status);
        var current = await factory.CurrentAsync(url);
        Assert.Equal(status == 200 ? name : organization.Str("name"), current!.Value.Str("name"));
        if (status == 200) Assert.Equal("changed", body.Str("description"));
    }

    [Theory, MemberData(nameof(DeleteStatus))]
    public async Task Delete(Caller caller, int status)
    {
        var organization = await factory.CreateOrganizationLikeAcmeAsync();
        var url = $"/api/organizations/{organization.Id()}";
        var accepted = await factory.ExpectDeletionAsync(caller, status, url, organization.Id());
        if (status == 202) Assert.Equal(organization.Id(), accepted!.Value.GetProperty("request").GetProperty("organizationId").GetGuid());
    }

    [Fact]
    public async Task Deleting_an_organization_removes_its_environments_and_variables()
    {
        var organization = await factory.CreateOrganizationAsync();
        var environment = await factory.CreateEnvironmentAsync(organization.Id());
        var variable = await factory.CreateVariableAsync(environment.Id(), value: "v");
        await factory.DeleteApprovedAsync($"/api/organizations/{organization.Id()}", Caller.System);
        Assert.Null(await factory.CurrentAsync($"/api/environments/{environment.Id()}"));
        Assert.Null(await factory.CurrentAsync($"/api/variables/{variable.Id()}"));
    }

    [Fact]
    public async Task List_pages_searches_and_sorts()
    {
        var prefix = Arrange.Unique("Paged");
        foreach (var suffix in new[] { "b", "a", "c" }) await factory.CreateOrganizationAsync($"{prefix} {suffix}");
        var system = factory.As(Caller.System);
        var search = Uri.EscapeDataString(prefix.ToUpperInvariant());

        var first = await system.GetAsync($"/api/organizations?search={search}&limit=2&sort=name").ExpectJson(200);
        var pagination = first.GetProperty("pagination");
        Assert.Equal((1, 2, 3, 2), (pagination.GetProperty("page").GetInt32(), pagination.GetProperty("limit").GetInt32(),
            pagination.GetProperty("total").GetInt32(), pagination.GetProperty("totalPages").GetInt32()));
        Assert.Equal([$"{prefix} a", $"{prefix} b"], first.Data().Select(o => o.Str("name")));

        var second = await system.GetAsync($"/api/organizations?search={search}&limit=2&page=2&sort=name").ExpectJson(200);
        Assert.Equal([$"{prefix} c"], second.Data().Select(o => o.Str("name")));

        var descending = await system.GetAsync($"/api/organizations?search={search}&sort=name&order=desc").ExpectJson(200);
        Assert.Equal([$"{prefix} c", $"{prefix} b", $"{prefix} a"], descending.Data().Select(o => o.Str("name")));
    }

    [Fact]
    public async Task Default_page_is_the_first_ten()
    {
        for (var i = 0; i < 11; i++) await factory.CreateOrganizationAsync();
        var page = await factory.As(Caller.System).GetAsync("/api/organizations").ExpectJson(200);
        Assert.Equal(10, page.Data().Count);
        Assert.Equal(1, page.GetProperty("pagination").GetProperty("page").GetInt32());
        Assert.Equal(10, page.GetProperty("pagination").GetProperty("limit").GetInt32());
        Assert.True(page.GetProperty("pagination").GetProperty("total").GetInt32() >= 13);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("page=0")]
    [InlineData("page=abc")]
    [InlineData("order=sideways")]
    public async Task Bad_paging_is_400(string query)
    {
        var body = await factory.As(Caller.Admin).GetAsync($"/api/organizations?{query}").ExpectJson(400);
        Assert.False(string.IsNullOrEmpty(body.Error()));
    }

    [Fact]
    public async Task Duplicate_names_are_409_regardless_of_case()
    {
        var existing = await factory.CreateOrganizationAsync();
        var system = factory.As(Caller.System);
        var body = await system.PostJsonAsync("/api/organizations", new { name = existing.Str("name").ToUpperInvariant() }).ExpectJson(409);
        Assert.Contains("already exists", body.Error());

        var other = await factory.CreateOrganizationAsync();
        await system.PutJsonAsync($"/api/organizations/{other.Id()}", new { name = existing.Str("name") }).Expect(409);
        Assert.Equal(other.Str("name"), (await factory.CurrentAsync($"/api/organizations/{other.Id()}"))!.Value.Str("name"));
    }

    [Fact]
    public async Task Stale_If_Match_is_412_and_changes_nothing()
    {
        var organization = await factory.CreateOrganizationAsync();
        var url = $"/api/organizations/{organization.Id()}";
        var admin = factory.As(Caller.System);
        var read = await admin.GetAsync(url).Expect(200);
        var staleTag = read.ETag();

        var updated = await admin.PutJsonAsync(url, new { name = organization.Str("name"), description = "first" }, staleTag).Expect(200);
        Assert.NotEqual(staleTag, updated.ETag());

        var refused = await admin.PutJsonAsync(url, new { name = organization.Str("name"), description = "second" }, staleTag).ExpectJson(412);
        Assert.Contains("changed by system@builder.local", refused.GetProperty("details").GetString());
        Assert.Equal("first", (await factory.CurrentAsync(url))!.Value.Str("description"));

        await admin.DeleteAsync(url, staleTag).Expect(412);
        await admin.DeleteAsync(url, "\"not-a-version\"").Expect(412);
        Assert.NotNull(await factory.CurrentAsync(url));

        await factory.DeleteApprovedAsync(url, Caller.System, updated.ETag());
        Assert.Null(await factory.CurrentAsync(url));
    }

    [Theory]
    [InlineData("""{"description":"no name"}""", "name")]
    [InlineData("""{"name":"   "}""", "name")]
    [InlineData("""{"name":"A","description":"DESCRIPTION_501"}""", "description")]
    [InlineData("""{"name":"NAME_101"}""", "name")]
    public async Task Invalid_fields_are_400_naming_the_field(string json, string field)
    {
        json = json.Replace("NAME_101", new string('n', 101)).Replace("DESCRIPTION_501", new string('d', 501));
        var body = await factory.As(Caller.System).SendRawAsync(HttpMethod.Post, "/api/organizations", json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Theory]
    [InlineData("""{"name": 123}""")]
    [InlineData("""{"name": "x",""")]
    [InlineData("""not json""")]
    [InlineData("")]
    public async Task Malformed_bodies_are_400(string json)
    {
        var before = await factory.As(Caller.System).GetAsync("/api/organizations?limit=1").ExpectJson(200);
        var body = await factory.As(Caller.System).SendRawAsync(HttpMethod.Post, "/api/organizations", json).ExpectJson(400);
        Assert.False(string.IsNullOrEmpty(body.Error()));
        var after = await factory.As(Caller.System).GetAsync("/api/organizations?limit=1").ExpectJson(200);
        Assert.Equal(before.GetProperty("pagination").GetProperty("total").GetInt32(), after.GetProperty("pagination").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        var url = $"/api/organizations/{Guid.NewGuid()}";
        var system = factory.As(Caller.System);
        Assert.Equal("Organization not found", (await system.GetAsync(url).ExpectJson(404)).Error());
        await system.PutJsonAsync(url, new { name = "Nobody" }).Expect(404);
        await system.DeleteAsync(url).Expect(404);
    }
}
