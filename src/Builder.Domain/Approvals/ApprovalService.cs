using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Builder.Domain.Approvals;

/// <summary>
/// The four-eyes rule: every human-only operation (delete, share, transfer ownership, purge, a policy change) becomes a
/// request that N people other than the requester approve before it runs — exactly once, as the requester, and only if the
/// target is unchanged. An organization's requests are visible to its members (only its Admins and reviewers decide) and
/// to System users; the platform's (a system model) to System users; to anyone else they do not exist (404).
/// </summary>
public sealed class ApprovalService(
    IBuilderDbContextFactory dbs,
    TimeProvider clock,
    IEnumerable<IHumanOnlyOperation> operations,
    UserAccountService accounts,
    ApprovalNotifier notifier,
    ILogger<ApprovalService> log,
    IEnumerable<IOwnedResourceType>? ownedTypes = null)
{
    private readonly IReadOnlyList<IOwnedResourceType> _ownedTypes = ownedTypes?.ToList() ?? [];
    private const string NotFound = "Approval request not found";
    private readonly Dictionary<(string, string), IHumanOnlyOperation> _operations =
        operations.ToDictionary(o => (o.Operation, o.ResourceType));

    /// <summary>
    /// What a request would be about, before asking (the console's request dialog shows it): the target described as the
    /// requester, with the operation's own refusals (API key 403, 404, 403, 409 such as the last Admin). Writes nothing.
    /// </summary>
    public async Task<ApprovalTarget> DescribeAsync(Actor actor, string operation, string resourceType, Guid resourceId, JsonNode? payload,
        CancellationToken ct = default)
    {
        actor.RequireHuman(ApprovalWording.ForOversight(operation));
        var handler = _operations.GetValueOrDefault((operation, resourceType))
            ?? throw new ValidationException("operation", $"“{operation}” is not an operation a {ApprovalWording.Noun(resourceType)} can be asked for; one of: {string.Join(", ", ApprovalOperations.All)}.");
        return await handler.DescribeAsync(actor, resourceId, payload, ct);
    }

    /// <summary>
    /// Which of <paramref name="resourceIds"/> have a pending, unexpired <paramref name="operation"/> request (one query for a
    /// whole page of a list, for its "Deletion requested" chips). Only ids of the caller's organization (or the platform's,
    /// for a System user) are answered; others simply do not appear.
    /// </summary>
    public async Task<IReadOnlySet<Guid>> PendingAsync(Actor actor, string operation, string resourceType, IReadOnlyCollection<Guid> resourceIds,
        CancellationToken ct = default)
    {
        if (resourceIds.Count == 0) return new HashSet<Guid>();
        var ids = resourceIds.Distinct().ToList();
        var organizations = actor.Memberships.Keys.ToList();
        var platform = actor.IsSystem && actor.IsHuman;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var pending = await db.ApprovalRequests.AsNoTracking()
            .Where(r => r.Operation == operation && r.ResourceType == resourceType && ids.Contains(r.ResourceId)
                        && r.Status == ApprovalStatus.Pending && r.ExpiresAt > now
                        && (r.OrganizationId == null ? platform : platform || organizations.Contains(r.OrganizationId.Value)))
            .Select(r => r.ResourceId).Distinct().ToListAsync(ct);
        return pending.ToHashSet();
    }

    public Task<ApprovalRequestView> RequestAsync(Actor actor, string operation, string resourceType, Guid resourceId, string? justification,
        JsonNode? payload, CancellationToken ct = default) =>
        RequestAsync(actor, operation, resourceType, resourceId, justification, payload, null, ct);

    /// <summary>
    /// Asks for a human-only operation. API keys are refused (403, human oversight); the target is loaded and checked as the
    /// operation itself would (404/403/400/409); a justification is required (400). A version the caller read that is no
    /// longer current is refused (412) — the reviewer must see what the requester saw. Where the policy asks for no approval
    /// (0, set by a System administrator) the operation runs at once.
    /// </summary>
    public async Task<ApprovalRequestView> RequestAsync(Actor actor, string operation, string resourceType, Guid resourceId, string? justification,
        JsonNode? payload, Guid? expectedVersion, CancellationToken ct = default)
    {
        var target = await DescribeAsync(actor, operation, resourceType, resourceId, payload, ct);
        if (expectedVersion is { } expected && target.Version is { } current && expected != current)
            throw new ConcurrencyException("someone else", clock.GetUtcNow().UtcDateTime);
        var reason = justification?.Trim();
        new Validator()
            .Check(!string.IsNullOrEmpty(reason), "justification", ApprovalWording.JustificationRequired(operation))
            .Check((reason?.Length ?? 0) <= ApprovalRequest.JustificationMax, "justification",
                $"The justification can be at most {ApprovalRequest.JustificationMax} characters.")
            .ThrowIfInvalid();

        await using var db = dbs.Create();
        var waiting = await PendingFor(db, operation, resourceType, resourceId).Select(r => new { r.Id, r.ExpiresAt }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (waiting.Any(w => w.ExpiresAt > now))
            throw AlreadyWaiting(operation, resourceType, target.Name, waiting.First(w => w.ExpiresAt > now).Id);
        // One whose time is up but that the sweep has not reached yet is expired now: only one request may be pending (a unique index).
        foreach (var overdue in waiting)
            if (await WinAsync(overdue.Id, ApprovalStatus.Expired, "Nobody decided before it expired.", ct))
                await AuditAsync(null, overdue.Id, ApprovalAuditActions.Expired, ct);

        var policy = await PolicyAsync(db, target.OrganizationId, ct);
        var request = new ApprovalRequest
        {
            OrganizationId = target.OrganizationId,
            EnvironmentId = target.EnvironmentId,
            Operation = operation,
            ResourceType = resourceType,
            ResourceId = resourceId,
            ResourceName = Clip(target.Name, 200)!,
            ResourceVersion = target.Version,
            ConsequencesJson = JsonSerializer.Serialize(target.Consequences),
            Before = Clip(target.Before, ApprovalRequest.TextMax),
            After = Clip(target.After, ApprovalRequest.TextMax),
            PayloadJson = payload?.ToJsonString(),
            RequesterId = actor.UserId,
            RequesterEmail = actor.Email,
            RequesterName = actor.Name,
            Justification = reason!,
            CreatedAt = now,
            ExpiresAt = now.AddDays(policy.ExpiryDays),
            RequiredApprovals = await RequiredApprovalsAsync(db, policy, operation, resourceType, target, ct),
            NoOtherReviewer = !await OtherReviewerExistsAsync(db, target.OrganizationId, actor.UserId, ct),
        };
        db.ApprovalRequests.Add(request);
        await RecordAsync(db, actor, now, ApprovalAuditActions.Requested, request, ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // An identical request was made in the same instant and won the unique index of pending requests.
            await using var again = dbs.Create();
            var winner = await PendingFor(again, operation, resourceType, resourceId).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
            if (winner is { } id) throw AlreadyWaiting(operation, resourceType, target.Name, id);
            throw;
        }
        log.LogInformation("Approval request {RequestId}: {Operation} {ResourceType} {ResourceId} requested by {Requester}",
            request.Id, operation, resourceType, resourceId, actor.Email);

        if (request.RequiredApprovals == 0 && await WinAsync(request.Id, ApprovalStatus.Approved, null, ct))
            await ExecuteAsync(request.Id, CancellationToken.None);
        else notifier.Publish(new ApprovalChange(request.Id, request.OrganizationId, request.RequesterId, ApprovalStatus.Pending));
        return await AfterAsync(actor, request.Id, request, ct);
    }

    public async Task<ApprovalRequestView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var request = await LoadVisibleAsync(db, actor, id, ct);
        return await ViewAsync(db, actor, request, ct);
    }

    /// <summary>The requests of an organization (newest first), or the platform's (a System user, no organization).</summary>
    public async Task<PagedResult<ApprovalRequestView>> ListAsync(Actor actor, Guid? organizationId, ApprovalQuery query, PageRequest page,
        CancellationToken ct = default)
    {
        page.Validate();
        await using var db = dbs.Create();
        var requests = db.ApprovalRequests.AsNoTracking().Include(r => r.Votes).AsQueryable();
        var now = clock.GetUtcNow().UtcDateTime;
        if (organizationId is { } org)
        {
            if (actor.RoleIn(org) is null || !await db.Organizations.AnyAsync(o => o.Id == org, ct)) throw new NotFoundException("Organization not found");
            requests = await HideUnseenAsync(db, actor, org, requests.Where(r => r.OrganizationId == org), ct);
        }
        else if (actor.IsSystem && actor.IsHuman) requests = requests.Where(r => r.OrganizationId == null);
        else throw new ValidationException("organizationId", "organizationId is required.");

        if (query.Mine) requests = requests.Where(r => r.RequesterId == actor.UserId);
        if (query.WaitingForMe) requests = await WaitingForAsync(db, actor, requests, now, ct);
        if (query.Decided) requests = requests.Where(r => r.Status != ApprovalStatus.Pending || r.ExpiresAt <= now);
        requests = query.Status switch
        {
            null => requests,
            ApprovalStatus.Expired => requests.Where(r => r.Status == ApprovalStatus.Expired || (r.Status == ApprovalStatus.Pending && r.ExpiresAt <= now)),
            ApprovalStatus.Pending => requests.Where(r => r.Status == ApprovalStatus.Pending && r.ExpiresAt > now),
            { } status => requests.Where(r => r.Status == status),
        };
        var total = await requests.CountAsync(ct);
        var rows = await requests.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .Skip((page.Page - 1) * page.Limit).Take(page.Limit).ToListAsync(ct);
        var views = new List<ApprovalRequestView>(rows.Count);
        // Whether the caller may decide depends on the organization and the requester only: asked once per pair on a page.
        var eligibility = new Dictionary<(Guid?, Guid), ReviewEligibility>();
        foreach (var row in rows) views.Add(await ViewAsync(db, actor, row, ct, eligibility));
        return new PagedResult<ApprovalRequestView>(views, page.Page, page.Limit, total);
    }

    /// <summary>
    /// The pending request for <paramref name="operation"/> on a resource, if one waits (a page says "waiting for approval" and
    /// links to it instead of offering to ask again); null when none waits or the caller cannot see it.
    /// </summary>
    public async Task<Guid?> PendingRequestAsync(Actor actor, string operation, string resourceType, Guid resourceId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var now = clock.GetUtcNow().UtcDateTime;
        var waiting = await PendingFor(db, operation, resourceType, resourceId).Where(r => r.ExpiresAt > now)
            .Select(r => new { r.Id, r.OrganizationId, r.RequesterId }).FirstOrDefaultAsync(ct);
        if (waiting is null) return null;
        var visible = waiting.OrganizationId is { } org ? actor.RoleIn(org) is not null : actor.IsSystem && actor.IsHuman || waiting.RequesterId == actor.UserId;
        return visible ? waiting.Id : null;
    }

    /// <summary>The pending requests (expired or not) for one operation on one resource: at most one, by a unique index.</summary>
    private static IQueryable<ApprovalRequest> PendingFor(IBuilderDbContext db, string operation, string resourceType, Guid resourceId) =>
        db.ApprovalRequests.AsNoTracking().Where(r => r.Operation == operation && r.ResourceType == resourceType && r.ResourceId == resourceId
                                                      && r.Status == ApprovalStatus.Pending);

    /// <summary>How many pending requests wait for the caller's decision, across every organization (the nav badge).</summary>
    public async Task<int> CountWaitingForAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsHuman) return 0;
        await using var db = dbs.Create();
        var now = clock.GetUtcNow().UtcDateTime;
        return await (await WaitingForAsync(db, actor, db.ApprovalRequests.AsNoTracking(), now, ct)).CountAsync(ct);
    }

    public Task<ApprovalRequestView> ApproveAsync(Actor actor, Guid id, string? comment, CancellationToken ct = default) =>
        VoteAsync(actor, id, approves: true, comment, ct);

    public Task<ApprovalRequestView> RejectAsync(Actor actor, Guid id, string? comment, CancellationToken ct = default) =>
        VoteAsync(actor, id, approves: false, comment, ct);

    /// <summary>The requester withdraws a pending request (403 for anyone else, 409 once decided).</summary>
    public async Task<ApprovalRequestView> CancelAsync(Actor actor, Guid id, string? comment, CancellationToken ct = default)
    {
        actor.RequireHuman("Cancelling an approval request");
        ValidateComment(comment);
        await using (var db = dbs.Create())
        {
            var request = await LoadVisibleAsync(db, actor, id, ct);
            if (request.RequesterId != actor.UserId) throw new ForbiddenException("Only the person who asked can cancel a request.");
            await EnsurePendingAsync(request, ct);
        }
        if (!await WinAsync(id, ApprovalStatus.Cancelled, Trimmed(comment), ct)) throw AlreadyDecided(await StatusAsync(id, ct));
        await AuditAsync(actor, id, ApprovalAuditActions.Cancelled, ct);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>Marks the pending requests whose time is up as expired (the background job; also done lazily on a vote).</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = dbs.Create())
            due = await db.ApprovalRequests.Where(r => r.Status == ApprovalStatus.Pending && r.ExpiresAt <= now).Select(r => r.Id).ToListAsync(ct);
        var expired = 0;
        foreach (var id in due)
        {
            if (!await WinAsync(id, ApprovalStatus.Expired, "Nobody decided before it expired.", ct)) continue;
            await AuditAsync(null, id, ApprovalAuditActions.Expired, ct);
            notifier.Publish(await ChangeAsync(id, ct)); // the badges that counted it recount
            expired++;
        }
        return expired;
    }

    /// <summary>The organization's approval policy, or the default when it never changed it. Any member may read it.</summary>
    public async Task<ApprovalPolicy> GetPolicyAsync(Actor actor, Guid organizationId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.OrganizationsRead, ct);
        return await PolicyAsync(db, organizationId, ct);
    }

    /// <summary>The policy a request in <paramref name="organizationId"/> is held to (the default for the platform).</summary>
    public static async Task<ApprovalPolicy> PolicyAsync(IBuilderDbContext db, Guid? organizationId, CancellationToken ct = default)
    {
        if (organizationId is null) return ApprovalPolicy.Default;
        var stored = await db.ApprovalPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == organizationId, ct);
        return stored is null ? ApprovalPolicy.Default : new ApprovalPolicy(stored.RequiredApprovals,
            JsonSerializer.Deserialize<List<ApprovalOverride>>(stored.OverridesJson, JsonOptions) ?? [], stored.ExpiryDays, stored.TrashDays);
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private async Task<ApprovalRequestView> VoteAsync(Actor actor, Guid id, bool approves, string? comment, CancellationToken ct)
    {
        actor.RequireHuman(approves ? "Approving a request" : "Rejecting a request");
        ValidateComment(comment);
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = dbs.Create())
        {
            var request = await LoadVisibleAsync(db, actor, id, ct);
            switch (await EligibilityAsync(db, actor, request, ct))
            {
                case ReviewEligibility.OwnRequest:
                    throw new ForbiddenException("You cannot approve or reject your own request: another reviewer has to decide.");
                case ReviewEligibility.NotAReviewer:
                    throw new ForbiddenException("Only the organization's Admins and members with the reviewer capability decide on requests.");
                case ReviewEligibility.NotInOrganization:
                    throw new NotFoundException(NotFound);
            }
            await EnsurePendingAsync(request, ct);
            if (request.Votes.Any(v => v.ReviewerId == actor.UserId))
                throw new ConflictException("You have already decided on this request.");
            db.ApprovalRequestVotes.Add(new ApprovalRequestVote
            {
                RequestId = id, ReviewerId = actor.UserId, ReviewerEmail = actor.Email, ReviewerName = actor.Name,
                Approves = approves, Comment = Trimmed(comment), At = now,
            });
            await RecordAsync(db, actor, now, approves ? ApprovalAuditActions.Approved : ApprovalAuditActions.Rejected, request, ct);
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { throw new ConflictException("You have already decided on this request."); }
        }

        ApprovalStatus outcome;
        ApprovalRequest decided;
        await using (var db = dbs.Create())
        {
            decided = await db.ApprovalRequests.AsNoTracking().Include(r => r.Votes).FirstAsync(r => r.Id == id, ct);
            // Cancelled, expired or decided the other way between the check and the vote: this vote decided nothing (409). Decided
            // the same way by a reviewer voting in the same instant: the answer is the request as it now is.
            if (decided.Status != ApprovalStatus.Pending)
            {
                if (Agrees(decided.Status)) return await AfterAsync(actor, id, decided, ct);
                throw AlreadyDecided(decided.Status);
            }
            // Only the votes of people who may decide now count: an approval by someone since removed, demoted or stripped of
            // the reviewer capability does not make up the N.
            var deciders = await StillEligibleAsync(db, decided, ct);
            outcome = ApprovalDecision.Evaluate(decided.RequiredApprovals, decided.RequesterId,
                decided.Votes.Where(v => deciders.Contains(v.ReviewerId)).Select(v => new ApprovalVote(v.ReviewerId, v.Approves, v.At)),
                now, decided.ExpiresAt);
        }
        switch (outcome)
        {
            case ApprovalStatus.Approved when await WinAsync(id, ApprovalStatus.Approved, null, ct):
                await ExecuteAsync(id, CancellationToken.None); // once approved it runs, even if the approver's request is cut off
                break;
            // The rejection that ended it may be another reviewer's, saved in the same instant: its comment is the outcome.
            case ApprovalStatus.Rejected when await WinAsync(id, ApprovalStatus.Rejected, Trimmed(decided.Votes
                    .Where(v => !v.Approves && v.ReviewerId != decided.RequesterId && v.At < decided.ExpiresAt)
                    .OrderBy(v => v.At).First().Comment), ct):
                notifier.Publish(await ChangeAsync(id, ct));
                break;
            case ApprovalStatus.Approved or ApprovalStatus.Rejected:
                // Someone else moved it out of Pending first: fine if it went this vote's way, else this vote decided nothing.
                var current = await StatusAsync(id, ct);
                if (!Agrees(current)) throw AlreadyDecided(current);
                break;
            case ApprovalStatus.Pending:
                notifier.Publish(await ChangeAsync(id, ct));
                break;
        }
        return await AfterAsync(actor, id, decided, ct);

        bool Agrees(ApprovalStatus status) => approves
            ? status is ApprovalStatus.Approved or ApprovalStatus.Executed or ApprovalStatus.Failed
            : status == ApprovalStatus.Rejected;
    }

    /// <summary>
    /// Moves a request out of Pending (or Approved → Executed/Failed) with one conditional UPDATE: of two callers racing, exactly
    /// one changes the row and gets true. This is what makes an operation run once when two reviewers approve in the same instant.
    /// </summary>
    private async Task<bool> WinAsync(Guid id, ApprovalStatus to, string? outcome, CancellationToken ct)
    {
        var from = to is ApprovalStatus.Executed or ApprovalStatus.Failed ? ApprovalStatus.Approved : ApprovalStatus.Pending;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var changed = await db.ApprovalRequests.Where(r => r.Id == id && r.Status == from)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, to).SetProperty(r => r.DecidedAt, now).SetProperty(r => r.Outcome, outcome), ct);
        return changed == 1;
    }

    /// <summary>Runs an approved request's operation as the requester, then records Executed or Failed with the reason.</summary>
    private async Task ExecuteAsync(Guid id, CancellationToken ct)
    {
        ApprovalRequest request;
        await using (var db = dbs.Create())
            request = await db.ApprovalRequests.AsNoTracking().FirstAsync(r => r.Id == id, ct);
        string? failure = null;
        try
        {
            var requester = await accounts.BuildActorAsync(request.RequesterId, ct: ct)
                ?? throw new ForbiddenException("The person who asked no longer has an account.");
            var handler = _operations.GetValueOrDefault((request.Operation, request.ResourceType))
                ?? throw new InvalidOperationException($"No handler for {request.Operation} {request.ResourceType}.");
            await handler.ExecuteAsync(requester, TargetOf(request), request.PayloadJson is null ? null : JsonNode.Parse(request.PayloadJson), ct);
        }
        catch (ConcurrencyException) { failure = "The target changed since it was requested, so nothing was done. Ask again if it should still happen."; }
        catch (NotFoundException) { failure = "The target no longer exists, so nothing was done."; }
        catch (ForbiddenException forbidden) { failure = $"The person who asked is no longer allowed to do this: {forbidden.Message}"; }
        catch (DomainException refused) { failure = refused.Message + (refused.Details is { } details ? " " + details : ""); }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            log.LogError(error, "Approval request {RequestId} failed while running {Operation} {ResourceType}", id, request.Operation, request.ResourceType);
            failure = "The operation failed unexpectedly; nothing was changed. Ask again, or tell an administrator.";
        }
        var status = failure is null ? ApprovalStatus.Executed : ApprovalStatus.Failed;
        var action = failure is null ? ApprovalAuditActions.Executed : ApprovalAuditActions.Failed;
        if (await WinAsync(id, status, failure, ct)) await AuditAsync(null, id, action, ct);
        else
        {
            // An organization's deletion takes its own requests with it (they cascade): the audit, which has no foreign
            // keys, still records that it ran.
            await using var db = dbs.Create();
            await RecordAsync(db, BuilderItself, clock.GetUtcNow().UtcDateTime, action, request, ct);
            await db.SaveChangesAsync(ct);
        }
        notifier.Publish(new ApprovalChange(id, request.OrganizationId, request.RequesterId, status));
    }

    /// <summary>
    /// The request as the caller sees it after a step; when the step deleted its organization (and so the request with it),
    /// the request as it was before, marked executed.
    /// </summary>
    private async Task<ApprovalRequestView> AfterAsync(Actor actor, Guid id, ApprovalRequest before, CancellationToken ct)
    {
        await using var db = dbs.Create();
        if (await db.ApprovalRequests.AnyAsync(r => r.Id == id, ct)) return await GetAsync(actor, id, ct);
        before.Status = ApprovalStatus.Executed;
        before.DecidedAt = clock.GetUtcNow().UtcDateTime;
        return await ViewAsync(db, actor, before, ct);
    }

    private static ApprovalTarget TargetOf(ApprovalRequest r) => new(r.ResourceType, r.ResourceId, r.ResourceName, r.OrganizationId,
        r.EnvironmentId, r.ResourceVersion, JsonSerializer.Deserialize<List<string>>(r.ConsequencesJson) ?? [], r.Before, r.After);

    private async Task<ApprovalRequest> LoadVisibleAsync(IBuilderDbContext db, Actor actor, Guid id, CancellationToken ct)
    {
        var request = await db.ApprovalRequests.AsNoTracking().Include(r => r.Votes).FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new NotFoundException(NotFound);
        var visible = request.OrganizationId is { } org
            ? actor.RoleIn(org) is not null
              && await (await HideUnseenAsync(db, actor, org, db.ApprovalRequests.Where(r => r.Id == id), ct)).AnyAsync(ct)
            : actor.IsSystem && actor.IsHuman || request.RequesterId == actor.UserId;
        return visible ? request : throw new NotFoundException(NotFound);
    }

    /// <summary>
    /// A request about an owned resource is as private as the resource: a member who is not an Admin nor a reviewer (who must
    /// see what they decide on) sees it only when they asked or can see the resource itself — a Guest does not learn the name of
    /// a PRIVATE workflow, its deletion's justification, or who it is being shared with, from the Approvals page.
    /// </summary>
    private async Task<IQueryable<ApprovalRequest>> HideUnseenAsync(IBuilderDbContext db, Actor actor, Guid organizationId,
        IQueryable<ApprovalRequest> requests, CancellationToken ct)
    {
        if (_ownedTypes.Count == 0 || actor.RoleIn(organizationId) is not { } role || role >= Role.Admin) return requests;
        if (await db.Memberships.AnyAsync(m => m.OrganizationId == organizationId && m.UserId == actor.UserId && m.IsReviewer && m.Role == Role.User, ct))
            return requests;
        var me = actor.UserId;
        foreach (var owned in _ownedTypes)
        {
            var type = owned.ResourceType;
            var visible = owned.VisibleIds(db, actor, organizationId);
            requests = requests.Where(r => r.ResourceType != type || r.RequesterId == me || visible.Contains(r.ResourceId));
        }
        return requests;
    }

    private static async Task<ReviewEligibility> EligibilityAsync(IBuilderDbContext db, Actor actor, ApprovalRequest request, CancellationToken ct)
    {
        if (request.OrganizationId is not { } org)
        {
            if (!actor.IsHuman) return ReviewEligibility.ApiKey;
            if (actor.UserId == request.RequesterId) return ReviewEligibility.OwnRequest;
            return actor.IsSystem ? ReviewEligibility.Eligible : ReviewEligibility.NotInOrganization;
        }
        var isReviewer = await db.Memberships.AnyAsync(m => m.OrganizationId == org && m.UserId == actor.UserId && m.IsReviewer, ct);
        var otherExists = await OtherReviewerExistsAsync(db, org, request.RequesterId, ct);
        return ApprovalDecision.Check(actor, org, request.RequesterId, isReviewer, otherExists);
    }

    /// <summary>
    /// The approvals a request needs. An override for a name ("deleting an environment named Production needs 2") binds the
    /// resource under every name its audit trail shows it had, so renaming Production to "Prod old" just before asking does not
    /// make its deletion need fewer people.
    /// </summary>
    private static async Task<int> RequiredApprovalsAsync(IBuilderDbContext db, ApprovalPolicy policy, string operation, string resourceType,
        ApprovalTarget target, CancellationToken ct)
    {
        var required = policy.RequiredFor(operation, resourceType, target.Name);
        if (!policy.Overrides.Any(o => o.ResourceName is not null && o.Operation == operation && o.ResourceType == resourceType))
            return required;
        var id = target.ResourceId;
        var organization = target.OrganizationId;
        var formerNames = await db.AuditEntries.AsNoTracking()
            .Where(a => a.OrganizationId == organization && a.ResourceId == id && a.ResourceName != null)
            .Select(a => a.ResourceName!).Distinct().ToListAsync(ct);
        return formerNames.Select(name => policy.RequiredFor(operation, resourceType, name)).Append(required).Max();
    }

    /// <summary>Which of a request's voters may still decide on it (the rules of <see cref="ApprovalDecision.Check"/>, for each voter).</summary>
    private static async Task<HashSet<Guid>> StillEligibleAsync(IBuilderDbContext db, ApprovalRequest request, CancellationToken ct)
    {
        var voters = request.Votes.Select(v => v.ReviewerId).Where(v => v != request.RequesterId).Distinct().ToList();
        var systemVoters = await db.Users.Where(u => voters.Contains(u.Id) && u.IsSystem).Select(u => u.Id).ToListAsync(ct);
        if (request.OrganizationId is not { } org) return systemVoters.ToHashSet();
        var eligible = (await db.Memberships.Where(m => m.OrganizationId == org && m.UserId != null && voters.Contains(m.UserId.Value)
                                                        && (m.Role == Role.Admin || (m.IsReviewer && m.Role == Role.User)))
            .Select(m => m.UserId!.Value).ToListAsync(ct)).ToHashSet();
        if (!await OtherReviewerExistsAsync(db, org, request.RequesterId, ct)) eligible.UnionWith(systemVoters);
        return eligible;
    }

    /// <summary>Whether someone other than the requester can review in the organization (an active Admin or reviewer).</summary>
    private static async Task<bool> OtherReviewerExistsAsync(IBuilderDbContext db, Guid? organizationId, Guid requesterId, CancellationToken ct) =>
        organizationId is { } org
            ? await db.Memberships.AnyAsync(m => m.OrganizationId == org && m.UserId != null && m.UserId != requesterId
                                                 && (m.Role == Role.Admin || (m.IsReviewer && m.Role == Role.User)), ct)
            : await db.Users.AnyAsync(u => u.IsSystem && u.Id != requesterId, ct);

    /// <summary>Pending, unexpired requests the caller has not decided on, asked by someone else, where the caller may decide.</summary>
    private static async Task<IQueryable<ApprovalRequest>> WaitingForAsync(IBuilderDbContext db, Actor actor, IQueryable<ApprovalRequest> requests,
        DateTime now, CancellationToken ct)
    {
        var me = actor.UserId;
        requests = requests.Where(r => r.Status == ApprovalStatus.Pending && r.ExpiresAt > now && r.RequesterId != me
                                       && !r.Votes.Any(v => v.ReviewerId == me));
        var reviewerOf = await db.Memberships.AsNoTracking().Where(m => m.UserId == me && (m.Role == Role.Admin || (m.IsReviewer && m.Role == Role.User)))
            .Select(m => m.OrganizationId).ToListAsync(ct);
        if (actor.IsSystem)
            return requests.Where(r => r.OrganizationId == null || r.NoOtherReviewer || reviewerOf.Contains(r.OrganizationId.Value));
        return requests.Where(r => r.OrganizationId != null && reviewerOf.Contains(r.OrganizationId.Value));
    }

    private async Task<ApprovalRequestView> ViewAsync(IBuilderDbContext db, Actor actor, ApprovalRequest r, CancellationToken ct,
        Dictionary<(Guid?, Guid), ReviewEligibility>? known = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var status = r.Status == ApprovalStatus.Pending && r.ExpiresAt <= now ? ApprovalStatus.Expired : r.Status;
        var pending = status == ApprovalStatus.Pending;
        var canDecide = pending && actor.IsHuman && r.Votes.All(v => v.ReviewerId != actor.UserId)
                        && await KnownEligibilityAsync() == ReviewEligibility.Eligible;
        // While it waits, "1 of 2" counts what the decision counts: approvals of people who may still decide.
        var approving = r.Votes.Where(v => v.Approves).ToList();
        var eligibleVoters = pending && approving.Count > 0 ? await StillEligibleAsync(db, r, ct) : null;
        var approvals = eligibleVoters is null ? approving.Count : approving.Count(v => eligibleVoters.Contains(v.ReviewerId));
        return new ApprovalRequestView(r.Id, r.OrganizationId, r.EnvironmentId, r.Operation, r.ResourceType, r.ResourceId, r.ResourceName,
            JsonSerializer.Deserialize<List<string>>(r.ConsequencesJson) ?? [], r.Before, r.After, r.RequesterId, r.RequesterEmail,
            r.RequesterName, r.Justification, r.CreatedAt, r.ExpiresAt, r.RequiredApprovals, approvals,
            r.NoOtherReviewer, status, r.DecidedAt, r.Outcome,
            r.Votes.OrderBy(v => v.At).Select(v => new ApprovalVoteView(v.ReviewerId, v.ReviewerEmail, v.ReviewerName, v.Approves, v.Comment, v.At)).ToList(),
            canDecide, pending && actor.IsHuman && r.RequesterId == actor.UserId);

        async Task<ReviewEligibility> KnownEligibilityAsync()
        {
            if (known is not null && known.TryGetValue((r.OrganizationId, r.RequesterId), out var found)) return found;
            var eligibility = await EligibilityAsync(db, actor, r, ct);
            known?.Add((r.OrganizationId, r.RequesterId), eligibility);
            return eligibility;
        }
    }

    /// <summary>409 for a request that is no longer pending; one whose time is up is marked expired first.</summary>
    private async Task EnsurePendingAsync(ApprovalRequest request, CancellationToken ct)
    {
        if (request.Status == ApprovalStatus.Pending && request.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
        {
            if (await WinAsync(request.Id, ApprovalStatus.Expired, "Nobody decided before it expired.", ct))
                await AuditAsync(null, request.Id, ApprovalAuditActions.Expired, ct);
            throw AlreadyDecided(ApprovalStatus.Expired);
        }
        if (ApprovalDecision.IsDecided(request.Status)) throw AlreadyDecided(request.Status);
    }

    private static ConflictException AlreadyWaiting(string operation, string resourceType, string name, Guid id) =>
        new($"{ApprovalWording.Title(operation, resourceType, name)} is already waiting for approval.", $"See /api/approval-requests/{id}");

    private static ConflictException AlreadyDecided(ApprovalStatus status) =>
        new($"This request is already {status.ToString().ToLowerInvariant()}: nothing more can be decided on it.");

    private async Task<ApprovalStatus> StatusAsync(Guid id, CancellationToken ct)
    {
        await using var db = dbs.Create();
        return await db.ApprovalRequests.Where(r => r.Id == id).Select(r => r.Status).FirstAsync(ct);
    }

    private async Task<ApprovalChange> ChangeAsync(Guid id, CancellationToken ct)
    {
        await using var db = dbs.Create();
        return await db.ApprovalRequests.Where(r => r.Id == id)
            .Select(r => new ApprovalChange(r.Id, r.OrganizationId, r.RequesterId, r.Status)).FirstAsync(ct);
    }

    /// <summary>Audits a step of a request in its own unit of work; <paramref name="actor"/> null is the Builder itself (executed, expired).</summary>
    private async Task AuditAsync(Actor? actor, Guid id, string action, CancellationToken ct)
    {
        await using var db = dbs.Create();
        var request = await db.ApprovalRequests.AsNoTracking().FirstAsync(r => r.Id == id, ct);
        await RecordAsync(db, actor ?? BuilderItself, clock.GetUtcNow().UtcDateTime, action, request, ct);
        await db.SaveChangesAsync(ct);
        if (actor is not null) notifier.Publish(new ApprovalChange(id, request.OrganizationId, request.RequesterId, request.Status));
    }

    private static Task RecordAsync(IBuilderDbContext db, Actor actor, DateTime at, string action, ApprovalRequest request, CancellationToken ct) =>
        db.RecordAsync(actor, at, action, new AuditSubject(ResourceTypes.ApprovalRequest, request.Id,
            ApprovalWording.Title(request.Operation, request.ResourceType, request.ResourceName), request.OrganizationId, request.EnvironmentId), null, ct);

    /// <summary>The actor audit records name for what the Builder does by itself: running an approved request, expiring one.</summary>
    private static readonly Actor BuilderItself = new(Guid.Empty, "builder", "The Builder", false, new Dictionary<Guid, Role>());

    private static void ValidateComment(string? comment) =>
        new Validator().Check((comment?.Trim().Length ?? 0) <= ApprovalRequest.CommentMax, "comment",
            $"A comment can be at most {ApprovalRequest.CommentMax} characters.").ThrowIfInvalid();

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Clip(string? text, int max) => text is { } t && t.Length > max ? t[..max] : text;
}

/// <summary>The audit actions of a request's life.</summary>
public static class ApprovalAuditActions
{
    public const string Requested = "requested";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Cancelled = "cancelled";
    public const string Executed = "executed";
    public const string Failed = "failed";
    public const string Expired = "expired";
}
