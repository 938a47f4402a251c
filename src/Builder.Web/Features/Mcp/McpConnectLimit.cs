using Builder.Domain.Access;
using Builder.Web.Api;

namespace Builder.Web.Features.Mcp;

/// <summary>
/// The console's side of the per-person limit on MCP connections: "Connect and list tools", "Create tool" and a tool editor
/// loading a server's tools draw on the same allowance as the API's create-from-mcp (and the test runs), one per connection.
/// </summary>
public static class McpConnectLimit
{
    /// <summary>Takes one permit; the sentence to show when the person is over the limit, or null when allowed.</summary>
    public static string? Refusal(UserRateLimiter limiter, Actor actor)
    {
        var decision = limiter.TryAcquire(actor.UserId);
        return decision.Allowed ? null : RateLimits.RefusalText(limiter, decision, RateLimitedWork.McpConnections);
    }
}
