using System.Runtime.CompilerServices;
using Builder.Domain.Models;

namespace Builder.Domain.Tests.Chat;

/// <summary>A model that answers from a script of completions (or a function of the messages), recording what it was sent.</summary>
sealed class FakeGateway : IModelGateway
{
    readonly Queue<Func<IReadOnlyList<ModelMessage>, ModelCompletion>> _script = new();
    public List<(IReadOnlyList<ModelMessage> Messages, ModelCallOptions? Options)> Calls { get; } = [];
    public Func<IReadOnlyList<ModelMessage>, ModelCompletion>? Otherwise { get; set; }

    public FakeGateway Then(Func<IReadOnlyList<ModelMessage>, ModelCompletion> answer) { _script.Enqueue(answer); return this; }
    public FakeGateway Say(string text) => Then(_ => Text(text));
    public FakeGateway Call(string tool, string argumentsJson, string? id = null) => Then(_ => Calls1(new ModelToolCall(id ?? "call_" + Guid.NewGuid().ToString("N")[..6], tool, argumentsJson)));
    public FakeGateway Fail(string reason) => Then(_ => throw new ModelCallException(ModelFailure.EndpointFailed, reason));

    public static ModelCompletion Text(string text) => new(text, new ModelUsage(10, 5), "stop", 7, "fake");
    public static ModelCompletion Calls1(params ModelToolCall[] calls) => new("", new ModelUsage(10, 3), "tool_calls", 5, "fake") { ToolCalls = calls };

    public Task<ModelTestResult> TestAsync(ModelEndpoint endpoint, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ModelCompletion> CompleteAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add((messages.ToList(), options));
        var next = _script.Count > 0 ? _script.Dequeue() : Otherwise ?? throw new InvalidOperationException("the script ran out");
        return Task.FromResult(next(messages));
    }

    public async IAsyncEnumerable<ModelStreamUpdate> StreamAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var completion = await CompleteAsync(endpoint, messages, options, cancellationToken);
        yield return new ModelStreamUpdate("", completion.LatencyMs, completion);
    }

    public static readonly ModelEndpoint Endpoint = new() { ModelUrl = "http://model.invalid/v1/chat/completions", ModelName = "fake" };
}
