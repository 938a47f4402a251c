using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Models;
using Builder.Domain.Prompts;
using Builder.Web.Features.Prompts;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Components.Prompts;

/// <summary>The Prompts page: empty state, create, the output template's live check, run with a field per variable, permissions, delete.</summary>
public sealed class PromptsPageTests : ConsoleTestContext
{
    private const string Template = """{ "response": "{{response}}", "sentiment": "{{sentiment}}" }""";
    private readonly FakeGateway _gateway = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IModelGateway>(_gateway);

    private async Task<(Actor Admin, Guid Org, ModelView Model)> SeedAsync()
    {
        var admin = await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var model = await Service<ModelService>().CreateAsync(admin, org, new ModelInput("Local", "http://localhost:1234/v1/chat/completions", "llama3.1"));
        return (admin, org, model);
    }

    [Fact]
    public async Task An_admin_creates_a_prompt_from_the_empty_state()
    {
        var (_, org, model) = await SeedAsync();
        var page = RenderWithProviders<PromptsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("No prompts yet", page.Markup));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New prompt").Click();
        page.WaitForElement(".mud-dialog input").Change("Customer Support Response");
        page.Find(".mud-dialog textarea").Input("Respond to: {{customerMessage}}");
        page.WaitForAssertion(() => Assert.Contains("Variables found: customerMessage.", page.Find(".mud-dialog").TextContent));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click();

