using Builder.Web.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Builder.Web.Tests.Api.PromptTemplates.PromptExecutionArrange;
using static Builder.Web.Tests.Api.PromptTemplates.PromptTemplateArrange;

namespace Builder.Web.Tests.Api.Hostile;

/// <summary>
/// Hostile: analyze-sentiment runs the lexicon analyzer over the whole substituted text (a 900 KB value took 1.1–1.9 s of
/// CPU) and had neither the per-person limit nor the server-wide evaluation cap: four Guests in a loop made
/// /api/auth/session take seconds for everyone. It now takes both, like the condition tests and dry runs.
/// </summary>
public sealed class SentimentRateLimitTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    [Fact]
    public async Task Past_the_per_person_limit_analyze_sentiment_is_429_with_Retry_After()
    {
        var app = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:TestHelpers:PermitLimit", "2"));
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        var guest = app.As(Callers.GuestEmail);

        var first = await guest.PostJsonAsync(SentimentUrl(template.Id()), new { }).Expect(200);
        Assert.Equal("2", first.Header("X-RateLimit-Limit"));
        await guest.PostJsonAsync(SentimentUrl(template.Id()), new { }).Expect(200);
        var refused = await guest.PostJsonAsync(SentimentUrl(template.Id()), new { }).Expect(429);
        Assert.NotEqual("(missing)", refused.Header("Retry-After"));
        Assert.Equal("0", refused.Header("X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task At_the_server_wide_cap_analyze_sentiment_is_429_server_busy()
    {
        var app = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:Concurrency:PermitLimit", "1"));
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        var guest = app.As(Callers.GuestEmail);
        await guest.PostJsonAsync(SentimentUrl(template.Id()), new { }).Expect(200);

        var concurrency = app.Services.GetRequiredService<EvaluationConcurrency>();
        using (concurrency.TryEnter())
        {
            var refused = await guest.PostJsonAsync(SentimentUrl(template.Id()), new { }).Expect(429);
            Assert.Equal("1", refused.Header("Retry-After"));
        }
        await guest.PostJsonAsync(SentimentUrl(template.Id()), new { }).Expect(200);
    }

    [Fact]
    public async Task At_the_cap_an_analysis_with_the_model_still_runs_as_it_waits_on_the_network_not_a_CPU()
    {
        var app = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:Concurrency:PermitLimit", "1"));
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme); // no model: the answer is 400, not 429
        var guest = app.As(Callers.GuestEmail);

        var concurrency = app.Services.GetRequiredService<EvaluationConcurrency>();
        using (concurrency.TryEnter())
        {
            var answer = await guest.PostJsonAsync(SentimentUrl(template.Id()), new { analyzer = "model" });
            Assert.Equal(400, (int)answer.StatusCode);
        }
    }
}
