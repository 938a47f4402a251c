using Builder.Domain.Common;
using System.Text.Json.Nodes;
using Builder.Domain.Chat;
using Builder.Domain.Models;
using Builder.Domain.Tables.Knowledge;

namespace Builder.Domain.Tests.Chat;

/// <summary>The chat loop with a knowledge context: the block follows the system prompt, the retrieval is the first step; without one nothing changes.</summary>
public sealed class ChatRunnerKnowledgeTests
{
    const string Canary = "kb-canary-5e1f0a9b";

    static ChatTurnRequest Turn(KnowledgeContext? knowledge, string? prompt = "You are helpful.") =>
        new(FakeGateway.Endpoint, prompt, [ModelMessage.User("Hi"), ModelMessage.Assistant("Hello")], "Can I bring my dog?", []) { Knowledge = knowledge };

    static KnowledgeContext Context(string text = "Dogs are welcome on Fridays.") => KnowledgeContextBuilder.Build("Can I bring my dog?",
        [new KnowledgeBaseHits(3, "office_kb", [new SearchHit(1, 0.7, new JsonObject { ["document"] = new JsonObject { ["name"] = "handbook.docx" } }, text, null, null, "chunk")])],
        [], new RetrievalLimits(), 40);

    [Fact]
    public async Task Without_knowledge_bases_the_turn_is_exactly_as_before()
    {
        var gateway = new FakeGateway().Say("Sure.");
        var result = await new ChatRunner(gateway).RunAsync(Turn(null));

        var sent = gateway.Calls.Single().Messages;
        Assert.Equal(["system", "user", "assistant", "user"], sent.Select(m => m.Role));
        Assert.Equal("You are helpful.", sent[0].Content);
        Assert.Equal([ChatStepKind.Model], result.Steps.Select(s => s.Kind));
        Assert.DoesNotContain(result.Steps, s => s.Retrieval is not null);
    }

    [Fact]
    public async Task The_passages_follow_the_system_prompt_and_the_retrieval_is_the_first_step()
    {
        var gateway = new FakeGateway().Say("Yes, on Fridays [1].");
        var result = await new ChatRunner(gateway).RunAsync(Turn(Context()));

        var system = gateway.Calls.Single().Messages[0];
        Assert.Equal("system", system.Role);
        Assert.StartsWith("You are helpful.\n\n" + KnowledgeContextBuilder.Preamble, system.Content);
        Assert.Contains("[1] office_kb › handbook.docx\nDogs are welcome on Fridays.", system.Content);
        Assert.Equal([ChatStepKind.Retrieval, ChatStepKind.Model], result.Steps.Select(s => s.Kind));
        Assert.Equal("handbook.docx", result.Steps[0].Retrieval!.Passages.Single().Source);
        Assert.Equal(0, result.ToolCallCount);
        Assert.True(result.LatencyMs >= 40, "the turn's time includes the retrieval");
    }

    [Fact]
    public async Task An_agent_without_a_system_prompt_gets_the_block_alone()
    {
        var gateway = new FakeGateway().Say("Yes.");
        await new ChatRunner(gateway).RunAsync(Turn(Context(), prompt: null));
        Assert.StartsWith(KnowledgeContextBuilder.Preamble, gateway.Calls.Single().Messages[0].Content);
    }

    [Fact]
    public async Task Nothing_retrieved_leaves_the_system_prompt_alone_but_the_step_is_still_recorded()
    {
        var empty = KnowledgeContextBuilder.Build("Can I bring my dog?", [new KnowledgeBaseHits(3, "office_kb", [])], [], new RetrievalLimits(), 5);
        var gateway = new FakeGateway().Say("I do not know.");
        var result = await new ChatRunner(gateway).RunAsync(Turn(empty));

        Assert.Equal("You are helpful.", gateway.Calls.Single().Messages[0].Content);
        Assert.Equal(ChatStepKind.Retrieval, result.Steps[0].Kind);
    }

    [Fact]
    public async Task The_turns_secrets_are_redacted_from_the_passages_the_model_reads_and_the_step()
    {
        var gateway = new FakeGateway().Say("ok");
        var result = await new ChatRunner(gateway).RunAsync(Turn(Context($"The key is {Canary}.")) with { Secrets = [Canary] });

        Assert.DoesNotContain(Canary, gateway.Calls.Single().Messages[0].Content);
        Assert.DoesNotContain(Canary, System.Text.Json.JsonSerializer.Serialize(result));
        Assert.Contains(SecretRedactor.Replacement, result.Steps[0].Retrieval!.Passages.Single().Text);
    }
}
