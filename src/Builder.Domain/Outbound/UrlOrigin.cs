namespace Builder.Domain.Outbound;

/// <summary>
/// Where a URL sends what it is given: its origin (scheme, host and port). A write-only credential stored beside a URL (a
/// model's token, an MCP server's headers, a tool's secret headers, a connector's credentials) may follow a change of path or query, never of origin
/// (<see cref="CredentialsFollowOrigin"/>, the one rule and message).
/// </summary>
public static class UrlOrigin
{
    /// <summary>True when both are absolute URLs of the same scheme, host and port (compared ignoring case); false otherwise.</summary>
    public static bool Same(string? stored, string? next) =>
        Uri.TryCreate(stored, UriKind.Absolute, out var a) && Uri.TryCreate(next, UriKind.Absolute, out var b)
        && Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
