using System.Text.Json;
using Builder.Domain.Models;
using Builder.Domain.Outbound;
using Builder.TestServers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Models;

/// <summary>Tool calling through the gateway against the local server's scripted tool calls (OpenAI's tools / tool_calls / role tool).</summary>
public sealed class ModelGatewayToolCallTests : IAsyncLifetime
{
    const string Model = "tool-model";
    LocalOpenAiServer _server = null!;
    ServiceProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalOpenAiServer.StartAsync();
        _provider = new ServiceCollection().AddOutboundHttp(new ConfigurationBuilder().Build(), true).AddModelGateway().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _server.DisposeAsync();
    }

    IModelGateway Gateway => _provider.GetRequiredService<IModelGateway>();

    ModelEndpoint Endpoint => new() { ModelUrl = _server.ChatCompletionsUrl, ModelName = Model, Token = LocalOpenAiServer.DefaultToken };

    static readonly ModelTool Weather = new("get_weather", "The weather in a city",
        JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement.Clone());

    [Fact]
    public async Task The_request_offers_the_tools_and_the_answer_carries_the_tool_calls()
    {
        _server.Script(Model, ScriptedTurn.CallTool("get_weather", new { city = "Zürich & Bern" }, "call_1"));

        var completion = await Gateway.CompleteAsync(Endpoint, [ModelMessage.User("Weather?")], new ModelCallOptions { Tools = [Weather] });

        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("call_1", call.Id);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Zürich & Bern", JsonDocument.Parse(call.ArgumentsJson).RootElement.GetProperty("city").GetString());
        Assert.Equal("tool_calls", completion.FinishReason);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(["get_weather"], request.ToolNames);
        var function = request.Json!["tools"]![0]!["function"]!;
        Assert.Equal("The weather in a city", function["description"]!.GetValue<string>());
        Assert.Equal("city", function["parameters"]!["required"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Tool_results_go_back_with_the_call_they_answer()
    {
        _server.Script(Model, ScriptedTurn.Say("It is {{tool_result}}."));
        var call = new ModelToolCall("call_7", "get_weather", """{"city":"Bern"}""");

        var completion = await Gateway.CompleteAsync(Endpoint,
            [ModelMessage.User("Weather?"), ModelMessage.AssistantToolCalls([call]), ModelMessage.ToolResult("call_7", "sunny, 21 °C")],
            new ModelCallOptions { Tools = [Weather] });

        Assert.Equal("It is sunny, 21 °C.", completion.Output);
        Assert.Empty(completion.ToolCalls);
        var request = Assert.Single(_server.Requests);
        Assert.Equal([("call_7", "sunny, 21 °C")], request.ToolResults);
        var assistant = request.Messages.Single(m => m["role"]!.GetValue<string>() == "assistant");
        var sent = assistant["tool_calls"]![0]!;
        Assert.Equal("call_7", sent["id"]!.GetValue<string>());
        Assert.Equal("get_weather", sent["function"]!["name"]!.GetValue<string>());
        Assert.Equal("Bern", JsonDocument.Parse(sent["function"]!["arguments"]!.GetValue<string>()).RootElement.GetProperty("city").GetString());
    }

    [Fact]
    public async Task A_streamed_answer_carries_the_tool_calls_in_its_final_update()
    {
        _server.Script(Model, ScriptedTurn.CallTool("get_weather", new { city = "Basel" }, "call_s"));

        ModelCompletion? final = null;
        await foreach (var update in Gateway.StreamAsync(Endpoint, [ModelMessage.User("Weather?")], new ModelCallOptions { Tools = [Weather] }))
            final ??= update.Final;

        var call = Assert.Single(final!.ToolCalls);
        Assert.Equal(("call_s", "get_weather"), (call.Id, call.Name));
        Assert.Equal("Basel", JsonDocument.Parse(call.ArgumentsJson).RootElement.GetProperty("city").GetString());
    }

    [Fact]
    public async Task Arguments_that_are_not_json_come_back_as_written()
    {
        _server.Script(Model, ScriptedTurn.CallTool("get_weather", "{\"city\": \"Ba", "call_b"));

        var completion = await Gateway.CompleteAsync(Endpoint, [ModelMessage.User("Weather?")], new ModelCallOptions { Tools = [Weather] });

        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_weather", call.Name);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(call.ArgumentsJson));
    }

    [Theory]
    [InlineData("get weather")]
    [InlineData("")]
    [InlineData("a/b")]
    public async Task A_tool_name_a_model_would_refuse_fails_before_any_request(string name)
    {
        var tool = Weather with { Name = name };
        var error = await Assert.ThrowsAsync<ModelCallException>(() =>
            Gateway.CompleteAsync(Endpoint, [ModelMessage.User("Weather?")], new ModelCallOptions { Tools = [tool] }));
        Assert.Equal(ModelFailure.InvalidEndpoint, error.Failure);
        Assert.Contains("tool name", error.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Without_tools_the_request_has_none_and_the_answer_no_calls()
    {
        var completion = await Gateway.CompleteAsync(Endpoint, [ModelMessage.User("Hi")]);
        Assert.Empty(completion.ToolCalls);
        Assert.Null(Assert.Single(_server.Requests).Json!["tools"]);
    }
}
