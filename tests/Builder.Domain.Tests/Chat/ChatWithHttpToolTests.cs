using System.Text.Json;
using Builder.Domain.Chat;
using Builder.Domain.Models;
using Builder.Domain.Outbound;
using Builder.Domain.Tests.Models;
using Builder.TestServers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Builder.Domain.Tests.Chat;

/// <summary>
/// A chat that really runs an HTTP tool: the local model server scripts a tool call, the chat loop fills the tool's template
/// and calls the local tool endpoint through the outbound client, and the model gets the result back.
/// </summary>
public sealed class ChatWithHttpToolTests : IAsyncLifetime
{
    const string Model = "chat-tool-model";
    const string Canary = "envcanary-3b7e1d9f0a2c";

    LocalOpenAiServer _model = null!;
    LocalHttpToolServer _tool = null!;
    readonly List<ServiceProvider> _providers = [];
    readonly CapturingLogger<ChatRunner> _chatLog = new();
    readonly CapturingLogger<HttpToolRunner> _toolLog = new();

    public async Task InitializeAsync()
    {
        _model = await LocalOpenAiServer.StartAsync();
        _tool = await LocalHttpToolServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await _model.DisposeAsync();
        await _tool.DisposeAsync();
    }

    (ChatRunner Chat, HttpToolRunner Http) Runners(bool development = true, params string[] allowedHosts)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < allowedHosts.Length; i++) settings[$"Outbound:AllowedHosts:{i}"] = allowedHosts[i];
        var provider = new ServiceCollection().AddOutboundHttp(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), development)
            .AddModelGateway().BuildServiceProvider();
        _providers.Add(provider);
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        return (new ChatRunner(provider.GetRequiredService<IModelGateway>(), _chatLog), new HttpToolRunner(factory, _toolLog));
    }

    // The model is reached by its loopback address in every test (allowed by name); the tool's policy is what varies.
    ModelEndpoint Endpoint => new() { ModelUrl = _model.ChatCompletionsUrl, ModelName = Model, Token = LocalOpenAiServer.DefaultToken };

    ChatTool WeatherTool(HttpToolRunner http, string allowed = "API_KEY") => new("get_weather", "The weather in a city",
        JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}""").RootElement.Clone(),
        http.For(new HttpToolRequestTemplate("POST", _tool.BaseUrl + "/weather/{{input.city}}?key={{env.API_KEY}}",
                [KeyValuePair.Create("Authorization", "Bearer {{env.API_KEY}}"), KeyValuePair.Create("Content-Type", "application/json")],
                """{"city":"{{input.city}}","days":{{input.days}}}"""),
            new ToolEnvironment(new Dictionary<string, string> { ["API_KEY"] = Canary }, [allowed])));

    [Fact]
    public async Task The_model_calls_the_http_tool_and_answers_with_its_result()
    {
        var (chat, http) = Runners();
        _model.Script(Model, ScriptedTurn.CallTool("get_weather", new { city = "São Paulo", days = 2 }, "call_w"), ScriptedTurn.Say("Here it is: {{tool_result}}"));

        var result = await chat.RunAsync(new ChatTurnRequest(Endpoint, "You report weather.", [], "Weather in São Paulo?", [WeatherTool(http)]) { Secrets = [Canary] });

        Assert.Equal(ChatOutcome.Answered, result.Outcome);
        // The tool endpoint got the filled request: the city encoded in the path, the key in the query and the header, the JSON body.
        var sent = Assert.Single(_tool.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal($"/weather/S%C3%A3o%20Paulo?key={Canary}", sent.PathAndQuery);
        Assert.Equal("Bearer " + Canary, sent.Header("Authorization"));
        using (var body = JsonDocument.Parse(sent.Body))
        {
            Assert.Equal("São Paulo", body.RootElement.GetProperty("city").GetString());
            Assert.Equal(2, body.RootElement.GetProperty("days").GetInt32());
        }
        Assert.StartsWith("application/json", sent.Header("Content-Type"));

        // The model got the tool's result back (the echo, with the key redacted), answering the call by its id.
        var second = _model.Requests[1];
        var (callId, content) = Assert.Single(second.ToolResults);
        Assert.Equal("call_w", callId);
        Assert.Contains("/weather/S%C3%A3o%20Paulo?key=[redacted]", content);
        Assert.DoesNotContain(Canary, second.Body);
        Assert.StartsWith("Here it is: {", result.Answer);

        var step = result.Steps.Single(s => s.Kind == ChatStepKind.Tool);
        Assert.Equal("get_weather", step.ToolName);
        Assert.Equal("São Paulo", JsonDocument.Parse(step.Arguments!).RootElement.GetProperty("city").GetString());
        Assert.Contains("\"method\":\"POST\"", step.Result);
        Assert.Equal($"POST {_tool.BaseUrl}/weather/S%C3%A3o%20Paulo?key={{{{env.API_KEY}}}} → 200", step.Detail);
        Assert.True(result.Usage.InputTokens > 0);

        // The canary (a write-only environment value) is in no step, answer or log line.
        var everything = JsonSerializer.Serialize(result) + string.Join("\n", _chatLog.Lines) + string.Join("\n", _toolLog.Lines);
        Assert.DoesNotContain(Canary, everything);
        Assert.DoesNotContain(Uri.EscapeDataString(Canary), everything);
    }

    [Fact]
    public async Task Outside_development_the_address_policy_refuses_a_tool_on_loopback()
    {
        // The model's client lists its loopback address; the tools' client (another outbound setup) does not.
        var (chat, _) = Runners(development: false, allowedHosts: "127.0.0.1");
        var (_, strictHttp) = Runners(development: false);
        _model.Script(Model, ScriptedTurn.CallTool("get_weather", new { city = "Bern" }), ScriptedTurn.Say("Tool said: {{tool_result}}"));

        var result = await chat.RunAsync(new ChatTurnRequest(Endpoint, null, [], "Weather?", [WeatherTool(strictHttp)]));

        var step = result.Steps.Single(s => s.Kind == ChatStepKind.Tool);
        Assert.Contains("Refused by the address policy", step.Error);
        Assert.Empty(_tool.Requests);
        Assert.Contains("Refused by the address policy", _model.Requests[1].ToolResults.Single().Content);
    }

    [Fact]
    public async Task An_environment_variable_the_agent_does_not_allow_is_not_sent()
    {
        var (chat, http) = Runners();
        _model.Script(Model, ScriptedTurn.CallTool("get_weather", new { city = "Bern" }), ScriptedTurn.Say("ok"));

        var result = await chat.RunAsync(new ChatTurnRequest(Endpoint, null, [], "Weather?", [WeatherTool(http, allowed: "SOMETHING_ELSE")]));

        Assert.Empty(_tool.Requests);
        Assert.Contains("API_KEY, which this agent may not read", result.Steps.Single(s => s.Kind == ChatStepKind.Tool).Error);
    }

    [Fact]
    public async Task Arguments_that_break_the_schema_never_reach_the_endpoint()
    {
        var (chat, http) = Runners();
        _model.Script(Model, ScriptedTurn.CallTool("get_weather", new { city = "Bern", days = "two" }), ScriptedTurn.Say("sorry"));

        var result = await chat.RunAsync(new ChatTurnRequest(Endpoint, null, [], "Weather?", [WeatherTool(http)]));

        Assert.Empty(_tool.Requests);
        Assert.Contains("days must be an integer", _model.Requests[1].ToolResults.Single().Content);
        Assert.Equal("sorry", result.Answer);
    }

    [Fact]
    public async Task A_large_answer_is_cut_and_an_error_status_is_an_error_step()
    {
        var (chat, _) = Runners();
        var http = new HttpToolRunner(_providers[0].GetRequiredService<IHttpClientFactory>(), _toolLog) { MaxResponseBytes = 1024 };
        _tool.Respond = r => r.PathAndQuery.Contains("Big") ? (200, "text/plain", new string('z', 100_000)) : (503, "text/plain", $"down, key {Canary}");
        _model.Script(Model, ScriptedTurn.CallTools(new ScriptedToolCall("get_weather", """{"city":"Big"}"""), new ScriptedToolCall("get_weather", """{"city":"Down"}""")), ScriptedTurn.Say("ok"));

        var result = await chat.RunAsync(new ChatTurnRequest(Endpoint, null, [], "Weather?", [WeatherTool(http)]) { Secrets = [Canary] });

        var steps = result.Steps.Where(s => s.Kind == ChatStepKind.Tool).ToList();
        Assert.Contains("cut off after 1 KB", _model.Requests[1].ToolResults[0].Content);
        Assert.Equal("HTTP 503 Service Unavailable: down, key [redacted]", steps[1].Error);
        Assert.DoesNotContain(Canary, JsonSerializer.Serialize(result));
    }
}
