using System.Text.Json;
using Builder.Web.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Builder.Web.Tests.Poweruser.AutessaDb;

/// <summary>
/// The AutessaDB poweruser endpoints' test app: the class's <see cref="BuilderApiFactory"/> (its database) with a poweruser
/// allowance large enough for a matrix, and clients for every caller by key or by session.
/// </summary>
public sealed class AutessaDbApi
{
    // xunit makes a test class per test case: one app (and its keys) per class fixture, not one host per case.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<BuilderApiFactory, AutessaDbApi> PerFactory = new();

    private readonly BuilderApiFactory factory;

    private AutessaDbApi(BuilderApiFactory factory)
    {
        this.factory = factory;
        _app = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:Poweruser:PermitLimit", "1000000"));
    }

    public static AutessaDbApi For(BuilderApiFactory factory) => PerFactory.GetValue(factory, f => new AutessaDbApi(f));

    public const string Tables = "/autessa_poweruser/autessadb/tables", Query = "/autessa_poweruser/autessadb/query";

    private readonly WebApplicationFactory<Program> _app;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Caller, string> _keys = new();

    public BuilderApiFactory Factory => factory;

    /// <summary>The host the clients call (its own services: the indexing queue of index-record runs here).</summary>
    public WebApplicationFactory<Program> App => _app;

    /// <summary>A key of the caller (Acme's, or Globex's for the outsider) or the caller's session acting in its organization.</summary>
    public async Task<(HttpClient Client, string Query)> CallerAsync(Caller caller, bool byKey)
    {
        var seed = await factory.SeedAsync();
        if (!byKey)
            return (_app.As(Callers.EmailOf(caller)), $"?organizationId={(caller == Caller.Outsider ? seed.Globex : seed.Acme)}");
        if (!_keys.TryGetValue(caller, out var token))
        {
            token = caller == Caller.Outsider
                ? (await factory.CreateApiKeyAsync(seed.Globex, Caller.Outsider)).Str("token")
                : await factory.KeyAsync(caller);
            _keys[caller] = token;
        }
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        return (client, "");
    }

    public async Task<HttpClient> AdminAsync() => (await CallerAsync(Caller.Admin, byKey: true)).Client;

    /// <summary>A new table as Acme's Admin: name (text, required, searchable), amount (integer, indexed), attachment (file).</summary>
    public async Task<int> CreateTableAsync(string? prefix = null, object[]? columns = null)
    {
        var admin = await AdminAsync();
        var body = await admin.PostJsonAsync($"{Tables}/create", new
        {
            tableName = Name(prefix ?? "t"),
            columns = columns ??
            [
                new { name = "name", type = "text", required = true, searchable = true },
                new { name = "amount", type = "integer", indexed = true },
                new { name = "attachment", type = "file" },
            ],
        }).ExpectJson(200);
        return body.GetProperty("tableId").GetInt32();
    }

    public async Task<long> InsertAsync(int tableId, object data)
    {
        var body = await (await AdminAsync()).PostJsonAsync($"{Query}/insert", new { tableId, data }).ExpectJson(200);
        return body.GetProperty("rowId").GetInt64();
    }

    /// <summary>How many rows the table holds, as its Admin reads them.</summary>
    public async Task<long> CountAsync(int tableId)
    {
        var body = await (await AdminAsync()).PostJsonAsync($"{Query}/get-data", new { tableId, limit = 1 }).ExpectJson(200);
        return body.GetProperty("total").GetInt64();
    }

    public async Task<JsonElement> TableAsync(int tableId) =>
        (await (await AdminAsync()).PostJsonAsync($"{Tables}/get", new { tableId }).ExpectJson(200)).GetProperty("table");

    public static string Name(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..30];
}
