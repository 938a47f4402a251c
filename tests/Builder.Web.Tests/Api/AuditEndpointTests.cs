using Builder.Domain.Audit;
using System.Text.Json;
using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api;

public sealed class AuditEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<Caller, int> ListStatus => Callers.Expect(AuditRead, 200, 200, 403, 403, 404);

    [Theory, MemberData(nameof(ListStatus))]
    public async Task List(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var environment = await factory.CreateEnvironmentAsync(seed.Acme);
        var body = await factory.As(caller).GetAsync($"/api/audit?organizationId={seed.Acme}&resourceType=environment&limit=100").ExpectJson(status);
        if (status == 200) Assert.Contains(body.Data(), a => a.GetProperty("resourceId").GetGuid() == environment.Id());
        else Assert.DoesNotContain(environment.Id().ToString(), body.ToString());
    }

    [Fact]
    public async Task Every_change_is_recorded_with_who_what_and_the_changed_field_names()
    {
        var seed = await factory.SeedAsync();
        var admin = factory.As(Caller.Admin);
        var variable = await admin.PostJsonAsync("/api/variables",
            new { environmentId = seed.AcmeProduction, name = Arrange.UniqueIdentifier("AUDITED"), value = "first-secret-value" }).ExpectJson(201);
        var url = $"/api/variables/{variable.Id()}";
        await factory.As(Callers.ReviewerEmail).PutJsonAsync(url, new { name = variable.Str("name"), value = "second-secret-value" }).Expect(200);
        await admin.PutJsonAsync(url, new { name = Arrange.UniqueIdentifier("RENAMED") }).Expect(200);
        await factory.DeleteApprovedAsync(url, Caller.Admin);

        var page = await admin.GetAsync($"/api/audit?organizationId={seed.Acme}&resourceType=variable&limit=100").ExpectJson(200);
        var entries = page.Data().Where(a => a.GetProperty("resourceId").GetGuid() == variable.Id()).ToList();
        Assert.Equal(
            [("deleted", Callers.AdminEmail, ""), ("updated", Callers.AdminEmail, "name"),
             ("updated", Callers.ReviewerEmail, "value"), ("created", Callers.AdminEmail, "name,value")],
            entries.Select(a => (a.Str("action"), a.Str("actorEmail"), string.Join(",", a.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString())))));
        Assert.All(entries, a => Assert.Equal((seed.Acme, seed.AcmeProduction, false),
            (a.GetProperty("organizationId").GetGuid(), a.GetProperty("environmentId").GetGuid(), a.GetProperty("viaApiKey").GetBoolean())));
        Assert.DoesNotContain("secret-value", page.ToString());
    }

    [Fact]
    public async Task Organization_member_and_key_changes_are_recorded()
    {
        var seed = await factory.SeedAsync();
        var admin = factory.As(Caller.Admin);
        var organization = (await admin.GetAsync($"/api/organizations/{seed.Acme}").ExpectJson(200));
        await admin.PutJsonAsync($"/api/organizations/{seed.Acme}", new { name = "Acme Corp", description = Arrange.Unique("New description") }).Expect(200);
        var member = await factory.InviteAsync(seed.Acme);
        await admin.PutJsonAsync($"/api/members/{member.Id()}", new { role = "user" }).Expect(200);
        var key = await factory.CreateApiKeyAsync(seed.Acme);

        var page = await admin.GetAsync($"/api/audit?organizationId={seed.Acme}&limit=100").ExpectJson(200);
        Assert.Equal(organization.Id(), page.Data().First(a => a.Str("resourceType") == "organization").GetProperty("resourceId").GetGuid());
        Assert.Contains(page.Data(), a => Describe(a) == ("organization", "updated", "description"));
        Assert.Contains(page.Data(), a => Describe(a) == ("member", "created", "email,role") && a.GetProperty("resourceId").GetGuid() == member.Id());
        Assert.Contains(page.Data(), a => Describe(a) == ("member", AuditActions.RoleChanged, "role") && a.GetProperty("resourceId").GetGuid() == member.Id());
        Assert.Contains(page.Data(), a => Describe(a) == ("api-key", "created", "name") && a.GetProperty("resourceId").GetGuid() == key.GetProperty("key").Id());
        Assert.DoesNotContain(key.Str("token").Split(':')[2], page.ToString());
    }

    [Fact]
    public async Task Changes_through_an_api_key_are_marked()
    {
        var seed = await factory.SeedAsync();
        var key = await factory.CreateApiKeyAsync(seed.Acme);
        var environment = await factory.WithApiKey(key.Str("token"))
            .PostJsonAsync("/api/environments", new { organizationId = seed.Acme, name = Arrange.Unique("Via key") }).ExpectJson(201);
        var page = await factory.As(Caller.Admin).GetAsync($"/api/audit?organizationId={seed.Acme}&resourceType=environment&limit=100").ExpectJson(200);
        var entry = page.Data().Single(a => a.GetProperty("resourceId").GetGuid() == environment.Id());
        Assert.Equal((Callers.AdminEmail, true), (entry.Str("actorEmail"), entry.GetProperty("viaApiKey").GetBoolean()));
    }

    [Fact]
    public async Task Filters_by_actor_resource_type_and_time_and_pages_newest_first()
    {
        var seed = await factory.SeedAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        for (var i = 0; i < 3; i++)
            await factory.As(Callers.ReviewerEmail).PostJsonAsync("/api/environments", new { organizationId = seed.Acme, name = Arrange.Unique("Filtered") }).Expect(201);
        var admin = factory.As(Caller.Admin);
        var since = Uri.EscapeDataString(before.ToString("O"));

        var byReviewer = await admin.GetAsync($"/api/audit?organizationId={seed.Acme}&actor=REVIEWER@acme&from={since}&limit=2").ExpectJson(200);
        Assert.Equal(3, byReviewer.GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.Equal(2, byReviewer.GetProperty("pagination").GetProperty("totalPages").GetInt32());
        Assert.All(byReviewer.Data(), a => Assert.Equal((Callers.ReviewerEmail, "environment"), (a.Str("actorEmail"), a.Str("resourceType"))));
        var times = byReviewer.Data().Select(a => a.GetProperty("at").GetDateTime()).ToList();
        Assert.True(times[0] >= times[1], "Newest first");

        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        var none = await admin.GetAsync($"/api/audit?organizationId={seed.Acme}&from={future}").ExpectJson(200);
        Assert.Equal(0, none.GetProperty("pagination").GetProperty("total").GetInt32());
        var earlier = await admin.GetAsync($"/api/audit?organizationId={seed.Acme}&actor=reviewer&to={Uri.EscapeDataString(before.ToString("O"))}").ExpectJson(200);
        Assert.DoesNotContain(earlier.Data(), a => a.GetProperty("at").GetDateTime() > before.UtcDateTime);

        var variables = await admin.GetAsync($"/api/audit?organizationId={seed.Acme}&resourceType=variable&actor=reviewer&from={since}").ExpectJson(200);
        Assert.Empty(variables.Data());
    }

    [Theory]
    [InlineData("resourceType=widget")]
    [InlineData("from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z")]
    [InlineData("from=yesterday")]
    [InlineData("limit=500")]
    public async Task Bad_filters_are_400(string query)
    {
        var seed = await factory.SeedAsync();
        await factory.As(Caller.Admin).GetAsync($"/api/audit?organizationId={seed.Acme}&{query}").Expect(400);
    }

    [Fact]
    public async Task An_organization_is_required_and_must_exist()
    {
        await factory.As(Caller.Admin).GetAsync("/api/audit").Expect(400);
        await factory.As(Caller.System).GetAsync($"/api/audit?organizationId={Guid.NewGuid()}").Expect(404);
    }

    private static (string, string, string) Describe(JsonElement a) =>
        (a.Str("resourceType"), a.Str("action"), string.Join(",", a.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString())));
}
