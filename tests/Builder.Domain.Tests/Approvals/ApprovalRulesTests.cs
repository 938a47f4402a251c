using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Common;

namespace Builder.Domain.Tests.Approvals;

/// <summary>The four-eyes rules: N of M distinct reviewers, self-approval, eligibility, overrides, one rejection, expiry.</summary>
public class ApprovalRulesTests
{
    private static readonly Guid Org = Guid.Parse("00000000-0000-4000-8000-0000000000c0");
    private static readonly Guid Requester = Guid.Parse("00000000-0000-4000-8000-000000000001");
    private static readonly Guid Alice = Guid.Parse("00000000-0000-4000-8000-000000000002");
    private static readonly Guid Rita = Guid.Parse("00000000-0000-4000-8000-000000000003");
    private static readonly DateTime T0 = new(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Expires = T0.AddDays(7);

    private static ApprovalVote Yes(Guid who, int minute = 1) => new(who, true, T0.AddMinutes(minute));
    private static ApprovalVote No(Guid who, int minute = 1) => new(who, false, T0.AddMinutes(minute));
    private static ApprovalStatus Evaluate(int required, params ApprovalVote[] votes) => ApprovalDecision.Evaluate(required, Requester, votes, T0.AddHours(1), Expires);

    [Fact]
    public void One_approval_by_someone_else_is_enough_by_default() =>
        Assert.Equal(ApprovalStatus.Approved, Evaluate(ApprovalPolicy.Default.RequiredApprovals, Yes(Alice)));

    [Fact]
    public void The_requesters_own_approval_never_counts() => Assert.Equal(ApprovalStatus.Pending, Evaluate(1, Yes(Requester)));

    [Fact]
    public void Two_approvals_need_two_distinct_people()
    {
        Assert.Equal(ApprovalStatus.Pending, Evaluate(2, Yes(Alice), Yes(Alice, 2)));
        Assert.Equal(ApprovalStatus.Pending, Evaluate(2, Yes(Alice), Yes(Requester, 2)));
        Assert.Equal(ApprovalStatus.Approved, Evaluate(2, Yes(Alice), Yes(Rita, 2)));
    }

    [Fact]
    public void One_rejection_ends_the_request_even_after_approvals() =>
        Assert.Equal(ApprovalStatus.Rejected, Evaluate(2, Yes(Alice), No(Rita, 2)));

    [Fact]
    public void A_persons_first_vote_is_the_one_that_counts() => Assert.Equal(ApprovalStatus.Approved, Evaluate(1, Yes(Alice), No(Alice, 2)));

    [Fact]
    public void A_request_expires_when_its_time_is_up_and_late_votes_do_not_count()
    {
        Assert.Equal(ApprovalStatus.Expired, ApprovalDecision.Evaluate(1, Requester, [], Expires, Expires));
        Assert.Equal(ApprovalStatus.Expired, ApprovalDecision.Evaluate(1, Requester, [new ApprovalVote(Alice, true, Expires.AddSeconds(1))],
            Expires.AddMinutes(1), Expires));
        Assert.Equal(ApprovalStatus.Pending, ApprovalDecision.Evaluate(1, Requester, [], Expires.AddTicks(-1), Expires));
    }

    [Fact]
    public void Only_a_pending_request_can_still_be_decided()
    {
        Assert.False(ApprovalDecision.IsDecided(ApprovalStatus.Pending));
        Assert.All(Enum.GetValues<ApprovalStatus>().Where(s => s != ApprovalStatus.Pending), s => Assert.True(ApprovalDecision.IsDecided(s)));
    }

    [Fact]
    public void The_strictest_matching_override_wins_and_names_match_without_case()
    {
        var policy = new ApprovalPolicy(1,
        [
            new ApprovalOverride(ApprovalOperations.Delete, "environment", "Production", 2),
            new ApprovalOverride(ApprovalOperations.Delete, "environment", null, 1),
            new ApprovalOverride(ApprovalOperations.Share, "workflow", null, 3),
        ]);

        Assert.Equal(2, policy.RequiredFor(ApprovalOperations.Delete, "environment", "production"));
        Assert.Equal(1, policy.RequiredFor(ApprovalOperations.Delete, "environment", "Staging"));
        Assert.Equal(3, policy.RequiredFor(ApprovalOperations.Share, "workflow", "Any"));
        Assert.Equal(1, policy.RequiredFor(ApprovalOperations.Delete, "workflow", "Any"));
    }

    [Fact]
    public void Zero_approvals_only_from_a_System_administrator()
    {
        var none = new ApprovalPolicy(0, [new ApprovalOverride(ApprovalOperations.Delete, "variable", null, 0)]);

        var error = Assert.Throws<ValidationException>(() => none.Validate(setBySystemAdministrator: false));
        Assert.Contains("requiredApprovals", error.Errors.Keys);
        Assert.Contains("overrides[0].requiredApprovals", error.Errors.Keys);
        none.Validate(setBySystemAdministrator: true);
    }

    [Fact]
    public void A_policy_with_bad_numbers_or_an_unknown_operation_names_each_problem()
    {
        var bad = new ApprovalPolicy(11, [new ApprovalOverride("drop", "", null, 99)], ExpiryDays: 0, TrashDays: 1000);

        var error = Assert.Throws<ValidationException>(() => bad.Validate(setBySystemAdministrator: true));

        Assert.Equal(["expiryDays", "overrides[0].operation", "overrides[0].requiredApprovals", "overrides[0].resourceType", "requiredApprovals", "trashDays"],
            error.Errors.Keys.Order());
    }

    private static Actor Person(Guid id, Role? role, bool system = false) =>
        new(id, "p@acme.test", "P", system, role is { } r ? new Dictionary<Guid, Role> { [Org] = r } : new Dictionary<Guid, Role>());

    [Theory]
    [InlineData(Role.Admin, false, ReviewEligibility.Eligible)]
    [InlineData(Role.User, true, ReviewEligibility.Eligible)]
    [InlineData(Role.Guest, true, ReviewEligibility.NotAReviewer)] // a Guest only reads: the capability never makes one decide
    [InlineData(Role.User, false, ReviewEligibility.NotAReviewer)]
    [InlineData(Role.Guest, false, ReviewEligibility.NotAReviewer)]
    public void Admins_and_members_with_the_reviewer_capability_review(Role role, bool reviewer, ReviewEligibility expected) =>
        Assert.Equal(expected, ApprovalDecision.Check(Person(Alice, role), Org, Requester, reviewer, anotherReviewerExists: true));

    [Fact]
    public void Nobody_reviews_their_own_request_and_keys_and_outsiders_never_do()
    {
        Assert.Equal(ReviewEligibility.OwnRequest, ApprovalDecision.Check(Person(Requester, Role.Admin), Org, Requester, true, true));
        Assert.Equal(ReviewEligibility.NotInOrganization, ApprovalDecision.Check(Person(Alice, null), Org, Requester, true, true));
        var key = Person(Alice, Role.Admin) with { ApiKeyOrganizationId = Org };
        Assert.Equal(ReviewEligibility.ApiKey, ApprovalDecision.Check(key, Org, Requester, true, true));
    }

    [Fact]
    public void A_System_administrator_reviews_only_when_nobody_else_could()
    {
        var system = Person(Alice, null, system: true);
        Assert.Equal(ReviewEligibility.NotAReviewer, ApprovalDecision.Check(system, Org, Requester, false, anotherReviewerExists: true));
        Assert.Equal(ReviewEligibility.Eligible, ApprovalDecision.Check(system, Org, Requester, false, anotherReviewerExists: false));
        Assert.Equal(ReviewEligibility.OwnRequest, ApprovalDecision.Check(Person(Requester, null, system: true), Org, Requester, false, false));
    }
}
