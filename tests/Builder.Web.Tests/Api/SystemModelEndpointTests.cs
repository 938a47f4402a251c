using System.Text.Json;

namespace Builder.Web.Tests.Api;

/// <summary>/api/system-models (System only) and /api/system-models/visible (any signed-in caller, flags only).</summary>
public sealed class SystemModelEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<Caller, int> SystemOnly => Callers.Expect(null, 200, 403, 403, 403, 403);
    public static TheoryData<Caller, int> SystemOnlyCreate => Callers.Expect(null, 201, 403, 403, 403, 403);
    public static TheoryData<Caller, int> Anyone => Callers.Expect(null, 200, 200, 200, 200, 200);

    private const string Url = ModelArrange.OpenAiUrl;

    [Theory, MemberData(nameof(SystemOnly))]
    public async Task List(Caller caller, int status)
    {
        var model = await factory.CreateSystemModelAsync(visible: false);
        var body = await factory.As(caller).GetAsync($"/api/system-models?search={model.Str("name")}").ExpectJson(status);
        if (status == 200) Assert.Equal(model.Id(), Assert.Single(body.Data()).Id());
    }

    [Theory, MemberData(nameof(SystemOnly))]
    public async Task Get(Caller caller, int status)
    {
        var model = await factory.CreateSystemModelAsync(visible: true);
        var response = await factory.As(caller).GetAsync($"/api/system-models/{model.Id()}").Expect(status);
        if (status == 200) Assert.Equal($"\"{(await response.JsonAsync()).Str("version")}\"", response.ETag());
    }

    [Theory, MemberData(nameof(SystemOnlyCreate))]
    public async Task Create(Caller caller, int status)
    {
        var name = Arrange.Unique("Shared");
        var response = await factory.As(caller).PostJsonAsync("/api/system-models",
            new { name, modelUrl = Url, modelName = "gpt-4o-mini", token = "t", isVisible = true }).Expect(status);
        var list = await factory.As(Caller.System).GetAsync($"/api/system-models?search={name}").ExpectJson(200);
        Assert.Equal(status == 201 ? 1 : 0, list.Data().Count);
        if (status == 201)
        {
            var body = await response.JsonAsync();
            Assert.Equal(JsonValueKind.Null, body.GetProperty("organizationId").ValueKind);
            Assert.Equal((true, true), (body.GetProperty("isVisible").GetBoolean(), body.GetProperty("hasToken").GetBoolean()));
            Assert.Equal($"/api/system-models/{body.Id()}", response.Headers.Location?.ToString());
        }
    }

    [Theory, MemberData(nameof(SystemOnly))]
    public async Task Update(Caller caller, int status)
    {
        var model = await factory.CreateSystemModelAsync(visible: false);
        var url = $"/api/system-models/{model.Id()}";
        var name = Arrange.Unique("Renamed");
        await factory.As(caller).PutJsonAsync(url, new { name, modelUrl = Url, modelName = "gpt-4o", isVisible = true }).Expect(status);
        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal((status == 200 ? name : model.Str("name"), status == 200), (current.Str("name"), current.GetProperty("isVisible").GetBoolean()));
    }

    public static TheoryData<Caller, int> DeleteStatus => Callers.Expect(null, 202, 403, 403, 403, 403);

    [Theory, MemberData(nameof(DeleteStatus))]
    public async Task Delete(Caller caller, int status)
    {
        var model = await factory.CreateSystemModelAsync(visible: true);
        var url = $"/api/system-models/{model.Id()}";
        await factory.ExpectDeletionAsync(caller, status, url, model.Id());
    }

    [Theory, MemberData(nameof(Anyone))]
    public async Task Visible_lists_only_visible_system_models_with_flags_only(Caller caller, int status)
    {
        var visible = await factory.CreateSystemModelAsync(visible: true, token: "t");
        var hidden = await factory.CreateSystemModelAsync(visible: false);
        var body = await factory.As(caller).GetAsync("/api/system-models/visible?limit=100").ExpectJson(status);
        var shown = Assert.Single(body.Data(), m => m.Id() == visible.Id());
        Assert.DoesNotContain(body.Data(), m => m.Id() == hidden.Id());
        Assert.True(shown.GetProperty("hasToken").GetBoolean());
        var properties = shown.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(["id", "name", "description", "provider", "modelName", "hasToken", "hasClientKey", "hasSecretKey"], properties);
    }

    [Fact]
    public async Task Visible_needs_a_signed_in_caller()
    {
        await factory.As((string?)null).GetAsync("/api/system-models/visible").Expect(401);
        await factory.As((string?)null).GetAsync("/api/system-models").Expect(401);
    }

    [Fact]
    public async Task An_API_key_cannot_manage_system_models_even_a_System_users()
    {
        var seed = await factory.SeedAsync();
        var key = await factory.CreateApiKeyAsync(seed.Acme, Caller.System);
        var client = factory.WithApiKey(key.Str("token"));
        await client.GetAsync("/api/system-models").Expect(403);
        await client.PostJsonAsync("/api/system-models", new { name = Arrange.Unique("Key"), modelUrl = Url, modelName = "m" }).Expect(403);
        await client.GetAsync("/api/system-models/visible").Expect(200);
    }

    [Fact]
    public async Task System_model_names_are_unique_among_system_models_ignoring_case_but_organizations_may_reuse_them()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.CreateSystemModelAsync(visible: false);
        var system = factory.As(Caller.System);
        var body = await system.PostJsonAsync("/api/system-models",
            new { name = model.Str("name").ToLowerInvariant(), modelUrl = Url, modelName = "m" }).ExpectJson(409);
        Assert.Contains("already exists", body.Error());
        await factory.CreateModelAsync(seed.Acme, model.Str("name"));
        var other = await factory.CreateSystemModelAsync(visible: false);
        await system.PutJsonAsync($"/api/system-models/{other.Id()}", new { name = model.Str("name"), modelUrl = Url, modelName = "m" }).Expect(409);
    }

    [Fact]
    public async Task An_organizations_model_is_not_a_system_model()
    {
        var model = await factory.CreateModelAsync((await factory.SeedAsync()).Acme);
        var url = $"/api/system-models/{model.Id()}";
        var system = factory.As(Caller.System);
        await system.GetAsync(url).Expect(404);
        await system.PutJsonAsync(url, new { name = "x", modelUrl = Url, modelName = "m" }).Expect(404);
        await system.DeleteAsync(url).Expect(404);
        Assert.NotNull(await factory.CurrentAsync($"/api/models/{model.Id()}"));
    }

    [Theory]
    [InlineData("""{"modelUrl":"URL","modelName":"m"}""", "name")]
    [InlineData("""{"name":"N","modelUrl":"file:///etc/passwd","modelName":"m"}""", "modelUrl")]
    [InlineData("""{"name":"N","modelUrl":"URL","modelName":"m","timeoutSeconds":1000}""", "timeoutSeconds")]
    [InlineData("""{"name":"N","modelUrl":"URL","modelName":"m","temperature":3}""", "temperature")]
    public async Task Invalid_system_models_are_400_and_create_nothing(string json, string field)
    {
        var before = await factory.As(Caller.System).GetAsync("/api/system-models?limit=1").ExpectJson(200);
        var body = await factory.As(Caller.System).SendRawAsync(HttpMethod.Post, "/api/system-models", json.Replace("URL", Url)).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        var after = await factory.As(Caller.System).GetAsync("/api/system-models?limit=1").ExpectJson(200);
        Assert.Equal(Total(before), Total(after));
    }

    private static int Total(JsonElement page) => page.GetProperty("pagination").GetProperty("total").GetInt32();
}
