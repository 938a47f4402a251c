namespace Builder.Domain.Approvals;

/// <summary>A request as people and the API see it, with what the caller may do with it.</summary>
public sealed record ApprovalRequestView(
    Guid Id,
    Guid? OrganizationId,
    Guid? EnvironmentId,
    string Operation,
    string ResourceType,
    Guid ResourceId,
    string ResourceName,
    IReadOnlyList<string> Consequences,
    string? Before,
    string? After,
    Guid RequesterId,
    string RequesterEmail,
    string RequesterName,
    string Justification,
    DateTime CreatedAt,
    DateTime ExpiresAt,
    int RequiredApprovals,
    int Approvals,
    bool NoOtherReviewer,
    ApprovalStatus Status,
    DateTime? DecidedAt,
    string? Outcome,
    IReadOnlyList<ApprovalVoteView> Votes,
    bool CanDecide,
    bool CanCancel)
{
    /// <summary>"Delete workflow “Onboarding”": what a list row and a notification say.</summary>
    public string Title => ApprovalWording.Title(Operation, ResourceType, ResourceName);
}

public sealed record ApprovalVoteView(Guid ReviewerId, string ReviewerEmail, string ReviewerName, bool Approves, string? Comment, DateTime At);

/// <summary>The list filters: a status, only the caller's own requests, only those waiting for the caller's decision.</summary>
public sealed record ApprovalQuery(ApprovalStatus? Status = null, bool Mine = false, bool WaitingForMe = false);

/// <summary>What a request body for a human-only operation carries: the reason, for the reviewer.</summary>
public sealed record JustificationInput(string? Justification);

/// <summary>A reviewer's optional comment on approve, reject or cancel.</summary>
public sealed record ApprovalCommentInput(string? Comment);

/// <summary>A request changed: the nav badges and open request pages of the circuits that care recount or reload.</summary>
public sealed record ApprovalChange(Guid RequestId, Guid? OrganizationId, Guid RequesterId, ApprovalStatus Status);

/// <summary>
/// Tells the open circuits of this server that a request was created or decided, so a reviewer's badge and a requester's
/// page update without a reload. One per process (a singleton); handlers must be quick and must not throw.
/// </summary>
public sealed class ApprovalNotifier
{
    public event Action<ApprovalChange>? Changed;

    public void Publish(ApprovalChange change)
    {
        foreach (var handler in Changed?.GetInvocationList() ?? [])
        {
            try { ((Action<ApprovalChange>)handler)(change); }
            catch (Exception) { /* one broken circuit must not stop the others from hearing */ }
        }
    }
}

/// <summary>How requests are named in lists, notifications and audit records.</summary>
public static class ApprovalWording
{
    public static string Title(string operation, string resourceType, string resourceName) =>
        $"{Verb(operation)} {Noun(resourceType)} “{resourceName}”";

    public static string Verb(string operation) => operation switch
    {
        ApprovalOperations.Delete => "Delete",
        ApprovalOperations.Share => "Change sharing of",
        ApprovalOperations.TransferOwnership => "Transfer ownership of",
        ApprovalOperations.Purge => "Delete permanently",
        ApprovalOperations.ChangePolicy => "Change",
        _ => operation,
    };

    /// <summary>"prompt-template" → "prompt template".</summary>
    public static string Noun(string resourceType) => resourceType.Replace('-', ' ');

    /// <summary>The 400 a human-only operation answers without a reason.</summary>
    public static string JustificationRequired(string operation) =>
        $"{Verb(operation)} goes to a reviewer for approval: give a justification (why it should happen) for the reviewer to read.";
}
