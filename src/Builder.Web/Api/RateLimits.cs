using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Builder.Web.Api.Poweruser;
using Builder.Web.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Builder.Web.Api;

/// <summary>
/// How often one person may run the test helpers and dry runs: <see cref="PermitLimit"/> per <see cref="WindowSeconds"/>.
/// Configuration section <c>RateLimits:TestHelpers</c>.
/// </summary>
public sealed class TestHelperRateLimitOptions
{
    public const string Section = "RateLimits:TestHelpers";

    /// <summary>Requests per window per user (API keys count as their owner). Default 30.</summary>
    public int PermitLimit { get; set; } = 30;

    /// <summary>The window, in seconds. Default 60.</summary>
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// How many condition tests, substitution tests and dry runs the whole server runs at once, across all people:
/// <see cref="PermitLimit"/> when set, otherwise <see cref="PermitsPerCpu"/> per CPU. Configuration section
/// <c>RateLimits:Concurrency</c>.
/// </summary>
public sealed class EvaluationConcurrencyOptions
{
    public const string Section = "RateLimits:Concurrency";

    /// <summary>Evaluations at once per CPU when <see cref="PermitLimit"/> is not set. Default 2.</summary>
    public int PermitsPerCpu { get; set; } = 2;

    /// <summary>Evaluations at once for the whole server; overrides <see cref="PermitsPerCpu"/>.</summary>
    public int? PermitLimit { get; set; }

    /// <summary>The cap these settings give on a machine with <paramref name="processors"/> CPUs (at least 1).</summary>
    public int LimitFor(int processors) => Math.Max(1, PermitLimit ?? PermitsPerCpu * Math.Max(1, processors));
}

/// <summary>
/// The server-wide cap on evaluations running at once (<see cref="EvaluationConcurrencyOptions"/>), shared by the API and
/// the console's test panels: many people together cannot take every CPU. Over the cap a request is refused at once
/// (no queue), so nothing waits holding a thread.
/// </summary>
public sealed class EvaluationConcurrency(IOptions<EvaluationConcurrencyOptions> options)
{
    /// <summary>What <c>Retry-After</c> says to a refused request: evaluations are short, so one second.</summary>
    public const int RetryAfterSeconds = 1;

    private int _running;

    public int Limit { get; } = options.Value.LimitFor(Environment.ProcessorCount);

    /// <summary>The sentence a refused person reads, in the API and in the console.</summary>
    public string RefusalText => RefusalFor(RateLimitedWork.WorkflowTests);

    /// <summary>The sentence for <paramref name="work"/> (what the refused endpoint does).</summary>
    public string RefusalFor(RateLimitedWork work) =>
        $"The server is already running as many {work.Plural.ToLowerInvariant()} as it can at once ({Limit}, for everyone together); try again in a second.";

    /// <summary>A lease to dispose when the evaluation ends, or null when the server is at its cap.</summary>
    public IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref _running) <= Limit) return new Lease(this);
        Interlocked.Decrement(ref _running);
        return null;
    }

    /// <summary>
    /// The server-wide cap for a sentiment analysis, the one rule the API and the console share: the lexicon takes a permit
    /// (it uses the CPU), the model does not (it waits on the network). False when the lexicon finds the server at its cap;
    /// <paramref name="lease"/> (null for the model) is disposed when the analysis ends.
    /// </summary>
    public bool TryEnterSentiment(string? analyzer, out IDisposable? lease)
    {
        var withModel = string.Equals(analyzer?.Trim(), Builder.Domain.PromptTemplates.Execution.SentimentAnalyzers.Model, StringComparison.OrdinalIgnoreCase);
        lease = withModel ? null : TryEnter();
        return withModel || lease is not null;
    }

    private sealed class Lease(EvaluationConcurrency owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref owner._running);
        }
    }
}

/// <summary>
/// What an endpoint under the per-person limit does, named in its 429 text ("Prompt template runs are limited to …"): endpoint
/// metadata, so one limiter can refuse each endpoint in its own words. The allowance itself is one per person for all of them.
/// </summary>
public sealed record RateLimitedWork(string Plural, string? Limiter = null)
{
    /// <summary>Every request of the poweruser API, counted in its own allowance (<see cref="RateLimits.Poweruser"/>).</summary>
    public static readonly RateLimitedWork PoweruserRequests = new("Poweruser API requests", RateLimits.Poweruser);

