using System.Text.Json;
using Builder.Domain.Chat;
using Builder.Domain.Models;
using Builder.Domain.Tests.Models;

namespace Builder.Domain.Tests.Chat;

public sealed class ChatRunnerTests
{
    const string Canary = "canary-secret-0d9c8b7a6f";

    static readonly JsonElement CitySchema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement.Clone();

    readonly CapturingLogger<ChatRunner> _log = new();

    ChatRunner Runner(FakeGateway gateway, ChatLimits? limits = null) => new(gateway, _log, limits);

    static ChatTool Tool(string name, Func<JsonElement, CancellationToken, Task<ToolExecutionResult>> run) =>
        new(name, "A tool", CitySchema, new DelegateToolExecutor(run));

    static ChatTurnRequest Turn(params ChatTool[] tools) => new(FakeGateway.Endpoint, "You are helpful.", [ModelMessage.User("Hi"), ModelMessage.Assistant("Hello")], "Weather in Bern?", tools);

    [Fact]
    public async Task A_tool_call_runs_and_its_result_goes_back_to_the_model()
    {
        var gateway = new FakeGateway().Call("weather", """{"city":"Bern"}""", "c1").Then(m => FakeGateway.Text("It is " + m[^1].Content));
        string? seen = null;
        var result = await Runner(gateway).RunAsync(Turn(Tool("weather", (args, _) =>
        {
            seen = args.GetProperty("city").GetString();
            return Task.FromResult(new ToolExecutionResult("sunny", Detail: "GET https://w.example/Bern → 200"));
        })));

        Assert.Equal(ChatOutcome.Answered, result.Outcome);
        Assert.Equal("It is sunny", result.Answer);
        Assert.Equal("Bern", seen);
        Assert.Equal([ChatStepKind.Model, ChatStepKind.Tool, ChatStepKind.Model], result.Steps.Select(s => s.Kind));
        var tool = result.Steps[1];
        Assert.Equal(("weather", "c1", """{"city":"Bern"}""", "sunny", (string?)null), (tool.ToolName, tool.ToolCallId, tool.Arguments, tool.Result, tool.Error));
        Assert.Equal("GET https://w.example/Bern → 200", tool.Detail);
        Assert.Equal(new ModelUsage(20, 8), result.Usage);
        Assert.Equal(10, result.Steps[0].InputTokens);

        // The second call carries the system prompt, the history, the question, the assistant's tool call and its result.
        var second = gateway.Calls[1].Messages;
        Assert.Equal(["system", "user", "assistant", "user", "assistant", "tool"], second.Select(m => m.Role));
        Assert.Equal("c1", second[^1].ToolCallId);
        Assert.Equal("c1", Assert.Single(second[^2].ToolCalls).Id);
        Assert.Equal(["weather"], gateway.Calls[0].Options!.Tools!.Select(t => t.Name));
    }

    [Fact]
    public async Task The_loop_stops_after_the_round_cap_and_says_so()
    {
        var gateway = new FakeGateway { Otherwise = _ => FakeGateway.Calls1(new ModelToolCall("c", "weather", """{"city":"Bern"}""")) };
        var runs = 0;
        var result = await Runner(gateway, new ChatLimits { MaxToolRounds = 3 }).RunAsync(Turn(Tool("weather", (_, _) =>
        {
            runs++;
            return Task.FromResult(new ToolExecutionResult("again"));
        })));

        Assert.Equal(ChatOutcome.RoundLimitReached, result.Outcome);
        Assert.Equal(3, runs);
        Assert.Equal(4, gateway.Calls.Count);
        Assert.Contains("Stopped after 3 rounds of tool calls", result.Answer);
        Assert.Equal(result.Answer, result.Error);
    }

    [Fact]
    public async Task The_default_cap_is_eight_rounds()
    {
        var gateway = new FakeGateway { Otherwise = _ => FakeGateway.Calls1(new ModelToolCall("c", "weather", """{"city":"Bern"}""")) };
        var result = await Runner(gateway).RunAsync(Turn(Tool("weather", (_, _) => Task.FromResult(new ToolExecutionResult("x")))));
        Assert.Equal(8, result.ToolCallCount);
        Assert.Contains("Stopped after 8 rounds", result.Answer);
    }

    [Fact]
    public async Task Bad_arguments_and_unknown_tools_are_told_to_the_model_and_not_run()
    {
        var gateway = new FakeGateway()
            .Then(_ => FakeGateway.Calls1(new ModelToolCall("a", "weather", """{"town":"Bern"}"""), new ModelToolCall("b", "stocks", "{}"), new ModelToolCall("c", "weather", "{oops")))
            .Then(m => FakeGateway.Text("done"));
        var runs = 0;
        var result = await Runner(gateway).RunAsync(Turn(Tool("weather", (_, _) => { runs++; return Task.FromResult(new ToolExecutionResult("x")); })));

        Assert.Equal(0, runs);
        var results = gateway.Calls[1].Messages.Where(m => m.Role == "tool").Select(m => m.Content).ToList();
        Assert.Contains("invalid arguments for weather: city is required", results[0]);
        Assert.Contains("there is no tool named \"stocks\"", results[1]);
        Assert.Contains("not valid JSON", results[2]);
        Assert.All(result.Steps.Where(s => s.Kind == ChatStepKind.Tool), s => Assert.NotNull(s.Error));
        Assert.Equal("done", result.Answer);
    }

