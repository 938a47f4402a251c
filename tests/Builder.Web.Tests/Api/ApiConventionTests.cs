using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Api;

/// <summary>What every endpoint shares: authentication, error bodies, body limits, the OpenAPI document and its viewer.</summary>
public sealed class ApiConventionTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private static readonly string Id = Guid.NewGuid().ToString();

    /// <summary>Every operation of the API, as (method, path template) — the OpenAPI test checks this list is complete.</summary>
    public static TheoryData<string, string> Operations => new()
    {
        { "GET", "/api/auth/session" }, { "GET", "/api/roles" },
        { "GET", "/api/organizations" }, { "POST", "/api/organizations" }, { "GET", "/api/organizations/{id}" },
        { "PUT", "/api/organizations/{id}" }, { "DELETE", "/api/organizations/{id}" },
        { "GET", "/api/environments" }, { "POST", "/api/environments" }, { "GET", "/api/environments/{id}" },
        { "PUT", "/api/environments/{id}" }, { "DELETE", "/api/environments/{id}" },
        { "GET", "/api/variables" }, { "POST", "/api/variables" }, { "GET", "/api/variables/{id}" },
        { "PUT", "/api/variables/{id}" }, { "DELETE", "/api/variables/{id}" },
        { "GET", "/api/members" }, { "POST", "/api/members" }, { "PUT", "/api/members/{id}" }, { "DELETE", "/api/members/{id}" },
        { "GET", "/api/api-keys" }, { "POST", "/api/api-keys" }, { "DELETE", "/api/api-keys/{id}" },
        { "GET", "/api/audit" }, { "GET", "/api/audit/export" },
        { "GET", "/api/workflow-entity-types" }, { "POST", "/api/workflow-entity-types" }, { "GET", "/api/workflow-entity-types/{id}" },
        { "PUT", "/api/workflow-entity-types/{id}" }, { "DELETE", "/api/workflow-entity-types/{id}" },
        { "GET", "/api/workflow-entities" }, { "POST", "/api/workflow-entities" }, { "GET", "/api/workflow-entities/{id}" },
        { "GET", "/api/workflow-entities/{id}/usage-count" }, { "PUT", "/api/workflow-entities/{id}" }, { "DELETE", "/api/workflow-entities/{id}" },
        { "GET", "/api/workflows" }, { "POST", "/api/workflows" }, { "GET", "/api/workflows/{id}" },
        { "PUT", "/api/workflows/{id}" }, { "DELETE", "/api/workflows/{id}" }, { "POST", "/api/workflows/{id}/dry-run" },
        { "POST", "/api/workflows/test-condition" }, { "POST", "/api/workflows/test-substitution" },
        { "GET", "/api/prompt-templates" }, { "POST", "/api/prompt-templates" }, { "GET", "/api/prompt-templates/{id}" },
        { "PUT", "/api/prompt-templates/{id}" }, { "DELETE", "/api/prompt-templates/{id}" }, { "GET", "/api/prompt-templates/{id}/versions" },
        { "GET", "/api/prompt-templates/{id}/versions/{version}" }, { "POST", "/api/prompt-templates/{id}/versions/{version}/restore" },
        { "GET", "/api/prompt-templates/{id}/labels" }, { "PUT", "/api/prompt-templates/{id}/labels/{name}" },
        { "GET", "/api/prompt-templates/{id}/label-history" },
        { "POST", "/api/prompt-templates/{id}/execute" }, { "GET", "/api/prompt-templates/{id}/executions" },
        { "GET", "/api/prompt-templates/{id}/executions/{executionId}" },
        { "POST", "/api/prompt-templates/{id}/analyze-sentiment" },
        { "GET", "/api/models" }, { "POST", "/api/models" }, { "GET", "/api/models/{id}" }, { "PUT", "/api/models/{id}" },
        { "DELETE", "/api/models/{id}" }, { "POST", "/api/models/{id}/test" },
        { "GET", "/api/system-models/visible" }, { "GET", "/api/system-models" }, { "POST", "/api/system-models" },
        { "GET", "/api/system-models/{id}" }, { "PUT", "/api/system-models/{id}" }, { "DELETE", "/api/system-models/{id}" },
        { "POST", "/api/system-models/{id}/test" },
        { "GET", "/api/prompts" }, { "POST", "/api/prompts" }, { "GET", "/api/prompts/{id}" }, { "PUT", "/api/prompts/{id}" },
        { "DELETE", "/api/prompts/{id}" }, { "POST", "/api/prompts/{id}/run" },
        { "GET", "/api/approval-requests" }, { "GET", "/api/approval-requests/{id}" }, { "POST", "/api/approval-requests/{id}/approve" },
        { "POST", "/api/approval-requests/{id}/reject" }, { "POST", "/api/approval-requests/{id}/cancel" },
        { "GET", "/api/organizations/{id}/approval-policy" }, { "PUT", "/api/organizations/{id}/approval-policy" },
        { "PUT", "/api/members/{id}/reviewer" },
        { "GET", "/api/workflows/all" }, { "GET", "/api/workflows/{id}/sharing" }, { "PUT", "/api/workflows/{id}/sharing" },
        { "POST", "/api/workflows/{id}/transfer-ownership" },
        { "GET", "/api/prompt-templates/all" }, { "GET", "/api/prompt-templates/{id}/sharing" }, { "PUT", "/api/prompt-templates/{id}/sharing" },
        { "POST", "/api/prompt-templates/{id}/transfer-ownership" },
        { "GET", "/api/prompts/all" }, { "GET", "/api/prompts/{id}/sharing" }, { "PUT", "/api/prompts/{id}/sharing" },
        { "POST", "/api/prompts/{id}/transfer-ownership" },
        { "GET", "/api/trash" }, { "GET", "/api/trash/{id}" }, { "POST", "/api/trash/{id}/restore" }, { "DELETE", "/api/trash/{id}" },
        { "GET", "/api/tables/{tableId}/export.csv" },
    };

    public static TheoryData<Caller, int> Everyone => Callers.Expect(null, 200, 200, 200, 200, 200);

    [Theory, MemberData(nameof(Operations))]
    public async Task Unauthenticated_calls_are_401_with_an_error_body(string method, string path)
    {
        var response = await factory.As((string?)null).SendRawAsync(new HttpMethod(method), path.Replace("{id}", Id).Replace("{executionId}", Id).Replace("{tableId}", "1"),
            method is "POST" or "PUT" ? "{}" : null).Expect(401);
        Assert.Equal("Unauthorized", (await response.JsonAsync()).Error());
    }

    [Fact]
    public async Task An_unknown_user_is_401()
    {
        await factory.As("nobody@nowhere.test").GetAsync("/api/auth/session").Expect(401);
    }

    [Theory, MemberData(nameof(Everyone))]
    public async Task Session_names_the_caller_and_their_organizations(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var session = await factory.As(caller).GetAsync("/api/auth/session").ExpectJson(status);
        Assert.Equal(Callers.EmailOf(caller), session.GetProperty("user").Str("email"));
        Assert.False(session.GetProperty("viaApiKey").GetBoolean());
        var organizations = session.GetProperty("organizations").EnumerateArray().ToDictionary(o => o.Id(), o => o.Str("role"));
        var expected = caller switch
        {
            Caller.System => new Dictionary<Guid, string> { [seed.Acme] = "system", [seed.Globex] = "system" },
            Caller.Outsider => new Dictionary<Guid, string> { [seed.Globex] = "admin" },
            _ => new Dictionary<Guid, string> { [seed.Acme] = caller.ToString().ToLowerInvariant() },
        };
        Assert.Equal(expected, organizations);
    }

    [Theory, MemberData(nameof(Everyone))]
    public async Task Roles_lists_the_assignable_roles(Caller caller, int status)
    {
        var roles = await factory.As(caller).GetAsync("/api/roles").ExpectJson(status);
        Assert.Equal(["admin", "user", "guest"], roles.Data().Select(r => r.Str("name")));
    }

    /// <summary>System may act in any organization, but one that does not exist is still 404 — not an empty list, not a 409.</summary>
    [Theory]
    [InlineData("GET", "/api/environments?organizationId={org}", null)]
    [InlineData("POST", "/api/environments", """{"organizationId":"{org}","name":"X"}""")]
    [InlineData("GET", "/api/variables?organizationId={org}", null)]
    [InlineData("GET", "/api/members?organizationId={org}", null)]
    [InlineData("POST", "/api/members", """{"organizationId":"{org}","email":"x@y.test","role":"user"}""")]
    [InlineData("GET", "/api/api-keys?organizationId={org}", null)]
    [InlineData("POST", "/api/api-keys", """{"organizationId":"{org}","name":"X"}""")]
    [InlineData("GET", "/api/audit?organizationId={org}", null)]
    [InlineData("GET", "/api/workflow-entities?organizationId={org}", null)]
    [InlineData("POST", "/api/workflow-entities", """{"organizationId":"{org}","name":"X","workflowEntityTypeId":"0b8f3c2e-0003-4a6b-9d3e-000000000003"}""")]
    [InlineData("GET", "/api/workflows?organizationId={org}", null)]
    [InlineData("GET", "/api/models?organizationId={org}", null)]
    [InlineData("POST", "/api/models", """{"organizationId":"{org}","name":"X","modelUrl":"https://models.test/v1/chat/completions","modelName":"m"}""")]
    public async Task Unknown_organizations_are_404_even_for_System(string method, string url, string? json)
    {
        var org = Guid.NewGuid().ToString();
        var body = await factory.As(Caller.System).SendRawAsync(new HttpMethod(method), url.Replace("{org}", org), json?.Replace("{org}", org))
            .ExpectJson(404);
        Assert.Equal("Organization not found", body.Error());
    }

    [Fact]
    public async Task Bodies_over_one_MiB_are_413_and_nothing_is_created()
    {
        var seed = await factory.SeedAsync();
        var name = Arrange.UniqueIdentifier("HUGE");
        var json = JsonSerializer.Serialize(new { environmentId = seed.AcmeDevelopment, name, value = new string('x', 1024 * 1024) });
        var body = await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Post, "/api/variables", json).ExpectJson(413);
        Assert.Equal("Request body too large", body.Error());
        var list = await factory.As(Caller.Admin).GetAsync($"/api/variables?environmentId={seed.AcmeDevelopment}&search={name}").ExpectJson(200);
        Assert.Empty(list.Data());
    }

    [Fact]
    public async Task Chunked_bodies_over_one_MiB_are_413_too()
    {
        var seed = await factory.SeedAsync();
        var json = JsonSerializer.Serialize(new { organizationId = seed.Acme, name = "Big", description = new string('x', 1024 * 1024) });
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/environments")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        var body = await factory.As(Caller.Admin).SendAsync(request).ExpectJson(413);
        Assert.Equal("Request body too large", body.Error());
        var list = await factory.As(Caller.Admin).GetAsync($"/api/environments?organizationId={seed.Acme}&search=Big").ExpectJson(200);
        Assert.Empty(list.Data());
    }

    [Fact]
    public async Task Chunked_bodies_within_the_limit_are_accepted()
    {
        var seed = await factory.SeedAsync();
        var name = Arrange.Unique("Chunked");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/environments")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { organizationId = seed.Acme, name })))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        Assert.Equal(name, (await factory.As(Caller.Admin).SendAsync(request).ExpectJson(201)).Str("name"));
    }

    [Fact]
    public async Task Non_json_content_is_415()
    {
        var seed = await factory.SeedAsync();
        var body = await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Post, "/api/environments",
            $$"""{"organizationId":"{{seed.Acme}}","name":"Plain"}""", contentType: "text/plain").ExpectJson(415);
        Assert.Equal("Unsupported content type", body.Error());
        var list = await factory.As(Caller.Admin).GetAsync($"/api/environments?organizationId={seed.Acme}&search=Plain").ExpectJson(200);
        Assert.Empty(list.Data());
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/variables/not-a-guid")]
    public async Task Unknown_paths_are_404_with_an_error_body(string path)
    {
        Assert.Equal("Not found", (await factory.As(Caller.Admin).GetAsync(path).ExpectJson(404)).Error());
    }

    [Fact]
    public async Task Each_test_class_has_a_database_of_its_own()
    {
        var configured = factory.Services.GetRequiredService<IConfiguration>().GetConnectionString("Builder");
        Assert.Equal($"Data Source={factory.DatabasePath}", configured);
        Assert.StartsWith(Path.GetTempPath(), factory.DatabasePath);
        Assert.True(File.Exists(factory.DatabasePath));
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_operation_under_its_tag()
    {
        var document = await factory.As((string?)null).GetAsync("/openapi/v1.json").ExpectJson(200);
        var paths = document.GetProperty("paths");
        var expectedTags = new Dictionary<string, string>
        {
            ["organizations"] = "Organizations", ["environments"] = "Environments", ["variables"] = "Variables",
            ["members"] = "Members", ["api-keys"] = "API keys", ["audit"] = "Audit",
            ["workflow-entity-types"] = "Workflow entity types", ["workflow-entities"] = "Workflow entities", ["workflows"] = "Workflows",
            ["prompt-templates"] = "Prompt templates",
            ["prompts"] = "Prompts", ["trash"] = "Trash", ["tables"] = "Tables",
            ["approval-requests"] = "Approval requests",
        };
        foreach (var row in Operations)
        {
            var (method, path) = ((string)row[0], (string)row[1]);
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is missing from the OpenAPI document");
            Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is missing");
            var resource = path.Split('/')[2];
            if (expectedTags.TryGetValue(resource, out var tag))
            {
                Assert.Equal(tag, operation.GetProperty("tags")[0].GetString());
                Assert.True(operation.GetProperty("responses").TryGetProperty("404", out _), $"{method} {path} documents no 404");
            }
        }
        var documented = paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/"))
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}")).ToHashSet();
        Assert.Equal(Operations.Select(r => $"{r[0]} {r[1]}").ToHashSet(), documented);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_contract_accurately()
    {
        var document = await factory.As((string?)null).GetAsync("/openapi/v1.json").ExpectJson(200);
        var parameters = document.GetProperty("paths").GetProperty("/api/variables").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.Str("name"));
        Assert.Equal(["organizationId", "environmentId", "page", "limit", "search", "sort", "order"], parameters);

        var schemas = document.GetProperty("components").GetProperty("schemas");
        string[] Required(string schema) => schemas.GetProperty(schema).GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToArray();
        Assert.Equal(["environmentId", "name"], Required("CreateVariableRequest"));
        Assert.Equal(["name"], Required("UpdateVariableRequest"));
        Assert.Equal(["organizationId", "email", "role"], Required("InviteMemberRequest"));

        var variable = schemas.GetProperty("VariableView").GetProperty("properties");
        Assert.True(variable.TryGetProperty("hasValue", out _));
        Assert.False(variable.TryGetProperty("value", out _), "The variable contract must not even have a value field.");
        Assert.Equal("Builder API", document.GetProperty("info").Str("title"));
    }

    [Fact]
    public async Task Api_docs_is_an_offline_page_that_reads_the_OpenAPI_document()
    {
        var response = await factory.As((string?)null).GetAsync("/api-docs").Expect(200);
        Assert.Equal("text/html", response.ContentType()?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("fetch(\"/openapi/v1.json\"", html);
        Assert.Contains("operation.tags", html);
        Assert.DoesNotContain("<script src", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotMatch("(src|href)=\"https?://", html);
    }
}
