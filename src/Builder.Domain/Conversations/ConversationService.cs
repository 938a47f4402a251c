using System.Linq.Expressions;
using System.Text.Json;
using Builder.Domain.Access;
using Builder.Domain.Chat;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Conversations;

/// <summary>
/// The stored conversations of agents' and managers' test chats, their evaluations and statistics. The permission matrix:
/// <list type="bullet">
/// <item>Reading (list, get, statistics): VIEW on the agent or manager.</item>
/// <item>Chatting (start, add a turn): EDIT on it — trying a version runs its model and tools on the organization's account;
/// a turn is added only to a conversation the caller started.</item>
/// <item>Evaluating: VIEW on it and a role above Guest (a Guest only reads); one evaluation per person and conversation,
/// which that person may change.</item>
/// </list>
/// The resource is found through <see cref="IConversationResourceAccess"/>: one the caller cannot see (another
/// organization's, unknown) is 404, and so is a conversation of another resource than the one named.
/// </summary>
public sealed class ConversationService(IBuilderDbContextFactory dbs, IConversationResourceAccess resources, TimeProvider clock)
{
    public const string NotFoundMessage = "Conversation not found";
    public const int MaxStatisticsDays = 366;
    public const int DefaultStatisticsDays = 30;
    public const int MaxStoredSteps = 200;

    static readonly JsonSerializerOptions StepJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    static readonly IReadOnlyDictionary<string, Expression<Func<Conversation, object>>> SortKeys =
        new Dictionary<string, Expression<Func<Conversation, object>>>
        {
            ["lastMessageAt"] = c => c.LastMessageAt,
            ["startedAt"] = c => c.StartedAt,
            ["messages"] = c => c.MessageCount,
        };

    /// <summary>Starts a conversation with one version of an agent or manager (EDIT on it).</summary>
    public async Task<ConversationSummary> StartAsync(Actor actor, NewConversation input, CancellationToken ct = default)
    {
        var resource = await RequireAsync(actor, input.ResourceType, input.ResourceId, AccessLevel.Edit, "chat with", ct);
        new Validator().Check(input.VersionNumber >= 0, "versionNumber", "versionNumber must be 0 (the draft) or a version's number.").ThrowIfInvalid();
        await using var db = dbs.Create();
        if (input.EnvironmentId is { } environmentId)
            await db.RequireEnvironmentAsync(actor, environmentId, Permissions.VariablesRead, resource.OrganizationId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            OrganizationId = resource.OrganizationId,
            ResourceType = resource.Type,
            ResourceId = resource.Id,
            VersionNumber = input.VersionNumber,
            EnvironmentId = input.EnvironmentId,
            StartedById = actor.UserId,
            StartedByName = Cut(actor.Name.Length > 0 ? actor.Name : actor.Email, Conversation.NameMax),
            StartedAt = now,
            StartedOn = DateOnly.FromDateTime(now),
            LastMessageAt = now,
        };
        db.Set<Conversation>().Add(conversation);
        await db.SaveChangesAsync(ct);
        return Summary(conversation);
    }

