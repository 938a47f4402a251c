using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Builder.Web.Tests.Api;

/// <summary>
/// A canary token, client key and secret key sent to every models operation never come back: not in an answer (success or
/// error), a header, a log line at any level, an audit record, nor in plain text in the database file.
/// </summary>
public sealed class ModelSecretTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string Token = "sk-proj-CANARY-TOKEN-5d1e8a2f-do-not-leak";
    private const string ClientKey = "client-CANARY-KEY-91b7c3e4-do-not-leak";
    private const string SecretKey = "secret-CANARY-KEY-0a6f2d8b-do-not-leak";
    private const string Replacement = "sk-proj-CANARY-REPLACED-7c4b9e1d-do-not-leak";
    private static readonly string[] Canaries = [Token, ClientKey, SecretKey, Replacement, "CANARY"];
    private const string Url = ModelArrange.OpenAiUrl;

    [Fact]
    public async Task No_response_log_line_audit_record_or_database_byte_contains_a_credential()
    {
        var seed = await factory.SeedAsync();
        var logs = new CapturingLoggerProvider();
        await using var app = factory.WithWebHostBuilder(b => b
            .UseSetting("Logging:LogLevel:Default", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace")
            .ConfigureLogging(l => l.AddProvider(logs)));
        var bodies = new ConcurrentQueue<string>();
        HttpClient As(string email)
        {
            var client = app.CreateDefaultClient(new Uri("http://localhost"), new RecordingHandler(bodies));
            client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, email);
            return client;
        }
        var admin = As(Callers.AdminEmail);
        var system = As(Callers.SystemEmail);
        var guest = As(Callers.GuestEmail);
        var outsider = As(Callers.OutsiderEmail);
        var name = Arrange.Unique("Canary");
        var credentials = new { token = Token, clientKey = ClientKey, secretKey = SecretKey };

        var created = await admin.PostJsonAsync("/api/models", new
        {
            organizationId = seed.Acme, name, modelUrl = Url, modelName = "gpt-4o-mini", credentials.token, credentials.clientKey, credentials.secretKey,
        }).Expect(201);
        var id = (await created.JsonAsync()).Id();
        var url = $"/api/models/{id}";
        var stale = created.ETag();
        await admin.GetAsync(url).Expect(200);
        await guest.GetAsync(url).Expect(200);
        await outsider.GetAsync(url).Expect(404);
        await admin.GetAsync($"/api/models?organizationId={seed.Acme}&limit=100").Expect(200);
        await admin.PostJsonAsync("/api/models", new { organizationId = seed.Acme, name, modelUrl = Url, modelName = "m", token = Token }).Expect(409);
        await admin.PostJsonAsync("/api/models", new { organizationId = seed.Acme, name = Token, modelUrl = Token, modelName = "m", token = Token }).Expect(400);
        await admin.SendRawAsync(HttpMethod.Post, "/api/models", $$"""{"name":"{{name}}","token":"{{Token}}" """).Expect(400);
        await guest.PostJsonAsync("/api/models", new { organizationId = seed.Acme, name, modelUrl = Url, modelName = "m", token = Token }).Expect(403);
        await admin.PutJsonAsync(url, new { name, modelUrl = Url, modelName = "m", token = Replacement, clearToken = true }).Expect(400);
        await admin.PutJsonAsync(url, new { name, modelUrl = Url, modelName = "m", token = Replacement }).Expect(200);
        await admin.PutJsonAsync(url, new { name, modelUrl = Url, modelName = "m", token = Token }, stale).Expect(412);

        var systemCreated = await system.PostJsonAsync("/api/system-models", new
        {
            name, modelUrl = Url, modelName = "gpt-4o-mini", credentials.token, credentials.clientKey, credentials.secretKey, isVisible = true,
        }).Expect(201);
        var systemUrl = $"/api/system-models/{(await systemCreated.JsonAsync()).Id()}";
        await system.GetAsync(systemUrl).Expect(200);
        await system.GetAsync("/api/system-models?limit=100").Expect(200);
        await guest.GetAsync("/api/system-models/visible?limit=100").Expect(200);
        await admin.PostJsonAsync("/api/system-models", new { name, modelUrl = Url, modelName = "m", token = Token }).Expect(403);
        await system.PutJsonAsync(systemUrl, new { name, modelUrl = Url, modelName = "m", secretKey = Replacement }).Expect(200);
        await admin.GetAsync($"/api/audit?organizationId={seed.Acme}&resourceType=model&limit=100").Expect(200);
        await admin.RequestDeletionAsync(url).Expect(202);
        await system.RequestDeletionAsync(systemUrl).Expect(202);

        Assert.Equal(21, bodies.Count);
        Assert.All(bodies, body => Assert.All(Canaries, canary => Assert.DoesNotContain(canary, body)));
        Assert.Contains(bodies, body => body.Contains("\"hasToken\":true") && body.Contains("\"hasSecretKey\":true"));

        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, line => Assert.All(Canaries, canary => Assert.DoesNotContain(canary, line)));

        var audited = await factory.QueryAsync(db => db.AuditEntries.Where(a => a.ResourceType == "model")
            .Select(a => a.ChangedFields + " " + a.ResourceName).ToListAsync());
        Assert.NotEmpty(audited);
        Assert.All(audited, fields => Assert.All(Canaries, canary => Assert.DoesNotContain(canary, fields)));

        // Deleted rows can linger in free pages: the file must never have held a credential in plain text.
        foreach (var path in new[] { factory.DatabasePath, factory.DatabasePath + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            var bytes = memory.ToArray();
            foreach (var canary in Canaries)
            {
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(canary)));
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(canary)));
            }
        }
    }

    private sealed class RecordingHandler(ConcurrentQueue<string> queue) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            var content = await response.Content.ReadAsStringAsync(ct);
            queue.Enqueue(content + "\n" + string.Join("\n", response.Headers.Concat(response.Content.Headers)
                .Select(h => $"{h.Key}: {string.Join(",", h.Value)}")));
            return response;
        }
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
