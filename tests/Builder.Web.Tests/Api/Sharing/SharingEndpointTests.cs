using System.Text.Json;
using Builder.Domain.Sharing;
using Builder.Web.Tests.Api.PromptTemplates;
using Builder.Web.Tests.Api.Workflows;
using Builder.Domain.Approvals;
using Builder.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api.Sharing;

/// <summary>
/// <c>GET /api/{workflows|prompt-templates|prompts}/{id}/sharing</c>, the <c>ownership=</c> list filter, the grouped
/// <c>GET …/all</c>, and the sharing fields of every row and view, for every caller.
/// </summary>
public sealed class SharingEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(WorkflowsRead, 200, 200, 200, 200, 404);

    public static TheoryData<string> Resources => new() { "workflows", "prompt-templates", "prompts" };

    /// <summary>A fresh resource of Acme, created by the Admin (so the Admin owns it): its id.</summary>
    private async Task<Guid> CreateAsync(string resource, Caller caller = Caller.Admin)
    {
        var seed = await factory.SeedAsync();
        switch (resource)
        {
            case "workflows":
                var entity = await factory.CreateEntityAsync(seed.Acme);
                return (await factory.CreateWorkflowAsync(seed.AcmeDevelopment, Tree.Data(Tree.Node(entity, "root")), caller: caller)).Id();
            case "prompt-templates":
                return (await factory.CreateTemplateAsync(seed.Acme, caller: caller)).Id();
            default:
                return (await factory.As(caller).PostJsonAsync("/api/prompts", new { organizationId = seed.Acme, title = Arrange.Unique("Support"), content = "Hi" })
                    .ExpectJson(201)).Id();
        }
    }

    private static string TypeOf(string resource) => resource switch
    {
        "workflows" => "workflow", "prompt-templates" => "prompt-template", _ => "prompt",
    };

    /// <summary>Makes a resource PRIVATE with explicit shares, straight in the database (the change itself goes through approval).</summary>
    private Task RestrictAsync(string resource, Guid id, params (string Email, AccessLevel Level)[] shares) => factory.QueryAsync(async db =>
    {
        IOwnedResource record = resource switch
        {
            "workflows" => await db.Workflows.SingleAsync(w => w.Id == id),
            "prompt-templates" => await db.PromptTemplates.SingleAsync(t => t.Id == id),
            _ => await db.Prompts.SingleAsync(p => p.Id == id),
        };
        record.SharingLevel = SharingLevel.Private;
        record.CompanyPermission = AccessLevel.View;
        foreach (var (email, level) in shares)
            db.ResourceShares.Add(new ResourceShare
            {
                ResourceType = TypeOf(resource), ResourceId = id, OrganizationId = record.OrganizationId, Level = level,
                UserId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(),
            });
        return await db.SaveChangesAsync();
    });

    public static TheoryData<string, Caller, int> SharingReads()
    {
        var data = new TheoryData<string, Caller, int>();
        foreach (var resource in new[] { "workflows", "prompt-templates", "prompts" })
        foreach (var row in ReadStatus) data.Add(resource, (Caller)row[0], (int)row[1]);
        return data;
    }

    [Theory, MemberData(nameof(SharingReads))]
    public async Task Get_sharing(string resource, Caller caller, int status)
    {
        var id = await CreateAsync(resource);
        var body = await factory.As(caller).GetAsync($"/api/{resource}/{id}/sharing").ExpectJson(status);
        if (status != 200)
        {
            Assert.EndsWith("not found", body.Error());
            return;
        }
        Assert.Equal((TypeOf(resource), id), (body.Str("resourceType"), body.GetProperty("resourceId").GetGuid()));
        Assert.Equal((Callers.AdminEmail, "COMPANY", "EDIT"), (body.GetProperty("owner").Str("email"), body.Str("sharingLevel"), body.Str("companyPermissionLevel")));
        Assert.Equal(0, body.GetProperty("shares").GetArrayLength());
        Assert.Equal("Shared company-wide (edit)", body.Str("summary"));
        // Managing it takes ADMIN: the owner, the organization's Admins and System.
        Assert.Equal(caller is Caller.System or Caller.Admin, body.GetProperty("canManage").GetBoolean());
    }

    [Theory, MemberData(nameof(Resources))]
    public async Task Get_sharing_through_an_API_key_is_403_human_oversight(string resource)
    {
        var seed = await factory.SeedAsync();
        var id = await CreateAsync(resource);
        var key = await factory.CreateApiKeyAsync(seed.Acme, owner: Caller.Admin);
        var body = await factory.WithApiKey(key.Str("token")).GetAsync($"/api/{resource}/{id}/sharing").ExpectJson(403);
        Assert.Equal("Get sharing details requires human oversight in the Builder UI", body.Error());
        // The key still reads the resource itself.
        await factory.WithApiKey(key.Str("token")).GetAsync($"/api/{resource}/{id}").Expect(200);
    }

    [Theory, MemberData(nameof(Resources))]
    public async Task A_private_resource_is_404_to_members_it_is_not_shared_with_and_its_shares_name_members(string resource)
    {
        var id = await CreateAsync(resource);
        await RestrictAsync(resource, id, (Callers.GuestEmail, AccessLevel.View));

        await factory.As(Caller.User).GetAsync($"/api/{resource}/{id}").Expect(404);
        await factory.As(Caller.User).GetAsync($"/api/{resource}/{id}/sharing").Expect(404);
        var seed = await factory.SeedAsync();
        var list = await factory.As(Caller.User).GetAsync($"/api/{resource}?organizationId={seed.Acme}&limit=100").ExpectJson(200);
        Assert.DoesNotContain(list.Data(), r => r.Id() == id);

        var guest = await factory.As(Caller.Guest).GetAsync($"/api/{resource}/{id}").ExpectJson(200);
        Assert.Equal(("PRIVATE", "VIEW"), (guest.Str("sharingLevel"), guest.Str("userAccessLevel")));
        var sharing = await factory.As(Caller.Guest).GetAsync($"/api/{resource}/{id}/sharing").ExpectJson(200);
        var share = Assert.Single(sharing.GetProperty("shares").EnumerateArray());
        Assert.Equal((Callers.GuestEmail, "VIEW"), (share.Str("email"), share.Str("accessLevel")));
        Assert.False(sharing.GetProperty("canManage").GetBoolean());
        Assert.Equal("ADMIN", (await factory.As(Caller.Admin).GetAsync($"/api/{resource}/{id}").ExpectJson(200)).Str("userAccessLevel"));
    }

    [Fact]
    public async Task A_view_share_reads_a_workflow_but_cannot_update_it()
    {
        var id = await CreateAsync("workflows");
        await RestrictAsync("workflows", id, (Callers.UserEmail, AccessLevel.View));
        var url = $"/api/workflows/{id}";
        var workflow = await factory.As(Caller.User).GetAsync(url).ExpectJson(200);
        var body = await factory.As(Caller.User).PutJsonAsync(url, new { name = "Taken over", workflowData = workflow.GetProperty("workflowData") }).ExpectJson(403);
        Assert.Equal("Forbidden: this workflow is shared with you at VIEW; changing it needs EDIT", body.Error());
        Assert.Equal(workflow.Str("name"), (await factory.CurrentAsync(url))!.Value.Str("name"));
    }

    [Theory, MemberData(nameof(Resources))]
    public async Task Rows_carry_the_sharing_and_the_ownership_filter_and_groups_split_them(string resource)
    {
        var seed = await factory.SeedAsync();
        var mine = await CreateAsync(resource);
        var shared = await CreateAsync(resource);
        await RestrictAsync(resource, shared, (Callers.GuestEmail, AccessLevel.Edit));
        var guest = factory.As(Caller.Guest);
        async Task<List<Guid>> Ids(string ownership) =>
            (await guest.GetAsync($"/api/{resource}?organizationId={seed.Acme}&limit=100&ownership={ownership}").ExpectJson(200)).Data().Select(r => r.Id()).ToList();

        Assert.Empty(await Ids("owned"));
        var sharedWithGuest = await Ids("shared");
        Assert.Contains(shared, sharedWithGuest);
        Assert.DoesNotContain(mine, sharedWithGuest);
        Assert.Contains(mine, await Ids("company"));
        Assert.DoesNotContain(shared, await Ids("company"));
        var row = (await factory.As(Caller.Admin).GetAsync($"/api/{resource}?organizationId={seed.Acme}&limit=100&ownership=owned").ExpectJson(200))
            .Data().Single(r => r.Id() == mine);
        Assert.Equal(("COMPANY", "EDIT", "ADMIN", Callers.AdminEmail),
            (row.Str("sharingLevel"), row.Str("companyPermissionLevel"), row.Str("userAccessLevel"), row.GetProperty("owner").Str("email")));

        var bad = await guest.GetAsync($"/api/{resource}?organizationId={seed.Acme}&ownership=mine").ExpectJson(400);
        Assert.Equal("ownership must be one of: owned, company, shared.", bad.GetProperty("errors").GetProperty("ownership")[0].GetString());

        var plural = resource switch { "workflows" => "Workflows", "prompt-templates" => "PromptTemplates", _ => "Prompts" };
        var groups = await guest.GetAsync($"/api/{resource}/all?organizationId={seed.Acme}").ExpectJson(200);
        Assert.Equal([$"owned{plural}", $"companyShared{plural}", $"sharedWithMe{plural}"], groups.EnumerateObject().Select(p => p.Name));
        Assert.Contains(shared, groups.GetProperty($"sharedWithMe{plural}").EnumerateArray().Select(r => r.Id()));
        Assert.DoesNotContain(shared, groups.GetProperty($"companyShared{plural}").EnumerateArray().Select(r => r.Id()));
        Assert.Contains(groups.GetProperty($"companyShared{plural}").EnumerateArray(), r => r.Id() == mine);
        Assert.Equal(0, groups.GetProperty($"owned{plural}").GetArrayLength());
        await factory.As(Caller.Outsider).GetAsync($"/api/{resource}/all?organizationId={seed.Acme}").Expect(404);
    }

    [Fact]
    public async Task The_creator_owns_what_they_create()
    {
        var id = await CreateAsync("workflows", Caller.User);
        var body = await factory.As(Caller.User).GetAsync($"/api/workflows/{id}").ExpectJson(200);
        Assert.Equal((Callers.UserEmail, "ADMIN"), (body.GetProperty("owner").Str("email"), body.Str("userAccessLevel")));
        Assert.Equal("ADMIN", (await factory.As(Caller.Admin).GetAsync($"/api/workflows/{id}").ExpectJson(200)).Str("userAccessLevel"));
        Assert.Equal("VIEW", (await factory.As(Caller.Guest).GetAsync($"/api/workflows/{id}").ExpectJson(200)).Str("userAccessLevel"));
    }

    public static TheoryData<string, Caller, int> AskStatus()
    {
        // Asking needs ADMIN on the resource: its owner (the Admin here), the organization's Admins and System. A User has EDIT
        // on a workflow shared company-wide and VIEW on templates and prompts; a Guest VIEW; another organization sees nothing.
        var data = new TheoryData<string, Caller, int>();
        foreach (var resource in new[] { "workflows", "prompt-templates", "prompts" })
        foreach (var (caller, status) in new[] { (Caller.System, 202), (Caller.Admin, 202), (Caller.User, 403), (Caller.Guest, 403), (Caller.Outsider, 404) })
            data.Add(resource, caller, status);
        return data;
    }

    private async Task<Guid> UserIdAsync(string email) => await factory.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private async Task<object> ShareBodyAsync(string justification = "Only the team works on this") => new
    {
        sharingLevel = "PRIVATE", companyPermissionLevel = "VIEW",
        shares = new[] { new { userId = await UserIdAsync(Callers.UserEmail), accessLevel = "VIEW" } }, justification,
    };

    private Task<string> SharingLevelAsync(string resource, Guid id) =>
        factory.QueryAsync(async db => (resource switch
        {
            "workflows" => await db.Workflows.Where(w => w.Id == id).Select(w => w.SharingLevel).SingleAsync(),
            "prompt-templates" => await db.PromptTemplates.Where(t => t.Id == id).Select(t => t.SharingLevel).SingleAsync(),
            _ => await db.Prompts.Where(p => p.Id == id).Select(p => p.SharingLevel).SingleAsync(),
        }).ToString());

    [Theory, MemberData(nameof(AskStatus))]
    public async Task Put_sharing_asks_for_approval_and_changes_nothing_yet(string resource, Caller caller, int status)
    {
        var id = await CreateAsync(resource);
        var response = await factory.As(caller).PutJsonAsync($"/api/{resource}/{id}/sharing", await ShareBodyAsync()).Expect(status);
        var body = await response.JsonAsync();
        Assert.Equal("Company", await SharingLevelAsync(resource, id));
        if (status != 202) return;
        var request = body.GetProperty("request");
        Assert.Equal(($"/api/approval-requests/{request.Id()}", "share", TypeOf(resource), id), (body.Str("url"), request.Str("operation"), request.Str("resourceType"), request.GetProperty("resourceId").GetGuid()));
        Assert.Equal(body.Str("url"), response.Headers.Location?.ToString());
        Assert.Equal("Shared company-wide (edit); no one else explicitly", request.Str("before"));
        Assert.Equal("Private; shared with Bob Builder (builder@acme.test) (VIEW)", request.Str("after"));
        Assert.Equal("pending", request.Str("status"));
    }

    [Theory, MemberData(nameof(AskStatus))]
    public async Task Transfer_ownership_asks_for_approval_and_changes_nothing_yet(string resource, Caller caller, int status)
    {
        var id = await CreateAsync(resource);
        var newOwner = await UserIdAsync(resource == "workflows" ? Callers.UserEmail : Callers.ReviewerEmail);
        var response = await factory.As(caller).PostJsonAsync($"/api/{resource}/{id}/transfer-ownership",
            new { newOwnerId = newOwner, justification = "Moving teams" }).Expect(status);
        Assert.Equal(Callers.AdminEmail, (await factory.As(Caller.Admin).GetAsync($"/api/{resource}/{id}").ExpectJson(200)).GetProperty("owner").Str("email"));
        if (status == 202) Assert.Equal("transfer-ownership", (await response.JsonAsync()).GetProperty("request").Str("operation"));
    }

    [Theory, MemberData(nameof(Resources))]
    public async Task Api_keys_are_refused_and_bad_requests_are_400_before_anything_is_asked(string resource)
    {
        var seed = await factory.SeedAsync();
        var id = await CreateAsync(resource);
        var key = factory.WithApiKey((await factory.CreateApiKeyAsync(seed.Acme, owner: Caller.Admin)).Str("token"));
        Assert.Contains("requires human oversight", (await key.PutJsonAsync($"/api/{resource}/{id}/sharing", await ShareBodyAsync()).ExpectJson(403)).Error());
        Assert.Contains("requires human oversight", (await key.PostJsonAsync($"/api/{resource}/{id}/transfer-ownership",
            new { newOwnerId = await UserIdAsync(Callers.ReviewerEmail), justification = "x" }).ExpectJson(403)).Error());

        var admin = factory.As(Caller.Admin);
        var noReason = await admin.PutJsonAsync($"/api/{resource}/{id}/sharing", await ShareBodyAsync("")).ExpectJson(400);
        Assert.Contains("goes to a reviewer", noReason.GetProperty("errors").GetProperty("justification")[0].GetString());
        var badLevel = await admin.PutJsonAsync($"/api/{resource}/{id}/sharing", new { sharingLevel = "SECRET", justification = "x" }).ExpectJson(400);
        Assert.Equal("sharingLevel must be PRIVATE or COMPANY.", badLevel.GetProperty("errors").GetProperty("sharingLevel")[0].GetString());
        var foreign = await admin.PutJsonAsync($"/api/{resource}/{id}/sharing", new
        {
            shares = new[] { new { userId = await UserIdAsync(Callers.OutsiderEmail), accessLevel = "VIEW" } }, justification = "x",
        }).ExpectJson(400);
        Assert.Contains("is not a member of this organization", foreign.GetProperty("errors").GetProperty("shares[0].userId")[0].GetString());
        var guestOwner = await admin.PostJsonAsync($"/api/{resource}/{id}/transfer-ownership",
            new { newOwnerId = await UserIdAsync(Callers.GuestEmail), justification = "x" }).ExpectJson(400);
        Assert.Contains("is a Guest of this organization", guestOwner.GetProperty("errors").GetProperty("newOwnerId")[0].GetString());
        await admin.PutJsonAsync($"/api/{resource}/{id}/sharing", await ShareBodyAsync(), ifMatch: $"\"{Guid.NewGuid()}\"").Expect(412);
        Assert.Equal(0, await factory.QueryAsync(db => db.ApprovalRequests.CountAsync(r => r.ResourceId == id)));
    }

    [Fact]
    public async Task Once_a_reviewer_approves_the_sharing_applies_a_view_share_reads_and_cannot_update()
    {
        var id = await CreateAsync("workflows");
        var url = $"/api/workflows/{id}";
        var etag = (await factory.As(Caller.Admin).GetAsync($"{url}/sharing").Expect(200)).ETag();
        var asked = await factory.As(Caller.Admin).PutJsonAsync($"{url}/sharing", await ShareBodyAsync(), etag).ExpectJson(202);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var reviewer = (await scope.ServiceProvider.GetRequiredService<UserAccountService>().BuildActorAsync(await UserIdAsync(Callers.ReviewerEmail), null))!;
            var decided = await scope.ServiceProvider.GetRequiredService<ApprovalService>().ApproveAsync(reviewer, asked.GetProperty("request").Id(), "ok");
            Assert.Equal(ApprovalStatus.Executed, decided.Status);
        }

        var sharing = await factory.As(Caller.Admin).GetAsync($"{url}/sharing").ExpectJson(200);
        Assert.Equal(("PRIVATE", Callers.UserEmail, "VIEW"), (sharing.Str("sharingLevel"), sharing.GetProperty("shares")[0].Str("email"), sharing.GetProperty("shares")[0].Str("accessLevel")));
        var workflow = await factory.As(Caller.User).GetAsync(url).ExpectJson(200);
        Assert.Equal("VIEW", workflow.Str("userAccessLevel"));
        await factory.As(Caller.User).PutJsonAsync(url, new { name = "Mine now", workflowData = workflow.GetProperty("workflowData") }).Expect(403);
        await factory.As(Caller.Guest).GetAsync(url).Expect(404);
        Assert.Equal(1, await factory.QueryAsync(db => db.AuditEntries.CountAsync(a => a.ResourceId == id && a.Action == "shared")));
    }
}
