using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Members;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Tests.Approvals;

/// <summary>
/// A change to the approval policy goes through approval itself (Admins ask, validated as the requester, before/after in words,
/// written once approved, refused when the policy changed meanwhile); the reviewer capability is set by Admins, in person;
/// the history filter, the pending-request lookup and expiry telling the open circuits.
/// </summary>
public sealed class ApprovalPolicyChangeTests : IAsyncLifetime
{
    private FileTestDatabase _db = null!;
    private readonly ApprovalNotifier _notifier = new();
    private Guid _acme;
    private Actor _admin = null!, _reviewer = null!, _builder = null!, _guest = null!, _system = null!, _globexAdmin = null!;

    public async Task InitializeAsync()
    {
        _db = await FileTestDatabase.CreateAsync();
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _admin = await _db.ActorAsync("admin@acme.test");
        _reviewer = await _db.ActorAsync("reviewer@acme.test");
        _builder = await _db.ActorAsync("builder@acme.test");
        _guest = await _db.ActorAsync("guest@acme.test");
        _system = await _db.ActorAsync("system@builder.local");
        _globexAdmin = await _db.ActorAsync("admin@globex.test");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private ApprovalService Approvals(TimeProvider? clock = null) => new(_db, clock ?? _db.Clock, [new ApprovalPolicyChange(_db, clock ?? _db.Clock)],
        _db.Accounts, _notifier, NullLogger<ApprovalService>.Instance);

    private static JsonNode Proposal(int required = 2, int expiry = 7, params ApprovalOverrideInput[] overrides) =>
        JsonSerializer.SerializeToNode(new ApprovalPolicyInput(required, expiry, 30, overrides), ApprovalService.JsonOptions)!;

    private Task<ApprovalRequestView> AskAsync(Actor actor, JsonNode proposal, string? justification = "Two people for everything") =>
        Approvals().RequestAsync(actor, ApprovalOperations.ChangePolicy, ResourceTypes.ApprovalPolicy, _acme, justification, proposal);

    private async Task<ApprovalPolicy> PolicyAsync()
    {
        await using var db = _db.Context();
        return await ApprovalService.PolicyAsync(db, _acme);
    }

    [Fact]
    public async Task An_admins_change_is_a_request_with_before_and_after_and_applies_only_once_approved()
    {
        var request = await AskAsync(_admin, Proposal(2, 3, new ApprovalOverrideInput("delete", "environment", "Production", 3)));

        Assert.Equal(("Change the approval policy", ApprovalStatus.Pending), (request.Title, request.Status));
        Assert.Equal(1, (await PolicyAsync()).RequiredApprovals);
        Assert.Contains("Approvals required: 1", request.Before);
        Assert.Contains("• Delete environment named “Production”: 3 approvals", request.After);
        Assert.Equal(["Approvals required: 1 → 2", "Requests expire after: 7 days → 3 days",
            "Override added: Delete environment named “Production”: 3 approvals"], request.Consequences);

        Assert.Equal(ApprovalStatus.Executed, (await Approvals().ApproveAsync(_reviewer, request.Id, null)).Status);
        var policy = await PolicyAsync();
        Assert.Equal((2, 3), (policy.RequiredApprovals, policy.ExpiryDays));
        Assert.Equal(3, policy.RequiredFor(ApprovalOperations.Delete, ResourceTypes.Environment, "production"));
        await using var db = _db.Context();
        var audit = await db.AuditEntries.SingleAsync(a => a.ResourceType == ResourceTypes.ApprovalPolicy && a.Action == AuditActions.Updated);
        Assert.Equal((_admin.Email, "requiredApprovals,expiryDays,overrides"), (audit.ActorEmail, audit.ChangedFields));
    }

    [Fact]
    public async Task Only_admins_ask_and_only_people()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => AskAsync(_builder, Proposal()));
        await Assert.ThrowsAsync<ForbiddenException>(() => AskAsync(_guest, Proposal()));
        await Assert.ThrowsAsync<NotFoundException>(() => AskAsync(_globexAdmin, Proposal()));
        var key = _admin with { ApiKeyOrganizationId = _acme };
        Assert.Contains("human oversight", (await Assert.ThrowsAsync<HumanOversightRequiredException>(() => AskAsync(key, Proposal()))).Message);
    }

    [Fact]
    public async Task The_proposal_is_validated_as_the_requester_and_no_change_at_all_is_refused()
    {
        var zero = await Assert.ThrowsAsync<ValidationException>(() => AskAsync(_admin, Proposal(0)));
        Assert.Contains("requiredApprovals", zero.Errors.Keys);
        Assert.Equal(ApprovalStatus.Pending, (await AskAsync(_system, Proposal(0))).Status);

        await Approvals().CancelAsync(_system, (await Approvals().ListAsync(_system, _acme, new ApprovalQuery(Mine: true), new PageRequest())).Items.Single().Id, null);
        var same = await Assert.ThrowsAsync<ValidationException>(() => AskAsync(_admin, Proposal(1)));
        Assert.Contains("same as the current one", same.Errors["policy"].Single());
    }

    [Fact]
    public async Task A_policy_changed_since_the_request_makes_it_fail_and_nothing_is_overwritten()
    {
        var request = await AskAsync(_admin, Proposal(2));
        await using (var db = _db.Context())
        {
            db.ApprovalPolicies.Add(new OrganizationApprovalPolicy { OrganizationId = _acme, RequiredApprovals = 4, UpdatedBy = "someone@acme.test" });
            await db.SaveChangesAsync();
        }
        var outcome = await Approvals().ApproveAsync(_reviewer, request.Id, null);
        Assert.Equal(ApprovalStatus.Failed, outcome.Status);
        Assert.Contains("changed since it was requested", outcome.Outcome);
        Assert.Equal(4, (await PolicyAsync()).RequiredApprovals);
    }

    [Fact]
    public async Task The_reviewer_capability_is_given_by_admins_in_person_and_audited()
    {
        var members = new MemberService(_db, _db.Clock, _db.Actors);
        Guid guestMembership;
        await using (var db = _db.Context())
            guestMembership = await db.Memberships.Where(m => m.Email == "guest@acme.test").Select(m => m.Id).SingleAsync();
        // A Guest only reads: never a reviewer (400, nothing written); made a User, they can be one.
        await Assert.ThrowsAsync<ValidationException>(() => members.SetReviewerAsync(_admin, guestMembership, true));
        await using (var db = _db.Context())
        {
            Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.ResourceId == guestMembership && a.ChangedFields == "isReviewer"));
            (await db.Memberships.SingleAsync(m => m.Id == guestMembership)).Role = Role.User;
            await db.SaveChangesAsync();
        }

        await Assert.ThrowsAsync<ForbiddenException>(() => members.SetReviewerAsync(_builder, guestMembership, true));
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => members.SetReviewerAsync(_admin with { ApiKeyOrganizationId = _acme }, guestMembership, true));
        await Assert.ThrowsAsync<NotFoundException>(() => members.SetReviewerAsync(_globexAdmin, guestMembership, true));
        var view = await members.SetReviewerAsync(_admin, guestMembership, true);
        Assert.True(view.IsReviewer);
        await members.SetReviewerAsync(_admin, guestMembership, true); // no change, no record

        await using var check = _db.Context();
        Assert.True((await check.Memberships.SingleAsync(m => m.Id == guestMembership)).IsReviewer);
        Assert.Equal(1, await check.AuditEntries.CountAsync(a => a.ResourceId == guestMembership && a.ChangedFields == "isReviewer"));
    }

    [Fact]
    public async Task History_lists_decided_and_expired_requests_and_the_pending_one_is_found_by_its_target()
    {
        var clock = new MovableClock();
        var decided = await Approvals(clock).RequestAsync(_admin, ApprovalOperations.ChangePolicy, ResourceTypes.ApprovalPolicy, _acme, "one", Proposal(2));
        await Approvals(clock).CancelAsync(_admin, decided.Id, null);
        var pending = await Approvals(clock).RequestAsync(_admin, ApprovalOperations.ChangePolicy, ResourceTypes.ApprovalPolicy, _acme, "two", Proposal(3));

        Assert.Equal(pending.Id, await Approvals(clock).PendingRequestAsync(_guest, ApprovalOperations.ChangePolicy, ResourceTypes.ApprovalPolicy, _acme));
        Assert.Null(await Approvals(clock).PendingRequestAsync(_globexAdmin, ApprovalOperations.ChangePolicy, ResourceTypes.ApprovalPolicy, _acme));
        var history = await Approvals(clock).ListAsync(_guest, _acme, new ApprovalQuery(Decided: true), new PageRequest());
        Assert.Equal([decided.Id], history.Items.Select(i => i.Id));

        clock.Advance(TimeSpan.FromDays(8));
        history = await Approvals(clock).ListAsync(_guest, _acme, new ApprovalQuery(Decided: true), new PageRequest());
        Assert.Equal([pending.Id, decided.Id], history.Items.Select(i => i.Id));
        Assert.Null(await Approvals(clock).PendingRequestAsync(_guest, ApprovalOperations.ChangePolicy, ResourceTypes.ApprovalPolicy, _acme));
    }

    [Fact]
    public async Task Expiring_requests_tells_the_open_circuits_so_badges_recount()
    {
        var clock = new MovableClock();
        var request = await Approvals(clock).RequestAsync(_admin, ApprovalOperations.ChangePolicy, ResourceTypes.ApprovalPolicy, _acme, "one", Proposal(2));
        var heard = new List<ApprovalChange>();
        _notifier.Changed += heard.Add;
        clock.Advance(TimeSpan.FromDays(8));

        Assert.Equal(1, await Approvals(clock).ExpireDueAsync());
        Assert.Contains(heard, c => c.RequestId == request.Id && c.Status == ApprovalStatus.Expired && c.OrganizationId == _acme);
    }

}