    /// <summary>Adds a turn (the person's message and the answer) to a conversation the caller started.</summary>
    public async Task<ConversationDetail> AddTurnAsync(Actor actor, long conversationId, ConversationTurn turn, CancellationToken ct = default)
    {
        new Validator()
            .Required("message", turn.UserText, "The message", ConversationMessage.UserTextMax)
            .ThrowIfInvalid();
        await using var db = dbs.Create();
        var conversation = await db.Set<Conversation>().SingleOrDefaultAsync(c => c.Id == conversationId, ct) ?? throw new NotFoundException(NotFoundMessage);
        await RequireAsync(actor, conversation, AccessLevel.Edit, "chat with", ct);
        if (conversation.StartedById != actor.UserId)
            throw new ForbiddenException("Forbidden: only the person who started this conversation can continue it; start a new one.");

        var now = clock.GetUtcNow().UtcDateTime;
        var result = turn.Result;
        var steps = result.Steps.Take(MaxStoredSteps).ToList();
        var stepsJson = JsonSerializer.Serialize(steps, StepJson);
        while (stepsJson.Length > ConversationMessage.StepsJsonMax && steps.Count > 1)
        {
            steps = steps.Take(steps.Count / 2).ToList();
            stepsJson = JsonSerializer.Serialize(steps, StepJson);
        }
        var user = NewMessage(conversation, conversation.MessageCount, "user", turn.UserText, now);
        var assistant = NewMessage(conversation, conversation.MessageCount + 1, "assistant", Cut(result.Answer, ConversationMessage.TextMax), now);
        assistant.StepsJson = steps.Count == 0 ? null : stepsJson;
        assistant.ToolCallCount = result.ToolCallCount;
        assistant.InputTokens = result.Usage.InputTokens;
        assistant.OutputTokens = result.Usage.OutputTokens;
        assistant.LatencyMs = result.LatencyMs;
        assistant.Outcome = result.Outcome.ToString();
        assistant.Error = result.Error is null ? null : Cut(result.Error, ConversationMessage.ErrorMax);
        if (turn.Routing is { } routing)
        {
            assistant.RoutedAgentId = routing.AgentId;
            assistant.RoutedAgentName = Cut(routing.AgentName, Conversation.NameMax);
            assistant.RoutingReason = Cut(routing.Reason, ConversationMessage.ReasonMax);
            assistant.RoutingFellBack = routing.FellBack;
        }
        db.Set<ConversationMessage>().Add(user);
        db.Set<ConversationMessage>().Add(assistant);
        if (conversation.MessageCount == 0) conversation.Title = Cut(turn.UserText.ReplaceLineEndings(" ").Trim(), Conversation.TitleMax);
        conversation.MessageCount += 2;
        conversation.InputTokens += result.Usage.InputTokens;
        conversation.OutputTokens += result.Usage.OutputTokens;
        conversation.LastMessageAt = now;
        await db.SaveChangesAsync(ct);
        return await DetailAsync(db, actor, conversation, ct);
    }

    /// <summary>The conversations of an agent or manager, newest activity first by default (VIEW on it).</summary>
    public async Task<PagedResult<ConversationSummary>> ListAsync(Actor actor, ConversationResourceType type, Guid resourceId, ConversationFilter filter,
        PageRequest page, CancellationToken ct = default)
    {
        var resource = await RequireAsync(actor, type, resourceId, AccessLevel.View, "see the conversations of", ct);
        page.Validate();
        if (page.Sort is null) page = page with { Descending = true };
        await using var db = dbs.Create();
        var query = db.Set<Conversation>().AsNoTracking()
            .Where(c => c.OrganizationId == resource.OrganizationId && c.ResourceType == type && c.ResourceId == resourceId);
        if (filter.VersionNumber is { } version) query = query.Where(c => c.VersionNumber == version);
        if (filter.MineOnly) query = query.Where(c => c.StartedById == actor.UserId);
        query = query.WhereLike(page.LikePattern, c => c.Title);
        return await query.ToPageAsync(page, SortKeys, c => new ConversationSummary(c.Id, c.ResourceType, c.ResourceId, c.VersionNumber, c.EnvironmentId,
            c.Title, c.StartedByName, c.StartedAt, c.LastMessageAt, c.MessageCount, c.InputTokens, c.OutputTokens), ct);
    }

