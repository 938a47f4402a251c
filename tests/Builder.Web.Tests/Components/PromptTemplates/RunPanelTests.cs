using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.PromptTemplates;
using Builder.Domain.PromptTemplates.Execution;
using Builder.Domain.Users;
using Builder.Web.Api;
using Builder.Web.Features.PromptTemplates;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Components.PromptTemplates;

/// <summary>
/// The editor's Run section over the real execution service and a scripted gateway: the output streams in piece by piece,
/// Stop, errors in place (missing variables, a failing or rate-limited model, the per-person limit), run all sets, compare
/// models (one to three), the paged list of runs, and who may run (every role that reads the template).
/// </summary>
public sealed class RunPanelTests : ConsoleTestContext
{
    private readonly ScriptedGateway _gateway = new();
    private Guid _org;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IModelGateway>(_gateway);

    private async Task<ModelView> ModelAsync(string name, string modelName) =>
        await Service<ModelService>().CreateAsync(await ActorAsync("admin@acme.test"), _org,
            new ModelInput(name, "http://localhost:1234/v1/chat/completions", modelName));

    /// <summary>"Hi {{userName}} from {{company}}" on a model whose gateway script is <paramref name="modelName"/>, with two sets.</summary>
    private async Task<PromptTemplateView> TemplateAsync(string modelName = ScriptedGateway.Echo)
    {
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var model = await ModelAsync("Main model", modelName);
        return await Service<PromptTemplateService>().CreateAsync(await ActorAsync("admin@acme.test"), _org, new PromptTemplateInput(
            "Welcome", null, "Hi {{userName}} from {{company}}", model.Id, null,
            new Dictionary<string, string> { ["userName"] = "string", ["company"] = "string" },
            [
                new PromptVariableSet("Happy User", new Dictionary<string, JsonNode?> { ["userName"] = "Sarah", ["company"] = "Pulse" }),
                new PromptVariableSet("Grumpy User", new Dictionary<string, JsonNode?> { ["userName"] = "Oscar", ["company"] = "Trash Inc" }),
            ], "First"));
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Render(PromptTemplateView template)
    {
        var page = RenderWithProviders<PromptTemplateEditorPage>(new() { ["OrgId"] = _org, ["TemplateId"] = template.Id });
        page.WaitForElement("[data-testid='run-panel']");
        return page;
    }

    private static void Click(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector) =>
        page.InvokeAsync(() => page.Find(selector).Click()).GetAwaiter().GetResult();

    private static void Tab(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string text) =>
        page.InvokeAsync(() => page.FindAll(".run-tabs .mud-tab").Single(t => t.TextContent.Trim() == text).Click()).GetAwaiter().GetResult();

    private static AngleSharp.Dom.IElement ModelBox(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string name) =>
        page.FindAll("[data-testid='compare-models'] label").Single(l => l.TextContent.Trim() == name).QuerySelector("input")!;

    private static string Output(IRenderedComponent<Bunit.Rendering.ContainerFragment> page) => page.Find("[data-testid='run-output']").TextContent;

    private async Task<int> RecordedAsync(Guid templateId) =>
        (await Service<PromptExecutionService>().ListAsync(await ActorAsync("admin@acme.test"), templateId, new PageRequest(1, 50))).Total;

    [Fact]
    public async Task The_output_streams_in_piece_by_piece_then_shows_tokens_latency_finish_reason_model_and_version()
    {
        var template = await TemplateAsync(ScriptedGateway.Gated);
        await SignInAsync("admin@acme.test");
        var page = Render(template);
        page.WaitForAssertion(() => Assert.Contains("No runs yet", page.Markup));

        Click(page, "[data-testid='run-button']");
        await _gateway.SendAsync("Hello");
        page.WaitForAssertion(() => Assert.Equal("Hello", Output(page)));
        Assert.Equal("running", page.Find("[data-testid='run-card']").GetAttribute("data-status"));
        Assert.Contains("Streaming", page.Find("[data-testid='run-status']").TextContent);
        Assert.Empty(page.FindAll("[data-testid='run-stats']"));

        await _gateway.SendAsync(" there,");
        page.WaitForAssertion(() => Assert.Equal("Hello there,", Output(page)));
        await _gateway.SendAsync(" Sarah.");
        _gateway.Finish();

        page.WaitForAssertion(() => Assert.Equal("finished", page.Find("[data-testid='run-card']").GetAttribute("data-status")));
        Assert.Equal("Hello there, Sarah.", Output(page));
        var stats = page.Find("[data-testid='run-stats']").TextContent;
        Assert.Contains("5 in · 3 out", stats);
        Assert.Contains("42 ms", stats);
        Assert.Contains("stop", stats);
        Assert.Contains("Main model", stats);
        Assert.Contains("v1", stats);
        Assert.Equal("Hi Sarah from Pulse", _gateway.LastPrompt); // the first set, substituted
        // The list of runs refreshes with the new run.
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='execution-row']")));
        Assert.Contains("Happy User", page.Find("[data-testid='execution-row']").TextContent);
    }

