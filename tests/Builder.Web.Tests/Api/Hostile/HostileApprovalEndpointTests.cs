using System.Text;
using Builder.Domain.Approvals;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Web.Tests.Api.Approvals;
using Builder.Web.Tests.Api.PromptTemplates;
using Builder.Web.Tests.Api.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Api.Hostile;

/// <summary>
/// A hostile caller against approval requests, sharing and deletion requests through the real API: another organization's ids,
/// an API key wherever a person is required, what goes with a target growing after the request, requests about PRIVATE
/// resources, and bodies built to be too big.
/// </summary>
public sealed class HostileApprovalEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private async Task<Guid> WorkflowAsync(SharingLevel sharing = SharingLevel.Company)
    {
        var (workflow, _) = await factory.CreateSimpleWorkflowAsync();
        if (sharing != SharingLevel.Company)
        {
            await using var db = factory.Services.GetRequiredService<IBuilderDbContextFactory>().Create();
            var record = await db.Workflows.SingleAsync(w => w.Id == workflow.Id());
            record.SharingLevel = sharing;
            await db.SaveChangesAsync();
        }
        return workflow.Id();
    }

    private async Task<Guid> MembershipIdAsync(Guid organization, string email) =>
        (await factory.As(Caller.Admin).GetAsync($"/api/members?organizationId={organization}&search={email}").ExpectJson(200)).Data().Single().Id();

    [Fact]
    public async Task Another_organizations_ids_are_404_on_every_approval_sharing_deletion_and_policy_endpoint()
    {
        var seed = await factory.SeedAsync();
        var workflow = await WorkflowAsync();
        var request = (await factory.AskAsync(Callers.UserEmail, ApprovalOperations.Delete, "workflow", workflow, "Old")).Id;
        var member = await MembershipIdAsync(seed.Acme, Callers.UserEmail);
        var globex = factory.As(Caller.Outsider);

        await globex.GetAsync($"/api/approval-requests/{request}").Expect(404);
        foreach (var action in new[] { "approve", "reject", "cancel" })
            await globex.PostJsonAsync($"/api/approval-requests/{request}/{action}", new { comment = "mine now" }).Expect(404);
        await globex.GetAsync($"/api/approval-requests?organizationId={seed.Acme}").Expect(404);
        await globex.GetAsync($"/api/workflows/{workflow}/sharing").Expect(404);
        await globex.PutJsonAsync($"/api/workflows/{workflow}/sharing", new { sharingLevel = "PRIVATE", justification = "x" }).Expect(404);
        await globex.PostJsonAsync($"/api/workflows/{workflow}/transfer-ownership", new { newOwnerId = Guid.NewGuid(), justification = "x" }).Expect(404);
        await globex.RequestDeletionAsync($"/api/workflows/{workflow}").Expect(404);
        await globex.GetAsync($"/api/organizations/{seed.Acme}/approval-policy").Expect(404);
        await globex.PutJsonAsync($"/api/organizations/{seed.Acme}/approval-policy", new { requiredApprovals = 0, justification = "x" }).Expect(404);
        await globex.PutJsonAsync($"/api/members/{member}/reviewer", new { isReviewer = true }).Expect(404);

        Assert.Equal("pending", (await factory.RequestJsonAsync(request)).Str("status"));
        Assert.NotNull(await factory.CurrentAsync($"/api/workflows/{workflow}"));
    }

    [Fact]
    public async Task An_API_key_is_refused_wherever_a_person_is_required_and_nothing_changes()
    {
        var seed = await factory.SeedAsync();
        var workflow = await WorkflowAsync();
        var own = (await factory.AskAsync(Callers.AdminEmail, ApprovalOperations.Delete, "workflow", workflow, "Old")).Id;
        var other = (await factory.AskAsync(Callers.UserEmail, ApprovalOperations.Delete, "workflow", await WorkflowAsync(), "Old")).Id;
        var member = await MembershipIdAsync(seed.Acme, Callers.UserEmail);
        var builder = await factory.QueryAsync(db => db.Users.Where(u => u.Email == Callers.UserEmail).Select(u => u.Id).SingleAsync());
        var key = await factory.ClientAsync(Who.ApiKey); // the Acme Admin's own key

        await key.PostJsonAsync($"/api/approval-requests/{other}/approve", new { }).Expect(403);
        await key.PostJsonAsync($"/api/approval-requests/{other}/reject", new { }).Expect(403);
        await key.PostJsonAsync($"/api/approval-requests/{own}/cancel", new { }).Expect(403);
        await key.RequestDeletionAsync($"/api/workflows/{await WorkflowAsync()}").Expect(403);
        await key.GetAsync($"/api/workflows/{workflow}/sharing").Expect(403);
        await key.PutJsonAsync($"/api/workflows/{workflow}/sharing", new { sharingLevel = "PRIVATE", justification = "x" }).Expect(403);
        await key.PostJsonAsync($"/api/workflows/{workflow}/transfer-ownership", new { newOwnerId = builder, justification = "x" }).Expect(403);
        await key.PutJsonAsync($"/api/organizations/{seed.Acme}/approval-policy", new { requiredApprovals = 3, justification = "x" }).Expect(403);
        await key.PutJsonAsync($"/api/members/{member}/reviewer", new { isReviewer = true }).Expect(403);

        Assert.Equal("pending", (await factory.RequestJsonAsync(own)).Str("status"));
        Assert.Equal("pending", (await factory.RequestJsonAsync(other)).Str("status"));
        Assert.False(await factory.QueryAsync(db => db.Memberships.Where(m => m.Id == member).Select(m => m.IsReviewer).SingleAsync()));
    }

    [Fact]
    public async Task An_environment_that_gained_a_variable_after_the_request_is_not_deleted_with_it()
    {
        var seed = await factory.SeedAsync();
        var environment = (await factory.CreateEnvironmentAsync(seed.Acme)).Id();
        await factory.CreateVariableAsync(environment, value: "one");
        var accepted = await factory.As(Caller.Admin).RequestDeletionAsync($"/api/environments/{environment}").ExpectJson(202);
        Assert.Contains("1 variable, with its value", accepted.GetProperty("request").GetProperty("consequences").EnumerateArray().Select(c => c.GetString()));

        // The environment's own version does not change when a variable is added to it: the reviewer approved deleting one variable.
        await factory.CreateVariableAsync(environment, value: "production secret");
        var decided = await factory.ApproveAsync(accepted.GetProperty("request").Id());

        Assert.Equal(ApprovalStatus.Failed, decided.Status);
        Assert.Contains("changed since it was requested", decided.Outcome);
        Assert.NotNull(await factory.CurrentAsync($"/api/environments/{environment}"));
        Assert.Equal(2, await factory.QueryAsync(db => db.Variables.CountAsync(v => v.EnvironmentId == environment)));
    }

    [Fact]
    public async Task A_private_workflows_deletion_request_is_404_to_members_who_cannot_see_it_and_left_out_of_their_lists()
    {
        var seed = await factory.SeedAsync();
        var workflow = await WorkflowAsync(SharingLevel.Private);
        var accepted = await factory.As(Caller.Admin).RequestDeletionAsync($"/api/workflows/{workflow}", justification: "Acquisition of Initech is off")
            .ExpectJson(202);
        var id = accepted.GetProperty("request").Id();

        foreach (var who in new[] { Caller.Guest, Caller.User })
        {
            await factory.As(who).GetAsync($"/api/approval-requests/{id}").Expect(404);
            var list = await factory.As(who).GetAsync($"/api/approval-requests?organizationId={seed.Acme}&limit=100").ExpectJson(200);
            Assert.DoesNotContain(list.Data(), r => r.Id() == id);
            await factory.As(who).PostJsonAsync($"/api/approval-requests/{id}/reject", new { }).Expect(404);
        }
        await factory.As(Callers.ReviewerEmail).GetAsync($"/api/approval-requests/{id}").Expect(200);
        await factory.As(Caller.Admin).GetAsync($"/api/approval-requests/{id}").Expect(200);
    }

    [Fact]
    public async Task A_megabyte_of_justification_is_413_one_over_the_limit_400_and_neither_asks_anything()
    {
        var workflow = await WorkflowAsync();
        var url = $"/api/workflows/{workflow}";

        await factory.As(Caller.Admin).RequestDeletionAsync(url, justification: new string('x', 1024 * 1024 + 10)).Expect(413);
        var body = await factory.As(Caller.Admin).RequestDeletionAsync(url, justification: new string('x', ApprovalRequest.JustificationMax + 1)).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty("justification", out _));
        Assert.False(await factory.DeletionPendingAsync(workflow));
    }

    [Fact]
    public async Task Markup_and_control_characters_in_a_justification_come_back_as_the_same_text()
    {
        var workflow = await WorkflowAsync();
        const string Justification = "<script>alert(1)</script>\u0007\u001b[31m <img src=x onerror=alert(2)> ‮txt.exe";
        var accepted = await factory.As(Caller.Admin).RequestDeletionAsync($"/api/workflows/{workflow}", justification: Justification).ExpectJson(202);
        var id = accepted.GetProperty("request").Id();
        Assert.Equal(Justification, (await factory.RequestJsonAsync(id)).Str("justification"));
    }

    [Fact]
    public async Task A_policy_with_ten_thousand_overrides_or_absurd_numbers_is_refused_and_asks_nothing()
    {
        var seed = await factory.SeedAsync();
        var url = $"/api/organizations/{seed.Acme}/approval-policy";
        var overrides = Enumerable.Range(0, 10_000).Select(i => new { operation = "delete", resourceType = "workflow", resourceName = $"W{i}", requiredApprovals = 2 });
        var response = await factory.As(Caller.Admin).PutJsonAsync(url, new { requiredApprovals = 1, overrides, justification = "Lots" });
        Assert.Contains((int)response.StatusCode, new[] { 400, 413 });

        await factory.As(Caller.Admin).PutJsonAsync(url, new { requiredApprovals = -1, justification = "x" }).Expect(400);
        await factory.As(Caller.Admin).PutJsonAsync(url, new { requiredApprovals = 0, justification = "x" }).Expect(400);
        await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Put, url, "{\"requiredApprovals\": 99999999999999999999, \"justification\": \"x\"}").Expect(400);
        await factory.As(Caller.Admin).PutJsonAsync(url,
            new { requiredApprovals = 1, overrides = new[] { new { operation = "obliterate", resourceType = "workflow", requiredApprovals = 0 } }, justification = "x" })
            .Expect(400);
        Assert.False(await factory.QueryAsync(db => db.ApprovalRequests.AnyAsync(r => r.Operation == ApprovalOperations.ChangePolicy && r.OrganizationId == seed.Acme)));
    }

    [Fact]
    public async Task A_user_cannot_escalate_by_sharing_to_themselves_nor_hand_a_workflow_to_a_guest_or_an_outsider()
    {
        var workflow = await WorkflowAsync(); // company-wide at EDIT: the builder edits it, but holds no ADMIN on it
        var ids = await factory.QueryAsync(db => db.Users.Where(u => u.Email == Callers.UserEmail || u.Email == Callers.GuestEmail || u.Email == Callers.OutsiderEmail)
            .ToDictionaryAsync(u => u.Email, u => u.Id));

        await factory.As(Caller.User).PutJsonAsync($"/api/workflows/{workflow}/sharing",
            new { shares = new[] { new { userId = ids[Callers.UserEmail], accessLevel = "ADMIN" } }, justification = "Me" }).Expect(403);
        await factory.As(Caller.User).PostJsonAsync($"/api/workflows/{workflow}/transfer-ownership",
            new { newOwnerId = ids[Callers.UserEmail], justification = "Mine" }).Expect(403);
        foreach (var email in new[] { Callers.GuestEmail, Callers.OutsiderEmail })
            await factory.As(Caller.Admin).PostJsonAsync($"/api/workflows/{workflow}/transfer-ownership",
                new { newOwnerId = ids[email], justification = "Theirs" }).Expect(400);
        await factory.As(Caller.Admin).PutJsonAsync($"/api/workflows/{workflow}/sharing",
            new { shares = new[] { new { userId = ids[Callers.OutsiderEmail], accessLevel = "VIEW" } }, justification = "Leak" }).Expect(400);
        Assert.False(await factory.QueryAsync(db => db.ApprovalRequests.AnyAsync(r => r.ResourceId == workflow)));
    }

    [Fact]
    public async Task Deeply_nested_or_wrongly_shaped_bodies_are_400_on_every_approval_sharing_and_policy_body_and_change_nothing()
    {
        var seed = await factory.SeedAsync();
        var workflow = await WorkflowAsync();
        var request = (await factory.AskAsync(Callers.UserEmail, ApprovalOperations.Delete, "workflow", await WorkflowAsync(), "Old")).Id;
        var deep = new StringBuilder();
        for (var i = 0; i < 5000; i++) deep.Append("{\"a\":");
        deep.Append('1').Append('}', 5000);
        var admin = factory.As(Caller.Admin);
        var bodies = new (HttpMethod Method, string Url, string Json)[]
        {
            (HttpMethod.Post, $"/api/approval-requests/{request}/reject", $"{{\"comment\":{deep}}}"),
            (HttpMethod.Post, $"/api/approval-requests/{request}/approve", "{\"comment\":[1,2,3]}"),
            (HttpMethod.Put, $"/api/workflows/{workflow}/sharing", $"{{\"sharingLevel\":\"PRIVATE\",\"shares\":{deep},\"justification\":\"x\"}}"),
            (HttpMethod.Put, $"/api/workflows/{workflow}/sharing", "{\"sharingLevel\":{\"$ne\":null},\"justification\":\"x\"}"),
            (HttpMethod.Put, $"/api/workflows/{workflow}/sharing", "{\"shares\":[{\"userId\":\"not-a-guid\",\"accessLevel\":\"OWNER\"}],\"justification\":\"x\"}"),
            (HttpMethod.Post, $"/api/workflows/{workflow}/transfer-ownership", "{\"newOwnerId\":[\"x\"],\"justification\":\"x\"}"),
            (HttpMethod.Put, $"/api/organizations/{seed.Acme}/approval-policy", $"{{\"requiredApprovals\":2,\"overrides\":{deep},\"justification\":\"x\"}}"),
            (HttpMethod.Put, $"/api/organizations/{seed.Acme}/approval-policy", "{\"requiredApprovals\":\"two\",\"justification\":\"x\"}"),
            (HttpMethod.Delete, $"/api/workflows/{workflow}", $"{{\"justification\":{deep}}}"),
            (HttpMethod.Delete, $"/api/workflows/{workflow}", "{\"justification\":42}"),
        };
        foreach (var (method, url, json) in bodies)
        {
            var status = (int)(await admin.SendRawAsync(method, url, json)).StatusCode;
            Assert.True(status == 400, $"{method} {url} {json[..Math.Min(60, json.Length)]}: {status}");
        }
        Assert.Equal("pending", (await factory.RequestJsonAsync(request)).Str("status"));
        Assert.False(await factory.QueryAsync(db => db.ApprovalRequests.AnyAsync(r => r.ResourceId == workflow || r.ResourceId == seed.Acme)));
    }

    private async Task PrivateAsync<T>(Guid id) where T : class, IOwnedResource
    {
        await using var db = factory.Services.GetRequiredService<IBuilderDbContextFactory>().Create();
        var record = await db.Set<T>().SingleAsync(r => r.Id == id);
        record.SharingLevel = SharingLevel.Private;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_private_template_and_workflow_leak_through_no_sub_resource_search_group_or_run()
    {
        var seed = await factory.SeedAsync();
        var name = Arrange.Unique("Secret");
        var template = (await factory.CreateTemplateAsync(seed.Acme, name)).Id();
        await PrivateAsync<Builder.Domain.PromptTemplates.PromptTemplate>(template);
        var workflow = await WorkflowAsync(SharingLevel.Private);
        var workflowName = (await factory.CurrentAsync($"/api/workflows/{workflow}"))!.Value.Str("name");
        var t = $"/api/prompt-templates/{template}";

        foreach (var who in new[] { Caller.User, Caller.Guest })
        {
            var client = factory.As(who);
            foreach (var url in new[] { t, $"{t}/versions", $"{t}/versions/1", $"{t}/labels", $"{t}/label-history", $"{t}/executions", $"{t}?version=1",
                         $"/api/workflows/{workflow}", $"/api/workflows/{workflow}/sharing" })
                await client.GetAsync(url).Expect(404);
            await client.PostJsonAsync($"{t}/execute", new { variables = new { } }).Expect(404);
            await client.PostJsonAsync($"{t}/versions/1/restore", new { }).Expect(404);
            await client.PutJsonAsync($"{t}/labels/production", new { version = 1 }).Expect(404);
            await client.PostJsonAsync($"/api/workflows/{workflow}/dry-run", new { message = new { } }).Expect(404);
            foreach (var list in new[] { $"/api/prompt-templates?organizationId={seed.Acme}&search={Uri.EscapeDataString(name)}",
                         $"/api/workflows?organizationId={seed.Acme}&search={Uri.EscapeDataString(workflowName)}" })
            {
                var page = await client.GetAsync(list).ExpectJson(200);
                Assert.Empty(page.Data());
                Assert.Equal(0, page.GetProperty("pagination").GetProperty("total").GetInt32());
            }
            foreach (var all in new[] { $"/api/prompt-templates/all?organizationId={seed.Acme}", $"/api/workflows/all?organizationId={seed.Acme}" })
            {
                var text = await (await client.GetAsync(all).Expect(200)).Content.ReadAsStringAsync();
                Assert.DoesNotContain(name, text);
                Assert.DoesNotContain(workflowName, text);
            }
        }
    }
}
