using System.Text.RegularExpressions;
using Builder.Domain.Agents;
using Builder.Domain.Models;
using Builder.E2E.Infrastructure;
using Builder.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Agents;

/// <summary>
/// Issue 10's agent flow, all of it in the console as a person does it, wide and light then narrow and dark:
/// <list type="number">
/// <item>an HTTP tool against <see cref="LocalHttpToolServer"/> (its input schema typed in Monaco, refused in plain words while it
/// is not JSON), published;</item>
/// <item>an MCP server pointing at <see cref="LocalMcpServer"/>, connected, and an MCP tool made from one of its tools in the tool editor (picking it brings its schema);</item>
/// <item>an agent with a model, both tools, a system prompt and a variable; its draft's test chat, where the model
/// (<see cref="LocalOpenAiServer"/>, scripted) calls both tools in one turn and each step shows its arguments and result;</item>
/// <item>publish, edit the draft and publish again, compare the versions, roll back to the first;</item>
/// <item>the chat's conversation evaluated (thumbs up and a comment) and counted in the statistics and their chart.</item>
/// </list>
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class AgentBuildFlowTests(BuilderAppFixture app) : IAsyncLifetime
{
    private const string FirstPrompt = "You are the support assistant of Acme. Answer briefly.";
    private const string SecondPrompt = "You are the support assistant of Acme. Answer briefly and look orders up with the tool.";
    private const string Answer = "Order A-17 has shipped; 2 and 3 make 5.";
    private LocalOpenAiServer _model = null!;
    private LocalHttpToolServer _http = null!;
    private LocalMcpServer _mcp = null!;

    public async Task InitializeAsync()
    {
        _model = await LocalOpenAiServer.StartAsync();
        _http = await LocalHttpToolServer.StartAsync();
        _http.Respond = r => (200, "application/json", $$"""{"orderId":"{{r.PathAndQuery.Split('/').Last()}}","status":"shipped"}""");
        _mcp = await LocalMcpServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        await _http.DisposeAsync();
        await _mcp.DisposeAsync();
    }

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task An_admin_builds_an_agent_with_an_http_and_an_mcp_tool_chats_publishes_compares_rolls_back_and_evaluates(
        int width, int height, string theme)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var shot = $"{width}-{theme}";
        // The model itself is another flow's subject (ModelFlowTests): arranged here, pointing at the scripted local model.
        var modelName = $"Agent model {suffix}";
        var wireModel = $"e2e-agent-{suffix}";
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ModelService>().CreateAsync(admin, acme,
                new ModelInput(modelName, _model.ChatCompletionsUrl, wireModel, Token: LocalOpenAiServer.DefaultToken));

        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.UseScreenAsync(app, width, height, theme);

        // 1. The HTTP tool: created in the list's dialog, which opens its editor.
        var httpTool = $"order_status_{suffix}";
        await page.CreateFromListAsync($"/orgs/{acme}/tools", "tool", httpTool, "Looks an order up by its number.", $"agents-tools-list-{shot}");
        // The input schema in Monaco: not JSON is said with its line and column; a valid object schema names its properties.
        var schema = page.Locator(".schema-editor .monaco-editor[role='code']");
        await schema.Locator(".view-line").First.ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.InsertTextAsync("{ \"type\": \"object\" \"properties\": {} }");
        await Expect(schema).ToContainTextAsync("\"properties\"");
        await Expect(page.GetByTestId("schema-problems")).ToContainTextAsync("Line 1, column 20: This is not valid JSON");
        await page.SaveScreenshotAsync($"agents-tool-schema-error-{shot}");
        // Pasted (Monaco's auto-closing would double the brackets of typed text).
        await page.EvaluateAsync("""
            text => monaco.editor.getEditors().find(e => e.getDomNode().closest('.schema-editor-frame')).setValue(text)
            """, "{\n  \"type\": \"object\",\n  \"properties\": { \"orderId\": { \"type\": \"string\" } },\n  \"required\": [\"orderId\"]\n}");
        await Expect(page.GetByTestId("schema-problems")).ToContainTextAsync("1 property: orderId");
        await Expect(page.GetByTestId("placeholder-help")).ToContainTextAsync("{{input.orderId}}");
        await page.GetByLabel("URL").FillAsync(_http.BaseUrl + "/orders/{{input.orderId}}");
        await page.SaveDraftAsync();
        await page.SaveScreenshotAsync($"agents-tool-editor-{shot}");
        await page.PublishAsync("First tool version");
        await Expect(page.GetByTestId("draft-banner")).ToContainTextAsync(new Regex("published version (is )?v1\\b"));

        // 2. The MCP server, connected; then an MCP tool made in the tool editor: the server chosen, its tools loaded, "add"
        // picked, which brings the server's input schema and description.
        var tools = await page.AddMcpServerAndConnectAsync(acme, $"Calculator {suffix}", _mcp.Url);
        await Expect(tools).ToContainTextAsync("3 tools");
        var mcpTool = $"sum_{suffix}";
        await page.CreateFromListAsync($"/orgs/{acme}/tools", "tool", mcpTool);
        await page.ChooseAsync(page.Locator(".field-kind"), "MCP server tool");
        await page.ChooseAsync(page.Locator(".field-mcp-server"), $"Calculator {suffix}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Load the server's tools" }).ClickAsync();
        await Expect(page.GetByTestId("mcp-tools-result")).ToContainTextAsync("Pick one of its 3 tools", new() { Timeout = 30_000 });
        await page.ChooseAsync(page.Locator(".field-mcp-tool-pick"), LocalMcpServer.Add);
        await Expect(page.GetByTestId("schema-problems")).ToContainTextAsync("2 properties: a, b");
        await Expect(page.Locator(".field-description textarea").First).ToHaveValueAsync("Adds two numbers and returns the sum.");
        await page.SaveDraftAsync();
        await page.SaveScreenshotAsync($"agents-mcp-tool-{shot}");
        await page.AssertFitsAsync(width);

        // 3. The agent: a model, both tools, a system prompt and a variable, saved as its draft.
        var agentName = $"Support {suffix}";
        var number = await page.CreateFromListAsync($"/orgs/{acme}/agents", "agent", agentName);
        await Expect(page.GetByTestId("draft-banner")).ToContainTextAsync("nothing is published yet");
        await page.ChooseAsync(page.Locator(".field-model"), modelName);
        await page.ChooseAsync(page.Locator(".field-tools"), httpTool, multiple: true);
        await page.ChooseAsync(page.Locator(".field-tools"), mcpTool, multiple: true);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "System prompt" }).FillAsync(FirstPrompt);
        await page.GetByLabel("Variable name").FillAsync("ORDERS_API_KEY");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.Locator(".name-chip[data-name='ORDERS_API_KEY']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("unsaved-note")).ToBeVisibleAsync();
        await page.SaveDraftAsync();
        await page.SaveScreenshotAsync($"agents-agent-draft-{shot}");

        // 4. Its draft's test chat: the model calls both tools in one turn, then answers with what they returned.
        _model.Script(wireModel,
            ScriptedTurn.CallTools(new ScriptedToolCall(httpTool, """{"orderId":"A-17"}""", "call_http"),
                new ScriptedToolCall(mcpTool, """{"a":2,"b":3}""", "call_mcp")),
            ScriptedTurn.Say(Answer));
        await page.OpenTabAsync("Test chat", page.GetByTestId("chat-empty"));
        await page.SendChatAsync("Where is my order A-17, and what are 2 and 3 together?", 0);
        var steps = page.GetByTestId("tool-step");
        await Expect(steps).ToHaveCountAsync(2);
        var httpStep = steps.Filter(new() { HasText = httpTool });
        await Expect(httpStep.GetByTestId("step-arguments")).ToContainTextAsync("A-17");
        await Expect(httpStep.GetByTestId("step-result")).ToContainTextAsync("shipped");
        var mcpStep = steps.Filter(new() { HasText = mcpTool });
        await Expect(mcpStep.GetByTestId("step-arguments")).ToContainTextAsync("\"b\":3");
        await Expect(mcpStep.GetByTestId("step-result")).ToContainTextAsync("5");
        await Expect(page.Locator("[data-testid='chat-message'][data-role='assistant'] .chat-text")).ToHaveTextAsync(Answer);
        Assert.Contains(_http.Requests, r => r.PathAndQuery == "/orders/A-17");
        Assert.Contains(_mcp.Calls, c => c.Tool == LocalMcpServer.Add && c.ArgumentsJson.Contains("\"b\":3"));
        await page.SaveScreenshotAsync($"agents-test-chat-{shot}");
        await page.AssertFitsAsync(width);

        // 5. Publish v1, edit the draft, publish v2 (Publish saves the edit first).
        await page.OpenTabAsync("Draft", page.GetByTestId("save-draft"));
        await page.PublishAsync("First version");
        await Expect(page.GetByTestId("draft-banner")).ToContainTextAsync(new Regex("published version (is )?v1\\b"));
        await page.GetByRole(AriaRole.Textbox, new() { Name = "System prompt" }).FillAsync(SecondPrompt);
        await page.PublishAsync("Mention the tool");
        await Expect(page.GetByTestId("draft-banner")).ToContainTextAsync(new Regex("published version (is )?v2\\b"));

        // The versions: the draft, v2 published, v1 archived; compare them.
        var history = page.GetByTestId("version-history");
        await page.OpenTabAsync("Versions", history);
        await Expect(history.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(history.Locator("tr[data-version='2']")).ToHaveAttributeAsync("data-state", "PUBLISHED");
        await Expect(history.Locator("tr[data-version='1']")).ToHaveAttributeAsync("data-state", "ARCHIVED");
        await Expect(history.Locator("tr[data-version='2']")).ToContainTextAsync("Mention the tool");
        await page.GetByLabel("Compare version 1", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Compare version 2", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare v1 with v2" }).ClickAsync();
        var compare = page.GetByTestId("version-compare");
        await Expect(compare).ToContainTextAsync("System prompt");
        await Expect(compare.Locator("ins").First).ToContainTextAsync("and");
        await page.SaveScreenshotAsync($"agents-agent-compare-{shot}");

        // Roll back to the version published before: v1's content becomes v3.
        await page.GetByTestId("rollback-previous").ClickAsync();
        var rollback = page.GetByRole(AriaRole.Dialog, new() { Name = "Roll back to version 1" });
        await Expect(rollback.GetByTestId("rollback-summary")).ToContainTextAsync("published again as version 3");
        await rollback.GetByLabel("Note (optional)").FillAsync("The tool hint confused people");
        await page.SaveScreenshotAsync($"agents-agent-rollback-{shot}");
        await rollback.GetByTestId("rollback-confirm").ClickAsync();
        await Expect(rollback).ToBeHiddenAsync();
        await Expect(history.Locator("tr[data-version='3']")).ToHaveAttributeAsync("data-state", "PUBLISHED");
        await Expect(history.Locator("tr[data-version='3']")).ToContainTextAsync("rolled back to v1");
        await Expect(history.Locator("tr[data-version='2']")).ToHaveAttributeAsync("data-state", "ARCHIVED");
        await Expect(page.GetByTestId("draft-banner")).ToContainTextAsync("the same as the published version v3");
        await page.SaveScreenshotAsync($"agents-agent-versions-{shot}");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var agents = scope.ServiceProvider.GetRequiredService<AgentService>();
            var (_, published, version) = await agents.DefinitionAsync(admin, await agents.IdOfAsync(admin, acme, number), null);
            Assert.Equal((FirstPrompt, 3, 1), (published.SystemPrompt, version.Number, version.RestoredFrom));
            Assert.Equal(2, published.ToolIds.Count);
            Assert.Equal(["ORDERS_API_KEY"], published.EnvironmentVariables);
        }

        // 6. The draft chat's conversation: evaluated, then counted in the statistics and their evaluations chart.
        var viewer = page.GetByTestId("conversation-viewer");
        await page.OpenTabAsync("Conversations", page.GetByTestId("conversation-link").First);
        await page.GetByTestId("conversation-link").First.ClickAsync();
        await Expect(viewer.GetByTestId("tool-step")).ToHaveCountAsync(2);
        await viewer.GetByTestId("thumbs-up").ClickAsync();
        await viewer.Locator(".evaluation-comment textarea").First.FillAsync("Right answer, both tools used.");
        await viewer.GetByTestId("evaluation-save").ClickAsync();
        await Expect(viewer.GetByTestId("evaluation-saved")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='stat-conversations'] .stat-value")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-testid='stat-score'] .stat-value")).ToContainTextAsync("100");
        await Expect(page.Locator("[data-testid='stat-score'] .stat-label")).ToContainTextAsync("1 up · 0 down");
        await Expect(page.GetByTestId("chart-evaluations").Locator("svg")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("chart-activity").Locator("svg")).ToBeVisibleAsync();
        await page.SaveScreenshotAsync($"agents-conversations-{shot}");
        await page.AssertFitsAsync(width);

        await page.GotoAsync($"/orgs/{acme}/agents");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = agentName, Exact = true })).ToBeVisibleAsync();
        await page.SaveScreenshotAsync($"agents-list-{shot}");
    }
}
