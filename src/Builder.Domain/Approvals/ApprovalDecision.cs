using Builder.Domain.Access;

namespace Builder.Domain.Approvals;

/// <summary>Where an approval request is in its life.</summary>
public enum ApprovalStatus
{
    Pending,
    /// <summary>Enough approvals: the operation is about to run (a moment only; then Executed or Failed).</summary>
    Approved,
    Executed,
    /// <summary>Approved, but the operation could not run (the target changed since it was requested, or the requester lost the right).</summary>
    Failed,
    Rejected,
    Cancelled,
    Expired,
}

/// <summary>One reviewer's decision on a request.</summary>
public sealed record ApprovalVote(Guid ReviewerId, bool Approves, DateTime At);

/// <summary>Why a person may or may not decide on a request.</summary>
public enum ReviewEligibility
{
    Eligible,
    /// <summary>An API key: approving, rejecting and cancelling are for people.</summary>
    ApiKey,
    /// <summary>The requester: one's own approval never counts (403).</summary>
    OwnRequest,
    /// <summary>A member who is neither an Admin nor given the reviewer capability (403).</summary>
    NotAReviewer,
    /// <summary>Not in the request's organization (404: its requests are invisible).</summary>
    NotInOrganization,
}

/// <summary>
/// The four-eyes rules of approval requests, free of storage: who may decide, and what the votes so far make of a request.
/// N distinct people other than the requester must approve; one rejection ends the request; it expires when its time is up.
/// </summary>
public static class ApprovalDecision
{
    /// <summary>
    /// Whether <paramref name="actor"/> may approve or reject a request of <paramref name="requesterId"/> in an organization.
    /// Eligible: the organization's Admins and the Users given the reviewer capability (never a Guest). A System administrator is eligible
    /// only when nobody else could ever decide (no eligible reviewer other than the requester exists).
    /// </summary>
    public static ReviewEligibility Check(Actor actor, Guid organizationId, Guid requesterId, bool hasReviewerCapability,
        bool anotherReviewerExists)
    {
        if (!actor.IsHuman) return ReviewEligibility.ApiKey;
        if (actor.RoleIn(organizationId) is null) return ReviewEligibility.NotInOrganization;
        if (actor.UserId == requesterId) return ReviewEligibility.OwnRequest;
        var memberRole = actor.Memberships.TryGetValue(organizationId, out var role) ? role : (Role?)null;
        // A Guest only reads: the reviewer capability never makes one a decider (also one demoted to Guest who still carries the flag).
        if (memberRole is Role.Admin || (memberRole is Role.User && hasReviewerCapability)) return ReviewEligibility.Eligible;
        if (actor.IsSystem && !anotherReviewerExists) return ReviewEligibility.Eligible;
        return ReviewEligibility.NotAReviewer;
    }

    /// <summary>
    /// What the votes make of a pending request: Rejected at the first rejection, Approved when <paramref name="required"/>
    /// distinct people other than the requester approved, Expired once <paramref name="now"/> reaches the expiry, else Pending.
    /// Votes by the requester are ignored, as are repeated votes by one person after the first.
    /// </summary>
    public static ApprovalStatus Evaluate(int required, Guid requesterId, IEnumerable<ApprovalVote> votes, DateTime now, DateTime expiresAt)
    {
        var counted = votes.Where(v => v.ReviewerId != requesterId && v.At < expiresAt).OrderBy(v => v.At)
            .DistinctBy(v => v.ReviewerId).ToList();
        if (counted.Any(v => !v.Approves)) return ApprovalStatus.Rejected;
        if (counted.Count(v => v.Approves) >= required) return ApprovalStatus.Approved;
        return now >= expiresAt ? ApprovalStatus.Expired : ApprovalStatus.Pending;
    }

    /// <summary>Pending is the only state a vote or a cancellation can change; every other state is decided (409).</summary>
    public static bool IsDecided(ApprovalStatus status) => status != ApprovalStatus.Pending;
}
