using System.Text.Json;
using Builder.Domain.PromptTemplates.Execution;
using Builder.TestServers;
using static Builder.Domain.Access.Permissions;
using static Builder.Web.Tests.Api.PromptTemplates.PromptExecutionArrange;
using static Builder.Web.Tests.Api.PromptTemplates.PromptTemplateArrange;

namespace Builder.Web.Tests.Api.PromptTemplates;

/// <summary>
/// GET /api/prompt-templates/{id}/executions/{executionId} (one whole record) and the size bound of GET …/executions: a run of
/// 200,000 characters answers its caller whole, the record keeps 64 KiB, the list carries 4,000 characters per entry.
/// </summary>
public sealed class PromptExecutionRecordEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(EntitiesRead, 200, 200, 200, 200, 404);

    private LocalOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string ExecutionUrl(Guid templateId, Guid executionId) => $"{ExecutionsUrl(templateId)}/{executionId}";

    /// <summary>A template in Acme on an echo model, run once by the admin with <paramref name="userName"/>.</summary>
    private async Task<(JsonElement Template, JsonElement Run)> RunAsync(string userName)
    {
        var seed = await factory.SeedAsync();
        var model = await factory.LocalModelAsync(_server, seed.Acme);
        var template = await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id());
        var run = await factory.As(Caller.Admin).PostJsonAsync(ExecuteUrl(template.Id()),
            new { values = new { userName, productName = "Pulse" } }).ExpectJson(200);
        return (template, run);
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Execution(Caller caller, int status)
    {
        var (template, run) = await RunAsync("Sarah");
        var body = await factory.As(caller).GetAsync(ExecutionUrl(template.Id(), run.GetProperty("executionId").GetGuid())).ExpectJson(status);
        if (status != 200)
        {
            Assert.Equal("Prompt template not found", body.Error());
            return;
        }
        Assert.Equal(run.Str("output"), body.Str("output"));
        Assert.Equal("Sarah", body.GetProperty("inputs").Str("userName"));
        Assert.Equal(Callers.AdminEmail, body.Str("executedBy"));
        Assert.False(body.GetProperty("outputTruncated").GetBoolean());
        Assert.False(body.GetProperty("shortened").GetBoolean());
    }

    [Fact]
    public async Task Execution_with_an_API_key()
    {
        var (template, run) = await RunAsync("Sarah");
        var seed = await factory.SeedAsync();
        var key = await factory.CreateApiKeyAsync(seed.Acme, owner: Caller.Admin);
        var body = await factory.WithApiKey(key.Str("token")).GetAsync(ExecutionUrl(template.Id(), run.GetProperty("executionId").GetGuid())).ExpectJson(200);
        Assert.Equal(run.Str("output"), body.Str("output"));
    }

    [Fact]
    public async Task Another_templates_execution_or_an_unknown_one_is_404()
    {
        var (template, run) = await RunAsync("Sarah");
        var seed = await factory.SeedAsync();
        var other = await factory.CreateTemplateAsync(seed.Acme);
        var admin = factory.As(Caller.Admin);
        var body = await admin.GetAsync(ExecutionUrl(other.Id(), run.GetProperty("executionId").GetGuid())).ExpectJson(404);
        Assert.Equal(PromptExecutionService.ExecutionNotFound, body.Error());
        await admin.GetAsync(ExecutionUrl(template.Id(), Guid.NewGuid())).Expect(404);
        await factory.As(Caller.Outsider).GetAsync(ExecutionUrl(template.Id(), run.GetProperty("executionId").GetGuid())).Expect(404);
    }

    [Fact]
    public async Task A_long_run_answers_whole_is_kept_to_64_KiB_and_the_list_carries_4000_characters()
    {
        var name = new string('n', 200_000);
        var (template, run) = await RunAsync(name);
        Assert.Contains(name, run.Str("output")); // the caller's own answer is whole
        var admin = factory.As(Caller.Admin);
        await admin.PostJsonAsync(ExecuteUrl(template.Id()), new { values = new { userName = name, productName = "Pulse" } }).Expect(200);

        var response = await admin.GetAsync($"{ExecutionsUrl(template.Id())}?limit=100").Expect(200);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length < 2 * 2 * PromptExecution.ListTextMax + 4000, $"the list answered {text.Length} characters");
        var rows = JsonDocument.Parse(text).RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(PromptExecution.ListTextMax, row.Str("output")!.Length);
            Assert.True(row.GetProperty("shortened").GetBoolean());
            Assert.True(row.GetProperty("outputTruncated").GetBoolean());
            Assert.True(row.GetProperty("inputsTruncated").GetBoolean());
        }

        var whole = await admin.GetAsync(ExecutionUrl(template.Id(), run.GetProperty("executionId").GetGuid())).ExpectJson(200);
        Assert.Equal(run.Str("output")![..PromptExecution.OutputMax], whole.Str("output"));
        Assert.True(whole.GetProperty("outputTruncated").GetBoolean());
        Assert.False(whole.GetProperty("shortened").GetBoolean());
        Assert.StartsWith(whole.GetProperty("inputs").Str("userName")!, name);
    }

    [Fact]
    public async Task The_record_endpoint_is_documented_with_an_example()
    {
        var paths = (await factory.As((string?)null).GetAsync("/openapi/v1.json").ExpectJson(200)).GetProperty("paths");
        var get = paths.GetProperty("/api/prompt-templates/{id}/executions/{executionId}").GetProperty("get");
        var example = get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("builder@acme.test", example.Str("executedBy"));
        Assert.True(get.GetProperty("responses").TryGetProperty("404", out _));
    }
}
