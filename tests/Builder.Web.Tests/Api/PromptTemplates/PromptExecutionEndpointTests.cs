using System.Text.Json;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.PromptTemplates.Execution;
using Builder.Domain.Users;
using Builder.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using static Builder.Domain.Access.Permissions;
using static Builder.Web.Tests.Api.PromptTemplates.PromptExecutionArrange;
using static Builder.Web.Tests.Api.PromptTemplates.PromptTemplateArrange;

namespace Builder.Web.Tests.Api.PromptTemplates;

/// <summary>
/// POST /api/prompt-templates/{id}/execute, GET …/executions and POST …/analyze-sentiment against the local OpenAI-compatible
/// server: substitution, versions and labels, other models, missing variables, failing models (502 with a reason, no
/// credential), every role, and the record of every run.
/// </summary>
public sealed class PromptExecutionEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(EntitiesRead, 200, 200, 200, 200, 404);

    private const string Sarah = "You are a friendly assistant. Write a warm welcome message for Sarah who just joined Pulse.";

    private LocalOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A template in Acme on an echo model (the reply is the prompt).</summary>
    private async Task<(JsonElement Template, JsonElement Model)> EchoTemplateAsync()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme);
        return (await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id()), model);
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Execute(Caller caller, int status)
    {
        var (template, model) = await EchoTemplateAsync();
        var body = await factory.As(caller).PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).ExpectJson(status);
        if (status != 200)
        {
            Assert.Equal("Prompt template not found", body.Error());
            return;
        }
        Assert.Equal(Sarah, body.Str("output"));
        Assert.Equal((model.Id(), model.Str("name")), (body.GetProperty("model").Id(), body.GetProperty("model").Str("name")));
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal(Sarah.Split(' ').Length, body.GetProperty("usage").GetProperty("inputTokens").GetInt32());
        Assert.Equal(Sarah.Split(' ').Length, body.GetProperty("usage").GetProperty("outputTokens").GetInt32());
        Assert.True(body.GetProperty("latencyMs").GetInt64() >= 0);
        Assert.Equal("stop", body.Str("finishReason"));
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Executions(Caller caller, int status)
    {
        var (template, _) = await EchoTemplateAsync();
        await factory.As(Caller.Admin).PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).Expect(200);
        var body = await factory.As(caller).GetAsync(ExecutionsUrl(template.Id())).ExpectJson(status);
        if (status != 200)
        {
            Assert.Equal("Prompt template not found", body.Error());
            return;
        }
        var run = Assert.Single(body.Data());
        Assert.Equal(Sarah, run.Str("output"));
        Assert.Equal(Callers.AdminEmail, run.Str("executedBy"));
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Analyze_sentiment(Caller caller, int status)
    {
        var (template, _) = await EchoTemplateAsync();
        var body = await factory.As(caller).PostJsonAsync(SentimentUrl(template.Id()), new { variableSet = "Happy User" }).ExpectJson(status);
        if (status != 200)
        {
            Assert.Equal("Prompt template not found", body.Error());
            return;
        }
        var raw = body.GetProperty("rawSentimentAnalysis");
        Assert.Equal("positive", raw.Str("label"));
        Assert.Contains(raw.GetProperty("sentences").EnumerateArray(), s => s.Str("text").Contains("Sarah"));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("resultSentimentAnalysis").ValueKind);
    }

    [Fact]
    public async Task Execute_with_values_and_values_over_a_set()
    {
        var (template, _) = await EchoTemplateAsync();
        var admin = factory.As(Caller.Admin);
        var body = await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { values = new { userName = "Lee", productName = "Orbit" } }).ExpectJson(200);
        Assert.Equal(Sarah.Replace("Sarah", "Lee").Replace("Pulse", "Orbit"), body.Str("output"));
        body = await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "happy user", values = new { userName = "Kim" } }).ExpectJson(200);
        Assert.Equal(Sarah.Replace("Sarah", "Kim"), body.Str("output"));
    }

    [Fact]
    public async Task Execute_a_version_or_a_label()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme);
        var admin = factory.As(Caller.Admin);
        var template = await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id());
        await admin.PutJsonAsync($"{Url}/{template.Id()}", new { promptText = "v2 {{userName}}", message = "second" }).Expect(200);
        await admin.PutJsonAsync($"{Url}/{template.Id()}", new { promptText = "v3 {{userName}}", message = "third" }).Expect(200);
        await admin.PutJsonAsync($"{Url}/{template.Id()}/labels/production", new { version = 2 }).Expect(200);

        var latest = await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { values = new { userName = "Ann" } }).ExpectJson(200);
        Assert.Equal(("v3 Ann", 3), (latest.Str("output"), latest.GetProperty("version").GetInt32()));
        var first = await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User", version = 1 }).ExpectJson(200);
        Assert.Equal((Sarah, 1), (first.Str("output"), first.GetProperty("version").GetInt32()));
        var production = await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { values = new { userName = "Bo" }, label = "production" }).ExpectJson(200);
        Assert.Equal(("v2 Bo", 2), (production.Str("output"), production.GetProperty("version").GetInt32()));

        Assert.Contains("Version 9", (await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { values = new { userName = "x" }, version = 9 }).ExpectJson(404)).Error());
        Assert.Contains("staging", (await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { values = new { userName = "x" }, label = "staging" }).ExpectJson(404)).Error());
    }

    [Fact]
    public async Task Execute_on_another_model_of_the_organization_or_a_visible_system_model()
    {
        var (template, _) = await EchoTemplateAsync();
        var seed = await factory.SeedAsync();
        var other = await factory.LocalModelAsync(_server, seed.Acme, "gpt-4o-mini");
        var admin = factory.As(Caller.Admin);
        var body = await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User", modelId = other.Id() }).ExpectJson(200);
        Assert.Equal((LocalOpenAiServer.DefaultReply, other.Str("name")), (body.Str("output"), body.GetProperty("model").Str("name")));
        Assert.Equal("gpt-4o-mini", _server.Requests[^1].Model);

        var system = await factory.As(Caller.System).PostJsonAsync("/api/system-models", new
        {
            name = Arrange.Unique("Shared"), modelUrl = _server.ChatCompletionsUrl, modelName = "gpt-4o-mini", token = LocalOpenAiServer.DefaultToken, isVisible = true,
        }).ExpectJson(201);
        body = await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User", modelId = system.Id() }).ExpectJson(200);
        Assert.Equal(system.Str("name"), body.GetProperty("model").Str("name"));

        // Another organization's model, a hidden system model and an unknown id: a clear 400, nothing sent.
        var globex = await factory.LocalModelAsync(_server, seed.Globex);
        var hidden = await factory.CreateSystemModelAsync(visible: false, modelUrl: _server.ChatCompletionsUrl);
        var sent = _server.Requests.Count;
        foreach (var id in new[] { globex.Id(), hidden.Id(), Guid.NewGuid() })
        {
            var error = await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User", modelId = id }).ExpectJson(400);
            Assert.Contains("model", error.GetProperty("errors").GetProperty("modelId")[0].GetString());
        }
        Assert.Equal(sent, _server.Requests.Count);
    }

    [Fact]
    public async Task Missing_variables_are_400_naming_them_and_nothing_is_sent_or_recorded()
    {
        var (template, _) = await EchoTemplateAsync();
        var sent = _server.Requests.Count;
        var body = await factory.As(Caller.Admin).PostJsonAsync(ExecuteUrl(template.Id()), new { values = new { userName = "Lee" } }).ExpectJson(400);
        Assert.Contains("'productName'", body.GetProperty("details").GetString());
        body = await factory.As(Caller.Admin).PostJsonAsync(ExecuteUrl(template.Id()), new { }).ExpectJson(400);
        Assert.Contains("'userName', 'productName'", body.GetProperty("details").GetString());
        body = await factory.As(Caller.Admin).PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Sad User" }).ExpectJson(400);
        Assert.Contains("'Happy User'", body.GetProperty("errors").GetProperty("variableSet")[0].GetString());
        Assert.Equal(sent, _server.Requests.Count);
        Assert.Equal(0, await factory.QueryAsync(db => db.PromptExecutions.CountAsync(e => e.PromptTemplateId == template.Id())));
    }

    [Fact]
    public async Task A_template_without_a_model_is_400_asking_to_choose_one()
    {
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        var body = await factory.As(Caller.Admin).PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).ExpectJson(400);
        Assert.Contains("choose one", body.GetProperty("errors").GetProperty("modelId")[0].GetString());
    }

    [Theory]
    [InlineData(LocalOpenAiServer.Unauthorized, "401")]
    [InlineData(LocalOpenAiServer.BadRequest, "400")]
    [InlineData(LocalOpenAiServer.ServerError, "500")]
    [InlineData(LocalOpenAiServer.Slow, "timed out")]
    public async Task A_failing_model_is_502_with_the_reason_and_no_credential_and_the_run_is_recorded(string script, string reason)
    {
        var seed = await factory.SeedAsync();
        const string canary = "sk-CANARY-exec-7d1f9b2e4a";
        _server.Token = canary;
        var model = await factory.LocalModelAsync(_server, seed.Acme, script, canary, timeoutSeconds: script == LocalOpenAiServer.Slow ? 1 : 30);
        var template = await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id());
        var response = await factory.As(Caller.User).PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).Expect(502);
        var text = await response.Content.ReadAsStringAsync();
        var body = await response.JsonAsync();
        Assert.Equal("The model call failed", body.Error());
        Assert.True(body.Str("details").Contains(reason, StringComparison.Ordinal), text);
        Assert.DoesNotContain(canary, text);
        Assert.DoesNotContain(canary[..12], text);

        var runs = await factory.As(Caller.User).GetAsync(ExecutionsUrl(template.Id())).Expect(200);
        var runsText = await runs.Content.ReadAsStringAsync();
        var run = Assert.Single((await runs.JsonAsync()).Data());
        Assert.False(run.GetProperty("succeeded").GetBoolean());
        Assert.Contains(reason, run.Str("error"));
        Assert.Equal(Callers.UserEmail, run.Str("executedBy"));
        Assert.DoesNotContain(canary, runsText);
    }

    [Fact]
    public async Task Every_run_is_recorded_and_listed_newest_first_and_paged()
    {
        var (template, model) = await EchoTemplateAsync();
        var admin = factory.As(Caller.Admin);
        await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).Expect(200);
        await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { values = new { userName = "Lee", productName = "Orbit" } }).Expect(200);
        await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { values = new { userName = "Kim", productName = "Orbit" } }).Expect(200);

        var page = await admin.GetAsync($"{ExecutionsUrl(template.Id())}?limit=2").ExpectJson(200);
        Assert.Equal(3, page.GetProperty("pagination").GetProperty("total").GetInt32());
        var rows = page.Data();
        Assert.Equal(2, rows.Count);
        var newest = rows[0];
        Assert.StartsWith(Sarah.Replace("Sarah", "Kim").Replace("Pulse", "Orbit"), newest.Str("output"));
        Assert.Equal("Kim", newest.GetProperty("inputs").Str("userName"));
        Assert.Equal(JsonValueKind.Null, newest.GetProperty("variableSet").ValueKind);
        Assert.Equal((model.Id(), model.Str("name")), (newest.GetProperty("model").Id(), newest.GetProperty("model").Str("name")));
        Assert.Equal(1, newest.GetProperty("version").GetInt32());
        Assert.True(newest.GetProperty("succeeded").GetBoolean());
        Assert.True(newest.GetProperty("usage").GetProperty("outputTokens").GetInt32() > 0);
        var oldest = Assert.Single((await admin.GetAsync($"{ExecutionsUrl(template.Id())}?limit=2&page=2").ExpectJson(200)).Data());
        Assert.Equal("Happy User", oldest.Str("variableSet"));

        // Deleting the template takes its runs out of reach: they wait with it in the trash (and go when it is purged).
        var current = await admin.GetAsync($"{Url}/{template.Id()}").Expect(200);
        await factory.DeleteApprovedAsync($"{Url}/{template.Id()}", Caller.Admin, current.ETag());
        await admin.GetAsync($"{ExecutionsUrl(template.Id())}?limit=2").Expect(404);
        Assert.True(await factory.QueryAsync(db => db.TrashItems.AnyAsync(t => t.ResourceId == template.Id())));
    }

    [Fact]
    public async Task Analyze_sentiment_scores_the_latest_runs_output_and_the_raw_text_without_a_set()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme, "sad-model");
        _server.SetReply("sad-model", "This is terrible. I hate it and everything is awful.");
        var template = await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id());
        var admin = factory.As(Caller.Admin);
        await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { variableSet = "Happy User" }).Expect(200);

        var body = await admin.PostJsonAsync(SentimentUrl(template.Id()), new { }).ExpectJson(200);
        Assert.Contains("{{userName}}", body.GetProperty("rawSentimentAnalysis").GetProperty("sentences")[0].Str("text")
            + string.Concat(body.GetProperty("rawSentimentAnalysis").GetProperty("sentences").EnumerateArray().Select(s => s.Str("text"))));
        Assert.Equal("negative", body.GetProperty("resultSentimentAnalysis").Str("label"));
        // Saved: a plain read shows the same analyses.
        var read = await admin.GetAsync($"{Url}/{template.Id()}").ExpectJson(200);
        Assert.Equal("negative", read.GetProperty("resultSentimentAnalysis").Str("label"));
        Assert.Equal(body.GetProperty("rawSentimentAnalysis").GetProperty("score").GetDouble(),
            read.GetProperty("rawSentimentAnalysis").GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Streaming_yields_the_output_as_it_arrives_then_the_result_and_records_the_run_without_a_credential()
    {
        const string canary = "sk-CANARY-stream-5b7e0c2d9f";
        _server.Token = canary;
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme, "leaky-stream", canary);
        _server.SetReply("leaky-stream", $"Welcome aboard, the key is {canary} and that is all.");
        var template = await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id());
        using var scope = factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<PromptExecutionService>();

        var deltas = new List<string>();
        PromptExecutionResult? result = null;
        await foreach (var update in service.StreamAsync(await factory.ActorAsync(Callers.GuestEmail), template.Id(), new PromptExecutionRequest("Happy User")))
        {
            if (update.Result is { } final) result = final;
            else deltas.Add(update.Delta);
        }
        Assert.NotNull(result);
        Assert.True(deltas.Count > 1, "the output arrives in pieces");
        Assert.Equal("Welcome", deltas[0]); // ordinary words are not held back for redaction
        Assert.Equal(result.Output, string.Concat(deltas));
        Assert.Equal("Welcome aboard, the key is [redacted] and that is all.", result.Output);
        Assert.True(_server.Requests[^1].Stream);
        var record = await factory.QueryAsync(db => db.PromptExecutions.FirstAsync(e => e.Id == result.ExecutionId));
        Assert.True(record.Streamed && record.Succeeded);
        Assert.Equal((Callers.GuestEmail, result.Output), (record.ExecutedBy, record.Output));

        // A failing model mid-call: the typed error with the reason, and the failed run recorded.
        var failing = await factory.LocalModelAsync(_server, seed.Acme, LocalOpenAiServer.ServerError, canary);
        var error = await Assert.ThrowsAsync<PromptExecutionException>(async () =>
        {
            await foreach (var _ in service.StreamAsync(await factory.ActorAsync(Callers.GuestEmail), template.Id(),
                               new PromptExecutionRequest("Happy User", ModelId: failing.Id()))) { }
        });
        Assert.Contains("500", error.Message);
        Assert.False((await factory.QueryAsync(db => db.PromptExecutions.FirstAsync(e => e.Id == error.ExecutionId))).Succeeded);

        // An outsider cannot run it.
        await Assert.ThrowsAsync<NotFoundException>(async () =>
        {
            await foreach (var _ in service.StreamAsync(await factory.ActorAsync(Callers.OutsiderEmail), template.Id(), new PromptExecutionRequest("Happy User"))) { }
        });
    }

    [Fact]
    public async Task An_error_event_in_the_middle_of_a_stream_fails_with_the_reason_and_records_the_failed_run_with_the_words_that_arrived()
    {
        const string canary = "sk-CANARY-midstream-4e2a7c9b1d";
        _server.Token = canary;
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme, LocalOpenAiServer.StreamError, canary);
        _server.SetReply(LocalOpenAiServer.StreamError, "Welcome aboard Sarah and enjoy.");
        var template = await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id());
        using var scope = factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<PromptExecutionService>();

        var deltas = new List<string>();
        var error = await Assert.ThrowsAsync<PromptExecutionException>(async () =>
        {
            await foreach (var update in service.StreamAsync(await factory.ActorAsync(Callers.UserEmail), template.Id(), new PromptExecutionRequest("Happy User")))
                deltas.Add(update.Delta);
        });
        Assert.Equal(Builder.Domain.Models.ModelFailure.EndpointFailed, error.Failure);
        Assert.StartsWith($"the endpoint reported an error in the middle of the answer: {LocalOpenAiServer.StreamErrorMessage}", error.Message);
        Assert.DoesNotContain(canary, error.Message);
        // The words held back while a credential could still be forming are passed on before the error.
        Assert.Equal("Welcome aboard", string.Concat(deltas));

        var record = await factory.QueryAsync(db => db.PromptExecutions.FirstAsync(e => e.Id == error.ExecutionId));
        Assert.False(record.Succeeded);
        Assert.True(record.Streamed);
        Assert.Equal(error.Message, record.Error);
        Assert.Equal("Welcome aboard", record.Output);
        Assert.Equal(Callers.UserEmail, record.ExecutedBy);
    }
}

/// <summary>The API docs show examples for execute (request, answer, 502), the run list and analyze-sentiment.</summary>
public sealed class PromptExecutionApiDocsTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    [Fact]
    public async Task Execute_executions_and_analyze_sentiment_have_examples()
    {
        var paths = (await factory.As((string?)null).GetAsync("/openapi/v1.json").ExpectJson(200)).GetProperty("paths");
        static JsonElement Example(JsonElement operation, string status) =>
            operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("example");
        var execute = paths.GetProperty("/api/prompt-templates/{id}/execute").GetProperty("post");
        Assert.Equal("Happy User", execute.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").Str("variableSet"));
        Assert.Equal("stop", Example(execute, "200").Str("finishReason"));
        Assert.Equal("The model call failed", Example(execute, "502").Error());
        var runs = paths.GetProperty("/api/prompt-templates/{id}/executions").GetProperty("get");
        Assert.Equal("builder@acme.test", Example(runs, "200").GetProperty("data")[0].Str("executedBy"));
        var sentiment = paths.GetProperty("/api/prompt-templates/{id}/analyze-sentiment").GetProperty("post");
        Assert.Equal("positive", Example(sentiment, "200").GetProperty("rawSentimentAnalysis").Str("label"));
    }
}