    public static readonly RateLimitedWork WorkflowTests = new("Condition tests, substitution tests and dry runs");
    public static readonly RateLimitedWork TemplateRuns = new("Prompt template runs");
    public static readonly RateLimitedWork PromptRuns = new("Prompt runs");
    public static readonly RateLimitedWork SentimentAnalyses = new("Sentiment analyses");
    public static readonly RateLimitedWork ConnectionTests = new("Model connection tests");

    /// <summary>Connecting to an MCP server to list its tools (the console's "Connect and list tools", a tool editor loading a server's tools, create-from-mcp).</summary>
    public static readonly RateLimitedWork McpConnections = new("MCP server connections");
}

/// <summary>One decision of <see cref="UserRateLimiter"/>: allowed or not, and the numbers the <c>X-RateLimit-*</c> headers carry.</summary>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, TimeSpan ResetAfter)
{
    /// <summary>Whole seconds until the window resets, at least 1 (for <c>Retry-After</c> and <c>X-RateLimit-Reset</c>).</summary>
    public int ResetSeconds => Math.Max(1, (int)Math.Ceiling(ResetAfter.TotalSeconds));
}

/// <summary>
/// A fixed window per user, shared by the API (through the ASP.NET Core rate limiter, policy <see cref="RateLimits.TestHelpers"/>)
/// and the console's test panels, which call the domain directly: console spam and API calls draw on the same allowance.
/// </summary>
public sealed class UserRateLimiter(IOptions<TestHelperRateLimitOptions> options, TimeProvider clock)
{
    private sealed class Window
    {
        public long Start;
        public int Count;
    }

    private readonly ConcurrentDictionary<Guid, Window> _windows = new();
    private readonly TestHelperRateLimitOptions _options = options.Value;

    public int Limit => Math.Max(1, _options.PermitLimit);
    public TimeSpan WindowLength => TimeSpan.FromSeconds(Math.Max(1, _options.WindowSeconds));

    /// <summary>Takes one permit from the user's window when there is one left.</summary>
    public RateLimitDecision TryAcquire(Guid userId) => Decide(userId, take: true);

    /// <summary>The user's current numbers, taking nothing.</summary>
    public RateLimitDecision Peek(Guid userId) => Decide(userId, take: false);

    /// <summary>How long the user's window has been over and unused, or null while it is current.</summary>
    public TimeSpan? IdleFor(Guid userId)
    {
        if (!_windows.TryGetValue(userId, out var window)) return TimeSpan.MaxValue;
        lock (window)
        {
            var over = clock.GetElapsedTime(window.Start) - WindowLength;
            return over > TimeSpan.Zero ? over : null;
        }
    }

    private RateLimitDecision Decide(Guid userId, bool take)
    {
        var now = clock.GetTimestamp();
        var window = _windows.GetOrAdd(userId, _ => new Window { Start = now });
        lock (window)
        {
            if (clock.GetElapsedTime(window.Start, now) >= WindowLength) (window.Start, window.Count) = (now, 0);
            var allowed = window.Count < Limit;
            if (allowed && take) window.Count++;
            var reset = WindowLength - clock.GetElapsedTime(window.Start, now);
            return new RateLimitDecision(allowed, Limit, Math.Max(0, Limit - window.Count), reset);
        }
    }
}

/// <summary>
/// The rate limit on <c>POST /api/workflows/test-condition</c>, <c>/test-substitution</c> and <c>/{id}/dry-run</c>: the
/// ASP.NET Core rate limiter, partitioned by user, over <see cref="UserRateLimiter"/>. Every answer carries
/// <c>X-RateLimit-Limit</c>, <c>X-RateLimit-Remaining</c>, <c>X-RateLimit-Reset</c> (seconds until the window resets) and
/// the reference's <c>X-RateLimit-Limit-Minute</c> / <c>X-RateLimit-Remaining-Minute</c>; a refusal is a 429 with
/// <c>Retry-After</c> and the API's error body.
/// </summary>
public static class RateLimits
{
    /// <summary>The policy name.</summary>
    public const string TestHelpers = "test-helpers";

    /// <summary>
    /// The policy of the whole <c>/autessa_poweruser</c> group: the same per-person window (<see cref="UserRateLimiter"/>, API keys
    /// count as their owner) with an allowance of its own, <c>RateLimits:Poweruser</c> (default 300 per 60 seconds), so a
    /// script's reads and writes neither drain nor are drained by the test helpers and model runs.
    /// </summary>
    public const string Poweruser = "poweruser";

