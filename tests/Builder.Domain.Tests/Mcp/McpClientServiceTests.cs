using System.Net;
using System.Text.Json.Nodes;
using Builder.Data;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Mcp;
using Builder.Domain.Outbound;
using Builder.Domain.Tests.Models;
using Builder.Domain.Tests.Support;
using Builder.TestServers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Builder.Domain.Tests.Mcp;

/// <summary>
/// The MCP client against a real MCP server (<see cref="LocalMcpServer"/>, ModelContextProtocol.AspNetCore): list tools with
/// their schemas, call tools, send the configured headers, and fail clearly — through the outbound address policy.
/// </summary>
public sealed class McpClientServiceTests : IAsyncLifetime
{
    private const string Canary = McpServerServiceTests.Canary;
    private FileTestDatabase _db = null!;
    private LocalMcpServer _mcp = null!;
    private readonly List<ServiceProvider> _providers = [];
    private readonly CapturingLogger<McpClientService> _log = new();
    private Guid _acme;
    private Actor _admin = null!, _guest = null!;

    public async Task InitializeAsync()
    {
        _db = await FileTestDatabase.CreateAsync();
        _mcp = await LocalMcpServer.StartAsync(("Authorization", "Bearer " + Canary));
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _admin = await _db.ActorAsync("admin@acme.test");
        _guest = await _db.ActorAsync("guest@acme.test");
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await _mcp.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>The domain with its outbound client: Development allows loopback; outside it, loopback is refused.</summary>
    private IServiceProvider Services(bool development = true, Func<string, IPAddress[]>? resolve = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBuilderDomain();
        var configuration = new ConfigurationBuilder().Build();
        if (resolve is not null)
        {
            var options = OutboundHttp.ReadOptions(configuration);
            options.ResolveHost = (host, _) => Task.FromResult(resolve(host));
            services.AddSingleton(options);
        }
        services.AddOutboundHttp(configuration, development);
        services.AddSingleton<IBuilderDbContextFactory>(_db);
        services.AddSingleton<ISecretProtector>(new DataProtectionSecretProtector(new EphemeralDataProtectionProvider()));
        services.AddSingleton<ILogger<McpClientService>>(_log);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.CreateScope().ServiceProvider;
    }

    private async Task<(McpServerView Server, McpClientService Client)> ServerAsync(string? url = null, string? authorization = "Bearer " + Canary,
        bool development = true, int? timeoutSeconds = null)
    {
        var services = Services(development);
        var headers = authorization is null ? [] : new[] { new McpHeaderInput("Authorization", authorization) };
        var server = await services.GetRequiredService<McpServerService>().CreateAsync(_admin, _acme,
            new McpServerInput($"Local {Guid.NewGuid():N}", url ?? _mcp.Url, TimeoutSeconds: timeoutSeconds, Headers: headers));
        return (server, services.GetRequiredService<McpClientService>());
    }

    [Fact]
    public async Task Connect_lists_the_tools_with_their_descriptions_and_input_schemas_and_sends_the_headers()
    {
        var (server, client) = await ServerAsync();

        var result = await client.ListToolsAsync(_guest, server.Id);

        Assert.True(result.Ok, result.Error);
        Assert.Equal("local-mcp", result.ServerName);
        Assert.Equal([LocalMcpServer.Add, LocalMcpServer.AlwaysFails, LocalMcpServer.LookupOrder], result.Tools.Select(t => t.Name));
        var add = result.Tools.Single(t => t.Name == LocalMcpServer.Add);
        Assert.Equal("Adds two numbers and returns the sum.", add.Description);
        Assert.Equal("object", add.InputSchema["type"]!.GetValue<string>());
        Assert.Equal("number", add.InputSchema["properties"]!["a"]!["type"]!.GetValue<string>());
        Assert.Equal(["a", "b"], add.InputSchema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.NotEmpty(_mcp.Requests);
        Assert.All(_mcp.Requests, r => Assert.Equal("Bearer " + Canary, r.Headers["Authorization"]));
    }

    [Fact]
    public async Task A_tool_call_returns_its_result_and_latency_and_the_server_sees_the_arguments()
    {
        var (server, client) = await ServerAsync();

        var sum = await client.CallToolAsync(_guest, server.Id, LocalMcpServer.Add, """{ "a": 2, "b": 3.5 }""");
        var order = await client.CallToolAsync(_admin, _acme, server.ServerId, LocalMcpServer.LookupOrder, """{ "orderId": "A-1001" }""");

        Assert.True(sum.Ok, sum.Error);
        Assert.Equal("5.5", sum.Text);
        Assert.True(sum.LatencyMs >= 0);
        Assert.True(order.Ok, order.Error);
        Assert.Equal("shipped", JsonNode.Parse(order.Text!)!["status"]!.GetValue<string>());
        Assert.Equal([LocalMcpServer.Add, LocalMcpServer.LookupOrder], _mcp.Calls.Select(c => c.Tool));
        Assert.Contains("A-1001", _mcp.Calls[1].ArgumentsJson);
    }

    [Fact]
    public async Task A_failing_tool_is_a_tool_error_with_its_message()
    {
        var (server, client) = await ServerAsync();

        var failed = await client.CallToolAsync(_admin, server.Id, LocalMcpServer.AlwaysFails, null);

        Assert.False(failed.Ok);
        Assert.True(failed.IsToolError);
        Assert.True(failed.Text?.Contains(LocalMcpServer.FailureMessage), $"text: {failed.Text}");
        Assert.Contains("the tool always_fails failed", failed.Error);
        var unknown = await client.CallToolAsync(_admin, server.Id, "no_such_tool", "{}");
        Assert.False(unknown.Ok);
        Assert.Contains("no_such_tool", unknown.Text ?? unknown.Error);
    }

    [Fact]
    public async Task Arguments_that_are_not_a_JSON_object_are_a_400_before_any_connection()
    {
        var (server, client) = await ServerAsync();
        _mcp.Clear();

        var notJson = await Assert.ThrowsAsync<ValidationException>(() => client.CallToolAsync(_admin, server.Id, "add", "{ a: "));
        var array = await Assert.ThrowsAsync<ValidationException>(() => client.CallToolAsync(_admin, server.Id, "add", "[1, 2]"));

        Assert.Contains("not valid JSON", notJson.Errors["arguments"].Single());
        Assert.Contains("must be a JSON object", array.Errors["arguments"].Single());
        Assert.Empty(_mcp.Requests);
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_clearly_and_the_servers_echo_of_them_never_comes_back()
    {
        var (server, client) = await ServerAsync(authorization: "Bearer wrong-" + Canary);

        var result = await client.ListToolsAsync(_admin, server.Id);

        Assert.False(result.Ok);
        Assert.StartsWith("the server refused the credentials (401)", result.Error);
        Assert.DoesNotContain(Canary, result.Error);
        Assert.All(_log.Lines, line => Assert.DoesNotContain(Canary, line));
        var call = await client.CallToolAsync(_admin, server.Id, LocalMcpServer.Add, """{ "a": 1, "b": 1 }""");
        Assert.StartsWith("the server refused the credentials (401)", call.Error);
        Assert.Empty(_mcp.Calls);
    }

    [Fact]
    public async Task A_server_that_echoes_its_headers_JSON_or_URL_encoded_gets_them_redacted()
    {
        // A token with '+', '/' and '<' (as base64 tokens have): System.Text.Json writes '+' as \u002B, a URL as %2B.
        const string token = "Bearer tok+EN/mcp<CANARY>=9f2";
        await using var echo = await LocalMcpServer.StartAsync(echoHeaderValues: true);
        var (server, client) = await ServerAsync(url: echo.Url, authorization: token);

        var result = await client.CallToolAsync(_guest, server.Id, LocalMcpServer.EchoHeaderValues, "{}");

        Assert.True(result.Ok, result.Error);
        Assert.Contains("authorization", result.Text!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("[redacted]", result.Text!);
        foreach (var text in new[] { result.Text!, result.ResultForModel })
        {
            Assert.DoesNotContain("tok+EN", text);
            Assert.DoesNotContain("tok\\u002BEN", text);
            Assert.DoesNotContain(Uri.EscapeDataString(token), text);
            Assert.DoesNotContain("CANARY", text);
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_could_not_connect()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        var (server, client) = await ServerAsync($"http://127.0.0.1:{port}/mcp");

        var result = await client.ListToolsAsync(_admin, server.Id);

        Assert.False(result.Ok);
        Assert.StartsWith($"could not connect to 127.0.0.1:{port} ", result.Error); // said once, not "could not connect: could not connect to"
        Assert.Contains("connection refused", result.Error);
    }

    [Fact]
    public async Task A_wrong_path_says_to_check_the_URL()
    {
        var (server, client) = await ServerAsync(_mcp.BaseUrl + "/not-mcp");

        var result = await client.ListToolsAsync(_admin, server.Id);

        Assert.False(result.Ok);
        Assert.Contains("404", result.Error);
    }

    [Fact]
    public async Task The_address_policy_refuses_a_loopback_server_outside_Development_and_nothing_reaches_it()
    {
        var (server, client) = await ServerAsync(_mcp.LocalhostUrl, development: false);
        _mcp.Clear();

        var result = await client.ListToolsAsync(_admin, server.Id);
        var call = await client.CallToolAsync(_admin, server.Id, LocalMcpServer.Add, """{ "a": 1, "b": 1 }""");

        Assert.False(result.Ok);
        Assert.StartsWith("could not connect: the address ", result.Error);
        Assert.Contains("is a loopback address; add the host to Outbound:AllowedHosts", result.Error);
        Assert.StartsWith("could not connect: the address ", call.Error);
        Assert.Empty(_mcp.Requests);
    }

    [Fact]
    public async Task A_host_that_resolves_to_a_metadata_address_is_refused_even_in_Development()
    {
        var services = Services(development: true, resolve: _ => [IPAddress.Parse("169.254.169.254")]);
        var server = await services.GetRequiredService<McpServerService>().CreateAsync(_admin, _acme,
            new McpServerInput("Rebinding", "http://mcp.attacker.example/mcp"));

        var result = await services.GetRequiredService<McpClientService>().ListToolsAsync(_admin, server.Id);

        Assert.False(result.Ok);
        Assert.Contains("169.254.169.254", result.Error);
        Assert.Contains("cloud metadata", result.Error);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_times_out_clearly()
    {
        // A listener that accepts and never answers.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptSocketAsync();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var (server, client) = await ServerAsync($"http://127.0.0.1:{port}/mcp", timeoutSeconds: 1);

        var result = await client.ListToolsAsync(_admin, server.Id);

        Assert.False(result.Ok);
        Assert.Contains("did not answer within 1 seconds", result.Error);
        (await accepted).Dispose();
    }
}
