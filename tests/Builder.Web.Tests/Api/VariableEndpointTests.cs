using Microsoft.EntityFrameworkCore;
using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api;

public sealed class VariableEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(VariablesRead, 200, 200, 200, 200, 404);
    public static TheoryData<Caller, int> CreateStatus => Callers.Expect(VariablesCreate, 201, 201, 403, 403, 404);
    public static TheoryData<Caller, int> UpdateStatus => Callers.Expect(VariablesUpdate, 200, 200, 403, 403, 404);
    public static TheoryData<Caller, int> DeleteStatus => Callers.Expect(VariablesDelete, 202, 202, 403, 403, 404);

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task List_by_organization(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var variable = await factory.CreateVariableAsync(seed.AcmeProduction, value: "x");
        var body = await factory.As(caller).GetAsync($"/api/variables?organizationId={seed.Acme}&search={variable.Str("name")}").ExpectJson(status);
        if (status == 200) Assert.Equal(variable.Id(), Assert.Single(body.Data()).Id());
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task List_by_environment(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var variable = await factory.CreateVariableAsync(seed.AcmeDevelopment);
        var body = await factory.As(caller).GetAsync($"/api/variables?environmentId={seed.AcmeDevelopment}&limit=100").ExpectJson(status);
        if (status == 200) Assert.Contains(body.Data(), v => v.Id() == variable.Id());
        else Assert.Equal("Environment not found", body.Error());
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Get(Caller caller, int status)
    {
        var variable = await factory.CreateVariableAsync((await factory.SeedAsync()).AcmeDevelopment, value: "x");
        var response = await factory.As(caller).GetAsync($"/api/variables/{variable.Id()}").Expect(status);
        var body = await response.JsonAsync();
        if (status == 200) Assert.Equal(($"\"{body.Str("version")}\"", true), (response.ETag(), body.GetProperty("hasValue").GetBoolean()));
        else Assert.Equal("Variable not found", body.Error());
    }

    [Theory, MemberData(nameof(CreateStatus))]
    public async Task Create(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var name = Arrange.UniqueIdentifier("NEW");
        var response = await factory.As(caller).PostJsonAsync("/api/variables",
            new { organizationId = seed.Acme, environmentId = seed.AcmeDevelopment, name, value = "v" }).Expect(status);
        var list = await factory.As(Caller.System).GetAsync($"/api/variables?environmentId={seed.AcmeDevelopment}&search={name}").ExpectJson(200);
        Assert.Equal(status == 201 ? 1 : 0, list.Data().Count);
        if (status == 201)
        {
            var body = await response.JsonAsync();
            Assert.Equal((seed.Acme, seed.AcmeDevelopment, true), (body.GetProperty("organizationId").GetGuid(),
                body.GetProperty("environmentId").GetGuid(), body.GetProperty("hasValue").GetBoolean()));
            Assert.Equal($"/api/variables/{body.Id()}", response.Headers.Location?.ToString());
        }
    }

    [Theory, MemberData(nameof(UpdateStatus))]
    public async Task Update(Caller caller, int status)
    {
        var variable = await factory.CreateVariableAsync((await factory.SeedAsync()).AcmeDevelopment);
        var url = $"/api/variables/{variable.Id()}";
        var name = Arrange.UniqueIdentifier("RENAMED");
        await factory.As(caller).PutJsonAsync(url, new { name, value = "new" }).Expect(status);
        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal(status == 200 ? name : variable.Str("name"), current.Str("name"));
        Assert.Equal(status == 200, current.GetProperty("hasValue").GetBoolean());
    }

    [Theory, MemberData(nameof(DeleteStatus))]
    public async Task Delete(Caller caller, int status)
    {
        var variable = await factory.CreateVariableAsync((await factory.SeedAsync()).AcmeDevelopment);
        var url = $"/api/variables/{variable.Id()}";
        var accepted = await factory.ExpectDeletionAsync(caller, status, url, variable.Id());
        if (status == 202) Assert.Equal(variable.Id(), accepted!.Value.GetProperty("request").GetProperty("resourceId").GetGuid());
    }

    [Fact]
    public async Task Listing_requires_an_organization_or_an_environment_and_they_must_agree()
    {
        var seed = await factory.SeedAsync();
        var admin = factory.As(Caller.Admin);
        var body = await admin.GetAsync("/api/variables").ExpectJson(400);
        Assert.Contains("organizationId or environmentId is required", body.GetProperty("details").GetString());
        await admin.GetAsync($"/api/variables?organizationId={seed.Acme}&environmentId={seed.AcmeDevelopment}").Expect(200);
        await factory.As(Caller.System).GetAsync($"/api/variables?organizationId={seed.Globex}&environmentId={seed.AcmeDevelopment}").Expect(404);
    }

    [Fact]
    public async Task Creating_with_an_organization_other_than_the_environments_is_404_and_creates_nothing()
    {
        var seed = await factory.SeedAsync();
        var name = Arrange.UniqueIdentifier("MISMATCH");
        foreach (var organizationId in new[] { seed.Globex, Guid.NewGuid() })
        {
            var body = await factory.As(Caller.System).PostJsonAsync("/api/variables",
                new { organizationId, environmentId = seed.AcmeDevelopment, name, value = "v" }).ExpectJson(404);
            Assert.Equal("Environment not found", body.Error());
        }
        var list = await factory.As(Caller.System).GetAsync($"/api/variables?organizationId={seed.Acme}&search={name}").ExpectJson(200);
        Assert.Empty(list.Data());
        await factory.As(Caller.Admin).PostJsonAsync("/api/variables", new { environmentId = Guid.NewGuid(), name }).Expect(404);
    }

    [Fact]
    public async Task Value_is_kept_replaced_and_cleared_but_only_ever_reported_as_hasValue()
    {
        var variable = await factory.CreateVariableAsync((await factory.SeedAsync()).AcmeDevelopment);
        Assert.False(variable.GetProperty("hasValue").GetBoolean());
        var url = $"/api/variables/{variable.Id()}";
        var admin = factory.As(Caller.Admin);
        var name = variable.Str("name");

        Assert.True((await admin.PutJsonAsync(url, new { name, value = "one" }).ExpectJson(200)).GetProperty("hasValue").GetBoolean());
        Assert.True((await admin.PutJsonAsync(url, new { name }).ExpectJson(200)).GetProperty("hasValue").GetBoolean());
        Assert.False((await admin.PutJsonAsync(url, new { name, clearValue = true }).ExpectJson(200)).GetProperty("hasValue").GetBoolean());
        Assert.False((await factory.CurrentAsync(url))!.Value.GetProperty("hasValue").GetBoolean());
        Assert.False(variable.TryGetProperty("value", out _));
    }

    [Theory]
    [InlineData("""{"environmentId":"ENV","name":"lower_ok","value":""}""", "value")]
    [InlineData("""{"environmentId":"ENV","name":"1BAD"}""", "name")]
    [InlineData("""{"environmentId":"ENV","name":"HAS SPACE"}""", "name")]
    [InlineData("""{"environmentId":"ENV","name":"NAME_129"}""", "name")]
    [InlineData("""{"environmentId":"ENV"}""", "name")]
    [InlineData("""{"name":"NO_ENVIRONMENT"}""", "environmentId")]
    public async Task Invalid_fields_are_400_naming_the_field(string json, string field)
    {
        var seed = await factory.SeedAsync();
        json = json.Replace("ENV", seed.AcmeDevelopment.ToString()).Replace("NAME_129", new string('N', 129));
        var body = await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Post, "/api/variables", json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Theory]
    [InlineData("""{"name":"A","value":"x","clearValue":true}""", "value")]
    [InlineData("""{"name":"A","value":"VALUE_TOO_LONG"}""", "value")]
    public async Task Invalid_updates_are_400_and_change_nothing(string json, string field)
    {
        var variable = await factory.CreateVariableAsync((await factory.SeedAsync()).AcmeDevelopment, value: "kept");
        var url = $"/api/variables/{variable.Id()}";
        json = json.Replace("VALUE_TOO_LONG", new string('v', 32 * 1024 + 1));
        var body = await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Put, url, json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal((variable.Str("name"), variable.Str("version")), (current.Str("name"), current.Str("version")));
    }

    [Fact]
    public async Task Wrong_types_are_400()
    {
        var seed = await factory.SeedAsync();
        var admin = factory.As(Caller.Admin);
        await admin.SendRawAsync(HttpMethod.Post, "/api/variables", $$"""{"environmentId":"{{seed.AcmeDevelopment}}","name":"A","value":42}""").Expect(400);
        var variable = await factory.CreateVariableAsync(seed.AcmeDevelopment);
        await admin.SendRawAsync(HttpMethod.Put, $"/api/variables/{variable.Id()}", """{"name":"A","clearValue":"yes"}""").Expect(400);
    }

    [Fact]
    public async Task Duplicate_names_in_one_environment_are_409_but_another_environment_may_reuse_them()
    {
        var seed = await factory.SeedAsync();
        var variable = await factory.CreateVariableAsync(seed.AcmeDevelopment);
        var admin = factory.As(Caller.Admin);
        var body = await admin.PostJsonAsync("/api/variables",
            new { environmentId = seed.AcmeDevelopment, name = variable.Str("name").ToLowerInvariant() }).ExpectJson(409);
        Assert.Contains("already exists", body.Error());
        await admin.PostJsonAsync("/api/variables", new { environmentId = seed.AcmeProduction, name = variable.Str("name") }).Expect(201);

        var other = await factory.CreateVariableAsync(seed.AcmeDevelopment);
        await admin.PutJsonAsync($"/api/variables/{other.Id()}", new { name = variable.Str("name") }).Expect(409);
    }

    [Fact]
    public async Task Stale_If_Match_is_412_and_changes_nothing()
    {
        var variable = await factory.CreateVariableAsync((await factory.SeedAsync()).AcmeDevelopment);
        var url = $"/api/variables/{variable.Id()}";
        var admin = factory.As(Caller.Admin);
        var stale = (await admin.GetAsync(url).Expect(200)).ETag();
        var renamed = Arrange.UniqueIdentifier("FIRST");
        var fresh = (await admin.PutJsonAsync(url, new { name = renamed }, stale).Expect(200)).ETag();

        await admin.PutJsonAsync(url, new { name = Arrange.UniqueIdentifier("SECOND"), value = "v" }, stale).Expect(412);
        await admin.DeleteAsync(url, stale).Expect(412);
        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal((renamed, false), (current.Str("name"), current.GetProperty("hasValue").GetBoolean()));

        await factory.DeleteApprovedAsync(url, Caller.Admin, fresh);
        Assert.Null(await factory.CurrentAsync(url));
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        var url = $"/api/variables/{Guid.NewGuid()}";
        var admin = factory.As(Caller.Admin);
        await admin.GetAsync(url).Expect(404);
        await admin.PutJsonAsync(url, new { name = "A" }).Expect(404);
        await admin.DeleteAsync(url).Expect(404);
    }

    /// <summary>Every answer of every variables operation — successes, errors, lists, the audit trail — is scanned for the secret.</summary>
    [Fact]
    public async Task No_response_ever_contains_a_secret_value()
    {
        const string secret = "sk-proj-SECRET-7f3a9c1e-do-not-leak";
        const string replacement = "sk-proj-REPLACED-b2d4e6f8-do-not-leak";
        var seed = await factory.SeedAsync();
        var recorder = new RecordingHandler();
        var admin = factory.CreateDefaultClient(recorder);
        admin.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, Callers.AdminEmail);
        var name = Arrange.UniqueIdentifier("OPENAI_API_KEY");

        var created = await admin.PostJsonAsync("/api/variables",
            new { organizationId = seed.Acme, environmentId = seed.AcmeDevelopment, name, value = secret }).Expect(201);
        var id = (await created.JsonAsync()).Id();
        var url = $"/api/variables/{id}";
        var stale = created.ETag();
        await admin.GetAsync(url).Expect(200);
        await admin.GetAsync($"/api/variables?organizationId={seed.Acme}&limit=100").Expect(200);
        await admin.GetAsync($"/api/variables?environmentId={seed.AcmeDevelopment}&search={name}").Expect(200);
        await admin.PostJsonAsync("/api/variables", new { environmentId = seed.AcmeDevelopment, name, value = secret }).Expect(409);
        await admin.PostJsonAsync("/api/variables", new { environmentId = seed.AcmeDevelopment, name = "1" + secret, value = secret }).Expect(400);
        await admin.SendRawAsync(HttpMethod.Post, "/api/variables", $$"""{"name":"{{name}}","value":"{{secret}}" """).Expect(400);
        await admin.PutJsonAsync(url, new { name, value = replacement, clearValue = true }).Expect(400);
        await admin.PutJsonAsync(url, new { name, value = replacement }).Expect(200);
        await admin.PutJsonAsync(url, new { name, value = secret }, stale).Expect(412);
        await admin.GetAsync($"/api/audit?organizationId={seed.Acme}&resourceType=variable&limit=100").Expect(200);
        var accepted = await (await admin.RequestDeletionAsync(url).Expect(202)).JsonAsync();
        await factory.ApproveAsync(accepted.GetProperty("request").Id());

        Assert.Equal(12, recorder.Bodies.Count);
        Assert.All(recorder.Bodies, body =>
        {
            Assert.DoesNotContain(secret, body);
            Assert.DoesNotContain(replacement, body);
            Assert.DoesNotContain("sk-proj", body);
        });
        Assert.Contains(recorder.Bodies, body => body.Contains("\"hasValue\":true"));

        var audited = await factory.QueryAsync(db => db.AuditEntries.Where(a => a.ResourceId == id).Select(a => a.ChangedFields).ToListAsync());
        Assert.Equal(3, audited.Count);
        Assert.DoesNotContain(audited, fields => fields.Contains("sk-proj"));
    }

    [Fact]
    public async Task Values_are_stored_encrypted()
    {
        const string secret = "plain-text-that-must-not-be-stored";
        var variable = await factory.CreateVariableAsync((await factory.SeedAsync()).AcmeDevelopment, value: secret);
        var stored = await factory.QueryAsync(db => db.Variables.Where(v => v.Id == variable.Id()).Select(v => v.ProtectedValue).SingleAsync());
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain(secret, stored);
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            var content = await response.Content.ReadAsStringAsync(ct);
            Assert.False(string.IsNullOrWhiteSpace(content), $"{request.Method} {request.RequestUri} answered no body.");
            Bodies.Add(content + "\n" + string.Join("\n", response.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}")));
            return response;
        }
    }
}
