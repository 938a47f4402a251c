using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api;

/// <summary>/api/models: an organization's models under the entities:* permissions, with write-only credentials.</summary>
public sealed class ModelEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(EntitiesRead, 200, 200, 200, 200, 404);
    public static TheoryData<Caller, int> CreateStatus => Callers.Expect(EntitiesCreate, 201, 201, 403, 403, 404);
    public static TheoryData<Caller, int> UpdateStatus => Callers.Expect(EntitiesUpdate, 200, 200, 403, 403, 404);
    public static TheoryData<Caller, int> DeleteStatus => Callers.Expect(EntitiesDelete, 202, 202, 403, 403, 404);

    private const string Url = "https://api.openai.com/v1/chat/completions";

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task List(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var model = await factory.CreateModelAsync(seed.Acme, token: "t");
        var body = await factory.As(caller).GetAsync($"/api/models?organizationId={seed.Acme}&search={model.Str("name")}").ExpectJson(status);
        if (status == 200) Assert.Equal(model.Id(), Assert.Single(body.Data()).Id());
        else Assert.Equal("Organization not found", body.Error());
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Get(Caller caller, int status)
    {
        var model = await factory.CreateModelAsync((await factory.SeedAsync()).Acme, token: "t");
        var response = await factory.As(caller).GetAsync($"/api/models/{model.Id()}").Expect(status);
        var body = await response.JsonAsync();
        if (status == 200) Assert.Equal(($"\"{body.Str("version")}\"", true), (response.ETag(), body.GetProperty("hasToken").GetBoolean()));
        else Assert.Equal("Model not found", body.Error());
    }

    [Theory, MemberData(nameof(CreateStatus))]
    public async Task Create(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var name = Arrange.Unique("GPT");
        var response = await factory.As(caller).PostJsonAsync("/api/models", new
        {
            organizationId = seed.Acme, name, description = "Production model", modelUrl = Url, modelName = "gpt-4o-mini", token = "sk-x",
        }).Expect(status);
        var list = await factory.As(Caller.System).GetAsync($"/api/models?organizationId={seed.Acme}&search={name}").ExpectJson(200);
        Assert.Equal(status == 201 ? 1 : 0, list.Data().Count);
        if (status == 201)
        {
            var body = await response.JsonAsync();
            Assert.Equal((seed.Acme, name, Url, "gpt-4o-mini", "openai", 60), (body.GetProperty("organizationId").GetGuid(), body.Str("name"),
                body.Str("modelUrl"), body.Str("modelName"), body.Str("provider"), body.GetProperty("timeoutSeconds").GetInt32()));
            Assert.Equal((true, false, false), (body.GetProperty("hasToken").GetBoolean(), body.GetProperty("hasClientKey").GetBoolean(),
                body.GetProperty("hasSecretKey").GetBoolean()));
            Assert.Equal($"/api/models/{body.Id()}", response.Headers.Location?.ToString());
        }
    }

    [Theory, MemberData(nameof(UpdateStatus))]
    public async Task Update(Caller caller, int status)
    {
        var model = await factory.CreateModelAsync((await factory.SeedAsync()).Acme);
        var url = $"/api/models/{model.Id()}";
        var name = Arrange.Unique("Renamed");
        await factory.As(caller).PutJsonAsync(url, new { name, modelUrl = Url, modelName = "gpt-4o", temperature = 0.5, token = "new" }).Expect(status);
        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal(status == 200 ? name : model.Str("name"), current.Str("name"));
        Assert.Equal(status == 200, current.GetProperty("hasToken").GetBoolean());
    }

    [Theory, MemberData(nameof(DeleteStatus))]
    public async Task Delete(Caller caller, int status)
    {
        var model = await factory.CreateModelAsync((await factory.SeedAsync()).Acme);
        var url = $"/api/models/{model.Id()}";
        await factory.ExpectDeletionAsync(caller, status, url, model.Id());
    }

    [Fact]
    public async Task Listing_requires_an_organization_and_never_shows_system_models()
    {
        var seed = await factory.SeedAsync();
        var body = await factory.As(Caller.Admin).GetAsync("/api/models").ExpectJson(400);
        Assert.Contains("organizationId", body.GetProperty("details").GetString());
        var system = await factory.CreateSystemModelAsync(visible: true);
        var list = await factory.As(Caller.System).GetAsync($"/api/models?organizationId={seed.Acme}&limit=100").ExpectJson(200);
        Assert.DoesNotContain(list.Data(), m => m.Id() == system.Id());
        await factory.As(Caller.System).GetAsync($"/api/models/{system.Id()}").Expect(404);
        await factory.As(Caller.System).GetAsync($"/api/models?organizationId={Guid.NewGuid()}").Expect(404);
    }

    [Fact]
    public async Task Paging_search_and_sort_work_like_the_other_lists()
    {
        var organization = await factory.CreateOrganizationAsync();
        foreach (var name in new[] { "Charlie", "Alpha", "Bravo" }) await factory.CreateModelAsync(organization.Id(), name);
        var admin = factory.As(Caller.System);
        var page = await admin.GetAsync($"/api/models?organizationId={organization.Id()}&limit=2&sort=name").ExpectJson(200);
        Assert.Equal(["Alpha", "Bravo"], page.Data().Select(m => m.Str("name")));
        Assert.Equal(3, page.GetProperty("pagination").GetProperty("total").GetInt32());
        var descending = await admin.GetAsync($"/api/models?organizationId={organization.Id()}&sort=name&order=desc&page=1&limit=1").ExpectJson(200);
        Assert.Equal("Charlie", Assert.Single(descending.Data()).Str("name"));
        var found = await admin.GetAsync($"/api/models?organizationId={organization.Id()}&search=RAV").ExpectJson(200);
        Assert.Equal("Bravo", Assert.Single(found.Data()).Str("name"));
        await admin.GetAsync($"/api/models?organizationId={organization.Id()}&sort=token").Expect(400);
    }

    [Fact]
    public async Task Credentials_are_kept_replaced_and_cleared_but_only_ever_reported_as_flags()
    {
        var model = await factory.CreateModelAsync((await factory.SeedAsync()).Acme);
        var url = $"/api/models/{model.Id()}";
        var admin = factory.As(Caller.Admin);
        var name = model.Str("name");
        static (bool, bool, bool) Flags(JsonElement m) =>
            (m.GetProperty("hasToken").GetBoolean(), m.GetProperty("hasClientKey").GetBoolean(), m.GetProperty("hasSecretKey").GetBoolean());

        Assert.Equal((false, false, false), Flags(model));
        Assert.Equal((true, true, true), Flags(await admin.PutJsonAsync(url,
            new { name, modelUrl = Url, modelName = "m", token = "a", clientKey = "b", secretKey = "c" }).ExpectJson(200)));
        Assert.Equal((true, true, true), Flags(await admin.PutJsonAsync(url, new { name, modelUrl = Url, modelName = "m" }).ExpectJson(200)));
        Assert.Equal((true, false, true), Flags(await admin.PutJsonAsync(url,
            new { name, modelUrl = Url, modelName = "m", clearClientKey = true }).ExpectJson(200)));
        Assert.Equal((false, false, false), Flags(await admin.PutJsonAsync(url,
            new { name, modelUrl = Url, modelName = "m", clearToken = true, clearSecretKey = true }).ExpectJson(200)));
        Assert.False(model.TryGetProperty("token", out _));
    }

    [Theory]
    [InlineData("""{"organizationId":"ORG","modelUrl":"URL","modelName":"m"}""", "name")]
    [InlineData("""{"organizationId":"ORG","name":"   ","modelUrl":"URL","modelName":"m"}""", "name")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelName":"m"}""", "modelUrl")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelUrl":"api.openai.com/v1","modelName":"m"}""", "modelUrl")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelUrl":"ftp://models.test/v1","modelName":"m"}""", "modelUrl")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelUrl":"URL"}""", "modelName")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelUrl":"URL","modelName":"m","provider":"anthropic"}""", "provider")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelUrl":"URL","modelName":"m","temperature":2.5}""", "temperature")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelUrl":"URL","modelName":"m","temperature":-0.1}""", "temperature")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelUrl":"URL","modelName":"m","maxOutputTokens":0}""", "maxOutputTokens")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelUrl":"URL","modelName":"m","maxOutputTokens":1000001}""", "maxOutputTokens")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelUrl":"URL","modelName":"m","timeoutSeconds":0}""", "timeoutSeconds")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelUrl":"URL","modelName":"m","timeoutSeconds":601}""", "timeoutSeconds")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelUrl":"URL","modelName":"m","token":""}""", "token")]
    [InlineData("""{"organizationId":"ORG","name":"N","modelUrl":"URL","modelName":"m","secretKey":""}""", "secretKey")]
    [InlineData("""{"name":"N","modelUrl":"URL","modelName":"m"}""", "organizationId")]
    public async Task Invalid_fields_are_400_naming_the_field_and_create_nothing(string json, string field)
    {
        var seed = await factory.SeedAsync();
        var organization = await factory.CreateOrganizationAsync();
        json = json.Replace("ORG", organization.Id().ToString()).Replace("URL", Url);
        var body = await factory.As(Caller.System).SendRawAsync(HttpMethod.Post, "/api/models", json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        var list = await factory.As(Caller.System).GetAsync($"/api/models?organizationId={organization.Id()}").ExpectJson(200);
        Assert.Empty(list.Data());
        Assert.NotEqual(Guid.Empty, seed.Acme);
    }

    [Theory]
    [InlineData("""{"name":"N","modelUrl":"URL","modelName":"m","token":"x","clearToken":true}""", "token")]
    [InlineData("""{"name":"N","modelUrl":"URL","modelName":"m","clientKey":"TOO_LONG"}""", "clientKey")]
    [InlineData("""{"name":"N","modelUrl":"not a url","modelName":"m"}""", "modelUrl")]
    [InlineData("""{"name":"N","modelUrl":"URL","modelName":"m","maxOutputTokens":-5}""", "maxOutputTokens")]
    [InlineData("""{"name":"","modelUrl":"URL","modelName":"m"}""", "name")]
    public async Task Invalid_updates_are_400_and_change_nothing(string json, string field)
    {
        var model = await factory.CreateModelAsync((await factory.SeedAsync()).Acme, token: "kept");
        var url = $"/api/models/{model.Id()}";
        json = json.Replace("URL", Url).Replace("TOO_LONG", new string('k', 8193));
        var body = await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Put, url, json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal((model.Str("name"), model.Str("version"), true), (current.Str("name"), current.Str("version"), current.GetProperty("hasToken").GetBoolean()));
    }

    [Fact]
    public async Task Duplicate_names_in_one_organization_are_409_ignoring_case_but_another_organization_may_reuse_them()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.CreateModelAsync(seed.Acme);
        var admin = factory.As(Caller.Admin);
        var body = await admin.PostJsonAsync("/api/models",
            new { organizationId = seed.Acme, name = model.Str("name").ToUpperInvariant(), modelUrl = Url, modelName = "m" }).ExpectJson(409);
        Assert.Contains("already exists", body.Error());
        await factory.As(Caller.System).PostJsonAsync("/api/models",
            new { organizationId = seed.Globex, name = model.Str("name"), modelUrl = Url, modelName = "m" }).Expect(201);

        var other = await factory.CreateModelAsync(seed.Acme);
        await admin.PutJsonAsync($"/api/models/{other.Id()}", new { name = model.Str("name"), modelUrl = Url, modelName = "m" }).Expect(409);
    }

    [Fact]
    public async Task Stale_If_Match_is_412_and_changes_nothing()
    {
        var model = await factory.CreateModelAsync((await factory.SeedAsync()).Acme);
        var url = $"/api/models/{model.Id()}";
        var admin = factory.As(Caller.Admin);
        var stale = (await admin.GetAsync(url).Expect(200)).ETag();
        var renamed = Arrange.Unique("First");
        var fresh = (await admin.PutJsonAsync(url, new { name = renamed, modelUrl = Url, modelName = "m" }, stale).Expect(200)).ETag();

        await admin.PutJsonAsync(url, new { name = Arrange.Unique("Second"), modelUrl = Url, modelName = "m", token = "t" }, stale).Expect(412);
        await admin.DeleteAsync(url, stale).Expect(412);
        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal((renamed, false), (current.Str("name"), current.GetProperty("hasToken").GetBoolean()));

        await factory.DeleteApprovedAsync(url, Caller.Admin, fresh);
        Assert.Null(await factory.CurrentAsync(url));
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        var url = $"/api/models/{Guid.NewGuid()}";
        var admin = factory.As(Caller.Admin);
        await admin.GetAsync(url).Expect(404);
        await admin.PutJsonAsync(url, new { name = "A", modelUrl = Url, modelName = "m" }).Expect(404);
        await admin.DeleteAsync(url).Expect(404);
    }

    [Fact]
    public async Task Changes_are_audited_by_name_with_field_names_only()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.CreateModelAsync(seed.Acme, token: "sk-audit-canary");
        var url = $"/api/models/{model.Id()}";
        await factory.As(Caller.Admin).PutJsonAsync(url, new { name = model.Str("name"), modelUrl = Url, modelName = "m", clearToken = true }).Expect(200);
        var audit = await factory.As(Caller.Admin).GetAsync($"/api/audit?organizationId={seed.Acme}&resourceType=model&limit=100").ExpectJson(200);
        var entries = audit.Data().Where(e => e.GetProperty("resourceId").GetGuid() == model.Id()).ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(model.Str("name"), e.Str("resourceName")));
        Assert.DoesNotContain("sk-audit-canary", audit.ToString());
        Assert.Contains("token:cleared", audit.ToString());
    }

    [Fact]
    public async Task Credentials_are_stored_encrypted()
    {
        const string token = "plain-token-that-must-not-be-stored";
        var model = await factory.CreateModelAsync((await factory.SeedAsync()).Acme, token: token);
        var stored = await factory.QueryAsync(db => db.Models.Where(m => m.Id == model.Id()).Select(m => m.ProtectedToken).SingleAsync());
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain(token, stored);
    }
}
