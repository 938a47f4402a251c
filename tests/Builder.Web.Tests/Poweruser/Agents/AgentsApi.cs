using System.Text.Json;
using Builder.Web.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Builder.Web.Tests.Poweruser.Agents;

/// <summary>
/// The agents, tools and managers poweruser endpoints' test app: the class's <see cref="BuilderApiFactory"/> with a poweruser
/// allowance large enough for a matrix, clients for every caller by key or by session, and makers of the three resources.
/// </summary>
public sealed class AgentsApi
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<BuilderApiFactory, AgentsApi> PerFactory = new();

    public const string Prefix = "/autessa_poweruser";

    private readonly BuilderApiFactory _factory;
    private readonly WebApplicationFactory<Program> _app;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Caller, string> _keys = new();
    private Guid? _model;

    private AgentsApi(BuilderApiFactory factory)
    {
        _factory = factory;
        _app = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:Poweruser:PermitLimit", "1000000"));
    }

    public static AgentsApi For(BuilderApiFactory factory) => PerFactory.GetValue(factory, f => new AgentsApi(f));

    public BuilderApiFactory Factory => _factory;

    /// <summary>A key of the caller (Acme's, or Globex's for the outsider) or the caller's session acting in its organization.</summary>
    public async Task<(HttpClient Client, string Query)> CallerAsync(Caller caller, bool byKey)
    {
        var seed = await _factory.SeedAsync();
        if (!byKey) return (_app.As(Callers.EmailOf(caller)), $"?organizationId={(caller == Caller.Outsider ? seed.Globex : seed.Acme)}");
        if (!_keys.TryGetValue(caller, out var token))
        {
            token = caller == Caller.Outsider ? (await _factory.CreateApiKeyAsync(seed.Globex, Caller.Outsider)).Str("token") : await _factory.KeyAsync(caller);
            _keys[caller] = token;
        }
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        return (client, "");
    }

    public async Task<HttpClient> AdminAsync() => (await CallerAsync(Caller.Admin, byKey: true)).Client;

    /// <summary>Acme's model the agents and managers use (made once per app).</summary>
    public async Task<Guid> ModelAsync() => _model ??= (await _factory.CreateModelAsync((await _factory.SeedAsync()).Acme)).Id();

    public static string Name(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public async Task<JsonElement> PostAsync(string path, object body, int status = 200) =>
        await (await AdminAsync()).PostJsonAsync(Prefix + path, body).ExpectJson(status);

    /// <summary>A new agent of Acme by its Admin, with a model and a prompt (publishable).</summary>
    public async Task<int> CreateAgentAsync(string prompt = "You help.", int[]? toolIds = null) =>
        (await PostAsync("/agents/create", new { agentName = Name("Agent"), agentType = "CONVERSATIONAL", systemPrompt = prompt, modelId = await ModelAsync(), toolIds = toolIds ?? [] }))
        .GetProperty("agentId").GetInt32();

    public async Task<int> CreateToolAsync(string url = "https://api.example.com/weather?city={{input.city}}") =>
        (await PostAsync("/tools/create", new
        {
            toolName = Name("Tool"), toolDescription = "Weather",
            inputSchema = new { type = "object", properties = new { city = new { type = "string" } }, required = new[] { "city" } },
            kind = "HTTP", http = new { method = "GET", url },
        })).GetProperty("toolId").GetInt32();

    public async Task<int> CreateManagerAsync(int? agentId = null) =>
        (await PostAsync("/managers/create", new
        {
            managerName = Name("Manager"), routingPrompt = "Route by topic.", modelId = await ModelAsync(),
            agents = new[] { new { agentId = agentId ?? await CreateAgentAsync(), handles = "Billing questions" } },
        })).GetProperty("managerId").GetInt32();
}
