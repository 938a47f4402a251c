using Builder.Domain.Models;
using Builder.Domain.Outbound;
using Builder.TestServers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Models;

/// <summary>
/// Hostile: a model that answered 50 MB had all of it read into memory, returned to a Guest and stored in the execution
/// record; one that streamed without end was read until its timeout. Every outbound answer is now cut at
/// <c>Outbound:MaxResponseBytes</c> (after decompression) with a clear reason.
/// </summary>
public sealed class ModelGatewayResponseSizeTests : IAsyncLifetime
{
    LocalOpenAiServer _server = null!;
    ServiceProvider? _provider;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
        await _server.DisposeAsync();
    }

    ModelGateway Gateway(long maxResponseBytes)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Outbound:MaxResponseBytes"] = maxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        _provider = new ServiceCollection().AddOutboundHttp(configuration, isDevelopment: true).AddModelGateway().BuildServiceProvider();
        return new ModelGateway(_provider.GetRequiredService<IHttpClientFactory>(), null, _provider.GetRequiredService<OutboundOptions>());
    }

    ModelEndpoint Endpoint(string model) => new() { ModelUrl = _server.ChatCompletionsUrl, ModelName = model, Token = LocalOpenAiServer.DefaultToken, Timeout = TimeSpan.FromSeconds(20) };

    static string Words(int count) => string.Join(' ', Enumerable.Repeat("word", count));

    [Fact]
    public async Task An_answer_larger_than_the_limit_is_cut_off_with_a_clear_reason()
    {
        _server.SetReply("m-huge", Words(40_000));   // 200 KB of reply
        var error = await Assert.ThrowsAsync<ModelCallException>(() => Gateway(64 * 1024).CompleteAsync(Endpoint("m-huge"), [ModelMessage.User("Hi")]));
        Assert.Contains("larger than", error.Message);
        Assert.Contains("64 KB", error.Message);
    }

    [Fact]
    public async Task A_streamed_answer_larger_than_the_limit_is_cut_off_with_a_clear_reason()
    {
        _server.SetReply("m-huge-stream", Words(10_000));   // 10,000 events
        var received = 0;
        var error = await Assert.ThrowsAsync<ModelCallException>(async () =>
        {
            await foreach (var update in Gateway(64 * 1024).StreamAsync(Endpoint("m-huge-stream"), [ModelMessage.User("Hi")]))
                received += update.Delta.Length;
        });
        Assert.Contains("larger than", error.Message);
        Assert.InRange(received, 1, 64 * 1024);
    }

    [Fact]
    public async Task A_test_connection_against_a_huge_answer_fails_with_the_reason()
    {
        _server.SetReply("m-huge-test", Words(40_000));
        var result = await Gateway(64 * 1024).TestAsync(Endpoint("m-huge-test"));
        Assert.False(result.Ok);
        Assert.Contains("larger than", result.Reason);
    }

    [Fact]
    public async Task Answers_under_the_limit_are_read_whole()
    {
        _server.SetReply("m-fits", Words(1_000));
        var completion = await Gateway(64 * 1024).CompleteAsync(Endpoint("m-fits"), [ModelMessage.User("Hi")]);
        Assert.Equal(Words(1_000), completion.Output);
    }

    [Fact]
    public void The_default_limit_is_a_few_megabytes()
    {
        var options = OutboundHttp.ReadOptions(new ConfigurationBuilder().Build());
        Assert.Equal(4 * 1024 * 1024, options.MaxResponseBytes);
    }
}
