using Bunit;
using Builder.Domain.Chat;
using Builder.Domain.Conversations;
using Builder.Web.Features.Conversations;

namespace Builder.Web.Tests.Components.Conversations;

/// <summary>The step that says an agent's tool was left out of a turn reads "Tool unavailable" with the reason, not "Tool " and nothing.</summary>
public sealed class UnavailableToolStepTests : ConsoleTestContext
{
    [Fact]
    public void The_step_of_a_tool_that_is_gone_is_titled_and_shows_what_to_do()
    {
        var step = AgentChatService.UnavailableTool(1);
        var now = DateTime.UtcNow;
        var page = RenderWithProviders<ChatMessages>(new()
        {
            ["Messages"] = new List<ConversationMessageView>
            {
                new(1, 0, "user", "Weather?", [], 0, 0, null, null, null, null, null, null, false, now),
                new(2, 1, "assistant", "No tool needed.", [step], 10, 3, 120, "Answered", null, null, null, null, false, now),
            },
        });

        var tool = page.Find("[data-testid='tool-step']");
        Assert.Contains("Tool unavailable", tool.TextContent);
        Assert.Contains("Tool 2 of this agent is no longer available", page.Find("[data-testid='step-error']").TextContent);
        Assert.Equal("Tool unavailable", ChatText.StepTitle(step));
    }
}
