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

/// <summary>
/// The list filters: a status, only the caller's own requests, only those waiting for the caller's decision, only decided ones
/// (the history: anything no longer pending, an expired one included).
/// </summary>
public sealed record ApprovalQuery(ApprovalStatus? Status = null, bool Mine = false, bool WaitingForMe = false, bool Decided = false);

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
    public static string Title(string operation, string resourceType, string resourceName) => operation switch
    {
        ApprovalOperations.ChangePolicy => $"Change the {Noun(resourceType)}",
        // A purge is about an entry of the trash: named by what it holds, not as a "trash item".
        ApprovalOperations.Purge => $"Delete “{resourceName}” permanently from the trash",
        _ => $"{Verb(operation)} {Noun(resourceType)} “{resourceName}”",
    };

    public static string Verb(string operation) => operation switch
    {
        ApprovalOperations.Delete => "Delete",
        ApprovalOperations.Share => "Change sharing of",
        ApprovalOperations.TransferOwnership => "Transfer ownership of",
        ApprovalOperations.Purge => "Delete permanently",
        ApprovalOperations.ChangePolicy => "Change",
        _ => operation,
    };

    /// <summary>The operation as an activity, the subject of a sentence: "Transferring ownership goes to a reviewer…".</summary>
    public static string Activity(string operation) => operation switch
    {
        ApprovalOperations.Delete => "Deleting",
        ApprovalOperations.Share => "Changing the sharing",
        ApprovalOperations.TransferOwnership => "Transferring ownership",
        ApprovalOperations.Purge => "Deleting permanently",
        ApprovalOperations.ChangePolicy => "Changing the approval policy",
        _ => operation,
    };

    /// <summary>The operation as the 403 for an API key names it, in the reference's words: "Delete requires human oversight…".</summary>
    public static string ForOversight(string operation) => operation switch
    {
        ApprovalOperations.Delete => "Delete",
        ApprovalOperations.Share => "Share",
        ApprovalOperations.TransferOwnership => "Transfer ownership",
        _ => Activity(operation),
    };

    /// <summary>"prompt-template" → "prompt template".</summary>
    public static string Noun(string resourceType) => resourceType.Replace('-', ' ');

    /// <summary>The 400 a human-only operation answers without a reason.</summary>
    public static string JustificationRequired(string operation) =>
        $"{Activity(operation)} goes to a reviewer for approval: give a justification (why it should happen) for the reviewer to read.";
}
