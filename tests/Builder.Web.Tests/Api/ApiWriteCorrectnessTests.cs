using System.Text;
using System.Text.Json;
using Builder.Web.Tests.Api.Workflows;

namespace Builder.Web.Tests.Api;

/// <summary>
/// What every resource's answers share: dates in UTC with <c>Z</c>, If-Match semantics (unconditional writes never 412, a tag list
/// matches any current tag), a POST or PUT without a body is a 400 in the API's words, and workflow depth is the validator's word.
/// </summary>
public sealed class ApiWriteCorrectnessTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    [Fact]
    public async Task Every_date_of_every_resource_is_UTC_with_Z_when_created_read_and_listed()
    {
        var seed = await factory.SeedAsync();
        var system = factory.As(Caller.System);
        var organization = await factory.CreateOrganizationAsync();
        var environment = await factory.CreateEnvironmentAsync(organization.Id());
        var variable = await factory.CreateVariableAsync(environment.Id(), value: "v");
        var member = await factory.InviteAsync(organization.Id(), Callers.AdminEmail, "admin");
        var key = await factory.CreateApiKeyAsync(seed.Acme);
        var (workflow, entity) = await factory.CreateSimpleWorkflowAsync();
        var type = await system.PostJsonAsync("/api/workflow-entity-types",
            new { name = Arrange.Unique("Type"), description = "d", kind = "action", shape = "circle", color = "#1565c0" }).ExpectJson(201);
        var revoked = await factory.As(Caller.Admin).DeleteAsync($"/api/api-keys/{key.GetProperty("key").Id()}").ExpectJson(200);

        var answers = new List<JsonElement> { organization, environment, variable, member, key, workflow, entity, type, revoked };
        foreach (var url in new[]
                 {
                     $"/api/organizations/{organization.Id()}", $"/api/environments/{environment.Id()}", $"/api/variables/{variable.Id()}",
                     $"/api/workflows/{workflow.Id()}", $"/api/workflow-entities/{entity.Id()}", $"/api/workflow-entity-types/{type.Id()}",
                     $"/api/members?organizationId={organization.Id()}", $"/api/api-keys?organizationId={seed.Acme}",
                     $"/api/organizations", $"/api/environments?organizationId={organization.Id()}", $"/api/variables?organizationId={organization.Id()}",
                     $"/api/workflows?organizationId={seed.Acme}", $"/api/workflow-entities?organizationId={seed.Acme}",
                     "/api/workflow-entity-types", $"/api/audit?organizationId={seed.Acme}", "/api/auth/session",
                 })
            answers.Add(await system.GetAsync(url).ExpectJson(200));

        var dates = answers.SelectMany(Dates).ToList();
        Assert.True(dates.Count > 40, $"only {dates.Count} dates were checked");
        Assert.All(dates, d => Assert.True(d.Value.EndsWith('Z') && DateTime.TryParse(d.Value, out _), $"{d.Name} = {d.Value}"));
    }

    [Fact]
    public async Task Twenty_concurrent_unconditional_puts_all_succeed()
    {
        var seed = await factory.SeedAsync();
        var environment = await factory.CreateEnvironmentAsync(seed.Acme);
        var url = $"/api/environments/{environment.Id()}";
        var admin = factory.As(Caller.Admin);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
            (int)(await admin.PutJsonAsync(url, new { name = environment.Str("name"), description = $"writer {i}" })).StatusCode));

        Assert.All(statuses, s => Assert.Equal(200, s));
        var audit = await factory.As(Caller.System).GetAsync($"/api/audit?organizationId={seed.Acme}&limit=100").ExpectJson(200);
        Assert.Equal(20, audit.Data().Count(a => a.GetProperty("resourceId").GetGuid() == environment.Id() && a.Str("action") == "updated"));
    }

    [Fact]
    public async Task Twenty_concurrent_unconditional_workflow_puts_all_succeed()
    {
        var (workflow, entity) = await factory.CreateSimpleWorkflowAsync();
        var url = $"/api/workflows/{workflow.Id()}";
        var user = factory.As(Caller.User);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i => (int)(await user.PutJsonAsync(url,
            new { name = workflow.Str("name"), description = $"writer {i}", workflowData = Tree.Data(Tree.Node(entity, "root")) })).StatusCode));

        Assert.All(statuses, s => Assert.Equal(200, s));
    }

    [Fact]
    public async Task An_If_Match_list_matches_when_any_tag_is_current()
    {
        var seed = await factory.SeedAsync();
        var environment = await factory.CreateEnvironmentAsync(seed.Acme);
        var url = $"/api/environments/{environment.Id()}";
        var admin = factory.As(Caller.Admin);
        var current = (await admin.GetAsync(url).Expect(200)).ETag();
        var stale = $"\"{Guid.NewGuid()}\"";

        var first = await admin.PutJsonAsync(url, new { name = environment.Str("name"), description = "one" }, $"{stale}, {current}").Expect(200);
        var next = first.ETag();
        await admin.PutJsonAsync(url, new { name = environment.Str("name"), description = "two" }, $"{stale}, {current}").Expect(412);
        await admin.PutJsonAsync(url, new { name = environment.Str("name"), description = "three" }, $"{next}, {stale}").Expect(200);
        Assert.Equal("three", (await admin.GetAsync(url).ExpectJson(200)).Str("description"));
        var latest = (await admin.GetAsync(url).Expect(200)).ETag();
        await factory.DeleteApprovedAsync(url, Caller.Admin, $"{stale}, W/{latest}");
    }

    public static TheoryData<string, string> Writes => new()
    {
        { "POST", "/api/organizations" }, { "POST", "/api/environments" }, { "POST", "/api/variables" }, { "POST", "/api/members" },
        { "POST", "/api/api-keys" }, { "POST", "/api/workflow-entity-types" }, { "POST", "/api/workflow-entities" }, { "POST", "/api/workflows" },
        { "POST", "/api/workflows/test-condition" }, { "POST", "/api/workflows/test-substitution" },
        { "POST", "/api/workflows/{id}/dry-run" }, { "PUT", "/api/organizations/{id}" }, { "PUT", "/api/environments/{id}" },
        { "PUT", "/api/variables/{id}" }, { "PUT", "/api/members/{id}" }, { "PUT", "/api/workflow-entity-types/{id}" },
        { "PUT", "/api/workflow-entities/{id}" }, { "PUT", "/api/workflows/{id}" },
        { "PUT", "/api/organizations/{id}/approval-policy" }, { "PUT", "/api/members/{id}/reviewer" },
    };

    [Theory, MemberData(nameof(Writes))]
    public async Task A_write_without_a_body_is_400_in_the_APIs_words(string method, string path)
    {
        var url = path.Replace("{id}", Guid.NewGuid().ToString());
        var client = factory.As(Caller.System);
        foreach (var request in new Func<HttpRequestMessage>[]
                 {
                     () => new HttpRequestMessage(new HttpMethod(method), url),
                     () => new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("", Encoding.UTF8, "application/json") },
                 })
        {
            var error = await Task.FromResult(await client.SendAsync(request())).ExpectJson(400);
            Assert.Equal("Request body required", error.Error());
            Assert.Equal("Send a JSON object with Content-Type: application/json.", error.Str("details"));
        }
        var nullBody = await client.SendRawAsync(new HttpMethod(method), url, "null").ExpectJson(400);
        Assert.Equal("Request body required", nullBody.Error());
        Assert.False(string.IsNullOrWhiteSpace(nullBody.Str("details")));
    }

    [Fact]
    public async Task Every_400_carries_details()
    {
        var seed = await factory.SeedAsync();
        var client = factory.As(Caller.System);
        var answers = new[]
        {
            await client.GetAsync("/api/environments?organizationId=not-a-guid").ExpectJson(400),
            await client.GetAsync($"/api/audit?organizationId={seed.Acme}&from=yesterday").ExpectJson(400),
            await client.GetAsync("/api/variables").ExpectJson(400),
            await client.PostJsonAsync("/api/environments", new { organizationId = seed.Acme }).ExpectJson(400),
            await client.SendRawAsync(HttpMethod.Post, "/api/environments", "{\"organizationId\": 12}").ExpectJson(400),
            await client.SendRawAsync(HttpMethod.Post, "/api/environments", "{").ExpectJson(400),
            await client.PostJsonAsync("/api/members", new { organizationId = seed.Acme, email = "x@y.z", role = "owner" }).ExpectJson(400),
        };
        Assert.All(answers, a => Assert.False(string.IsNullOrWhiteSpace(a.Str("details")), a.ToString()));
        Assert.Equal("'not-a-guid' is not a valid organizationId: it must be an id (a GUID).", answers[0].Str("details"));
    }

    [Fact]
    public async Task Workflow_entities_of_another_organizations_environment_are_404()
    {
        var seed = await factory.SeedAsync();
        var admin = factory.As(Caller.Admin);
        var error = await admin.GetAsync($"/api/workflow-entities?organizationId={seed.Acme}&environmentId={seed.GlobexProduction}").ExpectJson(404);
        Assert.Equal("Environment not found", error.Error());
        await admin.GetAsync($"/api/workflow-entities?organizationId={seed.Acme}&environmentId={Guid.NewGuid()}").Expect(404);
        await admin.GetAsync($"/api/workflow-entities?organizationId={seed.Acme}&environmentId={seed.AcmeProduction}").Expect(200);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(73)]
    [InlineData(100)]
    [InlineData(126)]
    [InlineData(400)]
    public async Task A_workflow_deeper_than_the_limit_gets_the_depth_message(int depth)
    {
        var seed = await factory.SeedAsync();
        var entity = await factory.CreateEntityAsync(seed.Acme);
        var body = $$$"""{"environmentId":"{{{seed.AcmeDevelopment}}}","name":"{{{Arrange.Unique("Deep")}}}","workflowData":{"root":{{{Chain(entity, depth)}}}}}""";

        var error = await factory.As(Caller.User).SendRawAsync(HttpMethod.Post, "/api/workflows", body).ExpectJson(400);

        var text = error.ToString();
        Assert.Contains("a workflow may be at most 64 levels deep", text);
        Assert.DoesNotContain("could not be", text);
        Assert.False(string.IsNullOrWhiteSpace(error.Str("details")));
    }

    /// <summary>A chain of <paramref name="depth"/> nodes as JSON text (too deep for a serializer's default limits).</summary>
    private static string Chain(JsonElement entity, int depth)
    {
        var text = new StringBuilder();
        for (var level = 1; level <= depth; level++)
            text.Append($$"""{"name":"n{{level}}","entityId":"{{entity.Id()}}","entityType":"{{entity.Str("entityType")}}","children":[""");
        for (var level = 1; level <= depth; level++) text.Append("]}");
        return text.ToString();
    }

    /// <summary>Every string property named like a date (…At, at, from, to) anywhere in an answer.</summary>
    private static IEnumerable<(string Name, string Value)> Dates(JsonElement json)
    {
        var pending = new Stack<JsonElement>([json]);
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            if (element.ValueKind == JsonValueKind.Array)
                foreach (var item in element.EnumerateArray()) pending.Push(item);
            if (element.ValueKind != JsonValueKind.Object) continue;
            foreach (var property in element.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && (property.Name.EndsWith("At") || property.Name == "at"))
                    yield return (property.Name, property.Value.GetString()!);
                else pending.Push(property.Value);
            }
        }
    }
}
