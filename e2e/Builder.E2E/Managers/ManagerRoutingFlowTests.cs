using Builder.Domain.Models;
using Builder.E2E.Infrastructure;
using Builder.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Managers;

/// <summary>
/// A manager routes two different questions to two different agents, built in the console as a person does it: two agents
/// (each a model, a system prompt, published), then a manager with a routing model, a routing prompt and both agents with what
/// each handles; in the manager's test chat a billing question goes to the billing agent and a shipping question to the
/// shipping agent, each answer naming its agent. <see cref="LocalOpenAiServer"/> scripts the router's answers (the agent's key,
/// its number) and each agent's reply. Wide and light, then narrow and dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class ManagerRoutingFlowTests(BuilderAppFixture app) : IAsyncLifetime
{
    private LocalOpenAiServer _model = null!;

    public async Task InitializeAsync() => _model = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _model.DisposeAsync();

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task A_manager_routes_a_billing_and_a_shipping_question_to_two_agents(int width, int height, string theme)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var shot = $"{width}-{theme}";
        // Two models on the scripted local server: one routes, one answers for the agents.
        var (routerModel, routerWire) = ($"Router model {suffix}", $"e2e-router-{suffix}");
        var (agentModel, agentWire) = ($"Answer model {suffix}", $"e2e-answer-{suffix}");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var models = scope.ServiceProvider.GetRequiredService<ModelService>();
            await models.CreateAsync(admin, acme, new ModelInput(routerModel, _model.ChatCompletionsUrl, routerWire, Token: LocalOpenAiServer.DefaultToken));
            await models.CreateAsync(admin, acme, new ModelInput(agentModel, _model.ChatCompletionsUrl, agentWire, Token: LocalOpenAiServer.DefaultToken));
        }

        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.UseScreenAsync(app, width, height, theme);

        // Two agents, each published.
        var billing = await CreateAgentAsync(page, acme, $"Billing {suffix}", "Answers invoice and payment questions", agentModel,
            "You answer billing questions.");
        var shipping = await CreateAgentAsync(page, acme, $"Shipping {suffix}", "Answers delivery questions", agentModel,
            "You answer shipping questions.");

        // The manager: a routing model, a routing prompt, both agents with what each handles.
        var managerName = $"Front desk {suffix}";
        await page.CreateFromListAsync($"/orgs/{acme}/managers", "manager", managerName, "Routes customer questions", $"managers-list-{shot}");
        await Expect(page.GetByTestId("draft-banner")).ToContainTextAsync("nothing is published yet");
        await page.ChooseAsync(page.Locator(".field-model"), routerModel);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Routing prompt" })
            .FillAsync("Send invoices and payments to billing, deliveries to shipping.");
        await AddManagedAgentAsync(page, 0, billing.Name, "Invoices, refunds and payment methods");
        await AddManagedAgentAsync(page, 1, shipping.Name, "Deliveries, parcels and tracking");
        await page.SaveDraftAsync();
        await page.SaveScreenshotAsync($"managers-editor-{shot}");
        await page.AssertFitsAsync(width);

        // The test chat of the draft: each question goes to the agent that handles it.
        _model.Script(routerWire,
            ScriptedTurn.Say($$"""{"agent":"{{billing.Number}}","reason":"The question is about a charge."}"""),
            ScriptedTurn.Say($$"""{"agent":"{{shipping.Number}}","reason":"The question is about a parcel."}"""));
        _model.Script(agentWire,
            ScriptedTurn.Say("You were charged once for the order and once for the gift wrap."),
            ScriptedTurn.Say("Your parcel leaves the warehouse today."));
        await page.OpenTabAsync("Test chat", page.GetByTestId("chat-empty"));
        await page.SendChatAsync("Why was I charged twice?", 0);
        await page.SendChatAsync("Where is my parcel?", 1);

        var answers = page.Locator("[data-testid='chat-message'][data-role='assistant']");
        await Expect(answers.Nth(0).GetByTestId("routed-agent")).ToHaveTextAsync(billing.Name);
        await Expect(answers.Nth(0).Locator(".chat-text")).ToHaveTextAsync("You were charged once for the order and once for the gift wrap.");
        await Expect(answers.Nth(1).GetByTestId("routed-agent")).ToHaveTextAsync(shipping.Name);
        await Expect(answers.Nth(1).Locator(".chat-text")).ToHaveTextAsync("Your parcel leaves the warehouse today.");
        await page.SaveScreenshotAsync($"managers-test-chat-{shot}");
        await page.AssertFitsAsync(width);

        // The router saw both agents with what they handle; each agent answered with its own system prompt.
        var routed = _model.Requests.Where(r => r.Model == routerWire).ToList();
        Assert.Equal(2, routed.Count);
        Assert.Contains("Invoices, refunds and payment methods", routed[0].Body);
        Assert.Contains("Deliveries, parcels and tracking", routed[0].Body);
        var answered = _model.Requests.Where(r => r.Model == agentWire).ToList();
        Assert.Equal(2, answered.Count);
        Assert.Contains("You answer billing questions.", answered[0].Body);
        Assert.Contains("You answer shipping questions.", answered[1].Body);
        Assert.Equal(0, _model.ScriptedTurnsLeft(routerWire) + _model.ScriptedTurnsLeft(agentWire));

        // The conversation is stored with the manager, the turns with their agents.
        var viewer = page.GetByTestId("conversation-viewer");
        await page.OpenTabAsync("Conversations", page.GetByTestId("conversation-link").First);
        await page.GetByTestId("conversation-link").First.ClickAsync();
        await Expect(viewer.GetByTestId("routed-agent")).ToHaveTextAsync([billing.Name, shipping.Name]);
        await page.SaveScreenshotAsync($"managers-conversations-{shot}");
    }

    /// <summary>Creates an agent in the console with a description, a model and a system prompt, and publishes it.</summary>
    private static async Task<(int Number, string Name)> CreateAgentAsync(IPage page, Guid org, string name, string description, string model, string prompt)
    {
        var number = await page.CreateFromListAsync($"/orgs/{org}/agents", "agent", name, description);
        await page.ChooseAsync(page.Locator(".field-model"), model);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "System prompt" }).FillAsync(prompt);
        await page.PublishAsync("First version");
        await Expect(page.GetByTestId("draft-banner")).ToContainTextAsync("v1");
        return (number, name);
    }

    /// <summary>"Add an agent", then the row's agent and what it handles.</summary>
    private static async Task AddManagedAgentAsync(IPage page, int index, string agent, string handles)
    {
        await page.GetByTestId("add-agent").ClickAsync();
        var row = page.Locator($".managed-agent-row[data-index='{index}']");
        await page.ChooseAsync(row.Locator(".managed-agent"), agent);
        await row.Locator(".managed-handles input").FillAsync(handles);
    }
}
