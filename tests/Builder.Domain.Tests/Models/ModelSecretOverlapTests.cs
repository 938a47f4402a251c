using Builder.Domain.Models;
using Builder.Domain.Outbound;
using Builder.TestServers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Models;

/// <summary>
/// Hostile: credentials were scrubbed in the order token, client key, secret key. When one holds another (a secret key
/// written "{clientKey}.{secret}", as some providers issue them), the shorter was replaced first and the rest of the longer
/// one was no longer found: an echoed secret key came back as "[credential].SECRET-TAIL". The longest is scrubbed first now.
/// </summary>
public sealed class ModelSecretOverlapTests : IAsyncLifetime
{
    const string ClientKey = "client-4f1e9a7c";
    const string SecretKey = ClientKey + ".SECRETTAIL-b93d0e5a17";

    LocalOpenAiServer _server = null!;
    ServiceProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalOpenAiServer.StartAsync(token: null);
        _provider = new ServiceCollection().AddOutboundHttp(new ConfigurationBuilder().Build(), isDevelopment: true).AddModelGateway().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _server.DisposeAsync();
    }

    ModelGateway Gateway() => new(_provider.GetRequiredService<IHttpClientFactory>(), null, _provider.GetRequiredService<OutboundOptions>());

    ModelEndpoint Endpoint(string model) => new()
    {
        ModelUrl = _server.ChatCompletionsUrl, ModelName = model, ClientKey = ClientKey, SecretKey = SecretKey, Timeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public async Task A_test_reply_echoing_a_secret_key_that_holds_the_client_key_returns_no_part_of_it()
    {
        _server.SetReply("overlap-test", $"I was sent {SecretKey} and {ClientKey}.");
        var result = await Gateway().TestAsync(Endpoint("overlap-test"));
        Assert.True(result.Ok);
        Assert.DoesNotContain("SECRETTAIL", result.Reply);
        Assert.DoesNotContain(ClientKey, result.Reply);
    }
}
