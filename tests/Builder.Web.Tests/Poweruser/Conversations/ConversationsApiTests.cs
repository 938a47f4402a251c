using System.Text.Json;
using Builder.Domain.Agents;
using Builder.Domain.Chat;
using Builder.Domain.Conversations;
using Builder.Domain.Managers;
using Builder.Domain.Models;
using Builder.Domain.Versioning;
using Builder.TestServers;
using Builder.Web.Tests.Api;
using Builder.Web.Tests.Poweruser.Agents;
using Microsoft.Extensions.DependencyInjection;
using static Builder.Web.Tests.Poweruser.Agents.AgentsApi;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.Conversations;

/// <summary>
/// The conversations endpoints of agents and managers: every endpoint × System, Admin, User, Guest (by key and by session) ×
/// another organization; the shapes; bad input; and a real test chat (local model server scripting a tool call, a local HTTP
/// endpoint as the tool) whose canary environment value appears in no answer.
/// </summary>
public sealed class ConversationsApiTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private readonly AgentsApi _api = AgentsApi.For(factory);

    public static TheoryData<string, Caller, bool, int> Cases()
    {
        var data = new TheoryData<string, Caller, bool, int>();
        foreach (var endpoint in new[] { "agents/conversations/history", "agents/statistics", "managers/conversations", "managers/conversation", "managers/statistics" })
        foreach (var (caller, status) in new[] { (Caller.System, 200), (Caller.Admin, 200), (Caller.User, 200), (Caller.Guest, 200), (Caller.Outsider, 404) })
        foreach (var byKey in new[] { true, false })
            data.Add(endpoint, caller, byKey, status);
        foreach (var (caller, status) in new[] { (Caller.System, 200), (Caller.Admin, 200), (Caller.User, 200), (Caller.Guest, 403), (Caller.Outsider, 404) })
        foreach (var byKey in new[] { true, false })
            data.Add("agents/submit-evaluation", caller, byKey, status);
        return data;
    }

    /// <summary>An agent and a manager of Acme with one stored conversation each (stored through the service, no model needed).</summary>
    private async Task<(int Agent, int Manager, long AgentConversation, long ManagerConversation)> ArrangeAsync()
    {
        var agent = await _api.CreateAgentAsync();
        var manager = await _api.CreateManagerAsync(agent);
        using var scope = factory.Services.CreateScope();
        var admin = await factory.ActorAsync(Callers.EmailOf(Caller.Admin));
        var seed = await factory.SeedAsync();
        var agentId = await scope.ServiceProvider.GetRequiredService<AgentService>().IdOfAsync(admin, seed.Acme, agent);
        var managerId = await scope.ServiceProvider.GetRequiredService<ManagerService>().IdOfAsync(admin, seed.Acme, manager);
        var conversations = scope.ServiceProvider.GetRequiredService<ConversationService>();
        var result = new ChatTurnResult("Hello.", ChatOutcome.Answered, null,
            [new ChatStep(1, ChatStepKind.Tool, "get_weather", "c1", """{"city":"Bern"}""", "sunny", null, 0, 0, 12)], new ModelUsage(10, 3), 120);
        var a = await conversations.StartAsync(admin, new NewConversation(ConversationResourceType.Agent, agentId, 0));
        await conversations.AddTurnAsync(admin, a.ConversationId, new ConversationTurn("Hi", result));
        var m = await conversations.StartAsync(admin, new NewConversation(ConversationResourceType.Manager, managerId, 0));
        await conversations.AddTurnAsync(admin, m.ConversationId, new ConversationTurn("Hi", result, new RoutedTo(agentId, "Agent", "greeting", false)));
        return (agent, manager, a.ConversationId, m.ConversationId);
    }

    private static object Body(string endpoint, (int Agent, int Manager, long AgentConversation, long ManagerConversation) ids) => endpoint switch
    {
        "agents/conversations/history" or "agents/statistics" => new { agentId = ids.Agent },
        "agents/submit-evaluation" => new { agentId = ids.Agent, conversationId = ids.AgentConversation, thumbsUp = true, comment = "good" },
        "managers/conversation" => new { managerId = ids.Manager, conversationId = ids.ManagerConversation },
        _ => new { managerId = ids.Manager },
    };

    [Theory, MemberData(nameof(Cases))]
    public async Task Every_endpoint_answers_as_the_matrix_says_for_every_caller(string endpoint, Caller caller, bool byKey, int status)
    {
        var ids = await ArrangeAsync();
        var (client, query) = await _api.CallerAsync(caller, byKey);

        var response = await client.PostJsonAsync($"{Prefix}/{endpoint}{query}", Body(endpoint, ids)).ExpectJson(status);

        if (status != 200)
        {
            AssertErrors(response, status == 404 ? "not_found" : "forbidden");
            var history = await _api.PostAsync("/agents/conversations/history", new { agentId = ids.Agent, conversationId = ids.AgentConversation });
            Assert.Equal(0, history.GetProperty("conversation").GetProperty("evaluations").GetArrayLength());
            return;
        }
        Assert.Equal(0, response.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task The_shapes_of_history_conversation_evaluation_and_statistics()
    {
        var ids = await ArrangeAsync();

        var list = await _api.PostAsync("/agents/conversations/history", new { agentId = ids.Agent });
        Assert.Equal(ids.Agent, list.GetProperty("agentId").GetInt32());
        var row = list.GetProperty("conversations").EnumerateArray().Single();
        Assert.Equal(ids.AgentConversation, row.GetProperty("conversationId").GetInt64());
        Assert.Equal(("Hi", 2, 0), (row.Str("title"), row.GetProperty("messageCount").GetInt32(), row.GetProperty("versionNumber").GetInt32()));
        Assert.Equal(1, list.GetProperty("total").GetInt32());

        var one = await _api.PostAsync("/agents/conversations/history", new { agentId = ids.Agent, conversationId = ids.AgentConversation });
        var answer = one.GetProperty("conversation").GetProperty("messages")[1];
        Assert.Equal(("assistant", "Hello.", 120), (answer.Str("role"), answer.Str("text"), answer.GetProperty("latencyMs").GetInt32()));
        var step = answer.GetProperty("steps")[0];
        Assert.Equal(("TOOL", "get_weather", "sunny"), (step.Str("kind"), step.Str("toolName"), step.Str("result")));

        var evaluation = await _api.PostAsync("/agents/submit-evaluation", new { agentId = ids.Agent, conversationId = ids.AgentConversation, rating = "DOWN", comment = "too short" });
        Assert.Equal(("DOWN", "too short"), (evaluation.GetProperty("evaluation").Str("rating"), evaluation.GetProperty("evaluation").Str("comment")));
        await _api.PostAsync("/agents/submit-evaluation", new { agentId = ids.Agent, conversationId = ids.AgentConversation, thumbsUp = true });

        var stats = (await _api.PostAsync("/agents/statistics", new { agentId = ids.Agent })).GetProperty("statistics");
        Assert.Equal((1, 2, 1, 0), (stats.GetProperty("conversations").GetInt32(), stats.GetProperty("messages").GetInt32(), stats.GetProperty("thumbsUp").GetInt32(), stats.GetProperty("thumbsDown").GetInt32()));
        Assert.Equal(120, stats.GetProperty("latencyP50Ms").GetInt32());
        Assert.Equal(30, stats.GetProperty("days").GetArrayLength());

        var managerConversation = await _api.PostAsync("/managers/conversation", new { managerId = ids.Manager, conversationId = ids.ManagerConversation });
        Assert.Equal("Agent", managerConversation.GetProperty("conversation").GetProperty("messages")[1].Str("routedAgent"));
        // A conversation of another resource is not found through this one.
        AssertErrors(await (await _api.AdminAsync()).PostJsonAsync($"{Prefix}/managers/conversation", new { managerId = ids.Manager, conversationId = ids.AgentConversation }).ExpectJson(404), "not_found");
    }

    [Theory]
    [InlineData("/agents/submit-evaluation", """{"agentId": AGENT, "conversationId": CONV, "rating": "MEH"}""", "rating")]
    [InlineData("/agents/submit-evaluation", """{"agentId": AGENT, "conversationId": CONV}""", "thumbsUp")]
    [InlineData("/agents/submit-evaluation", """{"agentId": AGENT}""", "conversationId")]
    [InlineData("/agents/conversations/history", """{}""", "agentId")]
    [InlineData("/agents/conversations/history", """{"agentId": AGENT, "limit": 1000}""", "limit")]
    [InlineData("/agents/statistics", """{"agentId": AGENT, "from": "2026-02-01", "to": "2026-01-01"}""", "from")]
    [InlineData("/managers/conversation", """{"managerId": MANAGER}""", "conversationId")]
    public async Task Bad_input_is_a_400_naming_the_field_and_changes_nothing(string path, string json, string field)
    {
        var ids = await ArrangeAsync();
        var body = json.Replace("AGENT", ids.Agent.ToString()).Replace("MANAGER", ids.Manager.ToString()).Replace("CONV", ids.AgentConversation.ToString());
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await (await _api.AdminAsync()).PostAsync(Prefix + path, content).ExpectJson(400);
        AssertErrors(response, "invalid_value", field);
        var history = await _api.PostAsync("/agents/conversations/history", new { agentId = ids.Agent, conversationId = ids.AgentConversation });
        Assert.Equal(0, history.GetProperty("conversation").GetProperty("evaluations").GetArrayLength());
    }

    [Fact]
    public async Task A_test_chat_really_runs_the_agents_http_tool_and_the_canary_is_in_no_answer()
    {
        const string Canary = "chat-canary-4c2e8b1d9f7a";
        await using var model = await LocalOpenAiServer.StartAsync();
        await using var endpoint = await LocalHttpToolServer.StartAsync();
        var seed = await factory.SeedAsync();
        var modelId = (await factory.CreateModelAsync(seed.Acme, token: LocalOpenAiServer.DefaultToken, modelUrl: model.ChatCompletionsUrl)).Id();
        await factory.CreateVariableAsync(seed.AcmeDevelopment, "WEATHER_KEY", Canary);
        var tool = (await _api.PostAsync("/tools/create", new
        {
            toolName = Name("Weather"), toolDescription = "The weather in a city",
            inputSchema = new { type = "object", properties = new { city = new { type = "string" } }, required = new[] { "city" } },
            kind = "HTTP", http = new { method = "GET", url = endpoint.BaseUrl + "/weather?city={{input.city}}&key={{env.WEATHER_KEY}}" },
        })).GetProperty("toolId").GetInt32();
        var agent = (await _api.PostAsync("/agents/create", new
        {
            agentName = Name("Weather agent"), agentType = "CONVERSATIONAL", systemPrompt = "You report weather.", modelId,
            toolIds = new[] { tool }, environmentVariables = new[] { "WEATHER_KEY" },
        })).GetProperty("agentId").GetInt32();

        var toolName = (await _api.PostAsync("/tools/get", new { toolId = tool, version = new { versionState = "DRAFT" } })).GetProperty("tool").Str("toolName");
        var modelToolName = new string(toolName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
        model.Script("gpt-4o-mini", ScriptedTurn.CallTool(modelToolName, new { city = "Bern" }, "call_1"), ScriptedTurn.Say("Weather: {{tool_result}}"));

        ConversationDetail detail;
        using (var scope = factory.Services.CreateScope())
        {
            var admin = await factory.ActorAsync(Callers.EmailOf(Caller.Admin));
            var agentId = await scope.ServiceProvider.GetRequiredService<AgentService>().IdOfAsync(admin, seed.Acme, agent);
            detail = await scope.ServiceProvider.GetRequiredService<AgentChatService>()
                .SendToAgentAsync(admin, agentId, VersionSelector.Draft, seed.AcmeDevelopment, null, "Weather in Bern?");
        }

        var sent = Assert.Single(endpoint.Requests);
        Assert.Equal($"/weather?city=Bern&key={Canary}", sent.PathAndQuery);
        Assert.Equal("call_1", model.Requests[1].ToolResults.Single().CallId);
        var answer = detail.Messages[1];
        Assert.StartsWith("Weather: {", answer.Text);
        Assert.Equal(modelToolName, answer.Steps.Single(s => s.Kind == ChatStepKind.Tool).ToolName);

        var history = await (await (await _api.AdminAsync()).PostJsonAsync($"{Prefix}/agents/conversations/history",
            new { agentId = agent, conversationId = detail.Conversation.ConversationId })).Content.ReadAsStringAsync();
        Assert.Contains("[redacted]", history);
        Assert.DoesNotContain(Canary, history);
        Assert.DoesNotContain(Canary, JsonSerializer.Serialize(detail));
        Assert.DoesNotContain(Canary, model.Requests[1].Body);
    }

    [Fact]
    public async Task A_manager_routes_the_turn_to_the_agent_the_model_names_and_the_conversation_shows_it()
    {
        await using var model = await LocalOpenAiServer.StartAsync();
        var seed = await factory.SeedAsync();
        var modelId = (await factory.CreateModelAsync(seed.Acme, token: LocalOpenAiServer.DefaultToken, modelUrl: model.ChatCompletionsUrl)).Id();
        async Task<int> AgentAsync(string prompt) => (await _api.PostAsync("/agents/create", new { agentName = Name("Agent"), systemPrompt = prompt, modelId })).GetProperty("agentId").GetInt32();
        var billing = await AgentAsync("You handle billing.");
        var support = await AgentAsync("You handle support.");
        var manager = (await _api.PostAsync("/managers/create", new
        {
            managerName = Name("Front desk"), routingPrompt = "Route customer messages.", modelId,
            agents = new[] { new { agentId = billing, handles = "invoices and refunds" }, new { agentId = support, handles = "technical problems" } },
        })).GetProperty("managerId").GetInt32();
        model.Script("gpt-4o-mini", ScriptedTurn.Say($$"""{"agent":"{{support}}","reason":"a crash is technical"}"""), ScriptedTurn.Say("Try restarting the app."),
            ScriptedTurn.Say("""{"agent":"nobody","reason":"?"}"""), ScriptedTurn.Say("Billing here."));

        using (var scope = factory.Services.CreateScope())
        {
            var admin = await factory.ActorAsync(Callers.EmailOf(Caller.Admin));
            var managerId = await scope.ServiceProvider.GetRequiredService<ManagerService>().IdOfAsync(admin, seed.Acme, manager);
            var chat = scope.ServiceProvider.GetRequiredService<AgentChatService>();
            var first = await chat.SendToManagerAsync(admin, managerId, VersionSelector.Draft, null, null, "The app crashes on start");
            await chat.SendToManagerAsync(admin, managerId, null, null, first.Conversation.ConversationId, "And my invoice?");
        }

        // The routing call offered both agents' keys; the support agent's system prompt answered the first turn.
        Assert.Contains("technical problems", model.Requests[0].Body);
        Assert.Contains("You handle support.", model.Requests[1].Body);
        Assert.Contains("You handle billing.", model.Requests[3].Body);
        var list = await _api.PostAsync("/managers/conversations", new { managerId = manager });
        var id = list.GetProperty("conversations")[0].GetProperty("conversationId").GetInt64();
        var messages = (await _api.PostAsync("/managers/conversation", new { managerId = manager, conversationId = id })).GetProperty("conversation").GetProperty("messages");
        Assert.Equal(4, messages.GetArrayLength());
        Assert.Equal(("Try restarting the app.", "a crash is technical", false), (messages[1].Str("text"), messages[1].Str("routingReason"), messages[1].GetProperty("routingFellBack").GetBoolean()));
        Assert.True(messages[3].GetProperty("routingFellBack").GetBoolean());
        Assert.Contains("went to the first agent", messages[3].Str("routingReason"));
        Assert.Equal("Billing here.", messages[3].Str("text"));
    }
}