    [Fact]
    public async Task Stop_ends_the_stream_keeps_what_arrived_and_the_run_is_recorded_as_cancelled()
    {
        var template = await TemplateAsync(ScriptedGateway.Gated);
        await SignInAsync("builder@acme.test");
        var page = Render(template);

        Click(page, "[data-testid='run-button']");
        await _gateway.SendAsync("Partial answer");
        page.WaitForAssertion(() => Assert.Equal("Partial answer", Output(page)));
        Click(page, "button[aria-label='Stop Happy User']");

        page.WaitForAssertion(() => Assert.Equal("stopped", page.Find("[data-testid='run-card']").GetAttribute("data-status")));
        Assert.Equal("Partial answer", Output(page));
        Assert.True(_gateway.Cancelled);
        page.WaitForAssertion(() => Assert.Contains("Cancelled before the model finished.", page.Find("[data-testid='execution-row']").TextContent));
        Assert.Equal("false", page.Find("[data-testid='execution-row']").GetAttribute("data-succeeded"));
    }

    [Fact]
    public async Task Errors_show_in_place_missing_variables_by_name_a_failing_model_a_rate_limited_model_and_the_per_person_limit()
    {
        var template = await TemplateAsync(ScriptedGateway.Echo);
        var admin = await SignInAsync("admin@acme.test");
        var page = Render(template);

        // Values typed in, one left empty: the service names it, nothing is sent.
        page.FindAll(".run-set-select.mud-input-control, .run-set-select .mud-input-control").First().MouseDown();
        page.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "Enter values…").Click();
        page.WaitForElement("input#run-value-userName").Change("Lee");
        Click(page, "[data-testid='run-button']");
        page.WaitForAssertion(() => Assert.Contains("'company'", page.Find("[data-testid='run-error']").TextContent));
        Assert.Equal(0, _gateway.Calls);

        // A failing model: the gateway's reason, and the run is recorded.
        page.Find("input#run-value-company").Change("Orbit");
        _gateway.FailWith = new ModelCallException(ModelFailure.EndpointFailed, "the endpoint failed (500)", 500);
        Click(page, "[data-testid='run-button']");
        page.WaitForAssertion(() => Assert.Equal("The model call failed: the endpoint failed (500).", page.Find("[data-testid='run-error']").TextContent.Trim()));
        Assert.Equal(1, await RecordedAsync(template.Id));

        _gateway.FailWith = new ModelCallException(ModelFailure.RateLimited, "rate limited (429); retry after 20 s", 429);
        Click(page, "[data-testid='run-button']");
        page.WaitForAssertion(() => Assert.StartsWith("The model is rate limiting requests: rate limited (429); retry after 20 s.",
            page.Find("[data-testid='run-error']").TextContent.Trim()));

