using System.Text.Json.Nodes;
using Builder.Domain.Models;
using Builder.Domain.PromptTemplates;
using Builder.Domain.PromptTemplates.Execution;
using Builder.Domain.PromptTemplates.Sentiment;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.PromptTemplates;

/// <summary>A run: a variable set by name and/or values, optionally a version or label, optionally another model.</summary>
public sealed record ExecutePromptTemplateRequest(string? VariableSet, Dictionary<string, JsonNode?>? Values, int? Version, string? Label, Guid? ModelId)
{
    public PromptExecutionRequest ToRequest() => new(VariableSet, Values, Version, Label, ModelId);
}

/// <summary>The reference's execute answer.</summary>
public sealed record ExecutePromptTemplateResponse(Guid ExecutionId, string Output, NamedRef Model, int Version, ModelUsage Usage, long LatencyMs,
    string? FinishReason)
{
    public static ExecutePromptTemplateResponse From(PromptExecutionResult r) =>
        new(r.ExecutionId, r.Output, r.Model, r.Version, r.Usage, r.LatencyMs, r.FinishReason);
}

/// <summary>
/// What analyze-sentiment substitutes into the prompt text (nothing: the raw text), and the analyzer: <c>lexicon</c> (the
/// default, local) or <c>model</c> (the template's model, with a structured-output request).
/// </summary>
public sealed record AnalyzeSentimentRequest(string? VariableSet, Dictionary<string, JsonNode?>? Values, string? Analyzer = null);

/// <summary>
/// <c>POST /api/prompt-templates/{id}/execute</c>, <c>GET …/executions</c>, <c>GET …/executions/{executionId}</c> and <c>POST …/analyze-sentiment</c>: entities:read
/// (every role), as the reference says. Execute is rate-limited per person like the test helpers, and analyze-sentiment
/// also takes a permit of the server-wide evaluation cap; a failing model is 502
/// with the reason (never a credential).
/// </summary>
public static class PromptExecutionEndpoints
{
    public const string ModelFailed = "The model call failed";

    public static RouteGroupBuilder MapPromptExecutionEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/execute", Execute)
            .WithSummary("Run the template (current version, or version/label) with a variable set or values on its model or modelId")
            .WithErrorResponses(429, 502).WithModelRunRateLimit(RateLimitedWork.TemplateRuns);
        group.MapGet("/{id:guid}/executions", Executions).WithSummary("List the template's runs, newest first (version, model, inputs, output or error, tokens, latency, who, when); each entry's output and inputs are cut to 4,000 characters (\"shortened\": true)");
        group.MapGet("/{id:guid}/executions/{executionId:guid}", Execution)
            .WithSummary("One run of the template as recorded (output and inputs JSON kept up to 64 KiB each; \"outputTruncated\"/\"inputsTruncated\" when the run had more)");
        // Both analyzers take the per-person limit; the lexicon (CPU-bound over up to a million characters) also takes the
        // server-wide evaluation cap in the handler, the model (which waits on the network) does not.
        group.MapPost("/{id:guid}/analyze-sentiment", AnalyzeSentiment)
            .WithSummary("Analyze the sentiment of the prompt text (with a variable set or values substituted) and of the latest run's output, with the lexicon (default) or the template's model (\"analyzer\": \"model\")")
            .WithErrorResponses(429, 502).WithModelRunRateLimit(RateLimitedWork.SentimentAnalyses);
        return group;
    }

    private static async Task<Results<Ok<ExecutePromptTemplateResponse>, JsonHttpResult<ErrorResponse>>> Execute(HttpContext http,
        PromptExecutionService executions, Guid id, ExecutePromptTemplateRequest? request)
    {
        try
        {
            var result = await executions.ExecuteAsync(await http.ActorAsync(), id, (request ?? new(null, null, null, null, null)).ToRequest(),
                http.RequestAborted);
            return TypedResults.Ok(ExecutePromptTemplateResponse.From(result));
        }
        catch (PromptExecutionException e)
        {
            return TypedResults.Json(new ErrorResponse(ModelFailed, e.Message), statusCode: StatusCodes.Status502BadGateway);
        }
    }

    private static async Task<Ok<PageResponse<PromptExecutionView>>> Executions(HttpContext http, PromptExecutionService executions, Guid id,
        [AsParameters] PageQuery query) =>
        ApiResults.Page(await executions.ListAsync(await http.ActorAsync(), id, query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<PromptExecutionView>> Execution(HttpContext http, PromptExecutionService executions, Guid id, Guid executionId) =>
        TypedResults.Ok(await executions.GetAsync(await http.ActorAsync(), id, executionId, http.RequestAborted));

    private static async Task<Results<Ok<PromptTemplateView>, JsonHttpResult<ErrorResponse>>> AnalyzeSentiment(HttpContext http,
        PromptExecutionService executions, EvaluationConcurrency concurrency, Guid id, AnalyzeSentimentRequest? request)
    {
        var actor = await http.ActorAsync();
        var sentiment = new PromptSentimentRequest(request?.VariableSet, request?.Values, request?.Analyzer);
        if (!concurrency.TryEnterSentiment(request?.Analyzer, out var lease))
        {
            http.Response.Headers.RetryAfter = EvaluationConcurrency.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Json(new ErrorResponse("Server busy", concurrency.RefusalFor(RateLimitedWork.SentimentAnalyses)),
                statusCode: StatusCodes.Status429TooManyRequests);
        }
        using var _ = lease;
        try
        {
            return TypedResults.Ok(await executions.AnalyzeSentimentAsync(actor, id, sentiment, http.RequestAborted));
        }
        catch (ModelSentimentException e)
        {
            return TypedResults.Json(new ErrorResponse(ModelFailed, e.Message), statusCode: StatusCodes.Status502BadGateway);
        }
    }
}
