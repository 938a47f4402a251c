using System.Text.Json;
using Builder.Domain.Audit;
using Builder.Web.Features.Audit;
using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api;

/// <summary>The audit trail as a person reads it (names, environment, action in words) and its CSV export.</summary>
public sealed class AuditExportEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<Caller, int> ExportStatus => Callers.Expect(AuditRead, 200, 200, 403, 403, 404);

    [Fact]
    public async Task The_list_returns_the_recorded_names_the_environment_and_the_action_in_words()
    {
        var seed = await factory.SeedAsync();
        var environment = await factory.CreateEnvironmentAsync(seed.Acme);
        var kept = await AddEntryAsync(seed.Acme, ResourceTypes.Environment, environment.Id(), AuditActions.Updated, "name,description",
            "Name at the time", "Name at the time", environment.Id());
        var gone = await AddEntryAsync(seed.Acme, ResourceTypes.Member, Guid.NewGuid(), AuditActions.RoleChanged, "role", "left@acme.test");
        var old = await AddEntryAsync(seed.Acme, ResourceTypes.ApiKey, Guid.Parse("7f9b7c4a-0000-4000-8000-000000000002"), AuditActions.Deleted, "revokedAt");

        var page = await factory.As(Caller.Admin).GetAsync($"/api/audit?organizationId={seed.Acme}&limit=100").ExpectJson(200);
        JsonElement Find(Guid id) => page.Data().Single(a => a.Id() == id);

        Assert.Equal(("Name at the time", "Name at the time", true, "updated name, description", "Environment"), Read(Find(kept)));
        Assert.Equal(("left@acme.test", null, false, "changed the role", "Member"), Read(Find(gone)));
        Assert.Equal((null, null, false, "revoked", "API key"), Read(Find(old)));
        Assert.Equal("API key 7f9b7c4a", Find(old).Str("resourceLabel"));
    }

    [Theory, MemberData(nameof(ExportStatus))]
    public async Task Export_follows_the_permission_matrix(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var environment = await factory.CreateEnvironmentAsync(seed.Acme);
        var response = await factory.As(caller).GetAsync($"/api/audit/export?organizationId={seed.Acme}").Expect(status);
        var body = await response.Content.ReadAsStringAsync();
        if (status != 200)
        {
            Assert.DoesNotContain(environment.Str("name"), body);
            return;
        }
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("When (UTC),Actor,Via API key,Action,Resource type,Resource,Resource id,Environment,Environment id,Changed fields\r\n", body);
        Assert.Contains(environment.Id().ToString(), body);
        Assert.Equal(AuditService.ExportLimit.ToString(), response.Headers.GetValues(AuditEndpoints.LimitHeader).Single());
    }

    [Fact]
    public async Task Export_with_an_api_key_follows_its_owner_and_its_organization()
    {
        var seed = await factory.SeedAsync();
        var token = (await factory.CreateApiKeyAsync(seed.Acme)).Str("token");
        var key = factory.WithApiKey(token);
        await key.GetAsync($"/api/audit/export?organizationId={seed.Acme}").Expect(200);
        await key.GetAsync($"/api/audit/export?organizationId={seed.Globex}").Expect(404);
        await factory.As(Caller.Admin).GetAsync($"/api/audit/export?organizationId={seed.Acme}&resourceType=widget").Expect(400);
        await factory.As(Caller.Admin).GetAsync("/api/audit/export").Expect(400);
        await factory.As(Caller.System).GetAsync($"/api/audit/export?organizationId={Guid.NewGuid()}").Expect(404);
        await factory.As(null).GetAsync($"/api/audit/export?organizationId={seed.Acme}").Expect(401);
    }

    [Fact]
    public async Task Export_applies_the_filters_and_never_holds_a_secret()
    {
        var seed = await factory.SeedAsync();
        var admin = factory.As(Caller.Admin);
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O"));
        var name = Arrange.UniqueIdentifier("EXPORTED");
        var variable = await admin.PostJsonAsync("/api/variables", new { environmentId = seed.AcmeProduction, name, value = "first-secret-value" }).ExpectJson(201);
        await admin.PutJsonAsync($"/api/variables/{variable.Id()}", new { name, value = "second-secret-value" }).Expect(200);
        await admin.PutJsonAsync($"/api/variables/{variable.Id()}", new { name, clearValue = true }).Expect(200);

        var csv = await (await admin.GetAsync($"/api/audit/export?organizationId={seed.Acme}&resourceType=variable&from={since}").Expect(200))
            .Content.ReadAsStringAsync();

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Contains($",Variable,{name},{variable.Id()},Production,{seed.AcmeProduction},", line));
        Assert.Contains(",set the value,", lines[2]);
        Assert.Contains(",created,", lines[3]);
        Assert.DoesNotContain("secret-value", csv);
    }

    [Fact]
    public async Task Export_escapes_cells_and_defuses_spreadsheet_formulas()
    {
        var organization = (await factory.CreateOrganizationLikeAcmeAsync()).Id();
        await AddEntryAsync(organization, ResourceTypes.Environment, Guid.NewGuid(), AuditActions.Deleted, "",
            "=HYPERLINK(\"http://evil.test\",\"a, b\")", "line one\nline two");
        await AddEntryAsync(organization, ResourceTypes.Variable, Guid.NewGuid(), AuditActions.Deleted, "", "@SUM(1+1)", "-2+3");

        var csv = await (await factory.As(Caller.Admin).GetAsync($"/api/audit/export?organizationId={organization}&resourceType=environment")
            .Expect(200)).Content.ReadAsStringAsync();

        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"a, b\"\")\",", csv);
        Assert.Contains(",\"line one\nline two\",", csv);
        var variables = await (await factory.As(Caller.Admin).GetAsync($"/api/audit/export?organizationId={organization}&resourceType=variable")
            .Expect(200)).Content.ReadAsStringAsync();
        Assert.Contains(",'@SUM(1+1),", variables);
        Assert.Contains(",'-2+3,", variables);
    }

    private static (string?, string?, bool, string, string) Read(JsonElement a) => (
        a.GetProperty("resourceName").GetString(), a.GetProperty("environmentName").GetString(), a.GetProperty("resourceExists").GetBoolean(),
        a.Str("summary"), a.Str("resourceTypeName"));

    private Task<Guid> AddEntryAsync(Guid organization, string type, Guid resource, string action, string fields,
        string? name = null, string? environmentName = null, Guid? environment = null) =>
        factory.QueryAsync(async db =>
        {
            var entry = new AuditEntry
            {
                At = DateTime.UtcNow, ActorEmail = Callers.AdminEmail, OrganizationId = organization, EnvironmentId = environment,
                ResourceType = type, ResourceId = resource, Action = action, ChangedFields = fields, ResourceName = name, EnvironmentName = environmentName,
            };
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync();
            return entry.Id;
        });
}
