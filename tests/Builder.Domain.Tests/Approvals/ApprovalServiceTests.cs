using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Tests.Support;
using Builder.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Tests.Approvals;

/// <summary>
/// The four-eyes rule end to end on a real SQLite file (each call on its own connection, as in the app): a builder asks to
/// delete a workflow, a reviewer decides, and the deletion runs once, as the builder, only if the workflow is unchanged.
/// </summary>
public class ApprovalServiceTests : IAsyncLifetime
{
    private FileTestDatabase _db = null!;
    private readonly MovableClock _clock = new();
    private WorkflowService _workflows = null!;
    private ApprovalNotifier _notifier = null!;
    private Guid _acme, _globex;
    private Actor _builder = null!, _admin = null!, _reviewer = null!, _guest = null!, _system = null!, _globexAdmin = null!;

    public async Task InitializeAsync()
    {
        _db = await FileTestDatabase.CreateAsync();
        _workflows = new WorkflowService(_db, _clock);
        _notifier = new ApprovalNotifier();
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _globex = await _db.OrganizationIdAsync("Globex");
        _builder = await _db.ActorAsync("builder@acme.test");
        _admin = await _db.ActorAsync("admin@acme.test");
        _reviewer = await _db.ActorAsync("reviewer@acme.test");
        _guest = await _db.ActorAsync("guest@acme.test");
        _system = await _db.ActorAsync("system@builder.local");
        _globexAdmin = await _db.ActorAsync("admin@globex.test");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private ApprovalService Approvals() => new(_db, _clock,
        [new DeletionOf(_workflows)], _db.Accounts, _notifier, NullLogger<ApprovalService>.Instance);

    /// <summary>The workflow deletion as the app registers it (HumanOnlyOperations.AddDeletion), without a container.</summary>
    private sealed class DeletionOf(WorkflowService workflows) : IHumanOnlyOperation
    {
        public string Operation => ApprovalOperations.Delete;
        public string ResourceType => ResourceTypes.Workflow;
        public Task<ApprovalTarget> DescribeAsync(Actor requester, Guid resourceId, JsonNode? payload, CancellationToken ct = default) =>
            workflows.DescribeDeletionAsync(requester, resourceId, ct);
        public Task ExecuteAsync(Actor requester, ApprovalTarget target, JsonNode? payload, CancellationToken ct = default) =>
            workflows.DeleteAsync(requester, target.ResourceId, target.Version, ct);
    }

    /// <summary>A workflow stored as it is (its tree is not what these tests are about).</summary>
    private async Task<Workflow> WorkflowAsync(string name = "Onboarding", string organization = "Acme Corp", Actor? by = null)
    {
        await using var db = _db.Context();
        var organizationId = await _db.OrganizationIdAsync(organization);
        var environment = await db.Environments.Where(e => e.OrganizationId == organizationId).Select(e => e.Id).FirstAsync();
        var workflow = new Workflow { OrganizationId = organizationId, EnvironmentId = environment, Name = name, WorkflowDataJson = "{}" };
        workflow.Stamp(by ?? _builder, _clock.GetUtcNow().UtcDateTime);
        db.Workflows.Add(workflow);
        await db.SaveChangesAsync();
        return workflow;
    }

    private Task<ApprovalRequestView> RequestDeletionAsync(Guid workflow, Actor? by = null, string? justification = "Replaced by v2") =>
        Approvals().RequestAsync(by ?? _builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow, justification, null);

    private async Task<bool> ExistsAsync(Guid workflow)
    {
        await using var db = _db.Context();
        return await db.Workflows.AnyAsync(w => w.Id == workflow);
    }

    private async Task<List<string>> AuditActionsAsync(Guid resourceId)
    {
        await using var db = _db.Context();
        return await db.AuditEntries.Where(a => a.ResourceId == resourceId).OrderBy(a => a.At).Select(a => a.Action).ToListAsync();
    }

    [Fact]
    public async Task A_requested_deletion_waits_and_runs_as_the_requester_once_a_reviewer_approves()
    {
        var workflow = await WorkflowAsync();
        var request = await RequestDeletionAsync(workflow.Id);

        Assert.Equal(ApprovalStatus.Pending, request.Status);
        Assert.Equal("Delete workflow “Onboarding”", request.Title);
        Assert.Equal(1, request.RequiredApprovals);
        Assert.False(request.NoOtherReviewer);
        Assert.Contains(request.Consequences, c => c.Contains("Onboarding"));
        Assert.True(request.CanCancel);
        Assert.False(request.CanDecide);
        Assert.True(await ExistsAsync(workflow.Id));
        Assert.Equal(1, await Approvals().CountWaitingForAsync(_reviewer));
        Assert.Equal(0, await Approvals().CountWaitingForAsync(_builder));

        var approved = await Approvals().ApproveAsync(_reviewer, request.Id, "Fine by me");

        Assert.Equal(ApprovalStatus.Executed, approved.Status);
        Assert.Equal("Fine by me", Assert.Single(approved.Votes).Comment);
        Assert.False(await ExistsAsync(workflow.Id));
        Assert.Equal(0, await Approvals().CountWaitingForAsync(_reviewer));
        Assert.Equal([ApprovalAuditActions.Requested, ApprovalAuditActions.Approved, ApprovalAuditActions.Executed], await AuditActionsAsync(request.Id));
        await using var db = _db.Context();
        var deletion = await db.AuditEntries.SingleAsync(a => a.ResourceId == workflow.Id && a.Action == AuditActions.Deleted);
        Assert.Equal("builder@acme.test", deletion.ActorEmail);
    }

    [Fact]
    public async Task Without_a_justification_nothing_is_requested_and_the_answer_says_a_reviewer_needs_a_reason()
    {
        var workflow = await WorkflowAsync();
        var refused = await Assert.ThrowsAsync<ValidationException>(() => RequestDeletionAsync(workflow.Id, justification: "  "));
        Assert.Contains("goes to a reviewer", refused.Errors["justification"].Single());
        await using var db = _db.Context();
        Assert.Empty(db.ApprovalRequests);
    }

    [Fact]
    public async Task An_api_key_cannot_request_approve_reject_or_cancel()
    {
        var workflow = await WorkflowAsync();
        var key = _admin with { ApiKeyOrganizationId = _acme };
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => RequestDeletionAsync(workflow.Id, key));
        var request = await RequestDeletionAsync(workflow.Id);
        var reviewerKey = _reviewer with { ApiKeyOrganizationId = _acme };
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => Approvals().ApproveAsync(reviewerKey, request.Id, null));
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => Approvals().RejectAsync(reviewerKey, request.Id, null));
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => Approvals().CancelAsync(_builder with { ApiKeyOrganizationId = _acme }, request.Id, null));
        Assert.Equal(0, await Approvals().CountWaitingForAsync(reviewerKey));
    }

    [Fact]
    public async Task The_requester_a_guest_and_a_plain_user_cannot_decide_and_another_organization_sees_nothing()
    {
        var workflow = await WorkflowAsync(by: _admin);
        var request = await RequestDeletionAsync(workflow.Id, _admin);

        await Assert.ThrowsAsync<ForbiddenException>(() => Approvals().ApproveAsync(_admin, request.Id, null));
        await Assert.ThrowsAsync<ForbiddenException>(() => Approvals().ApproveAsync(_guest, request.Id, null));
        await Assert.ThrowsAsync<ForbiddenException>(() => Approvals().RejectAsync(_builder, request.Id, null));
        await Assert.ThrowsAsync<NotFoundException>(() => Approvals().ApproveAsync(_globexAdmin, request.Id, null));
        await Assert.ThrowsAsync<NotFoundException>(() => Approvals().GetAsync(_globexAdmin, request.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Approvals().ListAsync(_globexAdmin, _acme, new ApprovalQuery(), new PageRequest()));
        // A System administrator is not a reviewer while the organization has one of its own.
        await Assert.ThrowsAsync<ForbiddenException>(() => Approvals().ApproveAsync(_system, request.Id, null));
        Assert.Equal(ApprovalStatus.Pending, (await Approvals().GetAsync(_guest, request.Id)).Status);
        Assert.True(await ExistsAsync(workflow.Id));
    }

    [Fact]
    public async Task One_rejection_ends_the_request_with_its_comment_and_a_decided_request_answers_conflict()
    {
        var workflow = await WorkflowAsync();
        var request = await RequestDeletionAsync(workflow.Id);

        var rejected = await Approvals().RejectAsync(_reviewer, request.Id, "Still used by the billing team");

        Assert.Equal(ApprovalStatus.Rejected, rejected.Status);
        Assert.Equal("Still used by the billing team", rejected.Outcome);
        await Assert.ThrowsAsync<ConflictException>(() => Approvals().ApproveAsync(_admin, request.Id, null));
        await Assert.ThrowsAsync<ConflictException>(() => Approvals().CancelAsync(_builder, request.Id, null));
        Assert.True(await ExistsAsync(workflow.Id));
    }

    [Fact]
    public async Task Only_the_requester_cancels_and_only_while_pending()
    {
        var workflow = await WorkflowAsync();
        var request = await RequestDeletionAsync(workflow.Id);

        await Assert.ThrowsAsync<ForbiddenException>(() => Approvals().CancelAsync(_reviewer, request.Id, null));
        var cancelled = await Approvals().CancelAsync(_builder, request.Id, "Not needed after all");

        Assert.Equal(ApprovalStatus.Cancelled, cancelled.Status);
        await Assert.ThrowsAsync<ConflictException>(() => Approvals().ApproveAsync(_reviewer, request.Id, null));
        Assert.True(await ExistsAsync(workflow.Id));
        // Once decided, the same deletion can be asked for again.
        Assert.Equal(ApprovalStatus.Pending, (await RequestDeletionAsync(workflow.Id)).Status);
    }

    [Fact]
    public async Task A_second_request_for_the_same_pending_operation_is_a_conflict()
    {
        var workflow = await WorkflowAsync();
        await RequestDeletionAsync(workflow.Id);
        await Assert.ThrowsAsync<ConflictException>(() => RequestDeletionAsync(workflow.Id, _admin));
    }

    [Fact]
    public async Task A_workflow_changed_since_the_request_is_not_deleted_and_the_request_fails_saying_so()
    {
        var workflow = await WorkflowAsync();
        var request = await RequestDeletionAsync(workflow.Id);
        await using (var db = _db.Context())
        {
            var stored = await db.Workflows.SingleAsync(w => w.Id == workflow.Id);
            stored.Name = "Onboarding v2";
            stored.Stamp(_admin, _clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        var approved = await Approvals().ApproveAsync(_reviewer, request.Id, null);

        Assert.Equal(ApprovalStatus.Failed, approved.Status);
        Assert.Contains("changed since it was requested", approved.Outcome);
        Assert.True(await ExistsAsync(workflow.Id));
        Assert.Contains(ApprovalAuditActions.Failed, await AuditActionsAsync(request.Id));
    }

    [Fact]
    public async Task A_requester_who_lost_the_right_meanwhile_makes_the_request_fail()
    {
        var workflow = await WorkflowAsync();
        var request = await RequestDeletionAsync(workflow.Id);
        await using (var db = _db.Context())
        {
            var membership = await db.Memberships.SingleAsync(m => m.Email == "builder@acme.test" && m.OrganizationId == _acme);
            membership.Role = Role.Guest;
            await db.SaveChangesAsync();
        }
        _db.Actors.EvictAll();

        var approved = await Approvals().ApproveAsync(_reviewer, request.Id, null);

        Assert.Equal(ApprovalStatus.Failed, approved.Status);
        Assert.Contains("no longer allowed", approved.Outcome);
        Assert.True(await ExistsAsync(workflow.Id));
    }

    [Fact]
    public async Task Two_reviewers_approving_in_the_same_instant_run_the_deletion_exactly_once()
    {
        var counting = new CountingDeletion(_workflows);
        var approvals = new ApprovalService(_db, _clock, [counting], _db.Accounts, _notifier, NullLogger<ApprovalService>.Instance);
        for (var trial = 0; trial < 20; trial++)
        {
            var workflow = await WorkflowAsync("Race " + trial);
            var request = await approvals.RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Race", null);
            counting.Runs = 0;
            using var start = new Barrier(2);
            await Task.WhenAll(new[] { _admin, _reviewer }.Select(reviewer => Task.Run(async () =>
            {
                start.SignalAndWait();
                try { await approvals.ApproveAsync(reviewer, request.Id, null); }
                catch (ConflictException) { /* the other one decided first */ }
            })));

            Assert.Equal(1, counting.Runs);
            var actions = await AuditActionsAsync(request.Id);
            Assert.Equal(1, actions.Count(a => a is ApprovalAuditActions.Executed or ApprovalAuditActions.Failed));
            Assert.Equal(1, (await AuditActionsAsync(workflow.Id)).Count(a => a == AuditActions.Deleted));
            Assert.Equal(ApprovalStatus.Executed, (await approvals.GetAsync(_builder, request.Id)).Status);
        }
    }

    /// <summary>The workflow deletion, counting how often it runs and taking its time, so a second run would overlap the first.</summary>
    private sealed class CountingDeletion(WorkflowService workflows) : IHumanOnlyOperation
    {
        public int Runs;
        public string Operation => ApprovalOperations.Delete;
        public string ResourceType => ResourceTypes.Workflow;
        public Task<ApprovalTarget> DescribeAsync(Actor requester, Guid resourceId, JsonNode? payload, CancellationToken ct = default) =>
            workflows.DescribeDeletionAsync(requester, resourceId, ct);
        public async Task ExecuteAsync(Actor requester, ApprovalTarget target, JsonNode? payload, CancellationToken ct = default)
        {
            Interlocked.Increment(ref Runs);
            await Task.Delay(50, ct);
            await workflows.DeleteAsync(requester, target.ResourceId, target.Version, ct);
        }
    }

    [Fact]
    public async Task Two_approvals_required_means_two_distinct_people_other_than_the_requester()
    {
        await SetPolicyAsync(new ApprovalPolicy(2, []));
        var workflow = await WorkflowAsync();
        var request = await RequestDeletionAsync(workflow.Id);
        Assert.Equal(2, request.RequiredApprovals);

        var first = await Approvals().ApproveAsync(_reviewer, request.Id, null);
        Assert.Equal(ApprovalStatus.Pending, first.Status);
        Assert.Equal(1, first.Approvals);
        await Assert.ThrowsAsync<ConflictException>(() => Approvals().ApproveAsync(_reviewer, request.Id, null));
        Assert.True(await ExistsAsync(workflow.Id));

        Assert.Equal(ApprovalStatus.Executed, (await Approvals().ApproveAsync(_admin, request.Id, null)).Status);
        Assert.False(await ExistsAsync(workflow.Id));
    }

    [Fact]
    public async Task An_override_for_one_name_asks_more_of_that_name_only()
    {
        await SetPolicyAsync(new ApprovalPolicy(1, [new ApprovalOverride(ApprovalOperations.Delete, ResourceTypes.Workflow, "Billing", 2)]));
        Assert.Equal(2, (await RequestDeletionAsync((await WorkflowAsync("billing")).Id)).RequiredApprovals);
        Assert.Equal(1, (await RequestDeletionAsync((await WorkflowAsync("Other")).Id)).RequiredApprovals);
    }

    [Fact]
    public async Task A_request_nobody_decides_expires_and_can_then_not_be_approved()
    {
        var workflow = await WorkflowAsync();
        var request = await RequestDeletionAsync(workflow.Id);
        Assert.Equal(request.CreatedAt.AddDays(ApprovalPolicy.DefaultExpiryDays), request.ExpiresAt);

        _clock.Advance(TimeSpan.FromDays(ApprovalPolicy.DefaultExpiryDays) + TimeSpan.FromMinutes(1));

        Assert.Equal(ApprovalStatus.Expired, (await Approvals().GetAsync(_reviewer, request.Id)).Status);
        Assert.Equal(0, await Approvals().CountWaitingForAsync(_reviewer));
        await Assert.ThrowsAsync<ConflictException>(() => Approvals().ApproveAsync(_reviewer, request.Id, null));
        Assert.True(await ExistsAsync(workflow.Id));
        Assert.Contains(ApprovalAuditActions.Expired, await AuditActionsAsync(request.Id));
    }

    [Fact]
    public async Task The_expiry_job_marks_due_requests_expired_once()
    {
        var request = await RequestDeletionAsync((await WorkflowAsync()).Id);
        _clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, await Approvals().ExpireDueAsync());
        Assert.Equal(0, await Approvals().ExpireDueAsync());
        Assert.Equal(ApprovalStatus.Expired, (await Approvals().GetAsync(_builder, request.Id)).Status);
    }

    [Fact]
    public async Task Where_nobody_but_the_requester_can_review_the_request_says_so_and_a_system_administrator_may_approve()
    {
        var workflow = await WorkflowAsync("Globex flow", "Globex", _globexAdmin);
        var request = await RequestDeletionAsync(workflow.Id, _globexAdmin);

        Assert.True(request.NoOtherReviewer);
        Assert.Equal(1, await Approvals().CountWaitingForAsync(_system));
        await Assert.ThrowsAsync<ForbiddenException>(() => Approvals().ApproveAsync(_globexAdmin, request.Id, null));
        Assert.Equal(ApprovalStatus.Executed, (await Approvals().ApproveAsync(_system, request.Id, null)).Status);
    }

    [Fact]
    public async Task A_member_with_the_reviewer_capability_decides_without_being_an_admin()
    {
        // A User given the capability (a Guest only reads and never decides: see HostileApprovalTests).
        await using (var db = _db.Context())
        {
            var member = await db.Memberships.SingleAsync(m => m.Email == "guest@acme.test");
            member.Role = Role.User;
            member.IsReviewer = true;
            await db.SaveChangesAsync();
        }
        _db.Actors.Evict(_guest.UserId);
        var reviewer = await _db.ActorAsync("guest@acme.test");
        var request = await RequestDeletionAsync((await WorkflowAsync()).Id);
        Assert.True((await Approvals().GetAsync(reviewer, request.Id)).CanDecide);
        Assert.Equal(ApprovalStatus.Executed, (await Approvals().ApproveAsync(reviewer, request.Id, null)).Status);
    }

    [Fact]
    public async Task Lists_filter_by_status_mine_and_waiting_for_me()
    {
        var first = await RequestDeletionAsync((await WorkflowAsync("One")).Id);
        var second = await RequestDeletionAsync((await WorkflowAsync("Two", by: _admin)).Id, _admin);
        await Approvals().RejectAsync(_reviewer, first.Id, null);

        Ids(await Approvals().ListAsync(_builder, _acme, new ApprovalQuery(Mine: true), new PageRequest())).ShouldBe(first.Id);
        Ids(await Approvals().ListAsync(_reviewer, _acme, new ApprovalQuery(WaitingForMe: true), new PageRequest())).ShouldBe(second.Id);
        Ids(await Approvals().ListAsync(_guest, _acme, new ApprovalQuery(Status: ApprovalStatus.Rejected), new PageRequest())).ShouldBe(first.Id);
        Assert.Equal(2, (await Approvals().ListAsync(_guest, _acme, new ApprovalQuery(), new PageRequest())).Total);
        Assert.Empty((await Approvals().ListAsync(_globexAdmin, _globex, new ApprovalQuery(), new PageRequest())).Items);
    }

    [Fact]
    public async Task Creating_and_deciding_a_request_tells_the_open_circuits()
    {
        var heard = new List<ApprovalChange>();
        _notifier.Changed += heard.Add;
        var request = await RequestDeletionAsync((await WorkflowAsync()).Id);
        await Approvals().ApproveAsync(_reviewer, request.Id, null);
        Assert.Contains(heard, c => c.RequestId == request.Id && c.Status == ApprovalStatus.Pending && c.OrganizationId == _acme);
        Assert.Contains(heard, c => c.RequestId == request.Id && c.Status == ApprovalStatus.Executed);
    }

    [Fact]
    public async Task A_page_of_requests_costs_the_same_statements_for_two_rows_as_for_ten()
    {
        for (var i = 0; i < 10; i++) await RequestDeletionAsync((await WorkflowAsync("Paged " + i)).Id);
        async Task<int> StatementsForAsync(int limit)
        {
            var before = _db.Statements.Count;
            var page = await Approvals().ListAsync(_reviewer, _acme, new ApprovalQuery(), new PageRequest(Limit: limit));
            Assert.Equal(limit, page.Items.Count);
            Assert.All(page.Items, item => Assert.True(item.CanDecide));
            return _db.Statements.Count - before;
        }
        Assert.Equal(await StatementsForAsync(2), await StatementsForAsync(10));
    }

    private static List<Guid> Ids(PagedResult<ApprovalRequestView> page) => page.Items.Select(i => i.Id).ToList();

    private async Task SetPolicyAsync(ApprovalPolicy policy)
    {
        await using var db = _db.Context();
        db.ApprovalPolicies.Add(new OrganizationApprovalPolicy
        {
            OrganizationId = _acme, RequiredApprovals = policy.RequiredApprovals, ExpiryDays = policy.ExpiryDays, TrashDays = policy.TrashDays,
            OverridesJson = System.Text.Json.JsonSerializer.Serialize(policy.Overrides, ApprovalService.JsonOptions),
        });
        await db.SaveChangesAsync();
    }

}

internal static class IdListAssertions
{
    public static void ShouldBe(this List<Guid> ids, params Guid[] expected) => Assert.Equal(expected, ids);
}

public class ApprovalWordingTests
{
    [Theory]
    [InlineData(ApprovalOperations.Delete, "workflow", "Onboarding", "Delete workflow “Onboarding”")]
    [InlineData(ApprovalOperations.Share, "prompt-template", "Welcome", "Change sharing of prompt template “Welcome”")]
    [InlineData(ApprovalOperations.Purge, "trash-item", "STRIPE_KEY", "Delete “STRIPE_KEY” permanently from the trash")]
    [InlineData(ApprovalOperations.ChangePolicy, "approval-policy", "Approval policy", "Change the approval policy")]
    public void A_request_is_titled_in_words(string operation, string type, string name, string title) =>
        Assert.Equal(title, ApprovalWording.Title(operation, type, name));

    [Theory]
    [InlineData(ApprovalOperations.Delete, "Deleting goes to a reviewer")]
    [InlineData(ApprovalOperations.Share, "Changing the sharing goes to a reviewer")]
    [InlineData(ApprovalOperations.TransferOwnership, "Transferring ownership goes to a reviewer")]
    [InlineData(ApprovalOperations.Purge, "Deleting permanently goes to a reviewer")]
    [InlineData(ApprovalOperations.ChangePolicy, "Changing the approval policy goes to a reviewer")]
    public void The_missing_justification_message_reads_as_a_sentence_for_every_operation(string operation, string start) =>
        Assert.StartsWith(start, ApprovalWording.JustificationRequired(operation));
}
