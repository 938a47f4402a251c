using System.Data.Common;
using System.Net;
using Builder.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Api;

/// <summary>
/// What a request with an API key costs the database once the key is warm: a variables list is two statements (the
/// environment with the count, then the page); and the cached key still stops working the moment it is revoked, and
/// follows a change of its owner's role at once.
/// </summary>
public sealed class ApiKeyRequestCostTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private sealed class Statements : DbCommandInterceptor
    {
        private readonly List<string> _texts = [];

        public IReadOnlyList<string> Texts { get { lock (_texts) return _texts.ToList(); } }

        private void Add(DbCommand command) { lock (_texts) _texts.Add(command.CommandText); }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Add(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Add(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Add(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Add(command);
            return ValueTask.FromResult(result);
        }
    }

    private readonly Statements _statements = new();

    private WebApplicationFactory<Program> App() => factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        s.ConfigureDbContext<SqliteBuilderDbContext>(o => o.AddInterceptors(_statements))));

    private static HttpClient WithKey(WebApplicationFactory<Program> app, string token)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        return client;
    }

    [Fact]
    public async Task A_warm_variables_list_with_an_API_key_runs_two_statements()
    {
        var seed = await factory.SeedAsync();
        await factory.CreateVariableAsync(seed.AcmeDevelopment);
        await using var app = App();
        var token = (await factory.CreateApiKeyAsync(seed.Acme)).Str("token");
        var client = WithKey(app, token);
        var url = $"/api/variables?organizationId={seed.Acme}&environmentId={seed.AcmeDevelopment}&limit=10";
        await client.GetAsync(url).ExpectJson(200);
        await client.GetAsync(url).ExpectJson(200);
        var before = _statements.Texts.Count;

        var page = await client.GetAsync(url).ExpectJson(200);

        var statements = _statements.Texts.Skip(before).ToList();
        Assert.NotEmpty(page.Data());
        Assert.True(statements.Count is >= 1 and <= 2, $"{statements.Count} statements:\n{string.Join("\n---\n", statements)}");
    }

    [Fact]
    public async Task An_environment_of_another_organization_or_none_is_404_not_an_empty_list()
    {
        var seed = await factory.SeedAsync();
        await using var app = App();
        var client = WithKey(app, (await factory.CreateApiKeyAsync(seed.Acme)).Str("token"));
        var empty = await factory.CreateEnvironmentAsync(seed.Acme);

        await client.GetAsync($"/api/variables?organizationId={seed.Acme}&environmentId={seed.GlobexProduction}").ExpectJson(404);
        await client.GetAsync($"/api/variables?environmentId={seed.GlobexProduction}").ExpectJson(404);
        await client.GetAsync($"/api/variables?organizationId={seed.Acme}&environmentId={Guid.NewGuid()}").ExpectJson(404);
        await client.GetAsync($"/api/variables?organizationId={seed.Globex}").ExpectJson(404);
        var none = await client.GetAsync($"/api/variables?organizationId={seed.Acme}&environmentId={empty.Id()}").ExpectJson(200);
        Assert.Empty(none.Data());
        Assert.Equal(0, none.GetProperty("pagination").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_used_key_stops_working_the_moment_it_is_revoked()
    {
        var seed = await factory.SeedAsync();
        await using var app = App();
        var key = await factory.CreateApiKeyAsync(seed.Acme);
        var client = WithKey(app, key.Str("token"));
        await client.GetAsync("/api/auth/session").ExpectJson(200);
        await client.GetAsync("/api/auth/session").ExpectJson(200);

        // Revoked through the app the key's requests go to (the factory shares its database, not its caches).
        await WithAdmin(app).DeleteAsync($"/api/api-keys/{key.GetProperty("key").Id()}").ExpectJson(200);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/session")).StatusCode);
    }

    [Fact]
    public async Task A_used_key_follows_a_change_of_its_owners_role_at_once()
    {
        var seed = await factory.SeedAsync();
        await using var app = App();
        var member = (await WithSystem(app).GetAsync($"/api/members?organizationId={seed.Acme}&search={Callers.UserEmail}").ExpectJson(200)).Data().Single();
        await WithSystem(app).PutJsonAsync($"/api/members/{member.Id()}", new { role = "admin" }).ExpectJson(200);
        var key = await WithUser(app, Callers.UserEmail).PostJsonAsync("/api/api-keys", new { organizationId = seed.Acme, name = Arrange.Unique("Key") }).ExpectJson(201);
        var client = WithKey(app, key.Str("token"));
        await client.GetAsync($"/api/api-keys?organizationId={seed.Acme}").ExpectJson(200);
        await client.GetAsync($"/api/api-keys?organizationId={seed.Acme}").ExpectJson(200);

        await WithSystem(app).PutJsonAsync($"/api/members/{member.Id()}", new { role = "user" }).ExpectJson(200);

        await client.GetAsync($"/api/api-keys?organizationId={seed.Acme}").ExpectJson(403);
    }

    private static HttpClient WithSystem(WebApplicationFactory<Program> app) => WithUser(app, Callers.SystemEmail);

    private static HttpClient WithAdmin(WebApplicationFactory<Program> app) => WithUser(app, Callers.AdminEmail);

    private static HttpClient WithUser(WebApplicationFactory<Program> app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, email);
        return client;
    }
}
