using Builder.Domain.Approvals;
using Builder.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Builder.Web.Features.Approvals;

/// <summary>How the console shows a request's status, its time left and its votes.</summary>
public static class ApprovalText
{
    public static string Status(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Pending => "Pending",
        ApprovalStatus.Approved => "Approved",
        ApprovalStatus.Executed => "Executed",
        ApprovalStatus.Failed => "Failed",
        ApprovalStatus.Rejected => "Rejected",
        ApprovalStatus.Cancelled => "Cancelled",
        ApprovalStatus.Expired => "Expired",
        _ => status.ToString(),
    };

    public static string Color(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Pending => "warning",
        ApprovalStatus.Approved or ApprovalStatus.Executed => "success",
        ApprovalStatus.Failed or ApprovalStatus.Rejected => "error",
        _ => "default",
    };

    public static RenderFragment Chip(ApprovalStatus status) => Plain.Chip(Status(status), null, Color(status), "approval-status");

    /// <summary>"in 6 days", "in 3 hours", "in 12 minutes"; "—" once decided; "expired" when the time is up.</summary>
    public static string ExpiresIn(ApprovalRequestView request, DateTime now)
    {
        if (request.Status != ApprovalStatus.Pending) return "—";
        var left = request.ExpiresAt - now;
        if (left <= TimeSpan.Zero) return "expired";
        if (left.TotalDays >= 1) return Plural((int)Math.Round(left.TotalDays), "day");
        if (left.TotalHours >= 1) return Plural((int)Math.Round(left.TotalHours), "hour");
        return Plural(Math.Max(1, (int)left.TotalMinutes), "minute");
    }

    private static string Plural(int n, string unit) => $"in {n} {unit}{(n == 1 ? "" : "s")}";

    /// <summary>"1 of 2 approvals".</summary>
    public static string Approvals(ApprovalRequestView request) =>
        $"{request.Approvals} of {request.RequiredApprovals} approval{(request.RequiredApprovals == 1 ? "" : "s")}";

    /// <summary>The first line of a justification, at most <paramref name="max"/> characters.</summary>
    public static string Excerpt(string text, int max = 90)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..(max - 1)].TrimEnd() + "…";
    }

    public static string Person(string name, string email) => string.IsNullOrWhiteSpace(name) || name == email ? email : $"{name} ({email})";
}
