using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api;

public sealed class MemberEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<Caller, int> ListStatus => Callers.Expect(MembersRead, 200, 200, 200, 200, 404);
    public static TheoryData<Caller, int> InviteStatus => Callers.Expect(MembersManage, 201, 201, 403, 403, 404);
    public static TheoryData<Caller, int> ManageStatus => Callers.Expect(MembersManage, 200, 200, 403, 403, 404);

    [Theory, MemberData(nameof(ListStatus))]
    public async Task List(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var body = await factory.As(caller).GetAsync($"/api/members?organizationId={seed.Acme}&search=acme.test&sort=email").ExpectJson(status);
        if (status != 200) return;
        var admin = body.Data().Single(m => m.Str("email") == Callers.AdminEmail);
        Assert.Equal(("admin", "Alice Admin", true), (admin.Str("role"), admin.Str("name"), admin.GetProperty("isActive").GetBoolean()));
        Assert.DoesNotContain(body.Data(), m => m.Str("email") == Callers.OutsiderEmail);
    }

    [Theory, MemberData(nameof(InviteStatus))]
    public async Task Invite(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var email = $"{Guid.NewGuid():N}@invited.test";
        var response = await factory.As(caller).PostJsonAsync("/api/members", new { organizationId = seed.Acme, email, role = "user" }).Expect(status);
        Assert.Equal(status == 201, await MemberAsync(seed.Acme, email) is not null);
        if (status == 201)
        {
            var body = await response.JsonAsync();
            Assert.Equal(("user", false), (body.Str("role"), body.GetProperty("isActive").GetBoolean()));
            Assert.Equal($"\"{body.Str("version")}\"", response.ETag());
        }
    }

    [Theory, MemberData(nameof(ManageStatus))]
    public async Task Change_role(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var member = await factory.InviteAsync(seed.Acme, role: "guest");
        await factory.As(caller).PutJsonAsync($"/api/members/{member.Id()}", new { role = "user" }).Expect(status);
        Assert.Equal(status == 200 ? "user" : "guest", (await MemberAsync(seed.Acme, member.Str("email")))!.Value.Str("role"));
    }

    public static TheoryData<Caller, int> RemoveStatus => Callers.Expect(MembersManage, 202, 202, 403, 403, 404);

    [Theory, MemberData(nameof(RemoveStatus))]
    public async Task Remove(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var member = await factory.InviteAsync(seed.Acme);
        await factory.ExpectDeletionAsync(caller, status, $"/api/members/{member.Id()}", member.Id(),
            async () => await MemberAsync(seed.Acme, member.Str("email")) is not null);
    }

    [Fact]
    public async Task The_last_admin_can_be_neither_demoted_nor_removed()
    {
        var organization = await factory.CreateOrganizationAsync();
        var alice = await factory.InviteAsync(organization.Id(), Callers.AdminEmail, "admin");
        await factory.InviteAsync(organization.Id(), role: "admin"); // a pending invitation is not an active admin
        var admin = factory.As(Caller.Admin);

        var demote = await admin.PutJsonAsync($"/api/members/{alice.Id()}", new { role = "user" }).ExpectJson(409);
        Assert.Equal($"{Callers.AdminEmail} is the last admin of this organization and cannot be demoted", demote.Error());
        Assert.Equal("Make another member an admin first.", demote.GetProperty("details").GetString());
        var remove = await admin.DeleteAsync($"/api/members/{alice.Id()}").ExpectJson(409);
        Assert.Contains("is the last admin of this organization and cannot be removed", remove.Error());
        Assert.Equal("admin", (await MemberAsync(organization.Id(), Callers.AdminEmail))!.Value.Str("role"));

        await factory.InviteAsync(organization.Id(), Callers.ReviewerEmail, "admin");
        await admin.PutJsonAsync($"/api/members/{alice.Id()}", new { role = "user" }).Expect(200);
        Assert.Equal("user", (await MemberAsync(organization.Id(), Callers.AdminEmail))!.Value.Str("role"));
    }

    [Fact]
    public async Task Inviting_an_existing_member_is_409_regardless_of_case()
    {
        var seed = await factory.SeedAsync();
        var body = await factory.As(Caller.Admin).PostJsonAsync("/api/members",
            new { organizationId = seed.Acme, email = "Builder@ACME.test", role = "guest" }).ExpectJson(409);
        Assert.Equal("builder@acme.test is already a member of this organization", body.Error());
        Assert.Equal("user", (await MemberAsync(seed.Acme, Callers.UserEmail))!.Value.Str("role"));
    }

    [Fact]
    public async Task Inviting_someone_with_an_account_makes_them_a_member_at_once()
    {
        var organization = await factory.CreateOrganizationAsync();
        var member = await factory.InviteAsync(organization.Id(), Callers.OutsiderEmail, "guest");
        Assert.True(member.GetProperty("isActive").GetBoolean());
        await factory.As(Caller.Outsider).GetAsync($"/api/organizations/{organization.Id()}").Expect(200);
        await factory.As(Caller.Outsider).PostJsonAsync("/api/environments", new { organizationId = organization.Id(), name = "X" }).Expect(403);
    }

    [Theory]
    [InlineData("""{"organizationId":"ORG","email":"not-an-email","role":"user"}""", "email")]
    [InlineData("""{"organizationId":"ORG","email":"LONG_EMAIL","role":"user"}""", "email")]
    [InlineData("""{"organizationId":"ORG","role":"user"}""", "email")]
    [InlineData("""{"organizationId":"ORG","email":"new@invited.test"}""", "role")]
    [InlineData("""{"organizationId":"ORG","email":"new@invited.test","role":"system"}""", "role")]
    [InlineData("""{"email":"new@invited.test","role":"user"}""", "organizationId")]
    public async Task Invalid_invitations_are_400_naming_the_field(string json, string field)
    {
        var seed = await factory.SeedAsync();
        json = json.Replace("ORG", seed.Acme.ToString()).Replace("LONG_EMAIL", new string('e', 250) + "@x.test");
        var body = await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Post, "/api/members", json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        Assert.Null(await MemberAsync(seed.Acme, "new@invited.test"));
    }

    [Theory]
    [InlineData("""{"organizationId":"ORG","email":"new@invited.test","role":"superuser"}""")]
    [InlineData("""{"organizationId":"ORG","email":["new@invited.test"],"role":"user"}""")]
    [InlineData("""{"organizationId":"ORG","email":"new@invited.test","role":"user" """)]
    public async Task Unreadable_invitations_are_400(string json)
    {
        var seed = await factory.SeedAsync();
        var body = await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Post, "/api/members", json.Replace("ORG", seed.Acme.ToString())).ExpectJson(400);
        Assert.Equal("Malformed JSON body", body.Error());
        Assert.Null(await MemberAsync(seed.Acme, "new@invited.test"));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"role":"system"}""")]
    public async Task Invalid_role_changes_are_400(string json)
    {
        var member = await factory.InviteAsync((await factory.SeedAsync()).Acme, role: "guest");
        var body = await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Put, $"/api/members/{member.Id()}", json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty("role", out _), body.ToString());
    }

    [Fact]
    public async Task Stale_If_Match_is_412_and_changes_nothing()
    {
        var seed = await factory.SeedAsync();
        var member = await factory.InviteAsync(seed.Acme, role: "guest");
        var url = $"/api/members/{member.Id()}";
        var stale = $"\"{member.Str("version")}\"";
        var admin = factory.As(Caller.Admin);
        var fresh = (await admin.PutJsonAsync(url, new { role = "user" }, stale).Expect(200)).ETag();

        await admin.PutJsonAsync(url, new { role = "admin" }, stale).Expect(412);
        await admin.DeleteAsync(url, stale).Expect(412);
        Assert.Equal("user", (await MemberAsync(seed.Acme, member.Str("email")))!.Value.Str("role"));

        await factory.DeleteApprovedAsync(url, Caller.Admin, fresh);
        Assert.Null(await MemberAsync(seed.Acme, member.Str("email")));
    }

    [Fact]
    public async Task Unknown_ids_and_missing_organization_are_404_and_400()
    {
        var admin = factory.As(Caller.Admin);
        await admin.PutJsonAsync($"/api/members/{Guid.NewGuid()}", new { role = "user" }).Expect(404);
        await admin.DeleteAsync($"/api/members/{Guid.NewGuid()}").Expect(404);
        await admin.GetAsync($"/api/members?organizationId={Guid.NewGuid()}").Expect(404);
        await admin.GetAsync("/api/members").Expect(400);
    }

    private async Task<System.Text.Json.JsonElement?> MemberAsync(Guid organizationId, string email)
    {
        var page = await factory.As(Caller.System).GetAsync($"/api/members?organizationId={organizationId}&search={Uri.EscapeDataString(email)}")
            .ExpectJson(200);
        return page.Data().Where(m => m.Str("email") == email).Select(m => (System.Text.Json.JsonElement?)m).SingleOrDefault();
    }
}
