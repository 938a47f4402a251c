using Builder.Domain.Agents;
using Builder.Domain.Models;
using Builder.Domain.Tools;
using Builder.Domain.Versioning;
using Builder.E2E.Infrastructure;
using Builder.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Agents;

/// <summary>
/// The test chat of an agent's draft in the real app: the local model asks for the agent's HTTP tool, the tool endpoint
/// really receives the call, the answer shows the tool step with its arguments and result; the conversation is then in
/// the Conversations tab, where an evaluation is saved and counted in the statistics.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class AgentTestChatTests(BuilderAppFixture app) : IAsyncLifetime
{
    private const string ModelName = "e2e-agent-chat";
    private LocalOpenAiServer _model = null!;
    private LocalHttpToolServer _tool = null!;

    public async Task InitializeAsync()
    {
        _model = await LocalOpenAiServer.StartAsync();
        _tool = await LocalHttpToolServer.StartAsync();
        _tool.Respond = _ => (200, "application/json", """{"orderId":"A-17","status":"shipped"}""");
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        await _tool.DisposeAsync();
    }

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task Chat_with_the_draft_runs_the_http_tool_then_the_conversation_is_evaluated(int width, int height, string theme)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        VersionedView<AgentDefinition> agent;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var model = await scope.ServiceProvider.GetRequiredService<ModelService>().CreateAsync(admin, acme,
                new ModelInput($"Chat model {width}", _model.ChatCompletionsUrl, ModelName, Token: LocalOpenAiServer.DefaultToken));
            var tool = await scope.ServiceProvider.GetRequiredService<ToolService>().CreateAsync(admin, acme, new ToolInput(
                $"lookup_order_{width}", "Looks an order up by its id",
                """{"type":"object","properties":{"orderId":{"type":"string"}},"required":["orderId"]}""", "HTTP",
                new HttpTemplateInput("GET", _tool.BaseUrl + "/orders/{{input.orderId}}")));
            agent = await scope.ServiceProvider.GetRequiredService<AgentService>().CreateAsync(admin, acme, new AgentInput(
                $"Order desk {width}", "Answers order questions", "CONVERSATIONAL", "You look orders up with the tool.", model.Id, ToolIds: [tool.Id]));
        }
        _model.Script(ModelName, ScriptedTurn.CallTool($"lookup_order_{width}", new { orderId = "A-17" }, "call_1"),
            ScriptedTurn.Say("Order A-17 has shipped."));

        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}/agents/{agent.Number}");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Tab, new() { Name = "Test chat" }));
        // A click that lands before the circuit is up does not switch tabs: click again until the chat shows.
        for (var attempt = 0; attempt < 10 && !await page.GetByTestId("chat-empty").IsVisibleAsync(); attempt++)
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = "Test chat" }).ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }
        await Expect(page.GetByTestId("chat-empty")).ToBeVisibleAsync();

        await page.Locator(".chat-input textarea").First.FillAsync("Where is my order A-17?");
        await page.GetByTestId("chat-send").ClickAsync();

        var step = page.GetByTestId("tool-step");
        await Expect(step).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(step.GetByTestId("step-arguments")).ToContainTextAsync("A-17");
        await Expect(step.GetByTestId("step-result")).ToContainTextAsync("shipped");
        await Expect(page.Locator("[data-testid='chat-message'][data-role='assistant'] .chat-text")).ToHaveTextAsync("Order A-17 has shipped.");
        Assert.Contains(_tool.Requests, r => r.PathAndQuery == "/orders/A-17");
        await page.SaveScreenshotAsync($"agent-test-chat-{width}-{theme}");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page scrolls sideways by {overflow}px at {width}px.");

        // The stored conversation, its evaluation, and the statistics counting it.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Conversations" }).ClickAsync();
        await page.GetByTestId("conversation-link").First.ClickAsync();
        var viewer = page.GetByTestId("conversation-viewer");
        await Expect(viewer.GetByTestId("tool-step")).ToHaveCountAsync(1);
        await viewer.GetByTestId("thumbs-up").ClickAsync();
        await viewer.Locator(".evaluation-comment textarea").First.FillAsync("Right answer, quickly.");
        await viewer.GetByTestId("evaluation-save").ClickAsync();
        await Expect(viewer.GetByTestId("evaluation-saved")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='stat-score'] .stat-value")).ToContainTextAsync("100");
        await Expect(page.Locator("[data-testid='stat-conversations'] .stat-value")).ToHaveTextAsync("1");
        await page.SaveScreenshotAsync($"agent-conversations-{width}-{theme}");
    }
}
