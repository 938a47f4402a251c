using System.Text.Json.Nodes;
using Builder.TestServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Builder.Web.Tests.Api.Workflows;
using static Builder.Web.Tests.Api.PromptTemplates.PromptExecutionArrange;
using static Builder.Web.Tests.Api.PromptTemplates.PromptTemplateArrange;

namespace Builder.Web.Tests.Api.Hostile;

/// <summary>
/// Hostile: a prompt run held a permit of the server-wide cap on evaluations (2 per CPU) for the whole model call, up to the
/// model's timeout. Four runs of a slow model by one Guest of Acme made every condition test and dry run of every
/// organization 429 "Server busy" for as long as the model took. Model calls wait on the network, not the CPU: they now take
/// the per-person rate limit only, and execute answers with the same X-RateLimit-* headers as run (it sent none).
/// </summary>
public sealed class ModelRunRateLimitTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    private LocalOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly object Condition = new
    {
        condition = WorkflowArrange.Group("AND", WorkflowArrange.Rule("message.type", "equals", "user.signup")),
        context = new JsonObject { ["message"] = new JsonObject { ["type"] = "user.signup" } },
    };

    [Fact]
    public async Task A_slow_prompt_run_does_not_hold_the_server_wide_evaluation_cap()
    {
        var app = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:Concurrency:PermitLimit", "1"));
        var seed = await factory.SeedAsync();
        _server.SlowDelay = TimeSpan.FromSeconds(20);
        var model = await factory.LocalModelAsync(_server, seed.Acme, LocalOpenAiServer.Slow, timeoutSeconds: 30);
        var prompt = await factory.As(Caller.Admin).PostJsonAsync("/api/prompts", new
        {
            organizationId = seed.Acme, title = Arrange.Unique("Slow"), content = "Hi", modelId = model.Id(),
        }).ExpectJson(201);
        using var cancel = new CancellationTokenSource();
        var run = app.As(Callers.GuestEmail).PostAsync($"/api/prompts/{prompt.Id()}/run", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), cancel.Token);
        var waited = 0;
        while (!_server.Requests.Any(r => r.Model == LocalOpenAiServer.Slow) && waited++ < 100) await Task.Delay(100);
        Assert.True(_server.Requests.Any(r => r.Model == LocalOpenAiServer.Slow), "the run reached the model");

        // Another organization's admin, while the slow run waits on its model.
        await app.As(Callers.OutsiderEmail).PostJsonAsync("/api/workflows/test-condition", Condition).Expect(200);

        await cancel.CancelAsync();
        try { await run; } catch (OperationCanceledException) { }
    }

    [Fact]
    public async Task Execute_answers_with_the_rate_limit_headers_like_run()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme);
        var template = await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id());
        var response = await factory.As(Caller.Guest).PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).Expect(200);
        Assert.NotEqual("(missing)", response.Header("X-RateLimit-Limit"));
        Assert.NotEqual("(missing)", response.Header("X-RateLimit-Remaining"));
        Assert.NotEqual("(missing)", response.Header("X-RateLimit-Reset"));
    }
}
