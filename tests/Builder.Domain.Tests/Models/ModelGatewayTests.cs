using System.Net;
using System.Net.Sockets;
using Builder.Domain.Models;
using Builder.Domain.Outbound;
using Builder.TestServers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Builder.Domain.Tests.Models;

/// <summary>The model gateway against the local OpenAI-compatible server (no test calls the internet).</summary>
public sealed class ModelGatewayTests : IAsyncLifetime
{
    /// <summary>The token the local server accepts: a canary that must never appear in a message, exception or log line.</summary>
    const string Canary = "sk-canary-7f3a9c1e5b2d4f60a8e1";
    const string WrongCanary = "sk-wrongcanary-0b9d8e7f6a5c4b3a";

    LocalOpenAiServer _server = null!;
    readonly List<ServiceProvider> _providers = [];
    readonly CapturingLogger<ModelGateway> _log = new();

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync(token: Canary);

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await _server.DisposeAsync();
    }

    ModelGateway Gateway(bool development = true, params string[] allowedHosts) => Gateway(development, null, allowedHosts);

    /// <summary>A gateway with its own outbound client; <paramref name="resolve"/> stands in for DNS when given.</summary>
    ModelGateway Gateway(bool development, Func<string, IPAddress[]>? resolve, params string[] allowedHosts)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < allowedHosts.Length; i++) settings[$"Outbound:AllowedHosts:{i}"] = allowedHosts[i];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (resolve is not null)
        {
            var options = OutboundHttp.ReadOptions(configuration);
            options.ResolveHost = (host, _) => Task.FromResult(resolve(host));
            services.AddSingleton(options);
        }
        var provider = services.AddOutboundHttp(configuration, development).AddModelGateway().BuildServiceProvider();
        _providers.Add(provider);
        return new ModelGateway(provider.GetRequiredService<IHttpClientFactory>(), _log, provider.GetRequiredService<OutboundOptions>());
    }

    ModelEndpoint Endpoint(string model, string? token = Canary, string? url = null, TimeSpan? timeout = null) => new()
    {
        ModelUrl = url ?? _server.ChatCompletionsUrl,
        ModelName = model,
        Token = token,
        Timeout = timeout ?? TimeSpan.FromSeconds(20),
    };

    void AssertNoCredential(Exception e)
    {
        Assert.DoesNotContain(Canary, e.ToString());
        Assert.DoesNotContain(WrongCanary, e.ToString());
        Assert.DoesNotContain("canary", e.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Canary[..6], e.ToString());   // nor a masked form ("sk-can***a8e1")
        Assert.DoesNotContain(Canary[^4..], e.Message);
        Assert.Null(e.InnerException);
        Assert.DoesNotContain(_log.Lines, l => l.Contains("canary", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Complete_returns_the_output_usage_finish_reason_and_latency()
    {
        _server.SetReply("m-complete", "The answer is forty two.");
        var completion = await Gateway().CompleteAsync(Endpoint("m-complete"),
            [ModelMessage.System("You are terse."), ModelMessage.User("What is six times seven?")]);

        Assert.Equal("The answer is forty two.", completion.Output);
        Assert.Equal(new ModelUsage(InputTokens: 8, OutputTokens: 5), completion.Usage);
        Assert.Equal("stop", completion.FinishReason);
        Assert.Equal("m-complete", completion.ModelName);
        Assert.True(completion.LatencyMs >= 0);

        var request = Assert.Single(_server.Requests, r => r.Model == "m-complete");
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer " + Canary, request.Header("Authorization"));
        Assert.False(request.Stream);
        var messages = request.Json!["messages"]!.AsArray();
        Assert.Equal("system", messages[0]!["role"]!.GetValue<string>());
        Assert.Equal("What is six times seven?", messages[1]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sends_to_exactly_the_model_url_with_its_query_and_the_key_pair_headers()
    {
        var url = _server.BaseUrl + "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";
        var endpoint = new ModelEndpoint { ModelUrl = url, ModelName = "m-url", Token = Canary, ClientKey = "client-1", SecretKey = "secret-1" };
        await Gateway().CompleteAsync(endpoint, "Hi");

        var request = Assert.Single(_server.Requests, r => r.Model == "m-url");
        Assert.Equal("/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", request.Path);
        Assert.Equal("client-1", request.Header("X-Client-Key"));
        Assert.Equal("secret-1", request.Header("X-Secret-Key"));
    }

    [Fact]
    public async Task Parameters_reach_the_endpoint_and_a_cut_answer_reports_length()
    {
        _server.SetReply("m-params", "one two three four five six");
        var completion = await Gateway().CompleteAsync(new ModelEndpoint
        {
            ModelUrl = _server.ChatCompletionsUrl, ModelName = "m-params", Token = Canary, Temperature = 0.2, MaxOutputTokens = 100,
        }, [ModelMessage.User("Count")], new ModelCallOptions { MaxOutputTokens = 3 });

        Assert.Equal("one two three", completion.Output);
        Assert.Equal("length", completion.FinishReason);
        var body = Assert.Single(_server.Requests, r => r.Model == "m-params").Json!;
        Assert.Equal(0.2, body["temperature"]!.GetValue<double>(), 3);
        Assert.Equal(3, (body["max_completion_tokens"] ?? body["max_tokens"])!.GetValue<int>());
    }

    [Fact]
    public async Task Stream_yields_the_deltas_in_order_and_ends_with_usage_and_finish_reason()
    {
        _server.SetReply("m-stream", "Streaming arrives word by word.");
        var updates = new List<ModelStreamUpdate>();
        await foreach (var update in Gateway().StreamAsync(Endpoint("m-stream"), "Tell me how streaming arrives"))
            updates.Add(update);

        var deltas = updates.Where(u => !u.IsFinal).Select(u => u.Delta).ToList();
        Assert.Equal(LocalOpenAiServer.Pieces("Streaming arrives word by word."), deltas);
        var final = Assert.Single(updates, u => u.IsFinal);
        Assert.Same(final, updates[^1]);
        Assert.Equal("Streaming arrives word by word.", final.Final!.Output);
        Assert.Equal(new ModelUsage(5, 5), final.Final.Usage);
        Assert.Equal("stop", final.Final.FinishReason);
        Assert.True(updates.Select(u => u.ElapsedMs).SequenceEqual(updates.Select(u => u.ElapsedMs).Order()));

        var request = Assert.Single(_server.Requests, r => r.Model == "m-stream");
        Assert.True(request.Stream);
        Assert.True(request.Json!["stream_options"]?["include_usage"]?.GetValue<bool>());
    }

    public static TheoryData<string, ModelFailure, string, bool> Failures()
    {
        var data = new TheoryData<string, ModelFailure, string, bool>();
        foreach (var stream in new[] { false, true })
        {
            data.Add(LocalOpenAiServer.Unauthorized, ModelFailure.Unauthorized, "the endpoint refused the token (401)", stream);
            data.Add(LocalOpenAiServer.Forbidden, ModelFailure.Unauthorized, "the endpoint refused the token (403)", stream);
            data.Add(LocalOpenAiServer.RateLimited, ModelFailure.RateLimited, "rate limited (429); retry after 1 s", stream);
            data.Add(LocalOpenAiServer.ServerError, ModelFailure.EndpointFailed, "the endpoint failed (500)", stream);
            data.Add(LocalOpenAiServer.NotFound, ModelFailure.Rejected, "the endpoint answered not found (404); check the model URL and the model name: The model `scripted-404` does not exist or you do not have access to it.", stream);
            data.Add(LocalOpenAiServer.NotOpenAi, ModelFailure.NotOpenAiCompatible, "the answer is not an OpenAI-compatible response", stream);
            data.Add(LocalOpenAiServer.BadRequest, ModelFailure.Rejected, "the endpoint rejected the request (400): Invalid value for 'temperature' in a request from key [redacted]", stream);
            data.Add(LocalOpenAiServer.Redirect, ModelFailure.Rejected, "the endpoint redirected (302); redirects are not followed, use the final chat-completions URL as the model URL", stream);
        }
        data.Add(LocalOpenAiServer.BadStream, ModelFailure.NotOpenAiCompatible, "the answer is not an OpenAI-compatible response", false);
        data.Add(LocalOpenAiServer.BadStream, ModelFailure.NotOpenAiCompatible, "the answer is not an OpenAI-compatible response", true);
        data.Add(LocalOpenAiServer.Drop, ModelFailure.EndpointFailed, "127.0.0.1 closed the connection before the answer was complete", false);
        data.Add(LocalOpenAiServer.NotOpenAiJson, ModelFailure.NotOpenAiCompatible, "the answer is not an OpenAI-compatible response", false);
        return data;
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Each_failure_has_its_clear_reason_and_no_credential(string model, ModelFailure failure, string reason, bool stream)
    {
        var gateway = Gateway();
        var error = await Assert.ThrowsAsync<ModelCallException>(() => Call(gateway, Endpoint(model), stream));

        Assert.Equal(reason, error.Message);
        Assert.Equal(failure, error.Failure);
        AssertNoCredential(error);
        Assert.Single(_server.Requests, r => r.Model == model); // one request: no retries, no redirect followed
    }

    [Fact]
    public async Task A_stream_cut_off_midway_fails_after_the_words_that_arrived()
    {
        _server.SetReply(LocalOpenAiServer.Drop, "first second third fourth");
        var deltas = new List<string>();
        var error = await Assert.ThrowsAsync<ModelCallException>(async () =>
        {
            await foreach (var update in Gateway().StreamAsync(Endpoint(LocalOpenAiServer.Drop), "Hi")) deltas.Add(update.Delta);
        });
        Assert.Equal(ModelFailure.EndpointFailed, error.Failure);
        Assert.Equal("127.0.0.1 closed the connection before the answer was complete", error.Message);
        // The words sent before the cut arrive in order (a reset connection may drop what was still in flight).
        Assert.Equal(LocalOpenAiServer.Pieces("first second").Take(deltas.Count), deltas);
    }

    [Fact]
    public async Task An_error_event_in_the_middle_of_a_stream_fails_with_the_endpoints_reason_after_the_words_that_arrived()
    {
        _server.SetReply(LocalOpenAiServer.StreamError, "first second third fourth");
        var deltas = new List<string>();
        var error = await Assert.ThrowsAsync<ModelCallException>(async () =>
        {
            await foreach (var update in Gateway().StreamAsync(Endpoint(LocalOpenAiServer.StreamError), "Hi")) deltas.Add(update.Delta);
        });
        Assert.Equal(ModelFailure.EndpointFailed, error.Failure);
        Assert.Equal($"the endpoint reported an error in the middle of the answer: {LocalOpenAiServer.StreamErrorMessage} (key [redacted])", error.Message);
        Assert.Equal(LocalOpenAiServer.Pieces("first second"), deltas);
        AssertNoCredential(error);
    }

    [Fact]
    public async Task A_stream_that_stops_without_a_finish_reason_or_done_is_cut_off_not_finished()
    {
        _server.SetReply(LocalOpenAiServer.Truncated, "first second third fourth");
        var deltas = new List<string>();
        var error = await Assert.ThrowsAsync<ModelCallException>(async () =>
        {
            await foreach (var update in Gateway().StreamAsync(Endpoint(LocalOpenAiServer.Truncated), "Hi")) deltas.Add(update.Delta);
        });
        Assert.Equal(ModelFailure.EndpointFailed, error.Failure);
        Assert.Equal("127.0.0.1 closed the connection before the answer was complete", error.Message);
        Assert.Equal(LocalOpenAiServer.Pieces("first second"), deltas);
    }

    [Fact]
    public async Task Json_and_structured_output_are_requested_as_response_formats()
    {
        var gateway = Gateway();
        _server.SetReply("m-json", "{\"label\": \"positive\"}");
        var json = await gateway.CompleteAsync(Endpoint("m-json"), [ModelMessage.User("Answer in JSON")], new ModelCallOptions { Json = true });
        Assert.Equal("{\"label\": \"positive\"}", json.Output);

        using var schema = System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{"label":{"type":"string"}},"required":["label"],"additionalProperties":false}""");
        _server.SetReply("m-schema", "{\"label\": \"mixed\"}");
        await gateway.CompleteAsync(Endpoint("m-schema"), [ModelMessage.User("Classify")], new ModelCallOptions { JsonSchema = schema.RootElement, JsonSchemaName = "sentiment" });

        var requests = _server.Requests;
        Assert.Equal("json_object", requests.Single(r => r.Model == "m-json").Json!["response_format"]!["type"]!.GetValue<string>());
        var format = requests.Single(r => r.Model == "m-schema").Json!["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.Equal("sentiment", format["json_schema"]!["name"]!.GetValue<string>());
        Assert.Equal("string", format["json_schema"]!["schema"]!["properties"]!["label"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_the_echoed_token_is_not_passed_on()
    {
        var error = await Assert.ThrowsAsync<ModelCallException>(() => Gateway().CompleteAsync(Endpoint("m-wrong", token: WrongCanary), "Hi"));
        Assert.Equal("the endpoint refused the token (401)", error.Message);
        Assert.Equal(401, error.StatusCode);
        AssertNoCredential(error);
    }

    [Fact]
    public async Task No_token_says_so()
    {
        var error = await Assert.ThrowsAsync<ModelCallException>(() => Gateway().CompleteAsync(Endpoint("m-none", token: null), "Hi"));
        Assert.Equal("the endpoint refused the request without a token (401); set the model's token", error.Message);
        Assert.Null(Assert.Single(_server.Requests, r => r.Model == "m-none").Header("Authorization"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_slow_endpoint_times_out_after_the_model_timeout(bool stream)
    {
        var error = await Assert.ThrowsAsync<ModelCallException>(() =>
            Call(Gateway(), Endpoint(LocalOpenAiServer.Slow, timeout: TimeSpan.FromSeconds(0.5)), stream));
        Assert.Equal(ModelFailure.Timeout, error.Failure);
        Assert.Equal("timed out after 0.5 s", error.Message);
        AssertNoCredential(error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_callers_cancellation_stays_a_cancellation(bool stream)
    {
        using var cancel = new CancellationTokenSource();
        var call = Call(Gateway(), Endpoint(LocalOpenAiServer.Slow, timeout: TimeSpan.FromSeconds(60)), stream, cancel.Token);
        await WaitUntil(() => _server.Requests.Any(r => r.Model == LocalOpenAiServer.Slow));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Localhost_is_refused_outside_development_and_nothing_is_sent()
    {
        var endpoint = Endpoint("m-localhost", url: _server.LocalhostChatCompletionsUrl);
        var error = await Assert.ThrowsAsync<ModelCallException>(() => Gateway(development: false).CompleteAsync(endpoint, "Hi"));

        Assert.Equal(ModelFailure.RefusedByPolicy, error.Failure);
        Assert.StartsWith("refused by the address policy: the address ", error.Message);
        Assert.EndsWith(" of host localhost is a loopback address; add the host to Outbound:AllowedHosts to allow it", error.Message);
        AssertNoCredential(error);
        Assert.DoesNotContain(_server.Requests, r => r.Model == "m-localhost");
    }

    [Fact]
    public async Task A_loopback_address_literal_is_refused_outside_development_and_streams_are_too()
    {
        var error = await Assert.ThrowsAsync<ModelCallException>(() => Call(Gateway(development: false), Endpoint("m-literal"), stream: true));
        Assert.Equal("refused by the address policy: the address 127.0.0.1 of host 127.0.0.1 is a loopback address; add the host to Outbound:AllowedHosts to allow it", error.Message);
        Assert.DoesNotContain(_server.Requests, r => r.Model == "m-literal");
    }

    [Fact]
    public async Task A_host_listed_in_allowed_hosts_is_reached_outside_development()
    {
        var completion = await Gateway(development: false, "localhost").CompleteAsync(Endpoint("m-allowed", url: _server.LocalhostChatCompletionsUrl), "Hi");
        Assert.Equal(LocalOpenAiServer.DefaultReply, completion.Output);
    }

    [Fact]
    public async Task A_rebound_name_is_refused_on_the_next_connection_without_connecting()
    {
        // The first lookup answers loopback (allowed in Development), the next one a private address (never allowed).
        var lookups = 0;
        IPAddress[] Resolve(string host) => Interlocked.Increment(ref lookups) == 1 ? [IPAddress.Loopback] : [IPAddress.Parse("10.0.0.5")];
        var url = _server.ChatCompletionsUrl.Replace("127.0.0.1", "rebind.test", StringComparison.Ordinal);

        var first = await Gateway(true, Resolve).CompleteAsync(Endpoint("m-rebind", url: url), "Hi");
        Assert.Equal(LocalOpenAiServer.DefaultReply, first.Output);
        var error = await Assert.ThrowsAsync<ModelCallException>(() => Gateway(true, Resolve).CompleteAsync(Endpoint("m-rebind", url: url), "Hi"));

        Assert.Equal("refused by the address policy: the address 10.0.0.5 of host rebind.test is private; add the host to Outbound:AllowedHosts to allow it", error.Message);
        Assert.Single(_server.Requests, r => r.Model == "m-rebind");
    }

    [Fact]
    public async Task Refused_addresses_of_a_host_are_skipped_and_never_connected_to()
    {
        IPAddress[] Resolve(string host) => [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("::ffff:10.0.0.5"), IPAddress.Loopback];
        var url = _server.ChatCompletionsUrl.Replace("127.0.0.1", "multi.test", StringComparison.Ordinal);

        // Development: the metadata and private addresses are skipped, loopback answers.
        var completion = await Gateway(true, Resolve).CompleteAsync(Endpoint("m-multi", url: url), "Hi");
        Assert.Equal(LocalOpenAiServer.DefaultReply, completion.Output);

        // Production: every address is refused; the first refusal is named.
        var error = await Assert.ThrowsAsync<ModelCallException>(() => Gateway(false, Resolve).CompleteAsync(Endpoint("m-multi", url: url), "Hi"));
        Assert.Equal("refused by the address policy: the address 169.254.169.254 of host multi.test is a cloud metadata address; add the host to Outbound:AllowedHosts to allow it", error.Message);
        Assert.Single(_server.Requests, r => r.Model == "m-multi");
    }

    [Fact]
    public async Task Azure_openai_hosts_get_the_token_as_api_key()
    {
        IPAddress[] Resolve(string host) => [IPAddress.Loopback];
        var url = $"http://acme.openai.azure.com:{_server.Port}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";

        var completion = await Gateway(true, Resolve).CompleteAsync(Endpoint("m-azure", url: url), "Hi");

        Assert.Equal(LocalOpenAiServer.DefaultReply, completion.Output);
        var request = Assert.Single(_server.Requests, r => r.Model == "m-azure");
        Assert.Equal(Canary, request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task A_closed_port_is_a_connection_failure()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<ModelCallException>(() =>
            Gateway().CompleteAsync(Endpoint("m", url: $"http://127.0.0.1:{port}/v1/chat/completions"), "Hi"));
        Assert.Equal(ModelFailure.ConnectionFailed, error.Failure);
        Assert.Equal($"could not connect to 127.0.0.1:{port} (connection refused)", error.Message);
        AssertNoCredential(error);
    }

    [Fact]
    public async Task An_unknown_host_is_a_connection_failure()
    {
        IPAddress[] Resolve(string host) => throw new SocketException((int)SocketError.HostNotFound);
        var error = await Assert.ThrowsAsync<ModelCallException>(() =>
            Gateway(true, Resolve).CompleteAsync(Endpoint("m", url: "http://no-such-model-host.invalid/v1/chat/completions"), "Hi"));
        Assert.Equal(ModelFailure.ConnectionFailed, error.Failure);
        Assert.Equal("could not resolve the host no-such-model-host.invalid (HostNotFound)", error.Message);
    }

    [Theory]
    [InlineData("ftp://models.example/v1/chat/completions", "the model URL is not an absolute http or https URL")]
    [InlineData("/v1/chat/completions", "the model URL is not an absolute http or https URL")]
    [InlineData("not a url", "the model URL is not an absolute http or https URL")]
    [InlineData("https://user:sk-canary-in-url@models.example/v1/chat/completions", "the model URL must not carry a user name or password; use the model's token instead")]
    public async Task An_unusable_url_is_an_invalid_endpoint(string url, string reason)
    {
        var error = await Assert.ThrowsAsync<ModelCallException>(() => Gateway().CompleteAsync(Endpoint("m", url: url), "Hi"));
        Assert.Equal(ModelFailure.InvalidEndpoint, error.Failure);
        Assert.Equal(reason, error.Message);
        AssertNoCredential(error);
    }

    [Fact]
    public async Task Test_answers_ok_with_latency_and_the_reply()
    {
        var result = await Gateway().TestAsync(Endpoint("m-test"));
        Assert.True(result.Ok);
        Assert.Equal(LocalOpenAiServer.DefaultReply, result.Reply);
        Assert.True(result.LatencyMs >= 0);
        Assert.Null(result.Reason);
        Assert.Single(_server.Requests, r => r.Model == "m-test");
    }

    [Theory]
    [InlineData(LocalOpenAiServer.Unauthorized, "the endpoint refused the token (401)")]
    [InlineData(LocalOpenAiServer.RateLimited, "rate limited (429); retry after 1 s")]
    [InlineData(LocalOpenAiServer.ServerError, "the endpoint failed (500)")]
    [InlineData(LocalOpenAiServer.NotOpenAi, "the answer is not an OpenAI-compatible response")]
    public async Task Test_answers_the_reason_when_the_endpoint_fails(string model, string reason)
    {
        var result = await Gateway().TestAsync(Endpoint(model));
        Assert.False(result.Ok);
        Assert.Equal(reason, result.Reason);
        Assert.Null(result.Reply);
    }

    [Fact]
    public async Task Test_reports_a_timeout_in_seconds()
    {
        var result = await Gateway().TestAsync(Endpoint(LocalOpenAiServer.Slow, timeout: TimeSpan.FromSeconds(1)));
        Assert.False(result.Ok);
        Assert.Equal(ModelFailure.Timeout, result.Failure);
        Assert.Equal("timed out after 1 s", result.Reason);
    }

    [Fact]
    public async Task Successful_calls_log_no_credential()
    {
        var gateway = Gateway();
        await gateway.CompleteAsync(Endpoint("m-log"), "Hi");
        await foreach (var _ in gateway.StreamAsync(Endpoint("m-log"), "Hi")) { }
        Assert.NotEmpty(_log.Lines);
        Assert.DoesNotContain(_log.Lines, l => l.Contains(Canary, StringComparison.Ordinal));
    }

    [Fact]
    public void An_endpoint_prints_no_credential()
    {
        var endpoint = new ModelEndpoint { ModelUrl = "https://api.openai.com/v1/chat/completions", ModelName = "gpt-4o-mini", Token = Canary, ClientKey = Canary + "c", SecretKey = Canary + "s" };
        Assert.DoesNotContain("canary", endpoint.ToString());
        Assert.Contains("token: set", endpoint.ToString());
    }

    static async Task Call(IModelGateway gateway, ModelEndpoint endpoint, bool stream, CancellationToken cancellationToken = default)
    {
        if (!stream)
        {
            await gateway.CompleteAsync(endpoint, [ModelMessage.User("Hi")], null, cancellationToken);
            return;
        }
        await foreach (var _ in gateway.StreamAsync(endpoint, [ModelMessage.User("Hi")], null, cancellationToken)) { }
    }

    static async Task WaitUntil(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
            await Task.Delay(10, deadline.Token);
    }
}

/// <summary>Keeps every formatted log line, with the exception's full text when there is one.</summary>
sealed class CapturingLogger<T> : ILogger<T>
{
    readonly List<string> _lines = [];
    public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines) _lines.Add(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}
