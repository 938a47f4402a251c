using Builder.Domain.Agents;
using Builder.Domain.Models;
using Builder.Domain.Tables.Knowledge;
using Builder.Domain.Versioning;
using Builder.E2E.Infrastructure;
using Builder.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Agents;

/// <summary>
/// An agent that searches a knowledge base, in the real app with its own local embedding model: a document is uploaded to a
/// knowledge base in the browser and indexed, the knowledge base is attached to an agent, and the test chat's answer shows
/// the knowledge base search before the model call — what was searched for and the passage given to the model with its
/// document — while the local model server really received that passage. The stored conversation shows the same step.
/// (The agent is made through its service with the knowledge base attached: the editor's pickers are being reworked.)
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class AgentKnowledgeChatTests(BuilderAppFixture app) : IAsyncLifetime
{
    private const string ModelName = "e2e-agent-knowledge";
    private const string Fact = "The spare key to the server room is kept inside the blue teapot on the third floor.";
    private const string Document = "# Facilities\n\n## Keys\n\n" + Fact + "\n\n## Lunch\n\nThe canteen serves soup on Tuesdays and pasta on Thursdays.\n";
    private LocalOpenAiServer _model = null!;

    public async Task InitializeAsync() => _model = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _model.DisposeAsync();

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task A_chat_searches_the_agents_knowledge_base_and_shows_the_passage_it_used_with_its_source(int width, int height, string theme)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        Builder.Domain.Tables.TableView kb;
        await using (var scope = app.Services.CreateAsyncScope())
            kb = await scope.ServiceProvider.GetRequiredService<KnowledgeBaseService>().CreateAsync(admin, acme, $"facilities_{width}_{theme}", "Keys, rooms and lunch");

        // The document goes in through the knowledge base's page and is indexed by the app.
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}/tables/{kb.TableId}/knowledge");
        await page.WaitForInteractiveAsync();
        await page.Locator(".kb-documents input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "facilities.md", MimeType = "text/markdown", Buffer = System.Text.Encoding.UTF8.GetBytes(Document),
        });
        await Expect(page.GetByTestId("kb-job-state").First).ToHaveTextAsync("Indexed", new() { Timeout = 60_000 });

        VersionedView<AgentDefinition> agent;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var model = await scope.ServiceProvider.GetRequiredService<ModelService>().CreateAsync(admin, acme,
                new ModelInput($"Knowledge model {width} {theme}", _model.ChatCompletionsUrl, ModelName, Token: LocalOpenAiServer.DefaultToken));
            agent = await scope.ServiceProvider.GetRequiredService<AgentService>().CreateAsync(admin, acme, new AgentInput(
                $"Facilities desk {width} {theme}", "Answers questions about the office", "CONVERSATIONAL", "You answer questions about the office.", model.Id,
                KnowledgeBaseIds: [kb.Id]));
        }
        _model.Script(ModelName, ScriptedTurn.Say("It is inside the blue teapot on the third floor [1]."));

        await page.GotoAsync($"/orgs/{acme}/agents/{agent.Number}");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Tab, new() { Name = "Test chat" }));
        for (var attempt = 0; attempt < 10 && !await page.GetByTestId("chat-empty").IsVisibleAsync(); attempt++)
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = "Test chat" }).ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }
        await Expect(page.GetByTestId("chat-empty")).ToBeVisibleAsync();

        await page.Locator(".chat-input textarea").First.FillAsync("Where can I find the spare key for the server room?");
        await page.GetByTestId("chat-send").ClickAsync();

        var step = page.GetByTestId("retrieval-step");
        await Expect(step).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(step.GetByTestId("retrieval-query")).ToHaveTextAsync("Where can I find the spare key for the server room?");
        var passage = step.GetByTestId("retrieval-passage").First;
        await Expect(passage.GetByTestId("retrieval-source")).ToHaveTextAsync("facilities.md");
        await Expect(passage).ToContainTextAsync($"in facilities_{width}_{theme}");
        await passage.Locator("summary").ClickAsync();
        await Expect(passage.GetByTestId("retrieval-text")).ToHaveTextAsync(Fact);
        await Expect(page.Locator("[data-testid='chat-message'][data-role='assistant'] .chat-text")).ToHaveTextAsync("It is inside the blue teapot on the third floor [1].");
        await page.SaveScreenshotAsync($"agent-knowledge-chat-{width}-{theme}");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page scrolls sideways by {overflow}px at {width}px.");

        // What the model server received: the passage, in the system message.
        var request = _model.Requests.Last(r => r.Model == ModelName);
        Assert.Contains(Fact, (string?)request.Messages[0]["content"]);

        // The stored conversation shows the same search, folded.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Conversations" }).ClickAsync();
        await page.GetByTestId("conversation-link").First.ClickAsync();
        var viewer = page.GetByTestId("conversation-viewer");
        var stored = viewer.GetByTestId("retrieval-step");
        await Expect(stored).ToHaveCountAsync(1);
        await stored.Locator("summary").First.ClickAsync();
        await Expect(stored.GetByTestId("retrieval-source").First).ToHaveTextAsync("facilities.md");
        await page.SaveScreenshotAsync($"agent-knowledge-conversation-{width}-{theme}");
    }
}
