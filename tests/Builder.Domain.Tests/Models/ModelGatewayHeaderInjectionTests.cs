using Builder.Domain.Models;
using Builder.Domain.Outbound;
using Builder.TestServers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Models;

/// <summary>
/// Hostile: a credential with CR/LF (stored before the API refused them) went into the request headers as it was, so the
/// endpoint received headers of the caller's choosing. The gateway refuses to send such a credential, naming the field only.
/// </summary>
public sealed class ModelGatewayHeaderInjectionTests : IAsyncLifetime
{
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

    [Theory]
    [InlineData("abc\r\nX-Evil: 1", null)]
    [InlineData(null, "abc\nX-Evil: 1")]
    public async Task A_credential_with_a_line_break_is_not_sent(string? token, string? clientKey)
    {
        var endpoint = new ModelEndpoint { ModelUrl = _server.ChatCompletionsUrl, ModelName = "m-inject", Token = token, ClientKey = clientKey };
        var error = await Assert.ThrowsAsync<ModelCallException>(() => Gateway().CompleteAsync(endpoint, [ModelMessage.User("Hi")]));
        Assert.DoesNotContain("X-Evil", error.Message);
        Assert.DoesNotContain(_server.Requests, r => r.Headers.ContainsKey("X-Evil"));
    }
}
