using Bunit;
using Builder.Domain.Chat;
using Builder.Domain.Conversations;
using Builder.Web.Features.Conversations;

namespace Builder.Web.Tests.Components.Conversations;

/// <summary>
/// A turn's knowledge base search in the chat and the conversation viewer: what was searched for, the passages given to the
/// model with their sources, the ones left out and why, and a skipped knowledge base's note.
/// </summary>
public sealed class RetrievalStepTests : ConsoleTestContext
{
    private static readonly DateTime At = new(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);

    private static ChatStep Retrieval() => new(0, ChatStepKind.Retrieval, KnowledgeContextBuilder.ToolName, null, "Can I bring my dog?", "[1] …", null, 0, 0, 23,
        "1 passage from 1 document given to the model · 1 left out · 1 note")
    {
        Retrieval = new KnowledgeRetrieval("Can I bring my dog?", 1,
        [
            new RetrievedPassage(7, "office_kb", "handbook.docx", "Pets in the office", 3, 0.72, "Dogs are welcome on Fridays.", true, Number: 1),
            new RetrievedPassage(7, "office_kb", "guide.md", null, null, 0.04, "Parking is under building B.", false, "less similar than 0.10"),
        ], ["Knowledge base 2 of 2 is not available to you (not shared with you, in the trash or deleted), so it was not searched."]),
    };

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Render(bool open) => RenderWithProviders<ChatMessages>(new()
    {
        ["Messages"] = (IReadOnlyList<ConversationMessageView>)
        [
            new(1, 0, "user", "Can I bring my dog?", [], 0, 0, null, null, null, null, null, null, false, At),
            new(2, 1, "assistant", "Yes, on Fridays [1].", [Retrieval(), new(1, ChatStepKind.Model, null, null, null, "Yes, on Fridays [1].", null, 900, 12, 400)],
                900, 12, 423, "Answered", null, null, null, null, false, At),
        ],
        ["OpenTools"] = open,
    });

    [Fact]
    public void The_search_shows_its_query_the_sources_given_to_the_model_what_was_left_out_and_the_notes()
    {
        var chat = Render(open: true);

        var step = chat.Find("[data-testid='retrieval-step']");
        Assert.True(step.HasAttribute("open"));
        Assert.Contains("Knowledge base search", step.TextContent);
        Assert.Equal("1 passage from 1 document given to the model · 1 left out · 1 note", chat.Find("[data-testid='retrieval-summary']").TextContent);
        Assert.Equal("Can I bring my dog?", chat.Find("[data-testid='retrieval-query']").TextContent);
        var passage = chat.Find("[data-testid='retrieval-passage']");
        Assert.Equal("handbook.docx", passage.QuerySelector("[data-testid='retrieval-source']")!.TextContent);
        Assert.Contains("[1]", passage.TextContent);
        Assert.Contains("Pets in the office", passage.TextContent);
        Assert.Contains("page 3", passage.TextContent);
        Assert.Contains("in office_kb", passage.TextContent);
        Assert.Contains("score 0.72", passage.TextContent);
        Assert.Equal("Dogs are welcome on Fridays.", passage.QuerySelector("[data-testid='retrieval-text']")!.TextContent);
        var left = chat.Find("[data-testid='retrieval-left-out']");
        Assert.Contains("Left out (1)", left.TextContent);
        Assert.Contains("guide.md", left.TextContent);
        Assert.Contains("less similar than 0.10", left.TextContent);
        Assert.Contains("not available to you", chat.Find("[data-testid='retrieval-note']").TextContent);
        // The search is its own step, before the model call; it is not counted as a tool call.
        Assert.Single(chat.FindAll("[data-testid='model-step']"));
        Assert.Empty(chat.FindAll("[data-testid='tool-step']"));
    }

    [Fact]
    public void The_conversation_viewer_folds_it()
    {
        var chat = Render(open: false);
        Assert.False(chat.Find("[data-testid='retrieval-step']").HasAttribute("open"));
    }

    [Fact]
    public void A_search_that_gave_nothing_says_the_model_answered_from_its_prompt_alone()
    {
        var empty = new ChatStep(0, ChatStepKind.Retrieval, KnowledgeContextBuilder.ToolName, null, "hello", null, null, 0, 0, 5, "Nothing given to the model (1 knowledge base searched)")
        {
            Retrieval = new KnowledgeRetrieval("hello", 1, [], []),
        };
        var chat = RenderWithProviders<ChatMessages>(new()
        {
            ["Messages"] = (IReadOnlyList<ConversationMessageView>)[new(2, 1, "assistant", "Hi.", [empty], 1, 1, 5, "Answered", null, null, null, null, false, At)],
        });
        Assert.Contains("answered from its prompt alone", chat.Find("[data-testid='retrieval-nothing']").TextContent);
    }
}
