using System.Text.Json.Nodes;

namespace Builder.Domain.Mcp;

/// <summary>
/// An MCP server as its readers see it. Header values never leave the service: each header is its name and <c>HasValue</c>.
/// </summary>
public sealed record McpServerView(Guid Id, int ServerId, Guid OrganizationId, string Name, string? Description, string Url,
    string Transport, IReadOnlyList<McpHeaderView> Headers, int TimeoutSeconds, DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy,
    Guid Version);

/// <summary>A header as views show it: its name, and that a value is stored (the value itself is write-only).</summary>
public sealed record McpHeaderView(string Name, bool HasValue = true);

/// <summary>
/// An MCP server edit. On create every field is read. On update the settings are replaced (name, url, description,
/// transport, timeout); <see cref="Headers"/> null keeps the stored headers as they are, a list is the new set of headers:
/// a header with a <see cref="McpHeaderInput.Value"/> sets or replaces its value, one without keeps the value stored under
/// that name (it must have one), and a stored header missing from the list is removed.
/// <see cref="Transport"/> null is STREAMABLE_HTTP; <see cref="TimeoutSeconds"/> null is 30.
/// </summary>
public sealed record McpServerInput(
    string? Name,
    string? Url,
    string? Description = null,
    string? Transport = null,
    int? TimeoutSeconds = null,
    IReadOnlyList<McpHeaderInput>? Headers = null);

/// <summary>One header of an edit: its name, and a new value or none (keep the stored one).</summary>
public sealed record McpHeaderInput(string? Name, string? Value = null)
{
    // A record's generated ToString would print the value: a secret must not reach a log by accident.
    public override string ToString() => $"Header {Name}{(Value is null ? "" : " (new value)")}";
}

/// <summary>One tool an MCP server offers: its name, description and input schema (JSON Schema).</summary>
public sealed record McpToolInfo(string Name, string? Title, string? Description, JsonObject InputSchema);

/// <summary>
/// The outcome of "connect and list tools": ok with the server's name, the tools and the latency, or the reason it failed
/// ("could not connect: …", "the server refused the credentials (401)"), never a header value.
/// </summary>
public sealed record McpConnectionResult(bool Ok, long LatencyMs, string? ServerName, IReadOnlyList<McpToolInfo> Tools, string? Error);

/// <summary>
/// The outcome of one tool call. <see cref="Ok"/> false is either a tool error (the server ran the tool and it failed:
/// <see cref="IsToolError"/>, its text in <see cref="Text"/>) or a call that did not happen (<see cref="Error"/>).
/// <see cref="Text"/> joins the result's text blocks; <see cref="StructuredJson"/> is the structured result when the server
/// sent one. Neither ever carries a header value.
/// </summary>
public sealed record McpToolCallResult(bool Ok, bool IsToolError, string? Text, string? StructuredJson, long LatencyMs, string? Error)
{
    /// <summary>What to hand a model as the tool's answer: the structured JSON when there is one, else the text, else the error.</summary>
    public string ResultForModel => StructuredJson ?? Text ?? Error ?? "";
}
