using System.Collections.Concurrent;
using System.Text.Json;
using Builder.Domain.Connectors;
using Builder.Web.Tests.Api;
using Builder.Web.Tests.Poweruser.AutessaDb;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.Connectors;

/// <summary>
/// <c>/autessa_poweruser/connectors/{all, get}</c> × System, Admin, User, Guest (by key and by session) and another
/// organization's admin: read-only, the reference's DTO with the type's non-secret fields, never a credential; a bad type is
/// 400 listing the valid ones; create, update and delete are not offered.
/// </summary>
public sealed class ConnectorEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string Base = "/autessa_poweruser/connectors";
    private const string Canary = "CANARY-pu-connector-4b7d1e09-do-not-leak";
    private readonly AutessaDbApi _api = AutessaDbApi.For(factory);

    /// <summary>Creates a connector through the console's service, as Acme's Admin: an Acumatica one with every field and credential.</summary>
    private async Task<ConnectorView> CreateAsync(string type = "ACUMATICA", string? name = null, bool active = true, string sharing = "COMPANY")
    {
        var seed = await factory.SeedAsync();
        var admin = await factory.ActorAsync(Callers.AdminEmail);
        var definition = ConnectorCatalog.Find(type)!;
        var fields = definition.Fields.ToDictionary(f => f.Key, f => (string?)(f.Kind switch
        {
            ConnectorFieldKind.Email => "api@example.com",
            ConnectorFieldKind.Url => "https://acumatica.example.com",
            ConnectorFieldKind.Choice => f.Choices![0],
            ConnectorFieldKind.Digits => "4242",
            ConnectorFieldKind.Subdomain => "acme",
            _ => "acme_1",
        }));
        await using var scope = _api.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConnectorService>().CreateAsync(admin, seed.Acme, type,
            new ConnectorInput(name ?? AutessaDbApi.Name("Conn"), fields, definition.Credentials.ToDictionary(c => c.Key, c => (string?)$"{Canary}-{c.Key}"),
                IsActive: active, SharingLevel: sharing));
    }

    public static TheoryData<string, Caller, bool, int> Cases()
    {
        var data = new TheoryData<string, Caller, bool, int>();
        foreach (var endpoint in new[] { "all", "get" })
        foreach (var row in Callers.Expect(Builder.Domain.Access.Permissions.EntitiesRead, 200, 200, 200, 200, endpoint == "get" ? 404 : 200))
        foreach (var byKey in new[] { true, false })
            data.Add(endpoint, (Caller)row[0], byKey, (int)row[1]);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Every_caller_reads_as_the_matrix_says_and_never_sees_a_credential(string endpoint, Caller caller, bool byKey, int status)
    {
        var connector = await CreateAsync();
        var (client, query) = await _api.CallerAsync(caller, byKey);

        var response = await client.PostJsonAsync($"{Base}/{endpoint}{query}", new { connectorType = "ACUMATICA", connectorId = connector.ConnectorId });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("CANARY", text);
        var body = JsonDocument.Parse(text).RootElement;
        if (status != 200)
        {
            AssertErrors(body, "not_found");
            return;
        }
        Assert.Empty(body.GetProperty("errors").EnumerateArray());
        if (endpoint == "all")
        {
            var ids = body.GetProperty("connectors").EnumerateArray().Select(c => c.GetProperty("connectorId").GetInt32()).ToList();
            if (caller == Caller.Outsider) Assert.DoesNotContain(connector.ConnectorId, ids); else Assert.Contains(connector.ConnectorId, ids);
            return;
        }
        var dto = body.GetProperty("connector");
        Assert.Equal(["accountEmail", "clientId", "company", "connectorId", "connectorName", "connectorType", "createdAt", "hostUrl", "isActive",
            "sharingLevel", "updatedAt", "userAccessLevel"], dto.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal((connector.ConnectorId, connector.Name, "ACUMATICA", "https://acumatica.example.com", "api@example.com", true, "COMPANY"),
            (dto.GetProperty("connectorId").GetInt32(), dto.Str("connectorName"), dto.Str("connectorType"), dto.Str("hostUrl"), dto.Str("accountEmail"),
                dto.GetProperty("isActive").GetBoolean(), dto.Str("sharingLevel")));
        Assert.Equal(caller is Caller.System or Caller.Admin ? "ADMIN" : "VIEW", dto.Str("userAccessLevel"));
    }

    [Fact]
    public async Task All_lists_the_active_connectors_of_one_type_and_includeInactive_the_others_too()
    {
        var active = await CreateAsync("GMAIL");
        var inactive = await CreateAsync("GMAIL", active: false);
        var hubspot = await CreateAsync("HUBSPOT");
        var admin = await _api.AdminAsync();

        var ids = (await admin.PostJsonAsync($"{Base}/all", new { connectorType = "gmail" }).ExpectJson(200))
            .GetProperty("connectors").EnumerateArray().Select(c => c.GetProperty("connectorId").GetInt32()).ToList();
        var all = (await admin.PostJsonAsync($"{Base}/all", new { connectorType = "GMAIL", includeInactive = true }).ExpectJson(200))
            .GetProperty("connectors").EnumerateArray().ToList();

        Assert.Contains(active.ConnectorId, ids);
        Assert.DoesNotContain(inactive.ConnectorId, ids);
        Assert.DoesNotContain(hubspot.ConnectorId, ids);
        Assert.Contains(all, c => c.GetProperty("connectorId").GetInt32() == inactive.ConnectorId && !c.GetProperty("isActive").GetBoolean());
        Assert.All(all, c => Assert.Equal("GMAIL", c.Str("connectorType")));
        Assert.All(all, c => Assert.True(c.TryGetProperty("accountEmail", out _)));
    }

    [Fact]
    public async Task A_private_connector_is_invisible_to_members_it_is_not_shared_with()
    {
        var connector = await CreateAsync("GMAIL", sharing: "PRIVATE");
        var (user, _) = await _api.CallerAsync(Caller.User, byKey: true);

        await user.PostJsonAsync($"{Base}/get", new { connectorType = "GMAIL", connectorId = connector.ConnectorId }).ExpectErrors(404, "not_found");
        var listed = await user.PostJsonAsync($"{Base}/all", new { connectorType = "GMAIL" }).ExpectJson(200);
        Assert.DoesNotContain(listed.GetProperty("connectors").EnumerateArray(), c => c.GetProperty("connectorId").GetInt32() == connector.ConnectorId);
    }

    [Theory]
    [InlineData("{}", "connectorType")]
    [InlineData("""{ "connectorType": "SLACK" }""", "connectorType")]
    [InlineData("""{ "connectorType": "" }""", "connectorType")]
    public async Task A_missing_or_unknown_type_is_a_400_listing_the_valid_ones(string body, string field)
    {
        var admin = await _api.AdminAsync();
        foreach (var endpoint in new[] { "all", "get" })
        {
            var error = await admin.PostRawAsync($"{Base}/{endpoint}", body).ExpectErrors(400, "invalid_value", field);
            Assert.Contains("GMAIL, GOOGLE_CALENDAR, GOOGLE_ANALYTICS", error.Str("message"));
            Assert.Contains("QUICKBOOKS", error.Str("message"));
        }
    }

    [Fact]
    public async Task Get_needs_a_whole_number_id_of_a_connector_of_that_type()
    {
        var connector = await CreateAsync("GMAIL");
        var admin = await _api.AdminAsync();

        await admin.PostJsonAsync($"{Base}/get", new { connectorType = "GMAIL" }).ExpectErrors(400, "invalid_value", "connectorId");
        await admin.PostRawAsync($"{Base}/get", $$"""{ "connectorType": "GMAIL", "connectorId": "{{connector.ConnectorId}}" }""").ExpectErrors(400, "invalid_id", "connectorId");
        await admin.PostJsonAsync($"{Base}/get", new { connectorType = "HUBSPOT", connectorId = connector.ConnectorId }).ExpectErrors(404, "not_found");
        await admin.PostJsonAsync($"{Base}/get", new { connectorType = "GMAIL", connectorId = int.MaxValue }).ExpectErrors(404, "not_found");
        await admin.PostJsonAsync($"{Base}/get", new { connectorType = "GMAIL", connectorId = long.MaxValue }).ExpectErrors(404, "not_found");
    }

    [Theory]
    [InlineData("create", 404, "not_found")]
    [InlineData("update", 404, "not_found")]
    [InlineData("toggle", 404, "not_found")]
    [InlineData("delete", 403, "human_oversight_required")]
    [InlineData("share", 403, "human_oversight_required")]
    [InlineData("transfer-ownership", 403, "human_oversight_required")]
    public async Task Writing_is_not_offered(string endpoint, int status, string code)
    {
        var connector = await CreateAsync("GMAIL");
        var admin = await _api.AdminAsync();

        await admin.PostJsonAsync($"{Base}/{endpoint}", new { connectorType = "GMAIL", connectorId = connector.ConnectorId, name = "Changed" })
            .ExpectErrors(status, code);

        var after = await admin.PostJsonAsync($"{Base}/get", new { connectorType = "GMAIL", connectorId = connector.ConnectorId }).ExpectJson(200);
        Assert.Equal(connector.Name, after.GetProperty("connector").Str("connectorName"));
    }

    [Fact]
    public async Task No_answer_log_line_or_audit_record_holds_a_credential()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = factory.WithWebHostBuilder(b => b
            .UseSetting("Logging:LogLevel:Default", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace")
            .ConfigureLogging(l => l.AddProvider(logs)));
        var seed = await factory.SeedAsync();
        var admin = await factory.ActorAsync(Callers.AdminEmail);
        ConnectorView connector;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<ConnectorService>();
            connector = await service.CreateAsync(admin, seed.Acme, "TWITTER", new ConnectorInput(AutessaDbApi.Name("Canary"),
                new Dictionary<string, string?> { ["handle"] = "@acme" },
                new Dictionary<string, string?> { ["apiKey"] = Canary, ["apiSecret"] = Canary, ["accessToken"] = Canary, ["accessTokenSecret"] = Canary }));
            await service.UpdateAsync(admin, connector.Id, new ConnectorInput(null, Credentials: new Dictionary<string, string?> { ["apiKey"] = Canary + "2" }));
            // A refused edit that carries the secret in the wrong place and a too-long value: the message names fields, never values.
            await Assert.ThrowsAsync<Builder.Domain.Common.ValidationException>(() => service.UpdateAsync(admin, connector.Id,
                new ConnectorInput(null, new Dictionary<string, string?> { ["apiKey"] = Canary }, new Dictionary<string, string?> { ["apiSecret"] = Canary + new string('x', 20_000) })));
        }
        var bodies = new List<string>();
        foreach (var caller in new[] { Callers.AdminEmail, Callers.GuestEmail, Callers.UserEmail })
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, caller);
            foreach (var (path, body) in new (string, object)[]
                     {
                         ($"{Base}/all?organizationId={seed.Acme}", new { connectorType = "TWITTER", includeInactive = true }),
                         ($"{Base}/get?organizationId={seed.Acme}", new { connectorType = "TWITTER", connectorId = connector.ConnectorId }),
                         ($"/api/audit?organizationId={seed.Acme}&resourceType=connector&limit=100", new { }),
                     })
            {
                var response = path.StartsWith("/api/") ? await client.GetAsync(path) : await client.PostJsonAsync(path, body);
                bodies.Add(await response.Content.ReadAsStringAsync() + string.Join("\n", response.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}")));
            }
        }

        Assert.Contains(bodies, b => b.Contains("\"handle\":\"@acme\""));
        Assert.All(bodies, b => Assert.DoesNotContain("CANARY", b));
        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, line => Assert.DoesNotContain("CANARY", line));
        var audited = await factory.QueryAsync(db => db.AuditEntries.Where(a => a.ResourceId == connector.Id)
            .Select(a => a.ChangedFields + " " + a.ResourceName).ToListAsync());
        Assert.Equal(2, audited.Count);
        Assert.All(audited, a => Assert.DoesNotContain("CANARY", a));
        var stored = await factory.QueryAsync(db => db.Connectors.Where(c => c.Id == connector.Id).Select(c => c.ProtectedCredentials).SingleAsync());
        Assert.All(stored.Values, v => Assert.DoesNotContain("CANARY", v));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();
        public IReadOnlyList<string> Lines => _lines.ToList();
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);
        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
