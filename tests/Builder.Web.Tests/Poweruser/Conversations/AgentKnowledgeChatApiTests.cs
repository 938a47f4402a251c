using System.Text.Json;
using Builder.Domain.Agents;
using Builder.Domain.Chat;
using Builder.Domain.Conversations;
using Builder.Domain.Knowledge;
using Builder.Domain.Versioning;
using Builder.TestServers;
using Builder.Web.Tests.Api;
using Builder.Web.Tests.Poweruser.Agents;
using Microsoft.Extensions.DependencyInjection;
using static Builder.Web.Tests.Poweruser.Agents.AgentsApi;

namespace Builder.Web.Tests.Poweruser.Conversations;

/// <summary>
/// A test chat with an agent whose knowledge base holds a distinctive fact, end to end in the app: the knowledge base made and
/// filled through the poweruser API (indexed by the app's own embedding model), the agent made with it, one turn against the
/// local model server. The request the server received carries the passage in its system message, and the retrieval step is
/// stored with the conversation and read back through the conversations API.
/// </summary>
public sealed class AgentKnowledgeChatApiTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string Fact = "The spare key to the server room is kept inside the blue teapot on the third floor.";
    private readonly AgentsApi _api = AgentsApi.For(factory);

    private async Task<int> KnowledgeBaseAsync()
    {
        var key = await _api.AdminAsync();
        var created = await key.PostJsonAsync("/autessa_poweruser/autessadb/tables/create-knowledge-base", new { tableName = $"facilities_{Guid.NewGuid():N}"[..24] }).ExpectJson(200);
        var tableId = created.GetProperty("tableId").GetInt32();
        var link = (await key.PostJsonAsync("/autessa_poweruser/autessadb/tables/generate-knowledge-base-upload-links", new { tableId }).ExpectJson(200)).GetProperty("links")[0];
        var markdown = $"# Facilities\n\n## Keys\n\n{Fact}\n\n## Lunch\n\nThe canteen serves soup on Tuesdays and pasta on Thursdays.\n";
        var upload = new HttpRequestMessage(new HttpMethod(link.Str("method")), link.Str("url") + "?name=Facilities.md") { Content = new StringContent(markdown) };
        upload.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/markdown");
        var uploaded = await factory.CreateClient().SendAsync(upload);
        Assert.Equal(201, (int)uploaded.StatusCode);
        var jobId = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("jobId").GetGuid();
        var queue = factory.Services.GetRequiredService<IndexingQueue>();
        for (var i = 0; i < 600 && queue.Get(jobId) is { IsFinished: false }; i++) await Task.Delay(100);
        Assert.Equal(IndexingJobState.Completed, queue.Get(jobId)!.State);
        return tableId;
    }

    [Fact]
    public async Task The_model_request_carries_the_knowledge_bases_passage_and_the_retrieval_step_is_stored()
    {
        await using var model = await LocalOpenAiServer.StartAsync();
        var seed = await factory.SeedAsync();
        var modelId = (await factory.CreateModelAsync(seed.Acme, token: LocalOpenAiServer.DefaultToken, modelUrl: model.ChatCompletionsUrl)).Id();
        var kb = await KnowledgeBaseAsync();
        var agent = (await _api.PostAsync("/agents/create", new
        {
            agentName = Name("Facilities agent"), agentType = "CONVERSATIONAL", systemPrompt = "You answer questions about the office.", modelId,
            knowledgeBaseIds = new[] { kb },
        })).GetProperty("agentId").GetInt32();

        ConversationDetail detail;
        using (var scope = factory.Services.CreateScope())
        {
            var admin = await factory.ActorAsync(Callers.EmailOf(Caller.Admin));
            var agentId = await scope.ServiceProvider.GetRequiredService<AgentService>().IdOfAsync(admin, seed.Acme, agent);
            detail = await scope.ServiceProvider.GetRequiredService<AgentChatService>()
                .SendToAgentAsync(admin, agentId, VersionSelector.Draft, null, null, "Where can I find the spare key for the server room?");
        }

        // What the model server received: the agent's prompt, then the fenced passage with its source, in the system message.
        var request = Assert.Single(model.Requests);
        var system = request.Messages[0];
        Assert.Equal("system", (string?)system["role"]);
        var content = (string)system["content"]!;
        Assert.StartsWith("You answer questions about the office.", content);
        Assert.Contains(KnowledgeContextBuilder.OpenTag, content);
        Assert.Contains($"[1] {KnowledgeBaseName(detail)} › Facilities.md › Facilities › Keys\n{Fact}", content);
        Assert.Equal("Where can I find the spare key for the server room?", (string?)request.Messages[^1]["content"]);

        // The step, stored with the conversation.
        var step = detail.Messages[1].Steps[0];
        Assert.Equal(ChatStepKind.Retrieval, step.Kind);
        Assert.Equal(ChatStepKind.Model, detail.Messages[1].Steps[1].Kind);
        var best = step.Retrieval!.Passages[0];
        Assert.Equal((kb, "Facilities.md", true), (best.KnowledgeBaseId, best.Source, best.Used));
        Assert.Equal(Fact, best.Text);

        var history = await (await _api.AdminAsync()).PostJsonAsync($"{Prefix}/agents/conversations/history",
            new { agentId = agent, conversationId = detail.Conversation.ConversationId }).ExpectJson(200);
        var stored = history.GetProperty("conversation").GetProperty("messages")[1].GetProperty("steps")[0];
        Assert.Equal(("RETRIEVAL", "Where can I find the spare key for the server room?"), (stored.Str("kind"), stored.Str("arguments")));
        var passage = stored.GetProperty("retrieval").GetProperty("passages")[0];
        Assert.Equal((kb, "Facilities.md", Fact, true), (passage.GetProperty("knowledgeBaseId").GetInt32(), passage.Str("source"), passage.Str("text"), passage.GetProperty("used").GetBoolean()));
        Assert.Equal(1, stored.GetProperty("retrieval").GetProperty("knowledgeBasesSearched").GetInt32());
    }

    [Fact]
    public async Task An_agent_without_knowledge_bases_sends_the_same_request_as_before_and_records_no_retrieval()
    {
        await using var model = await LocalOpenAiServer.StartAsync();
        var seed = await factory.SeedAsync();
        var modelId = (await factory.CreateModelAsync(seed.Acme, token: LocalOpenAiServer.DefaultToken, modelUrl: model.ChatCompletionsUrl)).Id();
        var agent = (await _api.PostAsync("/agents/create", new
        {
            agentName = Name("Plain agent"), agentType = "CONVERSATIONAL", systemPrompt = "You answer questions about the office.", modelId,
        })).GetProperty("agentId").GetInt32();

        ConversationDetail detail;
        using (var scope = factory.Services.CreateScope())
        {
            var admin = await factory.ActorAsync(Callers.EmailOf(Caller.Admin));
            var agentId = await scope.ServiceProvider.GetRequiredService<AgentService>().IdOfAsync(admin, seed.Acme, agent);
            detail = await scope.ServiceProvider.GetRequiredService<AgentChatService>()
                .SendToAgentAsync(admin, agentId, VersionSelector.Draft, null, null, "Where is the spare key?");
        }

        Assert.Equal("You answer questions about the office.", (string?)Assert.Single(model.Requests).Messages[0]["content"]);
        Assert.Equal([ChatStepKind.Model], detail.Messages[1].Steps.Select(s => s.Kind));
    }

    private static string KnowledgeBaseName(ConversationDetail detail) => detail.Messages[1].Steps[0].Retrieval!.Passages[0].KnowledgeBase;
}