    /// <summary>
    /// One conversation with its messages, steps and evaluations (VIEW on its resource). When the caller names the
    /// resource, a conversation of another one is 404.
    /// </summary>
    public async Task<ConversationDetail> GetAsync(Actor actor, long conversationId, ConversationResourceType? type = null, Guid? resourceId = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var conversation = await db.Set<Conversation>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == conversationId, ct) ?? throw new NotFoundException(NotFoundMessage);
        if ((type is { } t && t != conversation.ResourceType) || (resourceId is { } r && r != conversation.ResourceId)) throw new NotFoundException(NotFoundMessage);
        await RequireAsync(actor, conversation, AccessLevel.View, "see the conversations of", ct);
        return await DetailAsync(db, actor, conversation, ct);
    }

    /// <summary>Records or changes the caller's evaluation of a conversation (VIEW on its resource, not a Guest; API keys count as their owner).</summary>
    public async Task<EvaluationView> EvaluateAsync(Actor actor, long conversationId, EvaluationInput input, ConversationResourceType? type = null, Guid? resourceId = null,
        CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var conversation = await db.Set<Conversation>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == conversationId, ct) ?? throw new NotFoundException(NotFoundMessage);
        if ((type is { } t && t != conversation.ResourceType) || (resourceId is { } r && r != conversation.ResourceId)) throw new NotFoundException(NotFoundMessage);
        var resource = await RequireAsync(actor, conversation, AccessLevel.View, "evaluate the conversations of", ct);
        if (actor.RoleIn(resource.OrganizationId) is not { } role || role < Role.User)
            throw new ForbiddenException("Forbidden: You do not have permission to evaluate conversations", "Guests read conversations; Users and Admins evaluate them.");
        new Validator()
            .Check(input.ThumbsUp is not null, "thumbsUp", "Say whether the conversation was good (thumbs up: true) or not (false).")
            .Optional("comment", input.Comment, "The comment", ConversationEvaluation.CommentMax)
            .ThrowIfInvalid();
        var now = clock.GetUtcNow().UtcDateTime;
        var evaluation = await db.Set<ConversationEvaluation>().SingleOrDefaultAsync(e => e.ConversationId == conversationId && e.UserId == actor.UserId, ct);
        if (evaluation is null)
        {
            evaluation = new ConversationEvaluation
            {
                ConversationId = conversation.Id,
                OrganizationId = conversation.OrganizationId,
                ResourceType = conversation.ResourceType,
                ResourceId = conversation.ResourceId,
                VersionNumber = conversation.VersionNumber,
                UserId = actor.UserId,
                CreatedAt = now,
            };
            db.Set<ConversationEvaluation>().Add(evaluation);
        }
        evaluation.UserName = Cut(actor.Name.Length > 0 ? actor.Name : actor.Email, Conversation.NameMax);
        evaluation.ThumbsUp = input.ThumbsUp!.Value;
        evaluation.Comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        evaluation.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same person evaluated the same conversation at the same moment elsewhere: the unique index kept one.
            throw new ConflictException("Your evaluation of this conversation was just saved elsewhere; reload it and change it there.");
        }
        return new EvaluationView(evaluation.UserName, evaluation.ThumbsUp, evaluation.Comment, evaluation.CreatedAt, evaluation.UpdatedAt, true);
    }

    /// <summary>
    /// Statistics of an agent or manager over a period (VIEW on it): conversations (by the day they started) and messages
    /// per day, tokens, the turns' latency p50/p95 (nearest rank, over the assistant's messages) and the evaluation score.
    /// Everything is counted in the database.
    /// </summary>
    public async Task<ConversationStatistics> StatisticsAsync(Actor actor, ConversationResourceType type, Guid resourceId, StatisticsQuery query, CancellationToken ct = default)
    {
        var resource = await RequireAsync(actor, type, resourceId, AccessLevel.View, "see the statistics of", ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var to = query.To ?? today;
        // At the first days of the calendar the default period starts where the calendar does (AddDays would throw).
        var from = query.From ?? DateOnly.FromDayNumber(Math.Max(0, to.DayNumber - (DefaultStatisticsDays - 1)));
        new Validator()
            .Check(from <= to, "from", "from must not be after to.")
            .Check(to.DayNumber - from.DayNumber < MaxStatisticsDays, "from", $"The period can be at most {MaxStatisticsDays} days.")
            .Check(query.VersionNumber is null or >= 0, "versionNumber", "versionNumber must be 0 (the draft) or a version's number.")
            .ThrowIfInvalid();

        await using var db = dbs.Create();
        var queries = StatisticsQueries.For(db, resource.OrganizationId, type, resourceId, from, to, query.VersionNumber);
        var conversationDays = await queries.ConversationDays.ToListAsync(ct);
        var messageDays = await queries.MessageDays.ToListAsync(ct);
        var votes = await queries.Votes.ToListAsync(ct);
        var latencyCount = await queries.Latencies.CountAsync(ct);
        async Task<long?> Percentile(double p)
        {
            if (latencyCount == 0) return null;
            var rank = (int)Math.Ceiling(p * latencyCount);
            return await queries.LatencyAt(rank).FirstAsync(ct);
        }
        var p50 = await Percentile(0.50);
        var p95 = await Percentile(0.95);

        var byDay = new List<DailyStatistics>();
        // Counted by day number: stepping a DateOnly past the calendar's last day would throw.
        for (var dayNumber = from.DayNumber; dayNumber <= to.DayNumber; dayNumber++)
        {
            var day = DateOnly.FromDayNumber(dayNumber);
            var c = conversationDays.FirstOrDefault(x => x.Day == day);
            var m = messageDays.FirstOrDefault(x => x.Day == day);
            byDay.Add(new DailyStatistics(day, c?.Count ?? 0, m?.Count ?? 0, (int)Math.Min(int.MaxValue, m?.Input ?? 0), (int)Math.Min(int.MaxValue, m?.Output ?? 0)));
        }
        var up = votes.Where(x => x.Up).Sum(x => x.Count);
        var down = votes.Where(x => !x.Up).Sum(x => x.Count);
        return new ConversationStatistics(from, to,
            conversationDays.Sum(x => x.Count), messageDays.Sum(x => x.Count),
            messageDays.Sum(x => x.Input), messageDays.Sum(x => x.Output),
            p50, p95, up, down, up + down == 0 ? null : (double)up / (up + down), byDay);
    }

    internal sealed record DayCount(DateOnly Day, int Count);
    internal sealed record DayMessages(DateOnly Day, int Count, long Input, long Output);
    internal sealed record VoteCount(bool Up, int Count);

    /// <summary>The statistics' queries, each one SQL statement on SQLite and SQL Server (tests translate them for both).</summary>
    internal sealed record StatisticsQueries(IQueryable<DayCount> ConversationDays, IQueryable<DayMessages> MessageDays, IQueryable<VoteCount> Votes, IQueryable<long> Latencies)
    {
        /// <summary>The latency at a 1-based rank, smallest first (nearest-rank percentiles).</summary>
        public IQueryable<long> LatencyAt(int rank) => Latencies.OrderBy(l => l).Skip(Math.Max(0, rank - 1)).Take(1);

        public static StatisticsQueries For(IBuilderDbContext db, Guid org, ConversationResourceType type, Guid resourceId, DateOnly from, DateOnly to, int? version)
        {
            var conversations = db.Set<Conversation>().AsNoTracking()
                .Where(c => c.OrganizationId == org && c.ResourceType == type && c.ResourceId == resourceId && c.StartedOn >= from && c.StartedOn <= to);
            var messages = db.Set<ConversationMessage>().AsNoTracking()
                .Where(m => m.OrganizationId == org && m.ResourceType == type && m.ResourceId == resourceId && m.CreatedOn >= from && m.CreatedOn <= to);
            var evaluations = db.Set<ConversationEvaluation>().AsNoTracking()
                .Where(e => e.OrganizationId == org && e.ResourceType == type && e.ResourceId == resourceId);
            if (version is { } v)
            {
                conversations = conversations.Where(c => c.VersionNumber == v);
                messages = messages.Where(m => m.VersionNumber == v);
                evaluations = evaluations.Where(e => e.VersionNumber == v);
            }
            // Evaluations count for the conversations that started in the period.
            var periodConversationIds = db.Set<Conversation>().Where(c => c.OrganizationId == org && c.StartedOn >= from && c.StartedOn <= to).Select(c => c.Id);
            evaluations = evaluations.Where(e => periodConversationIds.Contains(e.ConversationId));
            return new StatisticsQueries(
                conversations.GroupBy(c => c.StartedOn).Select(g => new DayCount(g.Key, g.Count())),
                messages.GroupBy(m => m.CreatedOn).Select(g => new DayMessages(g.Key, g.Count(), g.Sum(m => (long)m.InputTokens), g.Sum(m => (long)m.OutputTokens))),
                evaluations.GroupBy(e => e.ThumbsUp).Select(g => new VoteCount(g.Key, g.Count())),
                messages.Where(m => m.LatencyMs != null).Select(m => m.LatencyMs!.Value));
        }
    }

    async Task<ConversationDetail> DetailAsync(IBuilderDbContext db, Actor actor, Conversation conversation, CancellationToken ct)
    {
        var messages = await db.Set<ConversationMessage>().AsNoTracking().Where(m => m.ConversationId == conversation.Id).OrderBy(m => m.Sequence).ToListAsync(ct);
        var evaluations = await db.Set<ConversationEvaluation>().AsNoTracking().Where(e => e.ConversationId == conversation.Id).OrderBy(e => e.CreatedAt).ToListAsync(ct);
        return new ConversationDetail(Summary(conversation),
            messages.Select(m => new ConversationMessageView(m.Id, m.Sequence, m.Role, m.Text, ReadSteps(m.StepsJson), m.InputTokens, m.OutputTokens, m.LatencyMs,
                m.Outcome, m.Error, m.RoutedAgentId, m.RoutedAgentName, m.RoutingReason, m.RoutingFellBack, m.CreatedAt)).ToList(),
            evaluations.Select(e => new EvaluationView(e.UserName, e.ThumbsUp, e.Comment, e.CreatedAt, e.UpdatedAt, e.UserId == actor.UserId)).ToList());
    }

    static IReadOnlyList<ChatStep> ReadSteps(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try { return JsonSerializer.Deserialize<List<ChatStep>>(json, StepJson) ?? []; }
        catch (JsonException) { return []; }
    }

    static ConversationMessage NewMessage(Conversation c, int sequence, string role, string text, DateTime now) => new()
    {
        ConversationId = c.Id,
        OrganizationId = c.OrganizationId,
        ResourceType = c.ResourceType,
        ResourceId = c.ResourceId,
        VersionNumber = c.VersionNumber,
        Sequence = sequence,
        Role = role,
        Text = text,
        CreatedAt = now,
        CreatedOn = DateOnly.FromDateTime(now),
    };

    static ConversationSummary Summary(Conversation c) => new(c.Id, c.ResourceType, c.ResourceId, c.VersionNumber, c.EnvironmentId, c.Title, c.StartedByName,
        c.StartedAt, c.LastMessageAt, c.MessageCount, c.InputTokens, c.OutputTokens);

    Task<ConversationResource> RequireAsync(Actor actor, Conversation conversation, AccessLevel needed, string action, CancellationToken ct) =>
        RequireAsync(actor, conversation.ResourceType, conversation.ResourceId, needed, action, ct, conversation.OrganizationId);

    async Task<ConversationResource> RequireAsync(Actor actor, ConversationResourceType type, Guid resourceId, AccessLevel needed, string action,
        CancellationToken ct, Guid? expectedOrganization = null)
    {
        var noun = type == ConversationResourceType.Agent ? "agent" : "manager";
        var resource = await resources.FindAsync(actor, type, resourceId, ct);
        if (resource is null || resource.Access == AccessLevel.None || (expectedOrganization is { } org && org != resource.OrganizationId)
            || actor.RoleIn(resource.OrganizationId) is null)
            throw new NotFoundException(expectedOrganization is null ? $"{char.ToUpperInvariant(noun[0])}{noun[1..]} not found" : NotFoundMessage);
        if (resource.Access < needed)
            throw new ForbiddenException($"Forbidden: You do not have permission to {action} this {noun}",
                needed == AccessLevel.Edit ? $"This needs EDIT access to the {noun}; you have {resource.Access.ToString().ToUpperInvariant()}." : null);
        return resource;
    }

    static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
