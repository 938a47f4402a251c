using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.PromptTemplates;
using Builder.Domain.PromptTemplates.Execution;
using Builder.Domain.PromptTemplates.Sentiment;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.PromptTemplates.Execution;

/// <summary>
/// A run record keeps at most <see cref="PromptExecution.OutputMax"/>/<see cref="PromptExecution.InputsMax"/> characters (flagged
/// when cut, never splitting a surrogate pair); the list carries at most <see cref="PromptExecution.ListTextMax"/>; the single
/// record has all that is stored; the caller's own answer is whole.
/// </summary>
public class PromptExecutionRecordBoundsTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PromptTemplateService _templates = null!;
    private PromptExecutionService _executions = null!;
    private Guid _acme;
    private Actor _admin = null!;
    private Guid _model;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _templates = new PromptTemplateService(_db, _db.Clock);
        _executions = new PromptExecutionService(_db, _templates, new ModelService(_db, _db.Protector, _db.Clock), new EchoGateway(),
            new LexiconSentimentAnalyzer(), _db.Clock);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _admin = await _db.ActorAsync("admin@acme.test");
        await using var db = _db.Context();
        var model = new AiModel { OrganizationId = _acme, Name = "Echo", ModelUrl = "http://127.0.0.1/v1/chat/completions", ModelName = "m" };
        db.Models.Add(model);
        await db.SaveChangesAsync();
        _model = model.Id;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<Guid> TemplateAsync(string name = "Echo") => (await _templates.CreateAsync(_admin, _acme, new PromptTemplateInput(
        name, null, "{{text}}", _model, null, new Dictionary<string, string> { ["text"] = "string" }, [], null))).Id;

    private Task<PromptExecutionResult> RunAsync(Guid template, string text) =>
        _executions.ExecuteAsync(_admin, template, new PromptExecutionRequest(Values: new Dictionary<string, JsonNode?> { ["text"] = text }));

    private async Task<PromptExecution> StoredAsync(Guid id)
    {
        await using var db = _db.Context();
        return await db.PromptExecutions.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    [Fact]
    public async Task A_200_KB_output_is_stored_capped_and_flagged_and_the_caller_gets_all_of_it()
    {
        var template = await TemplateAsync();
        var text = string.Concat(Enumerable.Range(0, 30_000).Select(i => $"{i % 10}word{i % 7} ")); // 210,000 characters
        Assert.True(text.Length >= 200_000);

        var result = await RunAsync(template, text);

        Assert.Equal(text, result.Output);
        var stored = await StoredAsync(result.ExecutionId);
        Assert.Equal(text[..PromptExecution.OutputMax], stored.Output);
        Assert.True(stored.OutputTruncated);
        Assert.True(stored.InputsTruncated);
        Assert.True(stored.InputsJson.Length <= PromptExecution.InputsMax);
        var inputs = JsonNode.Parse(stored.InputsJson)!.AsObject();
        Assert.StartsWith(inputs["text"]!.GetValue<string>(), text);
        Assert.True(inputs["text"]!.GetValue<string>().Length > PromptExecution.InputsMax / 2);
    }

    [Fact]
    public async Task A_short_run_is_stored_whole_and_not_flagged()
    {
        var template = await TemplateAsync();
        var result = await RunAsync(template, "Hello Sarah");
        var stored = await StoredAsync(result.ExecutionId);
        Assert.Equal(("Hello Sarah", false, false), (stored.Output, stored.OutputTruncated, stored.InputsTruncated));
        Assert.Equal("""{"text":"Hello Sarah"}""", stored.InputsJson);
        var listed = Assert.Single((await _executions.ListAsync(_admin, template, new PageRequest())).Items);
        Assert.Equal(("Hello Sarah", false), (listed.Output, listed.Shortened));
    }

    [Fact]
    public async Task The_list_carries_capped_text_and_the_single_record_the_stored_text()
    {
        var template = await TemplateAsync();
        var text = new string('x', 100_000);
        for (var i = 0; i < 3; i++) await RunAsync(template, text);

        var page = await _executions.ListAsync(_admin, template, new PageRequest(1, 100));
        Assert.Equal(3, page.Items.Count);
        foreach (var run in page.Items)
        {
            Assert.Equal(PromptExecution.ListTextMax, run.Output!.Length);
            Assert.True(run.Inputs!.ToJsonString().Length <= PromptExecution.ListTextMax);
            Assert.True(run.Shortened);
            Assert.True(run.OutputTruncated);
            Assert.True(run.InputsTruncated);
        }

        var whole = await _executions.GetAsync(_admin, template, page.Items[0].Id);
        Assert.Equal(text[..PromptExecution.OutputMax], whole.Output);
        Assert.False(whole.Shortened);
        Assert.True(whole.OutputTruncated);
        Assert.Equal((await StoredAsync(whole.Id)).InputsJson, whole.Inputs!.ToJsonString());
    }

    [Fact]
    public async Task A_surrogate_pair_at_the_cut_is_left_out_whole()
    {
        var template = await TemplateAsync();
        var text = "a" + string.Concat(Enumerable.Repeat("😀", 50_000)); // the pair straddles every even cut

        var result = await RunAsync(template, text);

        var stored = await StoredAsync(result.ExecutionId);
        Assert.Equal(PromptExecution.OutputMax - 1, stored.Output!.Length);
        Assert.False(char.IsHighSurrogate(stored.Output[^1]));
        Assert.Equal(text[..(PromptExecution.OutputMax - 1)], stored.Output);
        var inputs = JsonNode.Parse(stored.InputsJson)!["text"]!.GetValue<string>();
        Assert.False(char.IsHighSurrogate(inputs[^1]));
        var listed = Assert.Single((await _executions.ListAsync(_admin, template, new PageRequest())).Items);
        Assert.Equal(PromptExecution.ListTextMax - 1, listed.Output!.Length);
        Assert.False(char.IsHighSurrogate(listed.Output[^1]));
    }

    [Theory]
    [InlineData("abc", 5, "abc", false)]
    [InlineData("abcdef", 3, "abc", true)]
    [InlineData("ab😀", 3, "ab", true)]
    [InlineData("ab😀", 4, "ab😀", false)]
    public void Cut_never_ends_on_half_a_pair(string text, int max, string expected, bool cut)
    {
        Assert.Equal(expected, ExecutionText.Cut(text, max, out var wasCut));
        Assert.Equal(cut, wasCut);
    }

    [Fact]
    public void Cut_inputs_shares_the_room_and_stays_valid_json()
    {
        var inputs = new JsonObject { ["a"] = new string('"', 10_000), ["b"] = new JsonArray(Enumerable.Range(0, 5000).Select(i => (JsonNode?)i).ToArray()), ["c"] = "short" };
        var json = ExecutionText.CutInputs(inputs, 4000, out var cut);
        Assert.True(cut);
        Assert.True(json.Length <= 4000);
        var parsed = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("short", parsed["c"]!.GetValue<string>());
        Assert.StartsWith(parsed["a"]!.GetValue<string>(), new string('"', 10_000));
        Assert.StartsWith("[0,1,2", parsed["b"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_single_record_is_404_for_another_template_or_organization()
    {
        var template = await TemplateAsync();
        var other = await TemplateAsync("Other");
        var run = await RunAsync(template, "Hello");

        await Assert.ThrowsAsync<NotFoundException>(() => _executions.GetAsync(_admin, other, run.ExecutionId));
        await Assert.ThrowsAsync<NotFoundException>(() => _executions.GetAsync(_admin, template, Guid.NewGuid()));
        var globex = await _db.ActorAsync("admin@globex.test");
        await Assert.ThrowsAsync<NotFoundException>(() => _executions.GetAsync(globex, template, run.ExecutionId));
        var guest = await _db.ActorAsync("guest@acme.test");
        Assert.Equal("Hello", (await _executions.GetAsync(guest, template, run.ExecutionId)).Output);
    }

    /// <summary>Replies with the prompt.</summary>
    private sealed class EchoGateway : IModelGateway
    {
        public Task<ModelTestResult> TestAsync(ModelEndpoint endpoint, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ModelCompletion> CompleteAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null,
            CancellationToken cancellationToken = default) =>
            Task.FromResult(new ModelCompletion(messages[^1].Content, new ModelUsage(1, 1), "stop", 1, "m"));

        public async IAsyncEnumerable<ModelStreamUpdate> StreamAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages,
            ModelCallOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield break;
        }
    }
}
