using Builder.Domain.Access;

namespace Builder.Domain.Models;

/// <summary>
/// Test connection: one minimal request to a model through the gateway (and its outbound address policy). An organization's
/// model may be tested by anyone who can read its entities (as prompts may run on it); a system model by a System user.
/// The answer carries the latency and the model's reply, or a clear reason; a credential never appears in either.
/// </summary>
public sealed class ModelConnectionTester(ModelService models, IModelGateway gateway)
{
    public Task<ModelConnectionResult> TestAsync(Actor actor, Guid id, CancellationToken ct = default) => RunAsync(actor, id, system: false, ct);

    public Task<ModelConnectionResult> TestSystemAsync(Actor actor, Guid id, CancellationToken ct = default) => RunAsync(actor, id, system: true, ct);

    private async Task<ModelConnectionResult> RunAsync(Actor actor, Guid id, bool system, CancellationToken ct)
    {
        var target = await models.GetEndpointAsync(actor, id, system, ct);
        var result = await gateway.TestAsync(target.Endpoint, ct);
        // The gateway scrubs its reasons already; an endpoint that echoes a credential in its reply is scrubbed here too.
        return new ModelConnectionResult(result.Ok, result.LatencyMs, Scrub(result.Reply, target.Endpoint), Scrub(result.Reason, target.Endpoint));
    }

    // Every form of every credential, longest first (SecretRedactor): one holding another must not leave its tail behind.
    private static string? Scrub(string? text, ModelEndpoint endpoint) => endpoint.Redactor.RedactOrNull(text);
}
