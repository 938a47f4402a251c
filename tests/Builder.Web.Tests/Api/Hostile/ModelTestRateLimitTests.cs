using Builder.TestServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Builder.Web.Tests.Api.Hostile;

/// <summary>
/// Hostile: test connection sends a real request to the model (billed to the organization) and had no limit: a Guest sent
/// 40 in a row, all 200, each one reaching the model, while execute and run stop at the per-person limit. It now shares
/// that limit, with the same headers.
/// </summary>
public sealed class ModelTestRateLimitTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    private LocalOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Past_the_per_person_limit_test_connection_is_429_and_reaches_no_model()
    {
        var app = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:TestHelpers:PermitLimit", "2"));
        var model = await factory.As(Caller.System).PostJsonAsync("/api/models", new
        {
            organizationId = (await factory.SeedAsync()).Acme, name = Arrange.Unique("Local"), modelUrl = _server.ChatCompletionsUrl,
            modelName = "rate-limited-test", token = LocalOpenAiServer.DefaultToken,
        }).ExpectJson(201);
        var guest = app.As(Callers.GuestEmail);

        var first = await guest.PostJsonAsync($"/api/models/{model.Id()}/test", new { }).Expect(200);
        Assert.Equal("2", first.Header("X-RateLimit-Limit"));
        await guest.PostJsonAsync($"/api/models/{model.Id()}/test", new { }).Expect(200);
        var refused = await guest.PostJsonAsync($"/api/models/{model.Id()}/test", new { }).Expect(429);
        Assert.NotEqual("(missing)", refused.Header("Retry-After"));
        Assert.Equal(2, _server.Requests.Count(r => r.Model == "rate-limited-test"));
    }

    [Fact]
    public async Task A_system_models_test_connection_shares_the_limit()
    {
        var app = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:TestHelpers:PermitLimit", "1"));
        var model = await factory.CreateSystemModelAsync(visible: false, modelUrl: _server.ChatCompletionsUrl);
        var system = app.As(Callers.SystemEmail);
        await system.PostJsonAsync($"/api/system-models/{model.Id()}/test", new { }).Expect(200);
        await system.PostJsonAsync($"/api/system-models/{model.Id()}/test", new { }).Expect(429);
    }
}
