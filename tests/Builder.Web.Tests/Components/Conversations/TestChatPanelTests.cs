using Bunit;
using Builder.Domain.Chat;
using Builder.Domain.Common;
using Builder.Domain.Conversations;
using Builder.Domain.Models;
using Builder.Web.Features.Conversations;

namespace Builder.Web.Tests.Components.Conversations;

/// <summary>
/// The test chat of agents and managers: a turn goes to the chat with the chosen version and the conversation so far,
/// the answer shows each tool call with its arguments, result, tokens and time, a manager's answer names its agent, a
/// refused turn says why, and an evaluation is saved with its thumbs and comment.
/// </summary>
public sealed class TestChatPanelTests : ConsoleTestContext
{
    private static readonly DateTime At = new(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);
    private readonly List<(int Version, Guid? Environment, long? Conversation, string Message)> _sent = [];
    private readonly List<(long Conversation, EvaluationInput Input)> _evaluations = [];
    private readonly List<ConversationMessageView> _messages = [];
    private Func<string, ConversationDetail>? _answer;

    private ConversationDetail Turn(string text, RoutedTo? routing = null)
    {
        var steps = new List<ChatStep>
        {
            new(1, ChatStepKind.Model, null, null, null, null, null, 120, 15, 340, "asked for 1 tool"),
            new(1, ChatStepKind.Tool, "lookup_order", "call_1", """{"orderId":"A-17"}""", """{"status":"shipped"}""", null, 0, 0, 87),
            new(2, ChatStepKind.Model, null, null, null, "Order A-17 has shipped.", null, 180, 9, 410),
        };
        _messages.Add(new(_messages.Count + 1, _messages.Count + 1, "user", text, [], 0, 0, null, null, null, null, null, null, false, At));
        _messages.Add(new(_messages.Count + 1, _messages.Count + 1, "assistant", "Order A-17 has shipped.", steps, 300, 24, 837, "Answered", null,
            routing?.AgentId, routing?.AgentName, routing?.Reason, routing?.FellBack ?? false, At));
        var summary = new ConversationSummary(42, ConversationResourceType.Agent, Guid.NewGuid(), 0, null, "Where is A-17?", "Ann", At, At, _messages.Count, 300, 24);
        return new ConversationDetail(summary, _messages.ToList(), []);
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Render() => RenderWithProviders<TestChatPanel>(new()
    {
        ["VersionNumbers"] = (IReadOnlyList<int>)[0, 2, 1],
        ["Send"] = (Func<int, Guid?, long?, string, Task<ConversationDetail>>)((version, environment, conversation, message) =>
        {
            _sent.Add((version, environment, conversation, message));
            return Task.FromResult((_answer ?? (m => Turn(m)))(message));
        }),
        ["Evaluate"] = (Func<long, EvaluationInput, Task<EvaluationView>>)((conversation, input) =>
        {
            _evaluations.Add((conversation, input));
            return Task.FromResult(new EvaluationView("Ann", input.ThumbsUp!.Value, input.Comment, At, At, Mine: true));
        }),
    });

    private static void Say(IRenderedComponent<Bunit.Rendering.ContainerFragment> panel, string text)
    {
        panel.Find(".chat-input textarea").Input(text);
        panel.WaitForAssertion(() => Assert.False(panel.Find("[data-testid='chat-send']").HasAttribute("disabled")));
        panel.Find("[data-testid='chat-send']").Click();
    }

    [Fact]
    public void A_turn_with_a_tool_call_shows_the_call_its_arguments_result_tokens_and_time()
    {
        var panel = Render();
        Assert.NotEmpty(panel.FindAll("[data-testid='chat-empty']"));
        Assert.True(panel.Find("[data-testid='chat-send']").HasAttribute("disabled"));

        Say(panel, "Where is A-17?");

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid='tool-step']")));
        Assert.Equal([(0, (Guid?)null, (long?)null, "Where is A-17?")], _sent);
        var tool = panel.Find("[data-testid='tool-step']");
        Assert.Contains("Tool lookup_order", tool.TextContent);
        Assert.Equal("""{"orderId":"A-17"}""", tool.QuerySelector("[data-testid='step-arguments']")!.TextContent);
        Assert.Equal("""{"status":"shipped"}""", tool.QuerySelector("[data-testid='step-result']")!.TextContent);
        Assert.Contains("87 ms", tool.TextContent);
        Assert.Equal(2, panel.FindAll("[data-testid='model-step']").Count);
        Assert.Contains("120 in · 15 out", panel.FindAll("[data-testid='model-step']")[0].TextContent);
        Assert.Contains("300 in · 24 out · 837 ms", panel.Find("[data-testid='turn-figures']").TextContent);
        Assert.Equal(["user", "assistant"], panel.FindAll("[data-testid='chat-message']").Select(m => m.GetAttribute("data-role")));
        Assert.Empty(panel.FindAll("[data-testid='chat-empty']"));
    }

    [Fact]
    public void The_next_turn_continues_the_conversation_and_new_conversation_starts_over()
    {
        var panel = Render();
        Say(panel, "Where is A-17?");
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid='tool-step']")));
        Say(panel, "And A-18?");
        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid='tool-step']").Count));
        Assert.Equal(42, _sent[1].Conversation);
        Assert.Equal("And A-18?", _sent[1].Message);

        panel.Find("[data-testid='chat-new']").Click();
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid='chat-empty']")));
        _messages.Clear();
        Say(panel, "Hello again");
        panel.WaitForAssertion(() => Assert.Equal(3, _sent.Count));
        Assert.Null(_sent[2].Conversation);
    }

    [Fact]
    public void A_manager_turn_names_the_agent_it_went_to()
    {
        _answer = m => Turn(m, new RoutedTo(Guid.NewGuid(), "Billing agent", "The question is about an invoice.", false));
        var panel = Render();
        Say(panel, "Why was I charged twice?");
        panel.WaitForAssertion(() => Assert.Contains("Billing agent", panel.Find("[data-testid='routed-agent']").TextContent));
    }

    [Fact]
    public void A_refused_turn_says_why_and_keeps_the_message()
    {
        _answer = _ => throw new ValidationException("modelId", "The agent Support has no model: choose one in its draft.");
        var panel = Render();
        Say(panel, "Hi");
        panel.WaitForAssertion(() => Assert.Contains("has no model", panel.Find("[data-testid='chat-problem']").TextContent));
        Assert.Equal("Hi", panel.Find(".chat-input textarea").GetAttribute("value") ?? panel.Find(".chat-input textarea").TextContent);
    }

    [Fact]
    public void An_evaluation_is_saved_with_its_thumbs_and_comment()
    {
        var panel = Render();
        Say(panel, "Where is A-17?");
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid='evaluation-form']")));
        Assert.True(panel.Find("[data-testid='evaluation-save']").HasAttribute("disabled"));

        panel.Find("[data-testid='thumbs-down']").Click();
        panel.Find(".evaluation-comment textarea").Input("It should say when it arrives.");
        panel.WaitForAssertion(() => Assert.False(panel.Find("[data-testid='evaluation-save']").HasAttribute("disabled")));
        panel.Find("[data-testid='evaluation-save']").Click();

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid='evaluation-saved']")));
        Assert.Equal([(42L, new EvaluationInput(false, "It should say when it arrives."))], _evaluations);
        Assert.Contains("Update evaluation", panel.Find("[data-testid='evaluation-save']").TextContent);
    }
}
