using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Models;
using Builder.Domain.PromptTemplates.Sentiment;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.PromptTemplates.Execution;

/// <summary>
/// Runs prompt templates on their model (entities:read, as the reference says: every role of the organization) and records
/// every run, successful or not. Also fills a template's sentiment analyses. A failing model is a
/// <see cref="PromptExecutionException"/> (502 in the API) whose message is the gateway's reason, never a credential.
/// </summary>
public sealed class PromptExecutionService(
    IBuilderDbContextFactory dbs,
    PromptTemplateService templates,
    ModelService models,
    IModelGateway gateway,
    ISentimentAnalyzer sentiment,
    TimeProvider clock)
{
    public const string NoModel = "This prompt template has no model; choose one (modelId).";
    public const string UnknownModel = "That model does not exist in this organization.";

    private static readonly Dictionary<string, Expression<Func<PromptExecution, object>>> SortKeys = new()
    {
        ["executedAt"] = e => e.ExecutedAt,
    };

    /// <summary>What a run needs of the template's chosen version.</summary>
    private sealed record Source(Guid Id, Guid OrganizationId, int Version, string PromptText, Guid? ModelId, IReadOnlyList<PromptVariableSet> VariableSets);

    private sealed record Prepared(Source Template, ModelTarget Model, string Prompt, string? VariableSet, Dictionary<string, JsonNode?> Inputs);

    /// <summary>Runs the template once and records the run. 400 for missing variables or no model; 502 (<see cref="PromptExecutionException"/>) when the model fails.</summary>
    public async Task<PromptExecutionResult> ExecuteAsync(Actor actor, Guid id, PromptExecutionRequest request, CancellationToken ct = default)
    {
        var run = await PrepareAsync(actor, id, request, ct);
        var started = clock.GetTimestamp();
        ModelCompletion completion;
        try
        {
            completion = Redact(await gateway.CompleteAsync(run.Model.Endpoint, [ModelMessage.User(run.Prompt)], null, ct), run.Model.Endpoint);
        }
        catch (ModelCallException e)
        {
            var failed = await RecordAsync(actor, run, null, e.Message, streamed: false, Elapsed(started), CancellationToken.None);
            throw new PromptExecutionException(e.Message, e.Failure, e.StatusCode, failed.Id);
        }
        catch (OperationCanceledException)
        {
            await RecordAsync(actor, run, null, "Cancelled before the model answered.", streamed: false, Elapsed(started), CancellationToken.None);
            throw;
        }
        var record = await RecordAsync(actor, run, completion, null, streamed: false, completion.LatencyMs, CancellationToken.None);
        return Result(record, run, completion);
    }

    /// <summary>
    /// Runs the template and streams the output as it arrives: text deltas in order, then one last update carrying the
    /// <see cref="PromptExecutionResult"/>. The run is recorded when it ends (also when it fails or is cancelled). Throws
    /// <see cref="PromptExecutionException"/> when the model fails, also mid-stream.
    /// </summary>
    public async IAsyncEnumerable<PromptExecutionUpdate> StreamAsync(Actor actor, Guid id, PromptExecutionRequest request,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var run = await PrepareAsync(actor, id, request, ct);
        var started = clock.GetTimestamp();
        var updates = gateway.StreamAsync(run.Model.Endpoint, [ModelMessage.User(run.Prompt)], null, ct).GetAsyncEnumerator(ct);
        var finished = false;
        var redactor = new StreamRedactor(run.Model.Endpoint);
        var shown = new System.Text.StringBuilder();
        try
        {
            while (true)
            {
                ModelStreamUpdate? next = null;
                ModelCallException? failure = null;
                try
                {
                    if (!await updates.MoveNextAsync()) break;
                    next = updates.Current;
                }
                catch (ModelCallException e)
                {
                    failure = e;
                }
                if (failure is not null)
                {
                    finished = true;
                    // The words that arrived before the failure are shown and kept with the error.
                    var rest = redactor.Flush();
                    if (rest.Length > 0) yield return new PromptExecutionUpdate(rest, Elapsed(started));
                    var partial = shown.Append(rest).ToString();
                    var failed = await RecordAsync(actor, run, null, failure.Message, streamed: true, Elapsed(started), CancellationToken.None,
                        partial.Length > 0 ? partial : null);
                    throw new PromptExecutionException(failure.Message, failure.Failure, failure.StatusCode, failed.Id);
                }
                var update = next!;
                if (update.Final is { } final)
                {
                    finished = true;
                    var completion = Redact(final, run.Model.Endpoint);
                    var rest = redactor.Flush();
                    if (rest.Length > 0) yield return new PromptExecutionUpdate(rest, update.ElapsedMs);
                    var record = await RecordAsync(actor, run, completion, null, streamed: true, completion.LatencyMs, CancellationToken.None);
                    yield return new PromptExecutionUpdate("", update.ElapsedMs, Result(record, run, completion));
                    yield break;
                }
                var ready = redactor.Push(update.Delta);
                if (ready.Length == 0) continue;
                shown.Append(ready);
                yield return new PromptExecutionUpdate(ready, update.ElapsedMs);
            }
        }
        finally
        {
            await updates.DisposeAsync();
            // Cancelled, or the reader stopped early: still a run that happened.
            if (!finished) await RecordAsync(actor, run, null, "Cancelled before the model finished.", streamed: true, Elapsed(started), CancellationToken.None);
        }
    }

    /// <summary>The template's runs, newest first (entities:read).</summary>
    public async Task<PagedResult<PromptExecutionView>> ListAsync(Actor actor, Guid id, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.LoadOwnedAsync(db.PromptTemplates.AsNoTracking(), actor, id, Permissions.EntitiesRead, null, ct);
        var sorted = page.Sort is null ? page with { Sort = "executedAt", Descending = true } : page;
        // Each entry carries at most ListTextMax characters of output and inputs (cut in the database, one over to tell a cut);
        // the whole record is GetAsync's.
        const int take = PromptExecution.ListTextMax + 1;
        var rows = await db.PromptExecutions.AsNoTracking().Where(e => e.PromptTemplateId == id).ToPageAsync(sorted, SortKeys, e => new PromptExecution
        {
            Id = e.Id, PromptTemplateId = e.PromptTemplateId, OrganizationId = e.OrganizationId, Version = e.Version, ModelId = e.ModelId,
            ModelName = e.ModelName, VariableSet = e.VariableSet, Succeeded = e.Succeeded, Error = e.Error, FinishReason = e.FinishReason,
            InputTokens = e.InputTokens, OutputTokens = e.OutputTokens, LatencyMs = e.LatencyMs, Streamed = e.Streamed,
            ExecutedBy = e.ExecutedBy, ExecutedAt = e.ExecutedAt, OutputTruncated = e.OutputTruncated, InputsTruncated = e.InputsTruncated,
            InputsJson = e.InputsJson, // JSON cannot be cut in the database; at most InputsMax per record
            Output = e.Output == null ? null : e.Output.Substring(0, e.Output.Length < take ? e.Output.Length : take),
        }, ct);
        return new PagedResult<PromptExecutionView>(rows.Items.Select(ListView).ToList(), rows.Page, rows.Limit, rows.Total);
    }

    /// <summary>One run of the template as recorded, all of it (entities:read); 404 for another template's run or another organization's.</summary>
    public async Task<PromptExecutionView> GetAsync(Actor actor, Guid id, Guid executionId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.LoadOwnedAsync(db.PromptTemplates.AsNoTracking(), actor, id, Permissions.EntitiesRead, null, ct);
        var row = await db.PromptExecutions.AsNoTracking().FirstOrDefaultAsync(e => e.Id == executionId && e.PromptTemplateId == id, ct)
                  ?? throw new NotFoundException(ExecutionNotFound);
        return View(row);
    }

    public const string ExecutionNotFound = "Execution not found.";

    /// <summary>
    /// Fills the template's <c>rawSentimentAnalysis</c> (its prompt text with the chosen set or values substituted; the raw text
    /// when none is given) and <c>resultSentimentAnalysis</c> (the latest successful run's output; null when there is none),
    /// saves them and returns the template (entities:read). The analyzer is the embedded lexicon by default, or the template's
    /// model (<see cref="SentimentAnalyzers.Model"/>, a structured-output request): 400 for an unknown analyzer or a template
    /// without a usable model; a <see cref="ModelSentimentException"/> (502 in the API) when the model fails or answers
    /// something that is not an analysis, and then nothing is saved. Each saved analysis also names its <c>analyzer</c>
    /// (and <c>model</c>, for the model's).
    /// </summary>
    public async Task<PromptTemplateView> AnalyzeSentimentAsync(Actor actor, Guid id, PromptSentimentRequest request, CancellationToken ct = default)
    {
        var template = await templates.GetAsync(actor, id, null, ct);
        var analyzer = (request.Analyzer ?? SentimentAnalyzers.Lexicon).Trim().ToLowerInvariant();
        if (analyzer is not (SentimentAnalyzers.Lexicon or SentimentAnalyzers.Model))
            throw new ValidationException("analyzer", (request.Analyzer!.Length <= 40 ? $"Unknown analyzer '{request.Analyzer}'" : "Unknown analyzer")
                + $"; use '{SentimentAnalyzers.Lexicon}' or '{SentimentAnalyzers.Model}'.");
        var text = template.PromptText;
        if (request.VariableSet is not null || request.Values is not null)
            text = PromptText.Substitute(text, Values(template.VariableSets, request.VariableSet, request.Values)).Text;
        ModelTarget? model = null;
        if (analyzer == SentimentAnalyzers.Model)
        {
            var modelId = template.ModelId ?? throw new ValidationException("modelId", NoModelForSentiment);
            try
            {
                model = await models.GetEndpointAsync(actor, modelId, template.OrganizationId, ct);
            }
            catch (NotFoundException)
            {
                throw new ValidationException("modelId", $"The template's model no longer exists. {NoModelForSentiment}");
            }
        }
        string? output;
        await using (var db = dbs.Create())
        {
            output = await db.PromptExecutions.AsNoTracking().Where(e => e.PromptTemplateId == id && e.Succeeded)
                .OrderByDescending(e => e.ExecutedAt).Select(e => e.Output).FirstOrDefaultAsync(ct);
        }
        JsonNode? raw, result;
        if (model is null)
        {
            raw = Stored(sentiment.Analyze(text), SentimentAnalyzers.Lexicon, null);
            result = output is null ? null : Stored(sentiment.Analyze(output), SentimentAnalyzers.Lexicon, null);
        }
        else
        {
            var byModel = new ModelSentimentAnalyzer(gateway);
            raw = Stored(await byModel.AnalyzeAsync(model.Endpoint, text, ct), SentimentAnalyzers.Model, model.Name);
            result = output is null ? null : Stored(await byModel.AnalyzeAsync(model.Endpoint, output, ct), SentimentAnalyzers.Model, model.Name);
        }
        await templates.SaveSentimentAsync(actor, id, raw, result, ct);
        return await templates.GetAsync(actor, id, null, ct);
    }

    public const string NoModelForSentiment = "This prompt template has no model; choose a model for it (modelId) to analyze with the model, or use the lexicon.";

    /// <summary>The analysis as saved: <c>{ label, score, sentences, analyzer, model? }</c>.</summary>
    private static JsonNode Stored(SentimentAnalysis analysis, string analyzer, string? model)
    {
        var node = JsonSerializer.SerializeToNode(analysis, PromptTemplateService.Json)!.AsObject();
        node["analyzer"] = analyzer;
        if (model is not null) node["model"] = model;
        return node;
    }

    // ---- rules ----

    private async Task<Prepared> PrepareAsync(Actor actor, Guid id, PromptExecutionRequest request, CancellationToken ct)
    {
        var template = await SourceAsync(actor, id, request, ct);
        var values = Values(template.VariableSets, request.VariableSet, request.Values);
        var prompt = PromptText.Substitute(template.PromptText, values).ThrowIfMissing().Text;
        var modelId = request.ModelId ?? template.ModelId ?? throw new ValidationException("modelId", NoModel);
        ModelTarget model;
        try
        {
            model = await models.GetEndpointAsync(actor, modelId, template.OrganizationId, ct);
        }
        catch (NotFoundException)
        {
            throw new ValidationException("modelId", request.ModelId is null ? $"The template's model no longer exists. {NoModel}" : UnknownModel);
        }
        return new Prepared(template, model, prompt, request.VariableSet?.Trim(), values);
    }

    /// <summary>
    /// The current version straight from the template row (one query: the common case, kept lean); a version or label through
    /// <see cref="PromptTemplateService.GetAsync"/>, which knows the history and its rules.
    /// </summary>
    private async Task<Source> SourceAsync(Actor actor, Guid id, PromptExecutionRequest request, CancellationToken ct)
    {
        if (request.Version is not null || request.Label is not null)
        {
            var view = await templates.GetAsync(actor, id, new PromptTemplateVersionSelector(request.Version, request.Label), ct);
            return new Source(view.Id, view.OrganizationId, view.Version, view.PromptText, view.ModelId, view.VariableSets);
        }
        await using var db = dbs.Create();
        var row = await db.LoadOwnedAsync(db.PromptTemplates.AsNoTracking(), actor, id, Permissions.EntitiesRead, null, ct);
        var content = PromptTemplateService.Content(row);
        return new Source(row.Id, row.OrganizationId, row.CurrentVersion, content.PromptText, content.ModelId, content.VariableSets);
    }

    private static Dictionary<string, JsonNode?> Values(IReadOnlyList<PromptVariableSet> sets, string? setName, IReadOnlyDictionary<string, JsonNode?>? values)
    {
        var merged = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (setName is not null)
        {
            var name = setName.Trim();
            var set = sets.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
                      ?? throw new ValidationException("variableSet", sets.Count == 0
                          ? $"Variable set '{name}' not found; this version has no variable sets."
                          : $"Variable set '{name}' not found; the sets are: {string.Join(", ", sets.Select(s => $"'{s.Name}'"))}.");
            foreach (var (key, value) in set.Values) merged[key] = value?.DeepClone();
        }
        if (values is not null)
            foreach (var (key, value) in values) merged[key] = value?.DeepClone();
        return merged;
    }

    private async Task<PromptExecution> RecordAsync(Actor actor, Prepared run, ModelCompletion? completion, string? error, bool streamed, long latencyMs,
        CancellationToken ct, string? partialOutput = null)
    {
        var inputs = new JsonObject();
        foreach (var (key, value) in run.Inputs) inputs[key] = value?.DeepClone();
        var record = new PromptExecution
        {
            PromptTemplateId = run.Template.Id, OrganizationId = run.Template.OrganizationId, Version = run.Template.Version,
            ModelId = run.Model.Id, ModelName = run.Model.Name, VariableSet = run.VariableSet,
            InputsJson = ExecutionText.CutInputs(inputs, PromptExecution.InputsMax, out var inputsCut), InputsTruncated = inputsCut,
            Succeeded = completion is not null, Output = ExecutionText.Cut(completion?.Output ?? partialOutput, PromptExecution.OutputMax, out var outputCut),
            OutputTruncated = outputCut,
            Error = ExecutionText.Cut(error, PromptExecution.ErrorMax, out _),
            FinishReason = completion?.FinishReason is { } f && f.Length > PromptExecution.FinishReasonMax ? f[..PromptExecution.FinishReasonMax] : completion?.FinishReason,
            InputTokens = completion?.Usage.InputTokens ?? 0, OutputTokens = completion?.Usage.OutputTokens ?? 0,
            LatencyMs = latencyMs, Streamed = streamed, ExecutedBy = actor.Email, ExecutedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = dbs.Create();
        db.PromptExecutions.Add(record);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>The gateway scrubs its errors; an output that echoes a credential is scrubbed here, before anyone sees or stores it.</summary>
    private static ModelCompletion Redact(ModelCompletion completion, ModelEndpoint endpoint) =>
        completion with { Output = endpoint.Redactor.Redact(completion.Output) };

    private long Elapsed(long started) => (long)clock.GetElapsedTime(started).TotalMilliseconds;

    private static PromptExecutionResult Result(PromptExecution record, Prepared run, ModelCompletion completion) =>
        new(record.Id, completion.Output, new NamedRef(run.Model.Id, run.Model.Name), run.Template.Version, completion.Usage, completion.LatencyMs,
            completion.FinishReason);

    private static PromptExecutionView View(PromptExecution e) => new(e.Id, e.Version, new NamedRef(e.ModelId, e.ModelName), e.VariableSet,
        JsonNode.Parse(e.InputsJson), e.Succeeded, e.Output, e.Error, new ModelUsage(e.InputTokens, e.OutputTokens), e.LatencyMs, e.FinishReason,
        e.Streamed, e.ExecutedBy, e.ExecutedAt, e.OutputTruncated, e.InputsTruncated);

    /// <summary>A list entry: output and inputs JSON at most <see cref="PromptExecution.ListTextMax"/> characters, <c>shortened</c> when cut.</summary>
    private static PromptExecutionView ListView(PromptExecution e)
    {
        var output = ExecutionText.Cut(e.Output, PromptExecution.ListTextMax, out var outputCut);
        var inputs = JsonNode.Parse(e.InputsJson) as JsonObject ?? [];
        var inputsJson = ExecutionText.CutInputs(inputs, PromptExecution.ListTextMax, out var inputsCut);
        return new PromptExecutionView(e.Id, e.Version, new NamedRef(e.ModelId, e.ModelName), e.VariableSet, JsonNode.Parse(inputsJson), e.Succeeded,
            output, e.Error, new ModelUsage(e.InputTokens, e.OutputTokens), e.LatencyMs, e.FinishReason, e.Streamed, e.ExecutedBy, e.ExecutedAt,
            e.OutputTruncated, e.InputsTruncated, outputCut || inputsCut);
    }
}
