using Builder.TestServers;
using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api;

/// <summary>
/// POST /api/models/{id}/test and /api/system-models/{id}/test against the local OpenAI-compatible server: ok with latency
/// and reply, or a clear reason; never a credential, even when the endpoint echoes it.
/// </summary>
public sealed class ModelConnectionEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(EntitiesRead, 200, 200, 200, 200, 404);
    public static TheoryData<Caller, int> SystemOnly => Callers.Expect(null, 200, 403, 403, 403, 403);

    private LocalOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<System.Text.Json.JsonElement> ModelAsync(string modelName = "gpt-4o-mini", string? token = LocalOpenAiServer.DefaultToken) =>
        await factory.As(Caller.System).PostJsonAsync("/api/models", new
        {
            organizationId = (await factory.SeedAsync()).Acme, name = Arrange.Unique("Local"), modelUrl = _server.ChatCompletionsUrl, modelName, token,
        }).ExpectJson(201);

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Test_an_organizations_model(Caller caller, int status)
    {
        var model = await ModelAsync();
        var body = await factory.As(caller).PostJsonAsync($"/api/models/{model.Id()}/test", new { }).ExpectJson(status);
        if (status != 200)
        {
            Assert.Equal("Model not found", body.Error());
            return;
        }
        Assert.True(body.GetProperty("ok").GetBoolean(), body.ToString());
        Assert.Equal(LocalOpenAiServer.DefaultReply, body.Str("reply"));
        Assert.True(body.GetProperty("latencyMs").GetInt64() >= 0);
        Assert.Equal($"Bearer {LocalOpenAiServer.DefaultToken}", _server.Requests[^1].Header("Authorization"));
    }

    [Theory, MemberData(nameof(SystemOnly))]
    public async Task Test_a_system_model(Caller caller, int status)
    {
        var model = await factory.As(Caller.System).PostJsonAsync("/api/system-models", new
        {
            name = Arrange.Unique("Shared"), modelUrl = _server.ChatCompletionsUrl, modelName = "gpt-4o-mini", token = LocalOpenAiServer.DefaultToken, isVisible = true,
        }).ExpectJson(201);
        var body = await factory.As(caller).PostJsonAsync($"/api/system-models/{model.Id()}/test", new { }).ExpectJson(status);
        if (status == 200) Assert.True(body.GetProperty("ok").GetBoolean(), body.ToString());
    }

    [Fact]
    public async Task A_refused_token_is_a_clear_reason_that_never_echoes_the_token()
    {
        const string wrong = "sk-wrong-CANARY-4f8e2a";
        var model = await ModelAsync(token: wrong);
        var response = await factory.As(Caller.Admin).PostJsonAsync($"/api/models/{model.Id()}/test", new { }).Expect(200);
        var text = await response.Content.ReadAsStringAsync();
        var body = await response.JsonAsync();
        Assert.False(body.GetProperty("ok").GetBoolean());
        Assert.Contains("401", body.Str("reason"));
        Assert.DoesNotContain(wrong, text);
    }

    [Fact]
    public async Task An_endpoint_that_echoes_the_token_in_its_reply_never_gets_it_back_to_the_caller()
    {
        var model = await ModelAsync("leaky-model");
        _server.SetReply("leaky-model", $"your key is {LocalOpenAiServer.DefaultToken}");
        var response = await factory.As(Caller.Admin).PostJsonAsync($"/api/models/{model.Id()}/test", new { }).Expect(200);
        Assert.DoesNotContain(LocalOpenAiServer.DefaultToken, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_server_error_and_a_non_OpenAI_answer_are_reasons_not_API_errors()
    {
        foreach (var (script, expected) in new[] { (LocalOpenAiServer.ServerError, "500"), (LocalOpenAiServer.NotOpenAiJson, "OpenAI") })
        {
            var model = await ModelAsync(script);
            var body = await factory.As(Caller.Admin).PostJsonAsync($"/api/models/{model.Id()}/test", new { }).ExpectJson(200);
            Assert.False(body.GetProperty("ok").GetBoolean());
            Assert.Contains(expected, body.Str("reason"));
        }
    }

    [Fact]
    public async Task Unknown_and_system_ids_are_404_on_the_organization_route()
    {
        await factory.As(Caller.Admin).PostJsonAsync($"/api/models/{Guid.NewGuid()}/test", new { }).Expect(404);
        var system = await factory.CreateSystemModelAsync(visible: true);
        await factory.As(Caller.System).PostJsonAsync($"/api/models/{system.Id()}/test", new { }).Expect(404);
    }
}