        // The per-person allowance the API's execute draws on too.
        _gateway.FailWith = null;
        var limiter = Service<UserRateLimiter>();
        while (limiter.TryAcquire(admin.UserId).Allowed) { }
        var calls = _gateway.Calls;
        Click(page, "[data-testid='run-button']");
        page.WaitForAssertion(() => Assert.StartsWith("Prompt template runs are limited to 30 per minute per person",
            page.Find("[data-testid='run-error']").TextContent.Trim()));
        Assert.Equal(calls, _gateway.Calls);
    }

    [Fact]
    public async Task Run_all_sets_shows_each_sets_output_side_by_side()
    {
        var template = await TemplateAsync(ScriptedGateway.Echo);
        await SignInAsync("admin@acme.test");
        var page = Render(template);

        Tab(page, "All sets");
        Click(page, "[data-testid='run-all-button']");

        page.WaitForAssertion(() => Assert.All(page.FindAll("[data-testid='run-all-results'] [data-testid='run-card']"),
            c => Assert.Equal("finished", c.GetAttribute("data-status"))));
        var cards = page.FindAll("[data-testid='run-all-results'] [data-testid='run-card']");
        Assert.Equal(["Happy User", "Grumpy User"], cards.Select(c => c.QuerySelector(".run-card-title")!.TextContent));
        Assert.Equal(["Hi Sarah from Pulse", "Hi Oscar from Trash Inc"], cards.Select(c => c.QuerySelector("[data-testid='run-output']")!.TextContent));
        Assert.All(cards, c => Assert.Contains("42 ms", c.QuerySelector("[data-testid='run-stats']")!.TextContent));
        Assert.Equal(2, await RecordedAsync(template.Id));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='execution-row']").Count));
    }

    [Fact]
    public async Task Compare_models_needs_one_to_three_and_runs_the_set_on_each_side_by_side()
    {
        var template = await TemplateAsync(ScriptedGateway.Echo);
        var second = await ModelAsync("Second model", "second");
        var third = await ModelAsync("Third model", "third");
        var fourth = await ModelAsync("Fourth model", "fourth");
        await SignInAsync("admin@acme.test");
        var page = Render(template);
        Tab(page, "Compare");

        // The template's model is chosen to begin with; four are too many.
        page.WaitForElement("[data-testid='compare-models']");
        foreach (var name in new[] { "Second model", "Third model", "Fourth model" })
            ModelBox(page, name).Change(true);
        page.WaitForAssertion(() => Assert.Equal("Compare at most 3 models at once; 4 are chosen.", page.Find("[data-testid='compare-error']").TextContent));
        Click(page, "[data-testid='compare-models-button']");
        Assert.Equal(0, _gateway.Calls);

        foreach (var name in new[] { "Main model", "Second model", "Third model", "Fourth model" })
            ModelBox(page, name).Change(false);
        Click(page, "[data-testid='compare-models-button']");
        page.WaitForAssertion(() => Assert.Equal("Choose at least one model to compare.", page.Find("[data-testid='compare-error']").TextContent));
        Assert.Equal(0, _gateway.Calls);

        ModelBox(page, "Main model").Change(true);
        ModelBox(page, "Third model").Change(true);
        Click(page, "[data-testid='compare-models-button']");

        page.WaitForAssertion(() => Assert.All(page.FindAll("[data-testid='compare-results'] [data-testid='run-card']"),
            c => Assert.Equal("finished", c.GetAttribute("data-status"))));
        var cards = page.FindAll("[data-testid='compare-results'] [data-testid='run-card']");
        Assert.Equal(["Main model", "Third model"], cards.Select(c => c.QuerySelector(".run-card-title")!.TextContent));
        Assert.All(cards, c => Assert.Equal("Hi Sarah from Pulse", c.QuerySelector("[data-testid='run-output']")!.TextContent));
        Assert.Contains("Third model", cards[1].QuerySelector("[data-testid='run-stats']")!.TextContent);
        Assert.Contains("5 in · 4 out", cards[1].QuerySelector("[data-testid='run-stats']")!.TextContent);
        Assert.Equal(["echo", "third"], _gateway.Models.Order());
        _ = (second, fourth);
    }

    [Fact]
    public async Task The_runs_list_is_paged_newest_first_and_long_outputs_expand()
    {
        var template = await TemplateAsync(ScriptedGateway.Echo);
        var admin = await SignInAsync("admin@acme.test");
        var executions = Service<PromptExecutionService>();
        for (var i = 1; i <= 12; i++)
            await executions.ExecuteAsync(admin, template.Id, new PromptExecutionRequest(null,
                new Dictionary<string, JsonNode?> { ["userName"] = $"User{i}", ["company"] = i == 12 ? new string('x', 300) : "Acme" }));
        var page = Render(template);

        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("[data-testid='execution-row']").Count));
        Assert.Contains("Page 1 of 2 · 12 runs", page.Find("[data-testid='executions-pager']").TextContent);
        var newest = page.FindAll("[data-testid='execution-row']")[0];
        Assert.Contains("User12", newest.TextContent);
        Assert.Contains("…", newest.QuerySelector(".runs-output")!.TextContent);
        Assert.DoesNotContain(new string('x', 300), newest.TextContent);

        await page.InvokeAsync(() => page.FindAll("[data-testid='execution-row']")[0].QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Show all").Click());
        page.WaitForAssertion(() => Assert.Contains(new string('x', 300), page.FindAll("[data-testid='execution-row']")[0].TextContent));

        await page.InvokeAsync(() => page.Find("[data-testid='executions-pager']").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Older").Click());
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='execution-row']").Count));
        Assert.Contains("User1", page.FindAll("[data-testid='execution-row']")[^1].TextContent);
        Assert.Contains("Page 2 of 2", page.Find("[data-testid='executions-pager']").TextContent);
    }

    [Fact]
    public async Task Show_all_on_a_shortened_run_loads_the_whole_record_and_says_when_the_record_was_cut()
    {
        var template = await TemplateAsync(ScriptedGateway.Echo);
        var admin = await SignInAsync("admin@acme.test");
        var executions = Service<PromptExecutionService>();
        var company = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"w{i} ")); // well over 64 KiB
        await executions.ExecuteAsync(admin, template.Id, new PromptExecutionRequest(null,
            new Dictionary<string, JsonNode?> { ["userName"] = "Long", ["company"] = company }));
        var listed = Assert.Single((await executions.ListAsync(admin, template.Id, new PageRequest())).Items);
        Assert.True(listed.Shortened);
        var page = Render(template);

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='execution-row']")));
        Assert.Empty(page.FindAll("[data-testid='execution-full']"));
        await page.InvokeAsync(() => page.Find("[data-testid='execution-row']").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Show all").Click());

        page.WaitForAssertion(() => Assert.Equal(PromptExecution.OutputMax, page.Find("[data-testid='execution-full']").TextContent.Length));
        var stored = await executions.GetAsync(admin, template.Id, listed.Id);
        Assert.Equal(stored.Output, page.Find("[data-testid='execution-full']").TextContent);
        Assert.Contains("keeps the first 64 KiB", page.Find("[data-testid='execution-truncated']").TextContent);

        await page.InvokeAsync(() => page.Find("[data-testid='execution-row']").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Show less").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='execution-full']")));
    }

    [Theory]
    [InlineData("builder@acme.test")]
    [InlineData("guest@acme.test")]
    public async Task Every_role_that_reads_the_template_runs_it_as_the_api_allows_but_only_admins_edit(string email)
    {
        var template = await TemplateAsync(ScriptedGateway.Echo);
        await SignInAsync(email);
        var page = Render(template);

        Assert.Contains("Read-only", page.Markup);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Save");
        Assert.False(page.Find("[data-testid='run-button']").HasAttribute("disabled"));
        Click(page, "[data-testid='run-button']");

        page.WaitForAssertion(() => Assert.Equal("finished", page.Find("[data-testid='run-card']").GetAttribute("data-status")));
        Assert.Equal("Hi Sarah from Pulse", Output(page));
        var run = (await Service<PromptExecutionService>().ListAsync(await ActorAsync(email), template.Id, new PageRequest())).Items.Single();
        Assert.Equal(email, run.ExecutedBy);
    }

    [Fact]
    public async Task Unsaved_edits_are_not_run_and_the_panel_says_so()
    {
        var template = await TemplateAsync(ScriptedGateway.Echo);
        await SignInAsync("admin@acme.test");
        var page = Render(template);
        Assert.Empty(page.FindAll("[data-testid='run-unsaved']"));
        Assert.Contains("Runs use the saved version v1", page.Find("[data-testid='run-panel']").TextContent);

        page.Find(".details-name input").Change("Welcome (edited)");
        page.WaitForAssertion(() => Assert.Contains("Runs use the saved version v1", page.Find("[data-testid='run-unsaved']").TextContent));
    }

    [Fact]
    public async Task Without_a_model_run_waits_for_one_and_says_where_to_choose_it()
    {
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var template = await Service<PromptTemplateService>().CreateAsync(await ActorAsync("admin@acme.test"), _org,
            new PromptTemplateInput("No model", null, "Hi", null, null, new Dictionary<string, string>(), [], null));
        await SignInAsync("admin@acme.test");
        var page = Render(template);

        Assert.True(page.Find("[data-testid='run-button']").HasAttribute("disabled"));
        Assert.Contains("choose one under Details and save", page.Find("[data-testid='run-model']").TextContent);
    }

    /// <summary>
    /// Streams by model name: "echo" answers the prompt at once in two pieces; "gated" answers what the test sends, piece by
    /// piece, until <see cref="Finish"/>; <see cref="FailWith"/> fails every call after its first piece. Usage is 5 in and one
    /// out per word, latency 42 ms.
    /// </summary>
    private sealed class ScriptedGateway : IModelGateway
    {
        public const string Echo = "echo", Gated = "gated";
        private Channel<string?> _gate = Channel.CreateUnbounded<string?>();

        public ModelCallException? FailWith { get; set; }
        public int Calls { get; private set; }
        public string? LastPrompt { get; private set; }
        public bool Cancelled { get; private set; }
        public List<string> Models { get; } = [];

        public ValueTask SendAsync(string piece) => _gate.Writer.WriteAsync(piece);

        public void Finish() => _gate.Writer.TryWrite(null);

        public Task<ModelTestResult> TestAsync(ModelEndpoint endpoint, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ModelCompletion> CompleteAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            Calls++;
            var text = messages[^1].Content;
            return Task.FromResult(new ModelCompletion(text, new ModelUsage(5, text.Split(' ').Length), "stop", 42, endpoint.ModelName));
        }

        public async IAsyncEnumerable<ModelStreamUpdate> StreamAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages,
            ModelCallOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            lock (Models)
            {
                Calls++;
                Models.Add(endpoint.ModelName);
            }
            LastPrompt = messages[^1].Content;
            var output = new System.Text.StringBuilder();
            if (endpoint.ModelName == Gated)
            {
                while (true)
                {
                    string? piece;
                    try
                    {
                        piece = await _gate.Reader.ReadAsync(cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        Cancelled = true;
                        throw;
                    }
                    if (piece is null) break;
                    output.Append(piece);
                    yield return new ModelStreamUpdate(piece, 1);
                }
            }
            else
            {
                var words = LastPrompt.Split(' ');
                var first = words[0];
                output.Append(first);
                yield return new ModelStreamUpdate(first, 1);
                if (FailWith is { } failure) throw failure;
                var rest = LastPrompt[first.Length..];
                output.Append(rest);
                await Task.Yield();
                yield return new ModelStreamUpdate(rest, 2);
            }
            var text = output.ToString();
            yield return new ModelStreamUpdate("", 42,
                new ModelCompletion(text, new ModelUsage(5, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length), "stop", 42, endpoint.ModelName));
        }
    }
}
