using Builder.Domain.Access;
using Builder.Domain.Chat;
using Builder.Domain.Common;
using Builder.Domain.Conversations;
using Builder.Domain.Models;
using Builder.Domain.Sharing;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Conversations;

public sealed class ConversationServiceTests : IAsyncLifetime
{
    TestDatabase _db = null!;
    readonly TestConversationResources _resources = new();
    readonly MovableClock _clock = new();
    Guid _acme, _globex, _agent, _manager, _privateAgent;
    Actor _admin = null!, _builder = null!, _guest = null!, _otherOrg = null!, _reviewer = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _globex = await _db.OrganizationIdAsync("Globex");
        _admin = await _db.ActorAsync("admin@acme.test");
        _builder = await _db.ActorAsync("builder@acme.test");
        _guest = await _db.ActorAsync("guest@acme.test");
        _reviewer = await _db.ActorAsync("reviewer@acme.test");
        _otherOrg = await _db.ActorAsync("admin@globex.test");
        _agent = _resources.Add(ConversationResourceType.Agent, _acme, "Support bot", ResourceSharing.CompanyEdit(_admin.UserId));
        _manager = _resources.Add(ConversationResourceType.Manager, _acme, "Front desk", ResourceSharing.CompanyEdit(_admin.UserId));
        _privateAgent = _resources.Add(ConversationResourceType.Agent, _acme, "Private bot", new ResourceSharing(_admin.UserId, SharingLevel.Private, AccessLevel.None, new Dictionary<Guid, AccessLevel>()));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    ConversationService Service => new(_db, _resources, _clock);

    static ChatTurnResult Answer(string text, long latency = 100, int input = 10, int output = 5, params ChatStep[] steps) =>
        new(text, ChatOutcome.Answered, null, steps, new ModelUsage(input, output), latency);

    async Task<long> ConversationWith(Actor actor, int version = 1, Guid? resource = null, ConversationResourceType type = ConversationResourceType.Agent, int turns = 1, long latency = 100)
    {
        var started = await Service.StartAsync(actor, new NewConversation(type, resource ?? _agent, version));
        for (var i = 0; i < turns; i++) await Service.AddTurnAsync(actor, started.ConversationId, new ConversationTurn($"Question {i}", Answer($"Answer {i}", latency)));
        return started.ConversationId;
    }

    [Fact]
    public async Task A_turn_is_stored_with_its_steps_tokens_and_latency()
    {
        var step = new ChatStep(1, ChatStepKind.Tool, "get_weather", "c1", """{"city":"Bern"}""", "sunny", null, 0, 0, 42, "GET https://w.example/Bern → 200");
        var started = await Service.StartAsync(_builder, new NewConversation(ConversationResourceType.Agent, _agent, 3));
        var detail = await Service.AddTurnAsync(_builder, started.ConversationId, new ConversationTurn("Weather in\nBern?", Answer("Sunny.", 250, 30, 7, step)));

        Assert.Equal("Weather in Bern?", detail.Conversation.Title);
        Assert.Equal((2, 30, 7, 3), (detail.Conversation.MessageCount, detail.Conversation.InputTokens, detail.Conversation.OutputTokens, detail.Conversation.VersionNumber));
        Assert.Equal(["user", "assistant"], detail.Messages.Select(m => m.Role));
        var answer = detail.Messages[1];
        Assert.Equal(("Sunny.", 250L, "Answered"), (answer.Text, answer.LatencyMs!.Value, answer.Outcome));
        var stored = Assert.Single(answer.Steps);
        Assert.Equal(step, stored);

        var again = await Service.GetAsync(_guest, started.ConversationId);
        Assert.Equal(step, again.Messages[1].Steps.Single());
    }

