namespace Builder.Web.Features.Approvals;

/// <summary>The console's addresses of approval requests.</summary>
public static class ApprovalLinks
{
    public static string List(Guid organizationId) => $"/orgs/{organizationId}/approvals";

    public static string Request(Guid organizationId, Guid requestId) => $"/orgs/{organizationId}/approvals/{requestId}";

    /// <summary>The API address a 202 answer points to.</summary>
    public static string Api(Guid requestId) => $"/api/approval-requests/{requestId}";
}
