using System.Diagnostics;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Chat;

/// <summary>
/// The chat loop of one turn: call the model with the tools; for each tool call it asks for, check the arguments against
/// the tool's schema, run the tool (with <see cref="ChatLimits.ToolTimeout"/>) and send the result back; call the model
/// again, until it answers — at most <see cref="ChatLimits.MaxToolRounds"/> rounds of tool calls, after which the turn ends
/// with an answer that says so. Every model call and tool call is a <see cref="ChatStep"/> (arguments, result or error,
/// tokens, latency), with the turn's secrets and the values the tools report redacted. A tool that fails, times out,
/// does not exist or gets bad arguments tells the model so (it may correct itself); a failing model ends the turn
/// (<see cref="ChatOutcome.ModelFailed"/>) with the gateway's reason. Logs carry tool names, outcomes and times only.
/// </summary>
public sealed class ChatRunner(IModelGateway gateway, ILogger<ChatRunner>? logger = null, ChatLimits? limits = null)
{
    readonly ILogger _logger = logger ?? NullLogger<ChatRunner>.Instance;

    public ChatLimits Limits { get; } = limits ?? new ChatLimits();

    public async Task<ChatTurnResult> RunAsync(ChatTurnRequest request, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var redactor = new SecretRedactor(request.Secrets);
        var steps = new List<ChatStep>();
        var (input, output) = (0, 0);
        var tools = request.Tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var messages = new List<ModelMessage>();
        var system = request.SystemPrompt;
        if (request.Knowledge is { } knowledge)
        {
            // The knowledge bases' passages follow the agent's own prompt in the system message; the retrieval is the first step.
            if (knowledge.SystemBlock is { } block)
                system = string.IsNullOrWhiteSpace(system) ? redactor.Redact(block) : system.TrimEnd() + "\n\n" + redactor.Redact(block);
            steps.Add(Redact(knowledge.Step, redactor));
        }
        if (!string.IsNullOrWhiteSpace(system)) messages.Add(ModelMessage.System(system));
        messages.AddRange(request.History);
        messages.Add(ModelMessage.User(request.UserMessage));
        var options = new ModelCallOptions
        {
            Tools = request.Tools.Count == 0 ? null : request.Tools.Select(t => new ModelTool(t.Name, t.Description, t.InputSchema)).ToList(),
            Temperature = request.Temperature,
        };

        var retrievalMs = request.Knowledge?.Step.LatencyMs ?? 0;
        ChatTurnResult Finish(string answer, ChatOutcome outcome, string? error) =>
            new(redactor.Redact(answer), outcome, redactor.RedactOrNull(error), steps, new ModelUsage(input, output), retrievalMs + ElapsedMs(started));

        for (var round = 1; ; round++)
        {
            ModelCompletion completion;
            var callStarted = Stopwatch.GetTimestamp();
            try
            {
                completion = await gateway.CompleteAsync(request.Endpoint, messages, options, cancellationToken);
            }
            catch (ModelCallException e)
            {
                steps.Add(new ChatStep(round, ChatStepKind.Model, null, null, null, null, redactor.Redact(e.Message), 0, 0, ElapsedMs(callStarted)));
                _logger.LogWarning("Chat model call failed in round {Round}: {Reason}", round, redactor.Redact(e.Message));
                return Finish($"The model could not answer: {e.Message}", ChatOutcome.ModelFailed, e.Message);
            }
            input += completion.Usage.InputTokens;
            output += completion.Usage.OutputTokens;
            var asked = completion.ToolCalls;
            var (answerText, answerCut) = Cut(redactor.Redact(completion.Output));
            steps.Add(new ChatStep(round, ChatStepKind.Model, null, null, null,
                asked.Count == 0 ? answerText : $"asked for {string.Join(", ", asked.Select(c => c.Name))}",
                null, completion.Usage.InputTokens, completion.Usage.OutputTokens, completion.LatencyMs,
                Detail: completion.FinishReason, Truncated: asked.Count == 0 && answerCut));
            if (asked.Count == 0) return Finish(completion.Output, ChatOutcome.Answered, null);

            if (round > Limits.MaxToolRounds)
            {
                _logger.LogWarning("Chat stopped: the model still asked for tools after {Rounds} rounds", Limits.MaxToolRounds);
                var reason = $"Stopped after {Limits.MaxToolRounds} rounds of tool calls: the model kept asking for tools ({string.Join(", ", asked.Select(c => c.Name).Distinct())}) instead of answering. Ask again more precisely, or check the tools' results in the steps.";
                return Finish(reason, ChatOutcome.RoundLimitReached, reason);
            }

            messages.Add(ModelMessage.AssistantToolCalls(asked, completion.Output));
            for (var i = 0; i < asked.Count; i++)
            {
                var call = asked[i];
                var (content, step) = i < Limits.MaxCallsPerRound
                    ? await RunToolAsync(round, call, tools, redactor, cancellationToken)
                    : RefuseCall(round, call, $"Not run: at most {Limits.MaxCallsPerRound} tool calls are run in one round.", redactor);
                steps.Add(step.Step);
                redactor = step.Redactor;
                messages.Add(ModelMessage.ToolResult(call.Id, content));
            }
        }
    }