    [Fact]
    public async Task A_slow_tool_times_out_and_the_turn_goes_on()
    {
        var gateway = new FakeGateway().Call("weather", """{"city":"Bern"}""").Say("Sorry, the weather service is slow.");
        var result = await Runner(gateway, new ChatLimits { ToolTimeout = TimeSpan.FromMilliseconds(200) }).RunAsync(Turn(Tool("weather", async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return new ToolExecutionResult("late");
        })));

        var step = result.Steps.Single(s => s.Kind == ChatStepKind.Tool);
        Assert.Contains("did not finish within 0.2 s", step.Error);
        Assert.True(step.LatencyMs < 10_000);
        Assert.Equal(ChatOutcome.Answered, result.Outcome);
    }

    [Fact]
    public async Task A_failing_model_ends_the_turn_with_its_reason()
    {
        var gateway = new FakeGateway().Fail("the endpoint failed (500)");
        var result = await Runner(gateway).RunAsync(Turn());
        Assert.Equal(ChatOutcome.ModelFailed, result.Outcome);
        Assert.Equal("the endpoint failed (500)", result.Error);
        Assert.Equal("the endpoint failed (500)", Assert.Single(result.Steps).Error);
    }

    [Fact]
    public async Task Long_results_are_cut_in_the_record_and_for_the_model()
    {
        var big = new string('x', 50_000);
        var gateway = new FakeGateway().Call("weather", """{"city":"Bern"}""").Then(m => FakeGateway.Text("len " + m[^1].Content.Length));
        var result = await Runner(gateway, new ChatLimits { RecordChars = 100, ModelResultChars = 1000 }).RunAsync(Turn(Tool("weather", (_, _) => Task.FromResult(new ToolExecutionResult(big)))));

        var step = result.Steps.Single(s => s.Kind == ChatStepKind.Tool);
        Assert.True(step.Truncated);
        Assert.Equal(101, step.Result!.Length);
        Assert.StartsWith("len 10", result.Answer);
        Assert.True(gateway.Calls[1].Messages[^1].Content.Length < 1100);
    }

    [Fact]
    public async Task A_canary_secret_never_appears_in_a_step_record_an_answer_or_a_log()
    {
        // The tool reports the secret it used; it echoes it in its result, and the model repeats it; a failing tool throws it.
        var gateway = new FakeGateway()
            .Then(_ => FakeGateway.Calls1(new ModelToolCall("a", "weather", $$"""{"city":"{{Canary}}"}"""), new ModelToolCall("b", "broken", """{"city":"x"}""")))
            .Then(m => FakeGateway.Text("The key was " + m.First(x => x.Role == "tool").Content));
        var request = Turn(
            Tool("weather", (_, _) => Task.FromResult(new ToolExecutionResult($"echo key={Canary} url={Uri.EscapeDataString(Canary)}", Detail: $"GET /x?key={Canary}") { Secrets = [Canary] })),
            Tool("broken", (_, _) => throw new InvalidOperationException($"bad key {Canary}"))) with { Secrets = [Canary] };

        var result = await Runner(gateway).RunAsync(request);

        var everything = JsonSerializer.Serialize(result) + string.Join("\n", _log.Lines);
        Assert.DoesNotContain(Canary, everything);
        Assert.Contains("[redacted]", result.Answer);
        Assert.DoesNotContain(Canary, string.Join("\n", gateway.Calls[1].Messages.Where(m => m.Role == "tool").Select(m => m.Content)));
        Assert.Contains("failed (InvalidOperationException: bad key [redacted])", result.Steps.Single(s => s.ToolName == "broken").Error);
        Assert.NotEmpty(_log.Lines);
    }

    [Fact]
    public async Task Too_many_calls_in_one_round_are_refused_past_the_limit()
    {
        var calls = Enumerable.Range(0, 5).Select(i => new ModelToolCall("c" + i, "weather", """{"city":"Bern"}""")).ToArray();
        var gateway = new FakeGateway().Then(_ => FakeGateway.Calls1(calls)).Say("ok");
        var runs = 0;
        var result = await Runner(gateway, new ChatLimits { MaxCallsPerRound = 2 }).RunAsync(Turn(Tool("weather", (_, _) => { runs++; return Task.FromResult(new ToolExecutionResult("x")); })));
        Assert.Equal(2, runs);
        Assert.Equal(3, result.Steps.Count(s => s.Error?.Contains("at most 2 tool calls") == true));
    }
}