    [Fact]
    public async Task A_manager_turn_records_the_agent_it_went_to()
    {
        var started = await Service.StartAsync(_builder, new NewConversation(ConversationResourceType.Manager, _manager, 1));
        var billing = Guid.NewGuid();
        var detail = await Service.AddTurnAsync(_builder, started.ConversationId,
            new ConversationTurn("I was charged twice", Answer("Refund issued."), new RoutedTo(billing, "Billing", "money question", false)));

        var answer = detail.Messages[1];
        Assert.Equal((billing, "Billing", "money question", false), (answer.RoutedAgentId!.Value, answer.RoutedAgentName, answer.RoutingReason, answer.RoutingFellBack));
        // The same conversation is not an agent's.
        await Assert.ThrowsAsync<NotFoundException>(() => Service.GetAsync(_builder, started.ConversationId, ConversationResourceType.Agent, _manager));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.GetAsync(_builder, started.ConversationId, ConversationResourceType.Manager, Guid.NewGuid()));
    }

    [Fact]
    public async Task The_permission_matrix()
    {
        // A Guest reads but neither chats nor evaluates; another organization and a private agent are 404.
        var id = await ConversationWith(_builder);
        await Assert.ThrowsAsync<ForbiddenException>(() => Service.StartAsync(_guest, new NewConversation(ConversationResourceType.Agent, _agent, 1)));
        await Assert.ThrowsAsync<ForbiddenException>(() => Service.EvaluateAsync(_guest, id, new EvaluationInput(true, null)));
        Assert.Single((await Service.ListAsync(_guest, ConversationResourceType.Agent, _agent, new(), new PageRequest())).Items);

        await Assert.ThrowsAsync<NotFoundException>(() => Service.GetAsync(_otherOrg, id));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.ListAsync(_otherOrg, ConversationResourceType.Agent, _agent, new(), new PageRequest()));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.StatisticsAsync(_otherOrg, ConversationResourceType.Agent, _agent, new()));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.EvaluateAsync(_otherOrg, id, new EvaluationInput(true, null)));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.StartAsync(_builder, new NewConversation(ConversationResourceType.Agent, _privateAgent, 1)));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.GetAsync(_builder, 999_999));

        // An API key of another organization, even the System user's, sees nothing here.
        var system = await _db.ActorAsync("system@builder.local", _globex);
        await Assert.ThrowsAsync<NotFoundException>(() => Service.GetAsync(system, id));

        // Only the person who started a conversation continues it.
        await Assert.ThrowsAsync<ForbiddenException>(() => Service.AddTurnAsync(_admin, id, new ConversationTurn("hi", Answer("hello"))));
        // A User who only sees an agent (VIEW) reads and evaluates its conversations but does not chat.
        var viewOnly = _resources.Add(ConversationResourceType.Agent, _acme, "Read-only bot", new ResourceSharing(_admin.UserId, SharingLevel.Company, AccessLevel.View, new Dictionary<Guid, AccessLevel>()));
        var adminsConversation = await ConversationWith(_admin, resource: viewOnly);
        await Assert.ThrowsAsync<ForbiddenException>(() => Service.StartAsync(_builder, new NewConversation(ConversationResourceType.Agent, viewOnly, 1)));
        await Service.EvaluateAsync(_builder, adminsConversation, new EvaluationInput(true, "useful"));
        // An Admin chats with the private agent.
        await ConversationWith(_admin, resource: _privateAgent);
    }

    [Fact]
    public async Task Bad_input_changes_nothing()
    {
        var id = await ConversationWith(_builder);
        var error = await Assert.ThrowsAsync<ValidationException>(() => Service.AddTurnAsync(_builder, id, new ConversationTurn(" ", Answer("x"))));
        Assert.Contains("message", error.Errors.Keys);
        await Assert.ThrowsAsync<ValidationException>(() => Service.AddTurnAsync(_builder, id, new ConversationTurn(new string('x', ConversationMessage.UserTextMax + 1), Answer("x"))));
        await Assert.ThrowsAsync<ValidationException>(() => Service.EvaluateAsync(_builder, id, new EvaluationInput(null, "meh")));
        await Assert.ThrowsAsync<ValidationException>(() => Service.EvaluateAsync(_builder, id, new EvaluationInput(true, new string('c', 2001))));
        await Assert.ThrowsAsync<ValidationException>(() => Service.StartAsync(_builder, new NewConversation(ConversationResourceType.Agent, _agent, -1)));
        // The draft is version 0.
        Assert.Equal(Conversation.DraftVersion, (await Service.StartAsync(_builder, new NewConversation(ConversationResourceType.Agent, _agent, 0))).VersionNumber);
        await Assert.ThrowsAsync<ValidationException>(() => Service.StatisticsAsync(_builder, ConversationResourceType.Agent, _agent, new StatisticsQuery(new DateOnly(2025, 1, 1), new DateOnly(2026, 6, 1))));

        var detail = await Service.GetAsync(_builder, id);
        Assert.Equal(2, detail.Messages.Count);
        Assert.Empty(detail.Evaluations);
    }

    [Fact]
    public async Task Statistics_at_the_ends_of_the_calendar_are_answered_not_a_crash()
    {
        // The last day there is: the per-day loop must not step past it.
        var last = await Service.StatisticsAsync(_builder, ConversationResourceType.Agent, _agent, new StatisticsQuery(DateOnly.MaxValue.AddDays(-2), DateOnly.MaxValue));
        Assert.Equal(3, last.Days.Count);
        Assert.Equal(DateOnly.MaxValue, last.Days[^1].Day);
        // The first day there is, without a from: the default period starts where the calendar does.
        var first = await Service.StatisticsAsync(_builder, ConversationResourceType.Agent, _agent, new StatisticsQuery(null, DateOnly.MinValue.AddDays(2)));
        Assert.Equal(DateOnly.MinValue, first.From);
        Assert.Equal(3, first.Days.Count);
        // A version number below 0 (the draft) is a 400, not an empty chart.
        var negative = await Assert.ThrowsAsync<ValidationException>(() => Service.StatisticsAsync(_builder, ConversationResourceType.Agent, _agent, new StatisticsQuery(VersionNumber: -5)));
        Assert.Contains("versionNumber", negative.Errors.Keys);
    }

    [Fact]
    public async Task One_evaluation_per_person_which_they_can_change()
    {
        var id = await ConversationWith(_builder);
        await Service.EvaluateAsync(_builder, id, new EvaluationInput(true, "great"));
        await Service.EvaluateAsync(_builder, id, new EvaluationInput(false, "  wrong answer  "));
        await Service.EvaluateAsync(_admin, id, new EvaluationInput(true, null));

        var detail = await Service.GetAsync(_builder, id);
        Assert.Equal(2, detail.Evaluations.Count);
        var mine = detail.Evaluations.Single(e => e.Mine);
        Assert.Equal((false, "wrong answer"), (mine.ThumbsUp, mine.Comment));
        await using var db = _db.Context();
        Assert.Equal(2, await db.Set<ConversationEvaluation>().CountAsync(e => e.ConversationId == id));
    }

    [Fact]
    public async Task Lists_page_newest_first_and_filter_by_version_and_person()
    {
        for (var i = 0; i < 3; i++)
        {
            await ConversationWith(_builder, version: 1);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }
        var v2 = await ConversationWith(_admin, version: 2);

        var page1 = await Service.ListAsync(_builder, ConversationResourceType.Agent, _agent, new(), new PageRequest(1, 2));
        Assert.Equal((4, 2), (page1.Total, page1.Items.Count));
        Assert.Equal(v2, page1.Items[0].ConversationId);
        Assert.True(page1.Items[0].LastMessageAt >= page1.Items[1].LastMessageAt);

        Assert.Equal(3, (await Service.ListAsync(_builder, ConversationResourceType.Agent, _agent, new(VersionNumber: 1), new PageRequest())).Total);
        Assert.Equal(3, (await Service.ListAsync(_builder, ConversationResourceType.Agent, _agent, new(MineOnly: true), new PageRequest())).Total);
        Assert.Equal(0, (await Service.ListAsync(_builder, ConversationResourceType.Manager, _manager, new(), new PageRequest())).Total);
        await Assert.ThrowsAsync<ValidationException>(() => Service.ListAsync(_builder, ConversationResourceType.Agent, _agent, new(), new PageRequest(Limit: 500)));
    }

    [Fact]
    public async Task Statistics_per_day_tokens_latency_percentiles_and_score()
    {
        // Yesterday: one conversation, 2 turns (latency 100, 200). Today: two conversations with turns of 300..1000 ms.
        _clock.Advance(TimeSpan.FromDays(-1));
        var first = await Service.StartAsync(_builder, new NewConversation(ConversationResourceType.Agent, _agent, 1));
        await Service.AddTurnAsync(_builder, first.ConversationId, new ConversationTurn("q", Answer("a", 100, 10, 1)));
        await Service.AddTurnAsync(_builder, first.ConversationId, new ConversationTurn("q", Answer("a", 200, 10, 1)));
        _clock.Advance(TimeSpan.FromDays(1));
        var second = await Service.StartAsync(_builder, new NewConversation(ConversationResourceType.Agent, _agent, 2));
        foreach (var latency in new[] { 300L, 400, 500, 600 })
            await Service.AddTurnAsync(_builder, second.ConversationId, new ConversationTurn("q", Answer("a", latency, 20, 2)));
        var third = await Service.StartAsync(_admin, new NewConversation(ConversationResourceType.Agent, _agent, 2));
        foreach (var latency in new[] { 700L, 800, 900, 1000 })
            await Service.AddTurnAsync(_admin, third.ConversationId, new ConversationTurn("q", Answer("a", latency, 20, 2)));
        // Another resource's conversation does not count.
        await ConversationWith(_builder, resource: _manager, type: ConversationResourceType.Manager, latency: 99_999);

        await Service.EvaluateAsync(_builder, first.ConversationId, new EvaluationInput(true, null));
        await Service.EvaluateAsync(_admin, first.ConversationId, new EvaluationInput(false, null));
        await Service.EvaluateAsync(_builder, second.ConversationId, new EvaluationInput(true, null));
        await Service.EvaluateAsync(_builder, third.ConversationId, new EvaluationInput(true, null));

        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var stats = await Service.StatisticsAsync(_guest, ConversationResourceType.Agent, _agent, new StatisticsQuery(today.AddDays(-6), today));

        Assert.Equal(7, stats.Days.Count);
        Assert.Equal((3, 20), (stats.Conversations, stats.Messages));
        Assert.Equal((180L, 18L), (stats.InputTokens, stats.OutputTokens));
        // Ten turns 100..1000 ms: p50 is the 5th (500), p95 the 10th (1000).
        Assert.Equal((500L, 1000L), (stats.LatencyP50Ms!.Value, stats.LatencyP95Ms!.Value));
        Assert.Equal((3, 1, 0.75), (stats.ThumbsUp, stats.ThumbsDown, stats.EvaluationScore!.Value));
        var yesterday = stats.Days.Single(d => d.Day == today.AddDays(-1));
        Assert.Equal(new DailyStatistics(today.AddDays(-1), 1, 4, 20, 2), yesterday);
        Assert.Equal(new DailyStatistics(today, 2, 16, 160, 16), stats.Days[^1]);
        Assert.All(stats.Days.Take(5), d => Assert.Equal(0, d.Messages));

        // One version only.
        var v1 = await Service.StatisticsAsync(_builder, ConversationResourceType.Agent, _agent, new StatisticsQuery(today.AddDays(-6), today, VersionNumber: 1));
        Assert.Equal((1, 4, 100L, 200L, 1, 1), (v1.Conversations, v1.Messages, v1.LatencyP50Ms!.Value, v1.LatencyP95Ms!.Value, v1.ThumbsUp, v1.ThumbsDown));

        // Nothing at all: no percentiles, no score, and the default period is 30 days.
        var empty = await Service.StatisticsAsync(_builder, ConversationResourceType.Agent, _resources.Add(ConversationResourceType.Agent, _acme, "New", ResourceSharing.CompanyEdit(_admin.UserId)), new());
        Assert.Equal((30, 0, (long?)null, (double?)null), (empty.Days.Count, empty.Conversations, empty.LatencyP50Ms, empty.EvaluationScore));
    }
}
