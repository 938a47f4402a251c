using System.Text.Json;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;

namespace Builder.Web.Tests.Api.Approvals;

/// <summary>
/// /api/approval-requests for every caller: members of the organization read its requests; Admins and reviewers other than the
/// requester decide; the requester cancels; API keys never decide (human oversight); another organization's request is 404.
/// </summary>
public sealed class ApprovalEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string Url = "/api/approval-requests";

    public static TheoryData<Who, int> ReadStatus => ApprovalArrange.Table(200, 200, 200, 200, 200, 404, 200);

    /// <summary>The builder asked: System is not needed (Acme has reviewers), the builder may not approve their own, a Guest never decides.</summary>
    public static TheoryData<Who, int> DecideStatus => ApprovalArrange.Table(403, 200, 200, 403, 403, 404, 403);

    /// <summary>The Admin asked (so the Admin's own API key can try): only the Admin, in person, cancels.</summary>
    public static TheoryData<Who, int> CancelStatus => ApprovalArrange.Table(403, 200, 403, 403, 403, 404, 403);

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task List(Who who, int status)
    {
        var seed = await factory.SeedAsync();
        var (id, _) = await factory.RequestWorkflowDeletionAsync();
        var body = await (await factory.ClientAsync(who)).GetAsync($"{Url}?organizationId={seed.Acme}&limit=100").ExpectJson(status);
        if (status != 200) return;
        var row = body.Data().Single(r => r.Id() == id);
        Assert.Equal(("delete", "workflow", "pending", Callers.UserEmail), (row.Str("operation"), row.Str("resourceType"), row.Str("status"), row.Str("requesterEmail")));
        Assert.Equal("Replaced by the new routing flow", row.Str("justification"));
        Assert.Equal(1, row.GetProperty("requiredApprovals").GetInt32());
        Assert.StartsWith("Delete workflow “", row.Str("title"));
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Get(Who who, int status)
    {
        var (id, _) = await factory.RequestWorkflowDeletionAsync();
        var body = await (await factory.ClientAsync(who)).GetAsync($"{Url}/{id}").ExpectJson(status);
        if (status != 200) return;
        Assert.Equal(id, body.Id());
        Assert.Contains(body.GetProperty("consequences").EnumerateArray(), c => c.GetString()!.Contains("with all its steps"));
        Assert.Equal(who is Who.Admin or Who.Reviewer, body.GetProperty("canDecide").GetBoolean());
        Assert.Equal(who == Who.User, body.GetProperty("canCancel").GetBoolean());
    }

    [Theory, MemberData(nameof(DecideStatus))]
    public async Task Approve(Who who, int status)
    {
        var (id, workflowId) = await factory.RequestWorkflowDeletionAsync();
        var response = await (await factory.ClientAsync(who)).PostJsonAsync($"{Url}/{id}/approve", new { comment = "Fine by me" }).Expect(status);
        Assert.Equal(status == 200, await factory.CurrentAsync($"/api/workflows/{workflowId}") is null);
        Assert.Equal(status == 200 ? "executed" : "pending", (await factory.RequestJsonAsync(id)).Str("status"));
        if (status == 200)
        {
            var vote = (await response.JsonAsync()).GetProperty("votes").EnumerateArray().Single();
            Assert.Equal(("Fine by me", true), (vote.Str("comment"), vote.GetProperty("approves").GetBoolean()));
        }
    }

    [Theory, MemberData(nameof(DecideStatus))]
    public async Task Reject(Who who, int status)
    {
        var (id, workflowId) = await factory.RequestWorkflowDeletionAsync();
        await (await factory.ClientAsync(who)).PostJsonAsync($"{Url}/{id}/reject", new { comment = "Still used by billing" }).Expect(status);
        Assert.NotNull(await factory.CurrentAsync($"/api/workflows/{workflowId}"));
        var request = await factory.RequestJsonAsync(id);
        Assert.Equal(status == 200 ? "rejected" : "pending", request.Str("status"));
        if (status == 200) Assert.Equal("Still used by billing", request.Str("outcome"));
    }

    [Theory, MemberData(nameof(CancelStatus))]
    public async Task Cancel(Who who, int status)
    {
        var (id, workflowId) = await factory.RequestWorkflowDeletionAsync(Callers.AdminEmail);
        await (await factory.ClientAsync(who)).PostJsonAsync($"{Url}/{id}/cancel", new { }).Expect(status);
        Assert.NotNull(await factory.CurrentAsync($"/api/workflows/{workflowId}"));
        Assert.Equal(status == 200 ? "cancelled" : "pending", (await factory.RequestJsonAsync(id)).Str("status"));
    }

    [Fact]
    public async Task An_API_key_is_told_that_deciding_needs_a_person()
    {
        var (id, _) = await factory.RequestWorkflowDeletionAsync();
        var key = await factory.ClientAsync(Who.ApiKey);
        Assert.Equal("Approving a request requires human oversight in the Builder UI",
            (await key.PostJsonAsync($"{Url}/{id}/approve", new { }).ExpectJson(403)).Error());
        Assert.Equal("Rejecting a request requires human oversight in the Builder UI",
            (await key.PostJsonAsync($"{Url}/{id}/reject", new { }).ExpectJson(403)).Error());
    }

    [Fact]
    public async Task Approving_your_own_request_is_403_and_says_another_reviewer_decides()
    {
        var (id, _) = await factory.RequestWorkflowDeletionAsync(Callers.AdminEmail);
        var body = await factory.As(Caller.Admin).PostJsonAsync($"{Url}/{id}/approve", new { }).ExpectJson(403);
        Assert.Contains("your own request", body.Error());
        Assert.Equal("pending", (await factory.RequestJsonAsync(id)).Str("status"));
    }

    [Fact]
    public async Task A_decided_request_answers_409_to_every_further_decision()
    {
        var (id, _) = await factory.RequestWorkflowDeletionAsync();
        await factory.As(Callers.ReviewerEmail).PostJsonAsync($"{Url}/{id}/approve", new { }).Expect(200);

        var again = await factory.As(Caller.Admin).PostJsonAsync($"{Url}/{id}/approve", new { }).ExpectJson(409);
        Assert.Contains("already executed", again.Error());
        await factory.As(Caller.Admin).PostJsonAsync($"{Url}/{id}/reject", new { }).Expect(409);
        await factory.As(Caller.User).PostJsonAsync($"{Url}/{id}/cancel", new { }).Expect(409);
        Assert.Equal(1, await factory.AuditCountAsync(id, ApprovalAuditActions.Executed));
    }

    [Fact]
    public async Task Two_approvals_posted_at_the_same_instant_run_the_deletion_exactly_once()
    {
        for (var round = 0; round < 3; round++)
        {
            var (id, workflowId) = await factory.RequestWorkflowDeletionAsync();
            var admin = factory.As(Caller.Admin);
            var reviewer = factory.As(Callers.ReviewerEmail);
            var start = new TaskCompletionSource();
            var posts = new[] { admin, reviewer }.Select(async client =>
            {
                await start.Task;
                return (int)(await client.PostJsonAsync($"{Url}/{id}/approve", new { })).StatusCode;
            }).ToList();
            start.SetResult();
            var statuses = await Task.WhenAll(posts);

            Assert.All(statuses, s => Assert.Contains(s, new[] { 200, 409 }));
            Assert.Contains(200, statuses);
            Assert.Equal(1, await factory.AuditCountAsync(id, ApprovalAuditActions.Executed));
            Assert.Equal(1, await factory.AuditCountAsync(workflowId, AuditActions.Deleted));
            Assert.Equal("executed", (await factory.RequestJsonAsync(id)).Str("status"));
        }
    }

    [Fact]
    public async Task Another_organizations_request_is_404_to_read_and_to_decide()
    {
        var (id, _) = await factory.RequestWorkflowDeletionAsync();
        var outsider = factory.As(Caller.Outsider);
        Assert.Equal("Approval request not found", (await outsider.GetAsync($"{Url}/{id}").ExpectJson(404)).Error());
        await outsider.PostJsonAsync($"{Url}/{id}/approve", new { }).Expect(404);
        var seed = await factory.SeedAsync();
        await outsider.GetAsync($"{Url}?organizationId={seed.Acme}").Expect(404);
        await factory.As(Caller.Admin).GetAsync($"{Url}/{Guid.NewGuid()}").Expect(404);
    }

    [Fact]
    public async Task Lists_filter_by_status_mine_and_waiting_for_me_and_page()
    {
        var seed = await factory.SeedAsync();
        var (mine, _) = await factory.RequestWorkflowDeletionAsync();
        var (rejected, _) = await factory.RequestWorkflowDeletionAsync();
        await factory.As(Caller.Admin).PostJsonAsync($"{Url}/{rejected}/reject", new { comment = "no" }).Expect(200);
        var list = $"{Url}?organizationId={seed.Acme}&limit=100";

        var waiting = await factory.As(Callers.ReviewerEmail).GetAsync($"{list}&waitingForMe=true").ExpectJson(200);
        Assert.Contains(waiting.Data(), r => r.Id() == mine);
        Assert.DoesNotContain(waiting.Data(), r => r.Id() == rejected);
        Assert.Empty((await factory.As(Caller.User).GetAsync($"{list}&waitingForMe=true").ExpectJson(200)).Data());

        var own = (await factory.As(Caller.User).GetAsync($"{list}&mine=true&status=Rejected").ExpectJson(200)).Data();
        Assert.Contains(own, r => r.Id() == rejected);
        Assert.DoesNotContain(own, r => r.Id() == mine);
        Assert.All(own, r => Assert.Equal(("rejected", Callers.UserEmail), (r.Str("status"), r.Str("requesterEmail"))));
        Assert.DoesNotContain((await factory.As(Caller.Admin).GetAsync($"{list}&mine=true").ExpectJson(200)).Data(),
            r => r.Str("requesterEmail") != Callers.AdminEmail);
        Assert.All((await factory.As(Caller.Guest).GetAsync($"{list}&status=pending").ExpectJson(200)).Data(), r => Assert.Equal("pending", r.Str("status")));

        var page = await factory.As(Caller.Admin).GetAsync($"{Url}?organizationId={seed.Acme}&limit=1&page=2").ExpectJson(200);
        Assert.Single(page.Data());
        Assert.Equal(2, page.GetProperty("pagination").GetProperty("page").GetInt32());
    }

    [Theory]
    [InlineData("status=later", "status")]
    [InlineData("status=3", "status")]
    [InlineData("limit=0", "limit")]
    public async Task A_bad_filter_is_400_naming_it(string query, string field)
    {
        var seed = await factory.SeedAsync();
        var body = await factory.As(Caller.Admin).GetAsync($"{Url}?organizationId={seed.Acme}&{query}").ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task Without_an_organization_the_list_is_400_except_for_the_platforms_own_requests()
    {
        await factory.As(Caller.Admin).GetAsync(Url).Expect(400);
        await factory.As(Caller.System).GetAsync(Url).Expect(200);
    }

    [Fact]
    public async Task A_comment_longer_than_allowed_is_400_and_decides_nothing()
    {
        var (id, _) = await factory.RequestWorkflowDeletionAsync();
        var body = await factory.As(Caller.Admin).PostJsonAsync($"{Url}/{id}/reject", new { comment = new string('x', ApprovalRequest.CommentMax + 1) })
            .ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty("comment", out _));
        Assert.Equal("pending", (await factory.RequestJsonAsync(id)).Str("status"));
    }
}