        page.WaitForAssertion(() => Assert.Contains("Customer Support Response", page.Find(".mud-table-body").TextContent));
        Assert.Contains("Text", page.Find(".mud-table-body").TextContent);
        Assert.Equal(1, (await Service<PromptService>().ListAsync(await SignInAsync("admin@acme.test"), org, new Builder.Domain.Common.PageRequest())).Total);
        _ = model;
    }

    [Fact]
    public async Task The_output_template_is_checked_as_it_is_typed_and_a_broken_one_is_not_saved()
    {
        var (admin, org, model) = await SeedAsync();
        var prompt = await Service<PromptService>().CreateAsync(admin, org, new PromptInput("Classify", "Classify {{message}}", model.Id, "json", Template));
        var page = RenderWithProviders<PromptsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Classify", page.Find(".mud-table-body").TextContent));
        Assert.Contains("JSON", page.Find(".mud-table-body").TextContent);

        page.Find("button[aria-label='Edit Classify']").Click();
        page.WaitForElement(".mud-dialog textarea");
        var area = page.FindAll(".mud-dialog textarea")[^1];
        area.Input("""{ "response": "{{response}}", }""");
        page.WaitForAssertion(() => Assert.Contains("The output template is not valid JSON once its placeholders are filled in",
            page.Find(".mud-dialog").TextContent));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Save").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog")));

        Assert.Equal(Template, (await Service<PromptService>().GetAsync(admin, prompt.Id)).OutputTemplate);
    }

    [Fact]
    public async Task A_guest_runs_a_json_prompt_with_a_field_per_variable_and_sees_pretty_JSON()
    {
        var (admin, org, model) = await SeedAsync();
        await Service<PromptService>().CreateAsync(admin, org, new PromptInput("Classify", "Classify {{message}} for {{customer}}", model.Id, "json", Template));
        _gateway.Reply = """{"response":"We are on it","sentiment":"negative"}""";
        await SignInAsync("guest@acme.test");
        var page = RenderWithProviders<PromptsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Classify", page.Find(".mud-table-body").TextContent));
        Assert.DoesNotContain("New prompt", page.Markup);
        Assert.Empty(page.FindAll("button[aria-label='Edit Classify']"));
        Assert.Empty(page.FindAll("button[aria-label='Delete Classify']"));

        page.Find("button[aria-label='Run Classify']").Click();
        var fields = page.WaitForElements(".mud-dialog textarea");
        Assert.Equal(2, fields.Count);
        Assert.Contains("message", page.Find(".mud-dialog").TextContent);
        Assert.Contains("customer", page.Find(".mud-dialog").TextContent);
        page.FindAll(".mud-dialog textarea")[0].Change("My invoice is wrong");
        page.FindAll(".mud-dialog textarea")[1].Change("Sarah");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Run").Click();

        page.WaitForAssertion(() => Assert.Contains("\"sentiment\": \"negative\"", page.Find("[data-testid='run-output'] pre").TextContent));
        Assert.Contains("{\n  \"response\": \"We are on it\",", page.Find("[data-testid='run-output'] pre").TextContent.ReplaceLineEndings("\n"));
        Assert.Empty(page.FindAll("[data-testid='run-json-problem']"));
        Assert.Equal("Classify My invoice is wrong for Sarah", _gateway.LastMessages![^1].Content);
    }

    [Fact]
    public async Task A_run_with_a_missing_value_names_it_and_a_failing_model_shows_the_reason()
    {
        var (admin, org, model) = await SeedAsync();
        await Service<PromptService>().CreateAsync(admin, org, new PromptInput("Greet", "Greet {{name}}", model.Id, "text", null));
        var page = RenderWithProviders<PromptsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Greet", page.Find(".mud-table-body").TextContent));
        page.Find("button[aria-label='Run Greet']").Click();
        page.WaitForElements(".mud-dialog button").Single(b => b.TextContent.Trim() == "Run").Click();
        page.WaitForAssertion(() => Assert.Contains("Missing a value for the variable 'name'.", page.Find("[data-testid='run-problem']").TextContent));
        Assert.Equal(0, _gateway.Calls);

        _gateway.Failure = new ModelCallException(ModelFailure.Unauthorized, "the endpoint refused the token (401)", 401);
        page.Find(".mud-dialog textarea").Change("Sarah");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Run").Click();
        page.WaitForAssertion(() => Assert.Contains("The model call failed: the endpoint refused the token (401)", page.Find("[data-testid='run-problem']").TextContent));
    }

    [Fact]
    public async Task A_text_prompts_answer_streams_into_the_dialog_as_it_arrives()
    {
        var (admin, org, model) = await SeedAsync();
        await Service<PromptService>().CreateAsync(admin, org, new PromptInput("Greet", "Greet {{name}}", model.Id, "text", null));
        _gateway.Reply = "Hello there Sarah";
        _gateway.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var page = RenderWithProviders<PromptsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Greet", page.Find(".mud-table-body").TextContent));
        page.Find("button[aria-label='Run Greet']").Click();
        page.WaitForElement(".mud-dialog textarea").Change("Sarah");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Run").Click();

        // The first word is on screen while the model is still answering.
        page.WaitForAssertion(() => Assert.Equal("Hello", page.Find("[data-testid='run-stream'] pre").TextContent));
        Assert.Contains("streaming", page.Find("[data-testid='run-stream']").TextContent);
        Assert.Empty(page.FindAll("[data-testid='run-output']"));

        _gateway.Hold.SetResult();
        page.WaitForAssertion(() => Assert.Equal("Hello there Sarah", page.Find("[data-testid='run-output'] pre").TextContent));
        Assert.Contains("5 tokens in, 7 out", page.Find("[data-testid='run-output']").TextContent);
    }

    [Fact]
    public async Task An_admin_asks_to_delete_a_prompt_and_it_stays_until_a_reviewer_approves()
    {
        var (admin, org, _) = await SeedAsync();
        var prompt = await Service<PromptService>().CreateAsync(admin, org, new PromptInput("Short lived", "Hello", null, null, null));
        var page = RenderWithProviders<PromptsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Short lived", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Delete Short lived']").Click();
        SendDeletionRequest(page);

        page.WaitForAssertion(() => Assert.Contains("Deletion requested", page.Find(".mud-table-body").TextContent));
        Assert.True(await DeletionPendingAsync(prompt.Id));
    }

    private sealed class FakeGateway : IModelGateway
    {
        public string Reply { get; set; } = "Hello";
        public ModelCallException? Failure { get; set; }
        public IReadOnlyList<ModelMessage>? LastMessages { get; private set; }
        public int Calls { get; private set; }

        public Task<ModelTestResult> TestAsync(ModelEndpoint endpoint, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ModelCompletion> CompleteAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            (LastMessages, Calls) = (messages, Calls + 1);
            if (Failure is { } failure) throw failure;
            return Task.FromResult(new ModelCompletion(Reply, new ModelUsage(5, 7), "stop", 3, endpoint.ModelName));
        }

        /// <summary>When set, a streamed answer waits for it after the first word (to watch the words arrive).</summary>
        public TaskCompletionSource? Hold { get; set; }

        /// <summary>The reply word by word (each with the space before it), then the completion; <see cref="Failure"/> after the first word.</summary>
        public async IAsyncEnumerable<ModelStreamUpdate> StreamAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            (LastMessages, Calls) = (messages, Calls + 1);
            var words = Reply.Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                yield return new ModelStreamUpdate(i == 0 ? words[0] : " " + words[i], i);
                if (i == 0 && Failure is { } failure) throw failure;
                if (i == 0 && Hold is { } hold) await hold.Task.WaitAsync(cancellationToken);
            }
            yield return new ModelStreamUpdate("", 3, new ModelCompletion(Reply, new ModelUsage(5, 7), "stop", 3, endpoint.ModelName));
        }
    }
}
