using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Tests.Support;
using Builder.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Tests.Approvals;

/// <summary>
/// A hostile caller against the four-eyes rule, on a real SQLite file (each call on its own connection, as in the app): races
/// between identical requests and between a vote and a cancellation, a requester who loses their role before the approval,
/// reviewers who are (or became) Guests, requests about PRIVATE resources seen by members who cannot see the resource.
/// </summary>
public class HostileApprovalTests : IAsyncLifetime
{
    private FileTestDatabase _db = null!;
    private readonly MovableClock _clock = new();
    private WorkflowService _workflows = null!;
    private Guid _acme;
    private Actor _builder = null!, _admin = null!, _reviewer = null!, _guest = null!;

    public async Task InitializeAsync()
    {
        _db = await FileTestDatabase.CreateAsync();
        _workflows = new WorkflowService(_db, _clock);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _builder = await _db.ActorAsync("builder@acme.test");
        _admin = await _db.ActorAsync("admin@acme.test");
        _reviewer = await _db.ActorAsync("reviewer@acme.test");
        _guest = await _db.ActorAsync("guest@acme.test");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private ApprovalService Approvals() => new(_db, _clock, [new DeletionOf(_workflows)], _db.Accounts, new ApprovalNotifier(),
        NullLogger<ApprovalService>.Instance, [new OwnedResourceType<Workflow>()]);

    private sealed class DeletionOf(WorkflowService workflows) : IHumanOnlyOperation
    {
        public string Operation => ApprovalOperations.Delete;
        public string ResourceType => ResourceTypes.Workflow;
        public Task<ApprovalTarget> DescribeAsync(Actor requester, Guid resourceId, JsonNode? payload, CancellationToken ct = default) =>
            workflows.DescribeDeletionAsync(requester, resourceId, ct);
        public Task ExecuteAsync(Actor requester, ApprovalTarget target, JsonNode? payload, CancellationToken ct = default) =>
            workflows.DeleteAsync(requester, target.ResourceId, target.Version, ct);
    }

    private async Task<Workflow> WorkflowAsync(string name, SharingLevel sharing = SharingLevel.Company)
    {
        await using var db = _db.Context();
        var environment = await db.Environments.Where(e => e.OrganizationId == _acme).Select(e => e.Id).FirstAsync();
        var workflow = new Workflow { OrganizationId = _acme, EnvironmentId = environment, Name = name, WorkflowDataJson = "{}" };
        workflow.Stamp(_builder, _clock.GetUtcNow().UtcDateTime);
        workflow.OwnerId = _builder.UserId;
        workflow.SharingLevel = sharing;
        db.Workflows.Add(workflow);
        await db.SaveChangesAsync();
        return workflow;
    }

    private async Task<bool> ExistsAsync(Guid workflow)
    {
        await using var db = _db.Context();
        return await db.Workflows.AnyAsync(w => w.Id == workflow);
    }

    private async Task SetMembershipAsync(string email, Role? role, bool? reviewer = null)
    {
        await using (var db = _db.Context())
        {
            var membership = await db.Memberships.SingleAsync(m => m.OrganizationId == _acme && m.Email == email);
            if (role is null) db.Memberships.Remove(membership);
            else
            {
                membership.Role = role.Value;
                if (reviewer is { } r) membership.IsReviewer = r;
            }
            await db.SaveChangesAsync();
        }
        _db.Actors.Evict(await _db.UserIdAsync(email));
    }

    [Fact]
    public async Task Two_identical_deletion_requests_racing_leave_exactly_one_pending_request()
    {
        var approvals = Approvals();
        for (var trial = 0; trial < 10; trial++)
        {
            var workflow = await WorkflowAsync("Twice " + trial);
            using var start = new Barrier(2);
            var outcomes = await Task.WhenAll(new[] { _builder, _admin }.Select(requester => Task.Run(async () =>
            {
                start.SignalAndWait();
                try { await approvals.RequestAsync(requester, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Twice", null); return true; }
                catch (ConflictException) { return false; }
            })));

            Assert.Equal(1, outcomes.Count(won => won));
            await using var db = _db.Context();
            Assert.Equal(1, await db.ApprovalRequests.CountAsync(r => r.ResourceId == workflow.Id && r.Status == ApprovalStatus.Pending));
        }
    }

    [Fact]
    public async Task An_expired_but_unswept_request_does_not_block_a_new_one_and_is_marked_expired()
    {
        var workflow = await WorkflowAsync("Stale");
        var first = await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "First", null);
        _clock.Advance(TimeSpan.FromDays(8));

        var second = await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Again", null);

        Assert.Equal(ApprovalStatus.Pending, second.Status);
        Assert.Equal(ApprovalStatus.Expired, (await Approvals().GetAsync(_builder, first.Id)).Status);
    }

    [Fact]
    public async Task An_approval_racing_a_cancellation_either_runs_or_is_refused_never_answers_ok_on_a_cancelled_request()
    {
        var approvals = Approvals();
        for (var trial = 0; trial < 15; trial++)
        {
            var workflow = await WorkflowAsync("Race " + trial);
            var request = await approvals.RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Race", null);
            using var start = new Barrier(2);
            ApprovalRequestView? approved = null;
            await Task.WhenAll(
                Task.Run(async () =>
                {
                    start.SignalAndWait();
                    try { approved = await approvals.ApproveAsync(_reviewer, request.Id, null); }
                    catch (ConflictException) { /* cancelled first */ }
                }),
                Task.Run(async () =>
                {
                    start.SignalAndWait();
                    try { await approvals.CancelAsync(_builder, request.Id, null); }
                    catch (ConflictException) { /* approved first */ }
                }));

            var final = (await approvals.GetAsync(_builder, request.Id)).Status;
            Assert.Contains(final, new[] { ApprovalStatus.Executed, ApprovalStatus.Cancelled });
            Assert.Equal(final == ApprovalStatus.Cancelled, await ExistsAsync(workflow.Id));
            // The reviewer is told the truth: a vote that answered without a refusal is one that ran the deletion.
            if (approved is not null) Assert.Equal(ApprovalStatus.Executed, approved.Status);
        }
    }

    [Fact]
    public async Task An_approval_racing_a_rejection_ends_one_way_and_a_rejection_keeps_its_own_comment()
    {
        var approvals = Approvals();
        for (var trial = 0; trial < 15; trial++)
        {
            var workflow = await WorkflowAsync("Tug " + trial);
            var request = await approvals.RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Tug", null);
            using var start = new Barrier(2);
            ApprovalRequestView? approved = null, rejected = null;
            await Task.WhenAll(
                Task.Run(async () =>
                {
                    start.SignalAndWait();
                    try { approved = await approvals.ApproveAsync(_reviewer, request.Id, "Go"); }
                    catch (ConflictException) { /* rejected first */ }
                }),
                Task.Run(async () =>
                {
                    start.SignalAndWait();
                    try { rejected = await approvals.RejectAsync(_admin, request.Id, "Still used by billing"); }
                    catch (ConflictException) { /* approved first */ }
                }));

            var final = await approvals.GetAsync(_builder, request.Id);
            Assert.Contains(final.Status, new[] { ApprovalStatus.Executed, ApprovalStatus.Rejected });
            Assert.Equal(final.Status == ApprovalStatus.Rejected, await ExistsAsync(workflow.Id));
            if (final.Status == ApprovalStatus.Rejected) Assert.Equal("Still used by billing", final.Outcome);
            // Whoever was answered without a refusal was answered with what happened; a rejection is never told "ok" on an executed one.
            if (approved is not null) Assert.Equal(final.Status, approved.Status);
            if (rejected is not null) Assert.Equal(ApprovalStatus.Rejected, rejected.Status);
            Assert.True(approved is not null || rejected is not null, "one of the two decided");
        }
    }

    [Fact]
    public async Task A_requester_demoted_to_guest_before_the_approval_makes_the_deletion_fail_and_nothing_is_deleted()
    {
        var workflow = await WorkflowAsync("Demoted");
        var request = await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Old", null);
        await SetMembershipAsync("builder@acme.test", Role.Guest);

        var decided = await Approvals().ApproveAsync(_reviewer, request.Id, null);

        Assert.Equal(ApprovalStatus.Failed, decided.Status);
        Assert.True(await ExistsAsync(workflow.Id));
    }

    [Fact]
    public async Task A_requester_removed_from_the_organization_before_the_approval_makes_the_deletion_fail()
    {
        var workflow = await WorkflowAsync("Removed");
        var request = await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Old", null);
        await SetMembershipAsync("builder@acme.test", null);

        var decided = await Approvals().ApproveAsync(_reviewer, request.Id, null);

        Assert.Equal(ApprovalStatus.Failed, decided.Status);
        Assert.True(await ExistsAsync(workflow.Id));
    }

    [Fact]
    public async Task A_guest_with_the_reviewer_capability_still_cannot_decide_nor_counts_as_a_reviewer()
    {
        await SetMembershipAsync("guest@acme.test", Role.Guest, reviewer: true);
        var guest = await _db.ActorAsync("guest@acme.test");
        var workflow = await WorkflowAsync("Guarded");
        var request = await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Old", null);

        await Assert.ThrowsAsync<ForbiddenException>(() => Approvals().ApproveAsync(guest, request.Id, null));
        Assert.False((await Approvals().GetAsync(guest, request.Id)).CanDecide);
        Assert.Equal(0, await Approvals().CountWaitingForAsync(guest));
        Assert.True(await ExistsAsync(workflow.Id));
    }

    [Fact]
    public async Task A_reviewer_demoted_to_guest_loses_the_power_to_decide()
    {
        // The seeded reviewer is an Admin; make them a User reviewer, then demote them: the capability must not survive as a Guest.
        await SetMembershipAsync("reviewer@acme.test", Role.User, reviewer: true);
        var workflow = await WorkflowAsync("Demoted reviewer");
        var request = await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Old", null);
        await SetMembershipAsync("reviewer@acme.test", Role.Guest);

        await Assert.ThrowsAsync<ForbiddenException>(() => Approvals().ApproveAsync(_db.ActorAsync("reviewer@acme.test").Result, request.Id, null));
        Assert.True(await ExistsAsync(workflow.Id));
    }

    [Fact]
    public async Task An_approval_by_someone_who_lost_the_reviewer_capability_since_does_not_make_up_the_number()
    {
        await using (var db = _db.Context())
        {
            db.ApprovalPolicies.Add(new OrganizationApprovalPolicy { OrganizationId = _acme, RequiredApprovals = 2 });
            await db.SaveChangesAsync();
        }
        await SetMembershipAsync("guest@acme.test", Role.User, reviewer: true);
        var workflow = await WorkflowAsync("Two keys");
        var request = await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Old", null);
        Assert.Equal(ApprovalStatus.Pending, (await Approvals().ApproveAsync(await _db.ActorAsync("guest@acme.test"), request.Id, null)).Status);

        await SetMembershipAsync("guest@acme.test", Role.User, reviewer: false); // an Admin takes the capability away
        Assert.Equal(0, (await Approvals().GetAsync(_builder, request.Id)).Approvals); // the page says 0 of 2, as the decision counts
        var second = await Approvals().ApproveAsync(_admin, request.Id, null);
        Assert.Equal((ApprovalStatus.Pending, 1), (second.Status, second.Approvals));
        Assert.True(await ExistsAsync(workflow.Id));

        Assert.Equal(ApprovalStatus.Executed, (await Approvals().ApproveAsync(_reviewer, request.Id, null)).Status);
        Assert.False(await ExistsAsync(workflow.Id));
    }

    [Fact]
    public async Task Renaming_a_resource_just_before_asking_does_not_escape_an_override_for_its_former_name()
    {
        await using (var db = _db.Context())
        {
            db.ApprovalPolicies.Add(new OrganizationApprovalPolicy
            {
                OrganizationId = _acme, RequiredApprovals = 1,
                OverridesJson = System.Text.Json.JsonSerializer.Serialize(
                    new[] { new ApprovalOverride(ApprovalOperations.Delete, ResourceTypes.Workflow, "Billing", 2) }, ApprovalService.JsonOptions),
            });
            await db.SaveChangesAsync();
        }
        var workflow = await WorkflowAsync("Billing");
        await using (var db = _db.Context())
        {
            // Its audit trail as the app writes it: created as "Billing", then renamed.
            var now = _clock.GetUtcNow().UtcDateTime;
            db.AuditEntries.Add(AuditEntry.Record(_builder, now, AuditActions.Created, ResourceTypes.Workflow, workflow.Id, _acme, resourceName: "Billing"));
            (await db.Workflows.SingleAsync(w => w.Id == workflow.Id)).Name = "Old stuff";
            db.AuditEntries.Add(AuditEntry.Record(_builder, now, AuditActions.Updated, ResourceTypes.Workflow, workflow.Id, _acme, changedFields: ["name"], resourceName: "Old stuff"));
            await db.SaveChangesAsync();
        }

        var request = await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Old", null);

        Assert.Equal(2, request.RequiredApprovals);
        Assert.Equal(1, (await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow,
            (await WorkflowAsync("Never billing")).Id, "Old", null)).RequiredApprovals);
    }

    [Fact]
    public async Task A_private_workflows_request_is_invisible_to_members_who_cannot_see_the_workflow()
    {
        var workflow = await WorkflowAsync("Layoff plan", SharingLevel.Private);
        var request = await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id,
            "Layoffs are off", null);

        await Assert.ThrowsAsync<NotFoundException>(() => Approvals().GetAsync(_guest, request.Id));
        var listed = await Approvals().ListAsync(_guest, _acme, new ApprovalQuery(), new PageRequest(1, 100));
        Assert.DoesNotContain(listed.Items, r => r.Id == request.Id);
        Assert.Equal(0, listed.Total);

        // The requester (its owner) and the reviewers still see it; a company-wide one stays visible to everyone.
        Assert.Equal(request.Id, (await Approvals().GetAsync(_builder, request.Id)).Id);
        Assert.True((await Approvals().GetAsync(_reviewer, request.Id)).CanDecide);
        var open = await WorkflowAsync("Open");
        var openRequest = await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, open.Id, "Old", null);
        Assert.Equal(openRequest.Id, (await Approvals().GetAsync(_guest, openRequest.Id)).Id);
    }

    [Fact]
    public async Task A_vote_after_expiry_is_refused_and_nothing_is_deleted()
    {
        var workflow = await WorkflowAsync("Late");
        var request = await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Old", null);
        _clock.Advance(TimeSpan.FromDays(7));

        await Assert.ThrowsAsync<ConflictException>(() => Approvals().ApproveAsync(_reviewer, request.Id, null));
        Assert.Equal(ApprovalStatus.Expired, (await Approvals().GetAsync(_builder, request.Id)).Status);
        Assert.True(await ExistsAsync(workflow.Id));
    }

    [Fact]
    public async Task A_reviewer_demoted_to_guest_and_promoted_again_does_not_quietly_get_the_capability_back()
    {
        var members = new Builder.Domain.Members.MemberService(_db, _clock, _db.Actors);
        Guid membership;
        await using (var db = _db.Context())
            membership = await db.Memberships.Where(m => m.OrganizationId == _acme && m.Email == "builder@acme.test").Select(m => m.Id).SingleAsync();
        await members.SetReviewerAsync(_admin, membership, true);

        await members.ChangeRoleAsync(_admin, membership, Role.Guest, null);
        var back = await members.ChangeRoleAsync(_admin, membership, Role.User, null);

        Assert.False(back.IsReviewer);
        var workflow = await WorkflowAsync("Promoted back");
        var request = await Approvals().RequestAsync(_admin, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Old", null);
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Approvals().ApproveAsync(await _db.ActorAsync("builder@acme.test"), request.Id, null));
        await using var check = _db.Context();
        Assert.Contains(await check.AuditEntries.Where(a => a.ResourceId == membership).Select(a => a.ChangedFields).ToListAsync(),
            f => f != null && f.Contains("isReviewer") && f.Contains("role"));
    }

    [Fact]
    public void A_policy_override_naming_a_resource_longer_than_any_name_is_refused()
    {
        var policy = new ApprovalPolicy(1, [new ApprovalOverride(ApprovalOperations.Delete, ResourceTypes.Workflow, new string('P', 20_000), 2)]);
        var refused = Assert.Throws<ValidationException>(() => policy.Validate(setBySystemAdministrator: true));
        Assert.Contains("overrides[0].resourceName", refused.Errors.Keys);
    }

    [Fact]
    public async Task A_requester_who_becomes_a_reviewer_later_still_cannot_approve_their_own_request()
    {
        var workflow = await WorkflowAsync("Own");
        var request = await Approvals().RequestAsync(_builder, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, "Old", null);
        await SetMembershipAsync("builder@acme.test", Role.Admin, reviewer: true);
        var promoted = await _db.ActorAsync("builder@acme.test");

        await Assert.ThrowsAsync<ForbiddenException>(() => Approvals().ApproveAsync(promoted, request.Id, null));
        Assert.False((await Approvals().GetAsync(promoted, request.Id)).CanDecide);
        Assert.Equal(0, await Approvals().CountWaitingForAsync(promoted));
        Assert.True(await ExistsAsync(workflow.Id));
    }

    [Fact]
    public void A_policy_override_for_an_unknown_resource_type_is_refused_rather_than_silently_never_matching()
    {
        var policy = new ApprovalPolicy(1, [new ApprovalOverride(ApprovalOperations.Delete, "Environment", "Production", 2)]);
        var refused = Assert.Throws<ValidationException>(() => policy.Validate(setBySystemAdministrator: false));
        Assert.Contains("overrides[0].resourceType", refused.Errors.Keys);
        new ApprovalPolicy(1, [new ApprovalOverride(ApprovalOperations.Delete, ResourceTypes.Environment, "Production", 2)]).Validate(false);
    }

}