    async Task<(string Content, (ChatStep Step, SecretRedactor Redactor))> RunToolAsync(int round, ModelToolCall call, Dictionary<string, ChatTool> tools,
        SecretRedactor redactor, CancellationToken cancellationToken)
    {
        if (!tools.TryGetValue(call.Name, out var tool))
            return RefuseCall(round, call, $"Error: there is no tool named \"{call.Name}\". The tools are: {string.Join(", ", tools.Keys)}.", redactor);
        var (arguments, problems) = ToolArguments.Parse(call.ArgumentsJson, tool.InputSchema);
        if (problems.Count > 0)
            return RefuseCall(round, call, $"Error: invalid arguments for {tool.Name}: {string.Join("; ", problems)}.", redactor);

        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limits.ToolTimeout);
        ToolExecutionResult result;
        try
        {
            result = await tool.Executor.ExecuteAsync(arguments, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = ToolExecutionResult.Failed($"Error: the tool {tool.Name} did not finish within {Limits.ToolTimeout.TotalSeconds:0.##} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result = ToolExecutionResult.Failed($"Error: the tool {tool.Name} failed ({e.GetType().Name}: {e.Message}).");
        }
        if (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !result.IsError)
            result = ToolExecutionResult.Failed($"Error: the tool {tool.Name} did not finish within {Limits.ToolTimeout.TotalSeconds:0.##} s.");
        var latency = ElapsedMs(started);
        redactor = result.Secrets.Count > 0 ? redactor.With(result.Secrets) : redactor;
        var content = redactor.Redact(result.Content);
        _logger.LogInformation("Chat tool {Tool} {Outcome} in {LatencyMs} ms (round {Round})", tool.Name, result.IsError ? "failed" : "ran", latency, round);
        var (recorded, cut) = Cut(content);
        var (recordedArguments, argumentsCut) = Cut(redactor.Redact(call.ArgumentsJson));
        var step = new ChatStep(round, ChatStepKind.Tool, tool.Name, call.Id, recordedArguments,
            result.IsError ? null : recorded, result.IsError ? recorded : null, 0, 0, latency,
            redactor.RedactOrNull(result.Detail), cut || argumentsCut);
        var forModel = content.Length <= Limits.ModelResultChars ? content : content[..Limits.ModelResultChars] + "\n[cut off here]";
        return (forModel, (step, redactor));
    }

    (string Content, (ChatStep Step, SecretRedactor Redactor)) RefuseCall(int round, ModelToolCall call, string reason, SecretRedactor redactor)
    {
        _logger.LogInformation("Chat tool call of {Tool} refused (round {Round})", call.Name.Length > 64 ? call.Name[..64] : call.Name, round);
        var (arguments, cut) = Cut(redactor.Redact(call.ArgumentsJson));
        return (reason, (new ChatStep(round, ChatStepKind.Tool, call.Name, call.Id, arguments, null, redactor.Redact(reason), 0, 0, 0, Truncated: cut), redactor));
    }

    /// <summary>A retrieval step with the turn's secrets taken out of its query, passages and notes (as every other step).</summary>
    static ChatStep Redact(ChatStep step, SecretRedactor redactor) => redactor.IsEmpty ? step : step with
    {
        Arguments = redactor.RedactOrNull(step.Arguments),
        Result = redactor.RedactOrNull(step.Result),
        Error = redactor.RedactOrNull(step.Error),
        Detail = redactor.RedactOrNull(step.Detail),
        Retrieval = step.Retrieval is not { } r ? null : r with
        {
            Query = redactor.Redact(r.Query),
            Passages = r.Passages.Select(p => p with { Text = redactor.Redact(p.Text), Source = redactor.Redact(p.Source), HeadingPath = redactor.RedactOrNull(p.HeadingPath) }).ToList(),
            Notes = r.Notes.Select(redactor.Redact).ToList(),
        },
    };

    (string Text, bool Cut) Cut(string text) =>
        text.Length <= Limits.RecordChars ? (text, false) : (text[..Limits.RecordChars] + "…", true);

    static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
