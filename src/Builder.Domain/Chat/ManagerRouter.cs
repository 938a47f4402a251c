using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Models;

namespace Builder.Domain.Chat;

/// <summary>An agent a manager may route to: a key the model answers with (the agent's id as text), its name, and what it handles.</summary>
public sealed record RoutableAgent(string Key, string Name, string Handles);

/// <summary>
/// Where a manager sent a turn: the agent (null only when the manager has none), the model's reason, and whether the
/// router fell back to the first agent because the answer named none of them (<see cref="FellBack"/>, with the reason saying why).
/// </summary>
public sealed record RoutingDecision(RoutableAgent? Agent, string Reason, bool FellBack, ModelUsage Usage, long LatencyMs);

/// <summary>
/// A manager's routing: asks the model which agent should handle the message, with the routing prompt, each agent's
/// "handles" description and the conversation's last messages, as structured output
/// <c>{ "agent": key or "none", "reason": … }</c> (the keys as an enum). An answer naming an agent by key or by name
/// (case-insensitive) routes there. An answer that names none, does not parse, or a routing call that fails falls back to
/// the first agent, and the decision says so in words.
/// </summary>
public sealed class ManagerRouter(IModelGateway gateway)
{
    public const int HistoryMessages = 6;
    public const string None = "none";

    public async Task<RoutingDecision> RouteAsync(ModelEndpoint endpoint, string routingPrompt, IReadOnlyList<RoutableAgent> agents,
        IReadOnlyList<ModelMessage> history, string userMessage, CancellationToken cancellationToken = default)
    {
        if (agents.Count == 0) return new RoutingDecision(null, "This manager has no agents to route to; add an agent to it.", true, ModelUsage.None, 0);
        var fallback = agents[0];

        var system = new StringBuilder();
        system.AppendLine(string.IsNullOrWhiteSpace(routingPrompt) ? "Choose the agent that should answer the user's message." : routingPrompt.Trim());
        system.AppendLine();
        system.AppendLine("The agents (answer with the key of exactly one of them, or \"none\" when none fits):");
        foreach (var agent in agents) system.AppendLine($"- key \"{agent.Key}\": {agent.Name} — handles: {agent.Handles}");
        system.AppendLine();
        system.Append("Answer with a JSON object { \"agent\": the key, \"reason\": one short sentence }.");

        var transcript = history.Where(m => m.Role is "user" or "assistant" && m.ToolCalls.Count == 0).TakeLast(HistoryMessages)
            .Select(m => $"{m.Role}: {m.Content}").ToList();
        var user = transcript.Count == 0 ? userMessage : $"Conversation so far:\n{string.Join("\n", transcript)}\n\nNew message:\n{userMessage}";

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["agent"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. agents.Select(a => (JsonNode)JsonValue.Create(a.Key)!), JsonValue.Create(None)]) },
                ["reason"] = new JsonObject { ["type"] = "string" },
            },
            ["required"] = new JsonArray("agent", "reason"),
            ["additionalProperties"] = false,
        };
        ModelCompletion completion;
        try
        {
            completion = await gateway.CompleteAsync(endpoint, [ModelMessage.System(system.ToString()), ModelMessage.User(user)],
                new ModelCallOptions { JsonSchema = JsonSerializer.SerializeToElement(schema), JsonSchemaName = "route", Temperature = 0 }, cancellationToken);
        }
        catch (ModelCallException e)
        {
            return new RoutingDecision(fallback, $"The routing call failed ({e.Message}); the turn went to the first agent, {fallback.Name}.", true, ModelUsage.None, 0);
        }

        var (named, reason) = Read(completion.Output);
        var chosen = named is null ? null
            : agents.FirstOrDefault(a => string.Equals(a.Key, named, StringComparison.OrdinalIgnoreCase))
              ?? agents.FirstOrDefault(a => string.Equals(a.Name, named, StringComparison.OrdinalIgnoreCase));
        if (chosen is not null)
            return new RoutingDecision(chosen, string.IsNullOrWhiteSpace(reason) ? $"Routed to {chosen.Name}." : reason, false, completion.Usage, completion.LatencyMs);
        var said = named is null ? "an answer that is not the JSON asked for" : string.Equals(named, None, StringComparison.OrdinalIgnoreCase) ? "\"none\"" : $"\"{Short(named)}\", which is not one of its agents";
        return new RoutingDecision(fallback, $"The router named no agent of this manager (it answered {said}); the turn went to the first agent, {fallback.Name}.",
            true, completion.Usage, completion.LatencyMs);
    }

    static (string? Agent, string? Reason) Read(string output)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null);
            var agent = root.TryGetProperty("agent", out var a) ? a.ValueKind == JsonValueKind.String ? a.GetString() : a.GetRawText() : null;
            var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return (agent?.Trim(), reason);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    static string Short(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
