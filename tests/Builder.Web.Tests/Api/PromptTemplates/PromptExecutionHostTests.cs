using System.Diagnostics;
using System.Text.Json;
using Builder.TestServers;
using Builder.Web.Features.PromptTemplates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using static Builder.Web.Tests.Api.PromptTemplates.PromptExecutionArrange;

namespace Builder.Web.Tests.Api.PromptTemplates;

/// <summary>
/// Execution on a host of its own settings: every log line captured at every level (a canary token never appears in
/// answers, records or logs), the per-person rate limit, and the overhead measurement.
/// </summary>
public sealed class PromptExecutionHostTests(BuilderApiFactory factory, ITestOutputHelper output) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    private LocalOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private WebApplicationFactory<Program> Host(CapturingLoggerProvider? logs = null, int permitLimit = 30) => factory.WithWebHostBuilder(b =>
    {
        b.UseSetting("RateLimits:TestHelpers:PermitLimit", permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (logs is null) return;
        b.UseSetting("Logging:LogLevel:Default", "Trace");
        b.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
        b.ConfigureLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
    });

    private static HttpClient As(WebApplicationFactory<Program> host, Caller caller)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, Callers.EmailOf(caller));
        return client;
    }

    [Fact]
    public async Task A_canary_token_never_appears_in_answers_records_or_logs()
    {
        const string canary = "sk-CANARY-run-3c9e81f0d2b64a57";
        var logs = new CapturingLoggerProvider();
        await using var host = Host(logs);
        var seed = await factory.SeedAsync();
        var client = As(host, Caller.Admin);
        _server.Token = canary;
        var texts = new List<string>();
        async Task<string> Send(Task<HttpResponseMessage> call)
        {
            var text = await (await call).Content.ReadAsStringAsync();
            texts.Add(text);
            return text;
        }

        // One model answers with the token in its reply, the others fail in ways that tempt an echo.
        var leaky = await factory.LocalModelAsync(_server, seed.Acme, "leaky-run", canary);
        _server.SetReply("leaky-run", $"Here is your key: {canary}. Welcome!");
        var template = await factory.CreateTemplateAsync(seed.Acme, modelId: leaky.Id());
        Assert.Contains("Welcome!", await Send(client.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" })));
        foreach (var script in new[] { LocalOpenAiServer.Unauthorized, LocalOpenAiServer.BadRequest, LocalOpenAiServer.ServerError, LocalOpenAiServer.NotOpenAi })
        {
            var failing = await factory.LocalModelAsync(_server, seed.Acme, script, canary);
            Assert.Contains("The model call failed",
                await Send(client.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User", modelId = failing.Id() })));
        }
        await Send(client.GetAsync(ExecutionsUrl(template.Id())));
        await Send(client.PostJsonAsync(SentimentUrl(template.Id()), new { variableSet = "Happy User" }));

        Assert.Equal(canary, _server.Requests.First(r => r.Model == "leaky-run").Header("Authorization")?["Bearer ".Length..]);
        foreach (var text in texts) Assert.DoesNotContain(canary, text);
        var records = await factory.QueryAsync(db => db.PromptExecutions.AsNoTracking().Where(e => e.PromptTemplateId == template.Id()).ToListAsync());
        Assert.Equal(5, records.Count);
        Assert.DoesNotContain(canary, JsonSerializer.Serialize(records));
        Assert.DoesNotContain(canary, await factory.QueryAsync(db => db.PromptTemplates.Where(t => t.Id == template.Id())
            .Select(t => t.ResultSentimentAnalysisJson).FirstAsync()) ?? "");
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(canary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_is_rate_limited_per_person_like_the_test_helpers()
    {
        await using var host = Host(permitLimit: 2);
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme);
        var template = await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id());
        var user = As(host, Caller.User);
        await user.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).Expect(200);
        await user.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).Expect(200);
        var refused = await user.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).Expect(429);
        Assert.NotNull(refused.Headers.RetryAfter);
        // The refusal names what was refused: template runs, not the workflow test helpers.
        var details = (await refused.JsonAsync()).Str("details");
        Assert.StartsWith("Prompt template runs are limited to 2 per minute per person, counted together with the other test and model runs; try again in ", details);
        Assert.DoesNotContain("condition", details, StringComparison.OrdinalIgnoreCase);
        // Another person has an allowance of their own; reading the runs is not limited.
        await As(host, Caller.Guest).PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).Expect(200);
        await user.GetAsync(ExecutionsUrl(template.Id())).Expect(200);
    }

    [Fact]
    public async Task A_refused_prompt_run_names_prompt_runs()
    {
        await using var host = Host(permitLimit: 1);
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme);
        var prompt = await As(host, Caller.Admin).PostJsonAsync("/api/prompts", new
        {
            organizationId = seed.Acme, modelId = model.Id(), title = Arrange.Unique("Limited"), content = "Say {{word}}", outputFormat = "text",
        }).ExpectJson(201);
        var user = As(host, Caller.User);
        await user.PostJsonAsync($"/api/prompts/{prompt.Id()}/run", new { values = new { word = "hi" } }).Expect(200);
        var refused = await user.PostJsonAsync($"/api/prompts/{prompt.Id()}/run", new { values = new { word = "hi" } }).ExpectJson(429);
        Assert.StartsWith("Prompt runs are limited to 1 per minute per person, counted together with the other test and model runs; try again in ",
            refused.Str("details"));
    }

    /// <summary>
    /// Not a timed assertion: measures execute end to end against the local server answering at once and writes the medians
    /// (run with --logger "console;verbosity=detailed" to see them). Overhead = round trip minus the model call's own latency.
    /// </summary>
    [Fact]
    public async Task Measure_execution_overhead()
    {
        await using var host = Host(permitLimit: 100_000);
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme);
        var template = await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id());
        var client = As(host, Caller.Admin);
        for (var i = 0; i < 20; i++) await client.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).Expect(200);

        var totals = new List<double>();
        var overheads = new List<double>();
        var models = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var watch = Stopwatch.StartNew();
            var body = await client.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).ExpectJson(200);
            watch.Stop();
            var latency = body.GetProperty("latencyMs").GetInt64();
            totals.Add(watch.Elapsed.TotalMilliseconds);
            models.Add(latency);
            overheads.Add(watch.Elapsed.TotalMilliseconds - latency);
        }
        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        output.WriteLine($"execute over 200 calls: median round trip {Median(totals):0.0} ms, median model latency {Median(models):0.0} ms, " +
                         $"median overhead {Median(overheads):0.0} ms (p90 {overheads.Order().ElementAt(180):0.0} ms)");
        Assert.Equal(220, await factory.QueryAsync(db => db.PromptExecutions.CountAsync(e => e.PromptTemplateId == template.Id())));
    }
}
