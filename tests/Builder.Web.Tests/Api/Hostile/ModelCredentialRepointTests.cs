using Builder.TestServers;

namespace Builder.Web.Tests.Api.Hostile;

/// <summary>
/// Hostile: with an API key, PUT /api/models/{id} with only a new modelUrl (another host) kept the stored token, client key
/// and secret key, and the next test connection sent all three in plain text to that host: a write-only credential read
/// back by anyone who may edit the model. Moving a model to another origin (scheme, host or port) now needs each stored
/// credential entered again or cleared in the same edit; a new path on the same origin is fine.
/// </summary>
public sealed class ModelCredentialRepointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    private const string Canary = "sk-CANARY-repoint-5b8e21d0c4f9";
    private LocalOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static object Edit(string url, object? credentials = null) => credentials ?? new { name = Arrange.Unique("Repointed"), modelUrl = url, modelName = "gpt-4o-mini" };

    [Fact]
    public async Task Moving_a_model_with_a_token_to_another_host_without_entering_it_again_is_400_and_sends_nothing()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.CreateModelAsync(seed.Acme, token: Canary);
        var client = factory.WithApiKey((await factory.CreateApiKeyAsync(seed.Acme)).Str("token"));

        var refused = await client.PutJsonAsync($"/api/models/{model.Id()}", Edit(_server.ChatCompletionsUrl)).ExpectJson(400);
        Assert.True(refused.GetProperty("errors").TryGetProperty("modelUrl", out _));
        Assert.Equal(ModelArrange.OpenAiUrl, (await client.GetAsync($"/api/models/{model.Id()}").ExpectJson(200)).Str("modelUrl"));

        await client.PostJsonAsync($"/api/models/{model.Id()}/test", new { }).Expect(200);
        Assert.DoesNotContain(_server.Requests, r => r.Headers.Values.Any(v => v.Contains(Canary, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_stored_credential_counts_and_a_system_model_is_held_to_the_same_rule()
    {
        var seed = await factory.SeedAsync();
        var system = factory.As(Caller.System);
        var model = await system.PostJsonAsync("/api/models", new
        {
            organizationId = seed.Acme, name = Arrange.Unique("Keys"), modelUrl = ModelArrange.OpenAiUrl, modelName = "m", secretKey = Canary,
        }).ExpectJson(201);
        await system.PutJsonAsync($"/api/models/{model.Id()}", new { name = Arrange.Unique("K"), modelUrl = "https://evil.example/v1/chat/completions", modelName = "m" })
            .Expect(400);

        var systemModel = await factory.CreateSystemModelAsync(visible: true, token: Canary);
        await system.PutJsonAsync($"/api/system-models/{systemModel.Id()}", new { name = Arrange.Unique("S"), modelUrl = "https://evil.example/v1/chat/completions", modelName = "m" })
            .Expect(400);
    }

    [Fact]
    public async Task Entering_the_credentials_again_or_clearing_them_moves_the_model()
    {
        var seed = await factory.SeedAsync();
        var admin = factory.As(Caller.Admin);
        var model = await factory.CreateModelAsync(seed.Acme, token: Canary);
        var moved = await admin.PutJsonAsync($"/api/models/{model.Id()}",
            new { name = Arrange.Unique("N"), modelUrl = "https://other.example/v1/chat/completions", modelName = "m", token = "sk-new-token-for-other" }).ExpectJson(200);
        Assert.True(moved.GetProperty("hasToken").GetBoolean());

        var cleared = await admin.PutJsonAsync($"/api/models/{model.Id()}",
            new { name = Arrange.Unique("N"), modelUrl = "https://third.example/v1/chat/completions", modelName = "m", clearToken = true }).ExpectJson(200);
        Assert.False(cleared.GetProperty("hasToken").GetBoolean());
    }

    [Theory]
    [InlineData("https://api.openai.com/v2/chat/completions")]
    [InlineData("https://API.OpenAI.com/v1/chat/completions")]
    [InlineData("https://api.openai.com:443/v1/chat/completions?api-version=2024-10-21")]
    public async Task The_same_origin_with_another_path_or_query_keeps_the_credentials(string url)
    {
        var seed = await factory.SeedAsync();
        var model = await factory.CreateModelAsync(seed.Acme, token: Canary);
        var edited = await factory.As(Caller.Admin).PutJsonAsync($"/api/models/{model.Id()}", Edit(url)).ExpectJson(200);
        Assert.True(edited.GetProperty("hasToken").GetBoolean());
    }

    [Theory]
    [InlineData("http://api.openai.com/v1/chat/completions")]
    [InlineData("https://api.openai.com:8443/v1/chat/completions")]
    [InlineData("https://api.openai.com.evil.example/v1/chat/completions")]
    public async Task Another_scheme_or_port_is_another_origin(string url)
    {
        var seed = await factory.SeedAsync();
        var model = await factory.CreateModelAsync(seed.Acme, token: Canary);
        await factory.As(Caller.Admin).PutJsonAsync($"/api/models/{model.Id()}", Edit(url)).Expect(400);
    }
}
