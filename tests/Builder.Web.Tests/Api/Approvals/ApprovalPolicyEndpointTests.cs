using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;

namespace Builder.Web.Tests.Api.Approvals;

/// <summary>
/// /api/organizations/{id}/approval-policy: members read it; an Admin's PUT changes nothing yet but asks (202, a change-policy
/// request) and a second person's approval writes it. /api/members/{id}/reviewer: the reviewer capability (Admins, people only).
/// </summary>
public sealed class ApprovalPolicyEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private static string PolicyUrl(Guid organizationId) => $"/api/organizations/{organizationId}/approval-policy";

    private static object Proposal(int required = 2, string? justification = "Two pairs of eyes on everything") => new
    {
        requiredApprovals = required, expiryDays = 3, trashDays = 14,
        overrides = new[] { new { operation = "delete", resourceType = "environment", resourceName = "Production", requiredApprovals = 3 } },
        justification,
    };

    public static TheoryData<Who, int> ReadStatus => ApprovalArrange.Table(200, 200, 200, 200, 200, 404, 200);
    public static TheoryData<Who, int> ChangeStatus => ApprovalArrange.Table(202, 202, 202, 403, 403, 404, 403);
    public static TheoryData<Who, int> ReviewerStatus => ApprovalArrange.Table(200, 200, 200, 403, 403, 404, 403);

    /// <summary>A fresh organization where Acme's people hold their Acme roles (the reviewer as an Admin), so each case asks afresh.</summary>
    private async Task<Guid> OrganizationAsync()
    {
        var organization = await factory.CreateOrganizationLikeAcmeAsync();
        await factory.InviteAsync(organization.Id(), Callers.ReviewerEmail, "admin");
        return organization.Id();
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Get(Who who, int status)
    {
        var org = await OrganizationAsync();
        var body = await (await factory.ClientAsync(who, org)).GetAsync(PolicyUrl(org)).ExpectJson(status);
        if (status != 200) return;
        Assert.Equal((1, 7, 30), (body.GetProperty("requiredApprovals").GetInt32(), body.GetProperty("expiryDays").GetInt32(),
            body.GetProperty("trashDays").GetInt32()));
        Assert.Empty(body.GetProperty("overrides").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("pendingChangeId").ValueKind);
    }

    [Theory, MemberData(nameof(ChangeStatus))]
    public async Task Put_asks_for_approval_and_changes_nothing_yet(Who who, int status)
    {
        var org = await OrganizationAsync();
        var response = await (await factory.ClientAsync(who, org)).PutJsonAsync(PolicyUrl(org), Proposal()).Expect(status);
        var policy = await factory.As(Caller.System).GetAsync(PolicyUrl(org)).ExpectJson(200);
        Assert.Equal(1, policy.GetProperty("requiredApprovals").GetInt32());
        if (status != 202)
        {
            Assert.Equal(JsonValueKind.Null, policy.GetProperty("pendingChangeId").ValueKind);
            return;
        }
        var answer = await response.JsonAsync();
        var request = answer.GetProperty("request");
        Assert.Equal($"/api/approval-requests/{request.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(response.Headers.Location?.OriginalString, answer.Str("url"));
        Assert.Equal(("change-policy", "approval-policy", "pending"), (request.Str("operation"), request.Str("resourceType"), request.Str("status")));
        Assert.Contains("Approvals required: 1", request.Str("before"));
        Assert.Contains("Approvals required: 2", request.Str("after"));
        Assert.Contains(request.GetProperty("consequences").EnumerateArray(), c => c.GetString() == "Approvals required: 1 → 2");
        Assert.Equal(request.Id(), policy.GetProperty("pendingChangeId").GetGuid());
    }

    [Fact]
    public async Task An_approved_change_is_written_and_audited_and_a_second_change_waits_its_turn()
    {
        var org = await OrganizationAsync();
        var request = (await factory.As(Caller.Admin).PutJsonAsync(PolicyUrl(org), Proposal()).ExpectJson(202)).GetProperty("request");
        var again = await factory.As(Callers.ReviewerEmail).PutJsonAsync(PolicyUrl(org), Proposal(3)).ExpectJson(409);
        Assert.Contains("already waiting for approval", again.Error());

        var approved = await factory.As(Callers.ReviewerEmail).PostJsonAsync($"/api/approval-requests/{request.Id()}/approve", new { }).ExpectJson(200);
        Assert.Equal("executed", approved.Str("status"));
        var policy = await factory.As(Caller.Guest).GetAsync(PolicyUrl(org)).ExpectJson(200);
        Assert.Equal((2, 3, 14), (policy.GetProperty("requiredApprovals").GetInt32(), policy.GetProperty("expiryDays").GetInt32(),
            policy.GetProperty("trashDays").GetInt32()));
        var rule = policy.GetProperty("overrides").EnumerateArray().Single();
        Assert.Equal(("delete", "environment", "Production", 3), (rule.Str("operation"), rule.Str("resourceType"), rule.Str("resourceName"),
            rule.GetProperty("requiredApprovals").GetInt32()));
        Assert.Equal(1, await factory.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.AuditEntries,
            a => a.ResourceType == ResourceTypes.ApprovalPolicy && a.ResourceId == org && a.Action == AuditActions.Updated && a.ActorEmail == Callers.AdminEmail)));
    }

    [Fact]
    public async Task A_change_made_meanwhile_makes_the_older_request_fail_instead_of_overwriting_it()
    {
        var org = await OrganizationAsync();
        var first = (await factory.As(Caller.Admin).PutJsonAsync(PolicyUrl(org), Proposal(2)).ExpectJson(202)).GetProperty("request");
        await using (var scope = factory.Services.CreateAsyncScope())
        await using (var db = scope.ServiceProvider.GetRequiredService<Builder.Domain.Common.IBuilderDbContextFactory>().Create())
        {
            db.ApprovalPolicies.Add(new OrganizationApprovalPolicy { OrganizationId = org, RequiredApprovals = 4, UpdatedBy = "someone@acme.test" });
            await db.SaveChangesAsync();
        }
        var outcome = await factory.As(Callers.ReviewerEmail).PostJsonAsync($"/api/approval-requests/{first.Id()}/approve", new { }).ExpectJson(200);
        Assert.Equal("failed", outcome.Str("status"));
        Assert.Contains("changed since it was requested", outcome.Str("outcome"));
        Assert.Equal(4, (await factory.As(Caller.Admin).GetAsync(PolicyUrl(org)).ExpectJson(200)).GetProperty("requiredApprovals").GetInt32());
    }

    [Fact]
    public async Task Bad_proposals_are_400_by_field_and_ask_nothing()
    {
        var org = await OrganizationAsync();
        var admin = factory.As(Caller.Admin);
        var zero = await admin.PutJsonAsync(PolicyUrl(org), Proposal(0)).ExpectJson(400);
        Assert.Contains("Only a System administrator", zero.GetProperty("errors").GetProperty("requiredApprovals")[0].GetString());
        var bad = await admin.PutJsonAsync(PolicyUrl(org), new
        {
            requiredApprovals = 1, expiryDays = 0, trashDays = 400,
            overrides = new[] { new { operation = "explode", resourceType = "", resourceName = (string?)null, requiredApprovals = 2 } },
            justification = "why not",
        }).ExpectJson(400);
        var fields = bad.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["expiryDays", "trashDays", "overrides[0].operation", "overrides[0].resourceType"], fields);
        var unreasoned = await admin.PutJsonAsync(PolicyUrl(org), Proposal(justification: " ")).ExpectJson(400);
        Assert.Contains("goes to a reviewer for approval", unreasoned.GetProperty("errors").GetProperty("justification")[0].GetString());
        var same = await admin.PutJsonAsync(PolicyUrl(org), new { requiredApprovals = 1, expiryDays = 7, trashDays = 30, justification = "no-op" }).ExpectJson(400);
        Assert.True(same.GetProperty("errors").TryGetProperty("policy", out _));
        Assert.Equal(JsonValueKind.Null, (await admin.GetAsync(PolicyUrl(org)).ExpectJson(200)).GetProperty("pendingChangeId").ValueKind);
    }

    [Fact]
    public async Task A_system_administrator_may_ask_for_no_approval_at_all()
    {
        var org = await OrganizationAsync();
        var request = (await factory.As(Caller.System).PutJsonAsync(PolicyUrl(org), Proposal(0)).ExpectJson(202)).GetProperty("request");
        await factory.As(Caller.Admin).PostJsonAsync($"/api/approval-requests/{request.Id()}/approve", new { }).Expect(200);
        Assert.Equal(0, (await factory.As(Caller.Admin).GetAsync(PolicyUrl(org)).ExpectJson(200)).GetProperty("requiredApprovals").GetInt32());
    }

    [Theory, MemberData(nameof(ReviewerStatus))]
    public async Task Reviewer_capability(Who who, int status)
    {
        var seed = await factory.SeedAsync();
        var member = await factory.InviteAsync(seed.Acme, role: "user");
        var body = await (await factory.ClientAsync(who)).PutJsonAsync($"/api/members/{member.Id()}/reviewer", new { isReviewer = true }).ExpectJson(status);
        var stored = await factory.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Memberships, m => m.Id == member.Id()));
        Assert.Equal(status == 200, stored.IsReviewer);
        if (status == 200)
        {
            Assert.True(body.GetProperty("isReviewer").GetBoolean());
            Assert.Equal(1, await factory.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.AuditEntries,
                a => a.ResourceId == member.Id() && a.Action == AuditActions.Updated && a.ChangedFields == "isReviewer")));
        }
        if (who == Who.ApiKey) Assert.Contains("requires human oversight", body.Error());
    }

    [Fact]
    public async Task A_member_made_reviewer_decides_and_taken_off_no_longer_does()
    {
        var seed = await factory.SeedAsync();
        var guest = (await factory.As(Caller.Admin).GetAsync($"/api/members?organizationId={seed.Acme}&search=guest@acme.test").ExpectJson(200)).Data().Single();
        var (first, _) = await factory.RequestWorkflowDeletionAsync(Callers.AdminEmail);
        await factory.As(Caller.Guest).PostJsonAsync($"/api/approval-requests/{first}/approve", new { }).Expect(403);
        // A Guest only reads: never a reviewer.
        await factory.As(Caller.Admin).PutJsonAsync($"/api/members/{guest.Id()}/reviewer", new { isReviewer = true }).Expect(400);
        await factory.As(Caller.Guest).PostJsonAsync($"/api/approval-requests/{first}/approve", new { }).Expect(403);

        var user = (await factory.As(Caller.Admin).GetAsync($"/api/members?organizationId={seed.Acme}&search=builder@acme.test").ExpectJson(200)).Data().Single();
        await factory.As(Caller.User).PostJsonAsync($"/api/approval-requests/{first}/approve", new { }).Expect(403);
        await factory.As(Caller.Admin).PutJsonAsync($"/api/members/{user.Id()}/reviewer", new { isReviewer = true }).Expect(200);
        Assert.True((await factory.As(Caller.Admin).GetAsync($"/api/members?organizationId={seed.Acme}&search=builder@acme.test").ExpectJson(200))
            .Data().Single().GetProperty("isReviewer").GetBoolean());
        await factory.As(Caller.User).PostJsonAsync($"/api/approval-requests/{first}/approve", new { }).Expect(200);

        await factory.As(Caller.Admin).PutJsonAsync($"/api/members/{user.Id()}/reviewer", new { isReviewer = false }).Expect(200);
        var (second, _) = await factory.RequestWorkflowDeletionAsync(Callers.AdminEmail);
        await factory.As(Caller.User).PostJsonAsync($"/api/approval-requests/{second}/approve", new { }).Expect(403);
        await factory.As(Caller.Admin).PutJsonAsync($"/api/members/{user.Id()}/reviewer", new { }).Expect(400);
    }
}