    public static IServiceCollection AddBuilderRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TestHelperRateLimitOptions>(configuration.GetSection(TestHelperRateLimitOptions.Section));
        services.TryAddSingleton<UserRateLimiter>();
        services.AddOptions<TestHelperRateLimitOptions>(Poweruser).Configure(o => o.PermitLimit = 300).Bind(configuration.GetSection("RateLimits:Poweruser"));
        services.TryAddKeyedSingleton(Poweruser, (sp, _) => new UserRateLimiter(
            Options.Create(sp.GetRequiredService<IOptionsMonitor<TestHelperRateLimitOptions>>().Get(Poweruser)), sp.GetRequiredService<TimeProvider>()));
        services.Configure<EvaluationConcurrencyOptions>(configuration.GetSection(EvaluationConcurrencyOptions.Section));
        services.TryAddSingleton<EvaluationConcurrency>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(TestHelpers, http =>
            {
                // Anonymous requests never reach these endpoints (authorization runs first); no limiter for them.
                if (BuilderClaims.UserIdOf(http.User) is not { } userId) return RateLimitPartition.GetNoLimiter(Guid.Empty);
                var limiter = http.RequestServices.GetRequiredService<UserRateLimiter>();
                return RateLimitPartition.Get(userId, id => new UserWindowLimiter(limiter, id));
            });
            o.AddPolicy(Poweruser, http =>
            {
                if (BuilderClaims.UserIdOf(http.User) is not { } userId) return RateLimitPartition.GetNoLimiter(Guid.Empty);
                var limiter = http.RequestServices.GetRequiredKeyedService<UserRateLimiter>(Poweruser);
                return RateLimitPartition.Get(userId, id => new UserWindowLimiter(limiter, id));
            });
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var work = http.GetEndpoint()?.Metadata.GetMetadata<RateLimitedWork>() ?? RateLimitedWork.WorkflowTests;
                var limiter = LimiterFor(http, work);
                var decision = context.Lease is UserWindowLease lease ? lease.Decision
                    : BuilderClaims.UserIdOf(http.User) is { } id ? limiter.Peek(id) : new RateLimitDecision(false, limiter.Limit, 0, limiter.WindowLength);
                WriteHeaders(http.Response, decision);
                http.Response.Headers.RetryAfter = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
                var error = new ErrorResponse("Too many requests", RefusalText(limiter, decision, work));
                await http.Response.WriteAsJsonAsync(PoweruserErrors.BodyFor(http, StatusCodes.Status429TooManyRequests, error), ct);
            };
        });
        return services;
    }

    private static UserRateLimiter LimiterFor(HttpContext http, RateLimitedWork work) => work.Limiter is { } key
        ? http.RequestServices.GetRequiredKeyedService<UserRateLimiter>(key)
        : http.RequestServices.GetRequiredService<UserRateLimiter>();

    /// <summary>Puts every endpoint of a group under <see cref="Poweruser"/>, with the <c>X-RateLimit-*</c> headers on every answer.</summary>
    public static TBuilder WithPoweruserRateLimit<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder
    {
        endpoints.WithPerPersonLimit(RateLimitedWork.PoweruserRequests);
        endpoints.Add(b => b.FilterFactories.Add((_, next) => context =>
        {
            var http = context.HttpContext;
            if (BuilderClaims.UserIdOf(http.User) is { } userId)
                WriteHeaders(http.Response, http.RequestServices.GetRequiredKeyedService<UserRateLimiter>(Poweruser).Peek(userId));
            return next(context);
        }));
        return endpoints;
    }

    public static IApplicationBuilder UseBuilderRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>
    /// Puts the endpoint under the per-user limit and the server-wide <see cref="EvaluationConcurrency"/> cap, and adds the
    /// <c>X-RateLimit-*</c> headers to its answers. Over the cap: 429 with <c>Retry-After</c> and the API's error body.
    /// </summary>
    public static TBuilder WithUserRateLimit<TBuilder>(this TBuilder endpoint, RateLimitedWork? work = null) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithUserRateLimit(work ?? RateLimitedWork.WorkflowTests, capConcurrency: true);

    /// <summary>
    /// The per-person limit and its <c>X-RateLimit-*</c> headers for endpoints that call a model (execute, prompt run), without
    /// the server-wide <see cref="EvaluationConcurrency"/> cap: a model call waits on the network for up to the model's
    /// timeout, and holding an evaluation permit that long let a few slow runs refuse every condition test and dry run on the
    /// server, in every organization. A refusal names <paramref name="work"/>.
    /// </summary>
    public static TBuilder WithModelRunRateLimit<TBuilder>(this TBuilder endpoint, RateLimitedWork work) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithUserRateLimit(work, capConcurrency: false);

    private static TBuilder WithUserRateLimit<TBuilder>(this TBuilder endpoint, RateLimitedWork work, bool capConcurrency) where TBuilder : IEndpointConventionBuilder
    {
        endpoint.WithPerPersonLimit(work);
        endpoint.Add(b => b.FilterFactories.Add((_, next) => async context =>
        {
            var http = context.HttpContext;
            if (BuilderClaims.UserIdOf(http.User) is { } userId)
                WriteHeaders(http.Response, http.RequestServices.GetRequiredService<UserRateLimiter>().Peek(userId));
            if (!capConcurrency) return await next(context);
            var concurrency = http.RequestServices.GetRequiredService<EvaluationConcurrency>();
            using var lease = concurrency.TryEnter();
            if (lease is null)
            {
                http.Response.Headers.RetryAfter = EvaluationConcurrency.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return Results.Json(PoweruserErrors.BodyFor(http, StatusCodes.Status429TooManyRequests,
                    new ErrorResponse("Server busy", concurrency.RefusalFor(work))), statusCode: StatusCodes.Status429TooManyRequests);
            }
            return await next(context);
        }));
        return endpoint;
    }

    /// <summary>
    /// Puts the endpoint under the per-person limit only (no server-wide cap: for model calls, which wait on the network rather
    /// than take a CPU); a refusal names <paramref name="work"/>.
    /// </summary>
    private static TBuilder WithPerPersonLimit<TBuilder>(this TBuilder endpoint, RateLimitedWork work) where TBuilder : IEndpointConventionBuilder
    {
        endpoint.RequireRateLimiting(work.Limiter ?? TestHelpers);
        endpoint.Add(b => b.Metadata.Add(work));
        return endpoint;
    }

    /// <summary>The sentence a refused person reads, in the API and in the console.</summary>
    public static string RefusalText(UserRateLimiter limiter, RateLimitDecision decision, RateLimitedWork? work = null)
    {
        var text = $"{(work ?? RateLimitedWork.WorkflowTests).Plural} are limited to {limiter.Limit} per {Describe(limiter.WindowLength)} per person";
        // The allowance is one for every limited action; say so where the work alone would not explain the count.
        if (work is { Limiter: null } && work != RateLimitedWork.WorkflowTests) text += ", counted together with the other test and model runs";
        return text + $"; try again in {decision.ResetSeconds} seconds.";
    }

    private static string Describe(TimeSpan window) => window == TimeSpan.FromMinutes(1) ? "minute" : $"{window.TotalSeconds:0} seconds";

    private static void WriteHeaders(HttpResponse response, RateLimitDecision decision)
    {
        var limit = decision.Limit.ToString(CultureInfo.InvariantCulture);
        var remaining = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Limit"] = limit;
        response.Headers["X-RateLimit-Remaining"] = remaining;
        response.Headers["X-RateLimit-Reset"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Limit-Minute"] = limit;
        response.Headers["X-RateLimit-Remaining-Minute"] = remaining;
    }

    /// <summary>One user's partition for the ASP.NET Core middleware; the counting lives in the shared <see cref="UserRateLimiter"/>.</summary>
    private sealed class UserWindowLimiter(UserRateLimiter limiter, Guid userId) : RateLimiter
    {
        public override TimeSpan? IdleDuration => limiter.IdleFor(userId);

        public override RateLimiterStatistics GetStatistics() => new() { CurrentAvailablePermits = limiter.Peek(userId).Remaining };

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => new UserWindowLease(limiter.TryAcquire(userId));

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult<RateLimitLease>(new UserWindowLease(limiter.TryAcquire(userId)));
    }

    private sealed class UserWindowLease(RateLimitDecision decision) : RateLimitLease
    {
        public RateLimitDecision Decision { get; } = decision;

        public override bool IsAcquired => Decision.Allowed;

        public override IEnumerable<string> MetadataNames => IsAcquired ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = !IsAcquired && metadataName == MetadataName.RetryAfter.Name ? TimeSpan.FromSeconds(Decision.ResetSeconds) : null;
            return metadata is not null;
        }
    }
}
