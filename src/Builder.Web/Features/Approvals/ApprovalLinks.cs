namespace Builder.Web.Features.Approvals;

/// <summary>
/// The console's addresses of approval requests: an organization's under <c>/orgs/{org}/approvals</c>, the platform's
/// (no organization: deleting a system model or a workflow entity type, purging the platform's trash) under
/// <c>/system/approvals</c>, for System administrators.
/// </summary>
public static class ApprovalLinks
{
    /// <summary>The platform's requests (System administrators).</summary>
    public const string Platform = "/system/approvals";

    public static string List(Guid? organizationId) => organizationId is { } org ? $"/orgs/{org}/approvals" : Platform;

    public static string Request(Guid? organizationId, Guid requestId) => $"{List(organizationId)}/{requestId}";

    /// <summary>The organization's approval policy page.</summary>
    public static string Policies(Guid organizationId) => $"/orgs/{organizationId}/policies";

    /// <summary>The API address a 202 answer points to.</summary>
    public static string Api(Guid requestId) => $"/api/approval-requests/{requestId}";
}
