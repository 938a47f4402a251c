using Builder.Web.Tests.Api.Workflows;

namespace Builder.Web.Tests.Api;

/// <summary>
/// The list query rules of every list endpoint: search terms are data, never SQL (NUL, quotes, backslashes and LIKE wildcards
/// filter literally), an unknown sort is a 400 naming the allowed keys, a page far past the end is empty, and every 400 says why.
/// </summary>
public sealed class ApiListQueryTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    /// <summary>Each list endpoint (as System sees it, over Acme) and the field its search matches.</summary>
    private async Task<IReadOnlyList<(string Url, string Field)>> ListsAsync()
    {
        var seed = await factory.SeedAsync();
        return
        [
            ("/api/organizations?", "name"),
            ($"/api/environments?organizationId={seed.Acme}&", "name"),
            ($"/api/variables?organizationId={seed.Acme}&", "name"),
            ($"/api/members?organizationId={seed.Acme}&", "email"),
            ($"/api/api-keys?organizationId={seed.Acme}&", "name"),
            ("/api/workflow-entity-types?", "name"),
            ($"/api/workflow-entities?organizationId={seed.Acme}&", "name"),
            ($"/api/workflows?organizationId={seed.Acme}&", "name"),
        ];
    }

    /// <summary>The terms by name: a NUL does not survive the test runner's serialization of theory data.</summary>
    public static TheoryData<string> AwkwardTerms => new() { "nul", "'", "\\", "%", "_", "' OR 1=1 --", "[a-z]" };

    [Theory, MemberData(nameof(AwkwardTerms))]
    public async Task Awkward_search_terms_answer_200_on_every_list_and_match_literally(string name)
    {
        var term = name == "nul" ? "\0" : name;
        await factory.CreateApiKeyAsync((await factory.SeedAsync()).Acme);
        var system = factory.As(Caller.System);
        foreach (var (url, field) in await ListsAsync())
        {
            var page = await system.GetAsync($"{url}search={Uri.EscapeDataString(term)}&limit=100").ExpectJson(200);
            Assert.All(page.Data(), item => Assert.Contains(term, item.Str(field), StringComparison.OrdinalIgnoreCase));
        }
        var seed = await factory.SeedAsync();
        var audit = await system.GetAsync($"/api/audit?organizationId={seed.Acme}&actor={Uri.EscapeDataString(term)}&limit=100").ExpectJson(200);
        Assert.All(audit.Data(), item => Assert.Contains(term, item.Str("actorEmail"), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Wildcards_quotes_and_backslashes_in_a_search_find_exactly_the_names_that_contain_them()
    {
        var organization = await factory.CreateOrganizationAsync();
        var names = new[] { "50% off", "O'Brien", @"back\slash", "under_score", "plain" };
        foreach (var name in names) await factory.CreateEnvironmentAsync(organization.Id(), name);
        var system = factory.As(Caller.System);

        foreach (var (term, expected) in new[] { ("%", "50% off"), ("'", "O'Brien"), (@"\", @"back\slash"), ("_", "under_score") })
        {
            var page = await system.GetAsync($"/api/environments?organizationId={organization.Id()}&search={Uri.EscapeDataString(term)}")
                .ExpectJson(200);
            Assert.Equal([expected], page.Data().Select(e => e.Str("name")));
        }
        foreach (var term in new[] { "%%", "\0", "_%_" })
        {
            var none = await system.GetAsync($"/api/environments?organizationId={organization.Id()}&search={Uri.EscapeDataString(term)}")
                .ExpectJson(200);
            Assert.Empty(none.Data());
        }
    }

    [Fact]
    public async Task The_audit_actor_filter_takes_wildcards_literally()
    {
        var seed = await factory.SeedAsync();
        await factory.CreateVariableAsync(seed.AcmeDevelopment);
        var system = factory.As(Caller.System);
        Assert.NotEmpty((await system.GetAsync($"/api/audit?organizationId={seed.Acme}&actor=system%40").ExpectJson(200)).Data());
        Assert.Empty((await system.GetAsync($"/api/audit?organizationId={seed.Acme}&actor=s_stem").ExpectJson(200)).Data());
        Assert.Empty((await system.GetAsync($"/api/audit?organizationId={seed.Acme}&actor=sys%25tem").ExpectJson(200)).Data());
    }

    [Fact]
    public async Task An_unknown_sort_is_400_naming_the_allowed_keys_on_every_list()
    {
        var seed = await factory.SeedAsync();
        var system = factory.As(Caller.System);
        foreach (var (url, _) in (await ListsAsync()).Append(($"/api/audit?organizationId={seed.Acme}&", "")))
        {
            var error = await system.GetAsync($"{url}sort=secretColumn").ExpectJson(400);
            var message = error.GetProperty("errors").GetProperty("sort")[0].GetString()!;
            Assert.StartsWith("sort must be one of: ", message);
            Assert.DoesNotContain("secretColumn", message);
            Assert.Contains(message, error.Str("details"));
        }
        // Known keys still sort, in any case.
        var sorted = await system.GetAsync($"/api/environments?organizationId={seed.Acme}&sort=NAME&order=desc").ExpectJson(200);
        Assert.Equal(["Production", "Development"], sorted.Data().Select(e => e.Str("name")));
    }

    [Theory]
    [InlineData(2147483647)]
    [InlineData(1073741824)]
    [InlineData(50)]
    public async Task A_page_past_the_end_is_empty_on_every_list_never_page_one_again(int page)
    {
        await factory.CreateSimpleWorkflowAsync();
        await factory.CreateApiKeyAsync((await factory.SeedAsync()).Acme);
        var system = factory.As(Caller.System);
        foreach (var (url, _) in await ListsAsync())
        {
            var body = await system.GetAsync($"{url}page={page}&limit=100").ExpectJson(200);
            Assert.Empty(body.Data());
            Assert.Equal(page, body.GetProperty("pagination").GetProperty("page").GetInt32());
            Assert.True(body.GetProperty("pagination").GetProperty("total").GetInt32() > 0, url);
        }
    }

    [Theory]
    [InlineData("page=abc", "page")]
    [InlineData("page=0", "page")]
    [InlineData("limit=1000", "limit")]
    [InlineData("order=sideways", "order")]
    [InlineData("page=99999999999", "page")]
    public async Task Every_bad_list_parameter_is_400_with_details(string query, string parameter)
    {
        var system = factory.As(Caller.System);
        foreach (var (url, _) in await ListsAsync())
        {
            var error = await system.GetAsync($"{url}{query}").ExpectJson(400);
            Assert.False(string.IsNullOrWhiteSpace(error.Str("details")), $"{url}{query}: {error}");
            Assert.Contains(parameter, error.Str("details"), StringComparison.OrdinalIgnoreCase);
        }
    }
}
