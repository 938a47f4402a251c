using System.Text.Json;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.Prompts;
using Builder.Domain.Users;
using Builder.TestServers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Builder.Web.Tests.Api.PromptTemplates;
using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api.Prompts;

/// <summary>
/// <c>/api/prompts</c>: every endpoint for every role and for a member of another organization, the reference's shapes, the
/// output-template rule, and runs against the local OpenAI-compatible server (text, json checked against the template,
/// missing variables, a failing model).
/// </summary>
public sealed class PromptEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    private const string Url = "/api/prompts";
    private const string Template = """{ "response": "{{response}}", "sentiment": "{{sentiment}}" }""";

    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(EntitiesRead, 200, 200, 200, 200, 404);
    public static TheoryData<Caller, int> CreateStatus => Callers.Expect(EntitiesCreate, 201, 201, 403, 403, 404);
    public static TheoryData<Caller, int> UpdateStatus => Callers.Expect(EntitiesUpdate, 200, 200, 403, 403, 404);
    public static TheoryData<Caller, int> DeleteStatus => Callers.Expect(EntitiesDelete, 202, 202, 403, 403, 404);

    private LocalOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> LocalModelAsync(string modelName = LocalOpenAiServer.EchoModel, string? token = LocalOpenAiServer.DefaultToken) =>
        await factory.As(Caller.System).PostJsonAsync("/api/models", new
        {
            organizationId = (await factory.SeedAsync()).Acme, name = Arrange.Unique("Local"), modelUrl = _server.ChatCompletionsUrl, modelName, token,
        }).ExpectJson(201);

    private static object Body(Guid organizationId, Guid? modelId, string? title = null, string format = "text", string? template = null) => new
    {
        organizationId, modelId, title = title ?? Arrange.Unique("Support"),
        content = "You are a helpful customer support agent. Respond to: {{customerMessage}}", outputFormat = format, outputTemplate = template,
    };

    private async Task<JsonElement> CreateAsync(Guid? modelId = null, string format = "text", string? template = null, string? title = null) =>
        await factory.As(Caller.Admin).PostJsonAsync(Url, Body((await factory.SeedAsync()).Acme, modelId, title, format, template)).ExpectJson(201);

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task List(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var prompt = await CreateAsync();
        var body = await factory.As(caller).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(prompt.Str("title"))}")
            .ExpectJson(status);
        if (status != 200)
        {
            Assert.Equal("Organization not found", body.Error());
            return;
        }
        var row = Assert.Single(body.Data());
        Assert.Equal((prompt.Id(), "Acme Corp"), (row.Id(), row.GetProperty("organization").Str("name")));
        Assert.Equal(1, body.GetProperty("pagination").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_list_needs_an_organization_and_pages_and_sorts()
    {
        var body = await factory.As(Caller.Admin).GetAsync(Url).ExpectJson(400);
        Assert.Contains("organizationId is required", body.Str("details"));
        var marker = Arrange.Unique("Paged");
        foreach (var suffix in new[] { "b", "a", "c" }) await CreateAsync(title: $"{marker} {suffix}");
        var page = await factory.As(Caller.User)
            .GetAsync($"{Url}?organizationId={(await factory.SeedAsync()).Acme}&search={Uri.EscapeDataString(marker)}&sort=title&order=desc&limit=2")
            .ExpectJson(200);
        Assert.Equal([$"{marker} c", $"{marker} b"], page.Data().Select(p => p.Str("title")));
        Assert.Equal(2, page.GetProperty("pagination").GetProperty("totalPages").GetInt32());
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Get(Caller caller, int status)
    {
        var model = await LocalModelAsync();
        var prompt = await CreateAsync(model.Id());
        var response = await factory.As(caller).GetAsync($"{Url}/{prompt.Id()}").Expect(status);
        var body = await response.JsonAsync();
        if (status != 200)
        {
            Assert.Equal("Prompt not found", body.Error());
            return;
        }
        Assert.Equal((model.Id(), model.Str("name")), (body.GetProperty("model").Id(), body.GetProperty("model").Str("name")));
        Assert.Equal(["customerMessage"], body.GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        Assert.NotNull(response.Headers.ETag);
    }

    [Theory, MemberData(nameof(CreateStatus))]
    public async Task Create(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var model = await LocalModelAsync();
        var title = Arrange.Unique("Created");
        var response = await factory.As(caller).PostJsonAsync(Url, Body(seed.Acme, model.Id(), title)).Expect(status);
        var listed = await factory.As(Caller.System).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(title)}").ExpectJson(200);
        Assert.Equal(status == 201 ? 1 : 0, listed.Data().Count);
        if (status != 201) return;
        var body = await response.JsonAsync();
        Assert.Equal($"{Url}/{body.Id()}", response.Headers.Location?.ToString());
        Assert.Equal((seed.Acme, model.Id(), "text"), (body.GetProperty("organizationId").GetGuid(), body.GetProperty("modelId").GetGuid(), body.Str("outputFormat")));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("outputTemplate").ValueKind);
        Assert.Equal("Acme Corp", body.GetProperty("organization").Str("name"));
    }

    [Theory, MemberData(nameof(UpdateStatus))]
    public async Task Update(Caller caller, int status)
    {
        var prompt = await CreateAsync();
        var url = $"{Url}/{prompt.Id()}";
        await factory.As(caller).PutJsonAsync(url, new
        {
            title = "Customer Support Response v2", content = "You are an empathetic support agent. Address: {{customerMessage}}",
            outputFormat = "json", outputTemplate = Template,
        }).Expect(status);
        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal(status == 200 ? ("json", Template) : ("text", null), (current.Str("outputFormat"), current.GetProperty("outputTemplate").GetString()));
    }

    [Theory, MemberData(nameof(DeleteStatus))]
    public async Task Delete(Caller caller, int status)
    {
        var prompt = await CreateAsync();
        var url = $"{Url}/{prompt.Id()}";
        await factory.ExpectDeletionAsync(caller, status, url, prompt.Id());
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Run(Caller caller, int status)
    {
        var prompt = await CreateAsync((await LocalModelAsync()).Id());
        var body = await factory.As(caller).PostJsonAsync($"{Url}/{prompt.Id()}/run", new { values = new { customerMessage = "Where is my parcel?" } })
            .ExpectJson(status);
        if (status != 200)
        {
            Assert.Equal("Prompt not found", body.Error());
            return;
        }
        Assert.Equal("You are a helpful customer support agent. Respond to: Where is my parcel?", body.Str("output"));
        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.True(body.GetProperty("usage").GetProperty("inputTokens").GetInt32() > 0);
        Assert.Equal($"Bearer {LocalOpenAiServer.DefaultToken}", _server.Requests[^1].Header("Authorization"));
    }

    [Fact]
    public async Task A_json_template_that_is_not_JSON_once_filled_in_is_400_and_nothing_is_saved()
    {
        var seed = await factory.SeedAsync();
        var title = Arrange.Unique("Broken");
        var body = await factory.As(Caller.Admin).PostJsonAsync(Url, Body(seed.Acme, null, title, "json", """{ "response": "{{response}}", }"""))
            .ExpectJson(400);
        var message = body.GetProperty("errors").GetProperty("outputTemplate")[0].GetString();
        Assert.StartsWith("The output template is not valid JSON once its placeholders are filled in:", message);
        var missing = await factory.As(Caller.Admin).PostJsonAsync(Url, Body(seed.Acme, null, title, "json")).ExpectJson(400);
        Assert.StartsWith("An output template is required", missing.GetProperty("errors").GetProperty("outputTemplate")[0].GetString());
        var bad = await factory.As(Caller.Admin).PostJsonAsync(Url, Body(seed.Acme, null, title, "xml")).ExpectJson(400);
        Assert.Equal("outputFormat must be 'text' or 'json'.", bad.GetProperty("errors").GetProperty("outputFormat")[0].GetString());
        var listed = await factory.As(Caller.Admin).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(title)}").ExpectJson(200);
        Assert.Empty(listed.Data());
    }

    [Fact]
    public async Task The_model_is_the_organizations_or_a_visible_system_model()
    {
        var seed = await factory.SeedAsync();
        var visible = await factory.AddModelAsync(null, Arrange.Unique("Visible"), visible: true);
        var hidden = await factory.AddModelAsync(null, Arrange.Unique("Hidden"));
        var globex = await factory.AddModelAsync(seed.Globex, Arrange.Unique("Globex"));
        await factory.As(Caller.Admin).PostJsonAsync(Url, Body(seed.Acme, visible)).Expect(201);
        foreach (var refused in new[] { hidden, globex })
        {
            var body = await factory.As(Caller.Admin).PostJsonAsync(Url, Body(seed.Acme, refused)).ExpectJson(400);
            Assert.Equal("That model does not exist in this organization.", body.GetProperty("errors").GetProperty("modelId")[0].GetString());
        }
    }

    [Fact]
    public async Task Missing_variables_are_400_naming_them_and_call_no_model()
    {
        var prompt = await factory.As(Caller.Admin).PostJsonAsync(Url, new
        {
            organizationId = (await factory.SeedAsync()).Acme, modelId = (await LocalModelAsync()).Id(), title = Arrange.Unique("Two"),
            content = "Greet {{userName}} from {{company}}.",
        }).ExpectJson(201);
        _server.ClearRequests();
        var body = await factory.As(Caller.User).PostJsonAsync($"{Url}/{prompt.Id()}/run", new { values = new { } }).ExpectJson(400);
        Assert.Contains("'userName', 'company'", body.Str("details"));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_failing_model_is_502_with_the_reason_and_no_credential()
    {
        const string canary = "sk-prompt-CANARY-77d1";
        var prompt = await CreateAsync((await LocalModelAsync(LocalOpenAiServer.Unauthorized, canary)).Id());
        var response = await factory.As(Caller.Admin).PostJsonAsync($"{Url}/{prompt.Id()}/run", new { values = new { customerMessage = "hi" } }).Expect(502);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("401", (await response.JsonAsync()).Str("details"));
        Assert.DoesNotContain(canary, text);
    }

    [Fact]
    public async Task A_json_answer_is_checked_against_the_template_and_pretty_printed()
    {
        var modelName = "json-" + Guid.NewGuid().ToString("N")[..8];
        var prompt = await CreateAsync((await LocalModelAsync(modelName)).Id(), "json", Template);
        var run = $"{Url}/{prompt.Id()}/run";
        var values = new { values = new { customerMessage = "My invoice is wrong" } };

        _server.SetReply(modelName, """{"response":"Sorry, fixing it","sentiment":"negative"}""");
        var ok = await factory.As(Caller.Guest).PostJsonAsync(run, values).ExpectJson(200);
        Assert.True(ok.GetProperty("valid").GetBoolean());
        Assert.Equal("{\n  \"response\": \"Sorry, fixing it\",\n  \"sentiment\": \"negative\"\n}", ok.Str("output").ReplaceLineEndings("\n"));
        Assert.Equal("negative", ok.GetProperty("json").Str("sentiment"));
        var request = _server.Requests[^1].Json!;
        Assert.Equal("json_object", request["response_format"]?["type"]?.GetValue<string>());
        Assert.Contains(Template, request["messages"]![0]!["content"]!.GetValue<string>());

        _server.SetReply(modelName, """{"answer":"Sorry"}""");
        var shape = await factory.As(Caller.Guest).PostJsonAsync(run, values).ExpectJson(200);
        Assert.False(shape.GetProperty("valid").GetBoolean());
        Assert.Contains("missing the keys 'response', 'sentiment'", shape.Str("problem"));

        _server.SetReply(modelName, "Sorry, I cannot answer in JSON.");
        var prose = await factory.As(Caller.Guest).PostJsonAsync(run, values).ExpectJson(200);
        Assert.False(prose.GetProperty("valid").GetBoolean());
        Assert.StartsWith("The model's answer is not valid JSON", prose.Str("problem"));
        Assert.Equal("Sorry, I cannot answer in JSON.", prose.Str("output"));
    }

    [Fact]
    public async Task Switching_to_text_drops_the_output_template()
    {
        var prompt = await CreateAsync(format: "json", template: Template);
        var body = await factory.As(Caller.Admin).PutJsonAsync($"{Url}/{prompt.Id()}", new { outputFormat = "text" }).ExpectJson(200);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("outputTemplate").ValueKind);
    }

    [Fact]
    public async Task A_streamed_run_goes_through_the_same_gateway_word_by_word_redacted_and_fails_clearly_mid_stream()
    {
        const string canary = "sk-CANARY-prompt-stream-8c1d";
        _server.Token = canary;
        var model = await LocalModelAsync("prompt-stream", canary);
        _server.SetReply("prompt-stream", $"Happy to help, the key is {canary} and more.");
        var prompt = await CreateAsync(model.Id());
        using var scope = factory.Services.CreateScope();
        var prompts = scope.ServiceProvider.GetRequiredService<PromptService>();
        var values = new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["customerMessage"] = "hi" };

        var deltas = new List<string>();
        PromptRunResult? result = null;
        await foreach (var update in prompts.StreamAsync(await factory.ActorAsync(Callers.GuestEmail), prompt.Id(), values))
        {
            if (update.Result is { } final) result = final;
            else deltas.Add(update.Delta);
        }
        Assert.NotNull(result);
        Assert.Equal("Happy", deltas[0]);
        Assert.Equal("Happy to help, the key is [redacted] and more.", string.Concat(deltas));
        Assert.Equal(string.Concat(deltas), result.Output);
        Assert.True(_server.Requests[^1].Stream);

        var failing = await CreateAsync((await LocalModelAsync(LocalOpenAiServer.StreamError, canary)).Id());
        var error = await Assert.ThrowsAsync<ModelCallException>(async () =>
        {
            await foreach (var _ in prompts.StreamAsync(await factory.ActorAsync(Callers.UserEmail), failing.Id(), values)) { }
        });
        Assert.StartsWith("the endpoint reported an error in the middle of the answer", error.Message);
        Assert.DoesNotContain(canary, error.Message);

        await Assert.ThrowsAsync<NotFoundException>(async () =>
        {
            await foreach (var _ in prompts.StreamAsync(await factory.ActorAsync(Callers.OutsiderEmail), prompt.Id(), values)) { }
        });
    }
}
