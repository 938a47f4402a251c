namespace Builder.Domain.Approvals;

/// <summary>
/// A human-only operation waiting for (or decided by) a second person. It keeps what it is about as it was when requested
/// (<see cref="ApprovalTarget"/>: type, id, a name snapshot, the version, what goes with it), who asked and why, how many
/// approvals the organization's policy asked for, and its status: pending → approved → executed | failed, or rejected,
/// cancelled, expired. Its status only ever leaves Pending through a conditional update, so it is decided exactly once.
/// </summary>
public sealed class ApprovalRequest
{
    public const int JustificationMax = 2000, CommentMax = 2000, TextMax = 4000;

    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The organization whose reviewers decide; null for a platform resource (a system model), decided by System users.</summary>
    public Guid? OrganizationId { get; set; }
    public Guid? EnvironmentId { get; set; }

    public string Operation { get; set; } = "";
    public string ResourceType { get; set; } = "";
    public Guid ResourceId { get; set; }
    public string ResourceName { get; set; } = "";
    public Guid? ResourceVersion { get; set; }

    /// <summary>What goes with the target, one line each (JSON array of strings).</summary>
    public string ConsequencesJson { get; set; } = "[]";
    public string? Before { get; set; }
    public string? After { get; set; }

    /// <summary>The operation's parameters (the new sharing, the new owner), as JSON; null for a delete.</summary>
    public string? PayloadJson { get; set; }

    public Guid RequesterId { get; set; }
    public string RequesterEmail { get; set; } = "";
    public string RequesterName { get; set; } = "";
    public string Justification { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public int RequiredApprovals { get; set; }

    /// <summary>True when, at the time of the request, nobody but the requester could review it: a System administrator may then.</summary>
    public bool NoOtherReviewer { get; set; }

    public ApprovalStatus Status { get; set; } = ApprovalStatus.Pending;
    public DateTime? DecidedAt { get; set; }

    /// <summary>Why it failed, or the rejecting reviewer's comment.</summary>
    public string? Outcome { get; set; }

    public List<ApprovalRequestVote> Votes { get; set; } = [];
}

/// <summary>One person's approval or rejection of a request; one per person (a unique index).</summary>
public sealed class ApprovalRequestVote
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RequestId { get; set; }
    public Guid ReviewerId { get; set; }
    public string ReviewerEmail { get; set; } = "";
    public string ReviewerName { get; set; } = "";
    public bool Approves { get; set; }
    public string? Comment { get; set; }
    public DateTime At { get; set; }
}

/// <summary>An organization's persisted approval policy (absent: <see cref="ApprovalPolicy.Default"/>).</summary>
public sealed class OrganizationApprovalPolicy
{
    public Guid OrganizationId { get; set; }
    public int RequiredApprovals { get; set; } = 1;
    public int ExpiryDays { get; set; } = ApprovalPolicy.DefaultExpiryDays;
    public int TrashDays { get; set; } = ApprovalPolicy.DefaultTrashDays;

    /// <summary>The overrides as a JSON array of <see cref="ApprovalOverride"/>.</summary>
    public string OverridesJson { get; set; } = "[]";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}
