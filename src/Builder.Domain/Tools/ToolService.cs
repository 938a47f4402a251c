using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Versioning;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tools;

/// <summary>
/// The custom tools of an organization with DRAFT / PUBLISHED / ARCHIVED versions (the rules are
/// <see cref="VersionedResourceService{TResource,TDefinition,TInput}"/>'s). Every role reads them (entities:read); Admins
/// create, edit, publish, roll back and ask to delete them. A tool's secret headers are write-only and not versioned: an edit
/// sets, replaces or clears them at once; views show their names only.
/// </summary>
public sealed class ToolService(IBuilderDbContextFactory dbs, TimeProvider clock, ISecretProtector protector, IMcpServerLookup mcpServers)
    : VersionedResourceService<Tool, ToolDefinition, ToolInput>(dbs, clock)
{
    public const string NotFound = "Tool not found";

    protected override DbSet<Tool> Set(IBuilderDbContext db) => db.Tools;

    protected override string NameOf(ToolDefinition definition) => definition.Name;

    protected override ToolDefinition WithName(ToolDefinition definition, string name) => definition with { Name = name };

    protected override void Mirror(Tool resource, ToolDefinition definition)
    {
        resource.Name = definition.Name;
        resource.Description = definition.Description;
        resource.Kind = definition.Kind.WireName();
    }

    protected override IReadOnlyList<string> ChangedFields(ToolDefinition? before, ToolDefinition after)
    {
        var fields = new List<string>();
        if (before?.Name != after.Name) fields.Add("name");
        if (before?.Description != after.Description && (before is not null || after.Description is not null)) fields.Add("description");
        if (before is null || !JsonNode.DeepEquals(before.InputSchema, after.InputSchema)) fields.Add("inputSchema");
        if (before is null || before.Kind != after.Kind) fields.Add("kind");
        if (DefinitionJson.Write(before?.Http) != DefinitionJson.Write(after.Http) && (before is not null || after.Http is not null)) fields.Add("http");
        if (before?.Mcp != after.Mcp && (before is not null || after.Mcp is not null)) fields.Add("mcp");
        return fields;
    }

    protected override async Task<ToolDefinition> BuildAsync(IBuilderDbContext db, Actor actor, Guid organizationId, ToolDefinition? current,
        ToolInput input, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? current?.Name;
        var description = input.Description is null ? current?.Description : Validator.Clean(input.Description);
        var validator = new Validator()
            .Required("name", name, "Name", VersionedResource.NameMax)
            .Optional("description", description, "Description", VersionedResource.DescriptionMax);
        var schema = current?.InputSchema ?? ToolTemplates.EmptySchema();
        if (input.InputSchema is not null)
            schema = ToolTemplates.CheckSchema(input.InputSchema, validator) ?? schema;

        var kind = current?.Kind ?? ToolKind.Http;
        if (input.Kind is not null)
        {
            var parsed = ToolKinds.FromWireName(input.Kind);
            if (parsed is null) validator.Add("kind", "kind must be HTTP or MCP.");
            else kind = parsed.Value;
        }
        if (input.Http is not null && kind != ToolKind.Http) validator.Add("http", "An MCP tool has no HTTP template: send kind HTTP to switch it.");
        if (input.Mcp is not null && kind != ToolKind.Mcp) validator.Add("mcp", "An HTTP tool has no MCP binding: send kind MCP to switch it.");

        HttpToolTemplate? http = null;
        McpToolBinding? mcp = null;
        if (kind == ToolKind.Http)
        {
            var old = current?.Http;
            var given = input.Http;
            var method = (given?.Method?.Trim().ToUpperInvariant()) ?? old?.Method ?? "GET";
            var url = given?.Url?.Trim() ?? old?.Url ?? "";
            var headers = given?.Headers ?? old?.Headers ?? new Dictionary<string, string>();
            var body = given?.Body is null ? old?.Body : (given.Body.Length == 0 ? null : given.Body);
            validator.Check(ToolTemplates.Methods.Contains(method), "http.method", $"method must be one of: {string.Join(", ", ToolTemplates.Methods)}.");
            if (url.Length > ToolTemplates.UrlMax) validator.Add("http.url", $"The URL must be at most {ToolTemplates.UrlMax} characters.");
            else if (url.Length > 0 && !(url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
                validator.Add("http.url", "The URL must start with https:// or http:// (placeholders may follow, e.g. https://api.example.com/orders/{{input.orderId}}).");
            validator.Check(headers.Count <= ToolTemplates.HeadersMax, "http.headers", $"At most {ToolTemplates.HeadersMax} headers.");
            foreach (var (header, value) in headers.Take(ToolTemplates.HeadersMax))
            {
                if (!ToolTemplates.IsHeaderName(header ?? "")) validator.Add($"http.headers.{header}", $"“{header}” is not a valid header name (letters, digits and -, at most {ToolTemplates.HeaderNameMax}).");
                else if (value is null || value.Length > ToolTemplates.HeaderValueMax || ToolTemplates.HasLineBreak(value))
                    validator.Add($"http.headers.{header}", $"A header value is a line of at most {ToolTemplates.HeaderValueMax} characters.");
            }
            if (body is not null && body.Length > ToolTemplates.BodyMax) validator.Add("http.body", $"The body must be at most {ToolTemplates.BodyMax} characters.");
            if (body is not null && method == "GET") validator.Add("http.body", "A GET request has no body: choose POST, PUT or PATCH, or remove the body.");
            var inputs = ToolTemplates.PropertyNames(schema);
            if (url.Length <= ToolTemplates.UrlMax) ToolTemplates.CheckPlaceholders(url, inputs, validator, "http.url");
            foreach (var (header, value) in headers.Take(ToolTemplates.HeadersMax))
                if (value is not null && value.Length <= ToolTemplates.HeaderValueMax) ToolTemplates.CheckPlaceholders(value, inputs, validator, $"http.headers.{header}");
            if (body is not null && body.Length <= ToolTemplates.BodyMax) ToolTemplates.CheckPlaceholders(body, inputs, validator, "http.body");
            http = new HttpToolTemplate(method, url, new SortedDictionary<string, string>(
                headers.Where(h => h.Key is not null).GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Value ?? ""),
                StringComparer.Ordinal), body);
            if (headers.Keys.Where(k => k is not null).GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
                validator.Add("http.headers", "A header is named twice (header names ignore case).");
        }
        else
        {
            var old = current?.Mcp;
            var serverId = input.Mcp?.McpServerId ?? old?.McpServerId;
            var toolName = input.Mcp?.ToolName?.Trim() ?? old?.ToolName ?? "";
            if (serverId is null) validator.Add("mcp.mcpServerId", "An MCP tool needs the MCP server it comes from (mcpServerId).");
            else if (serverId != old?.McpServerId && !await mcpServers.ExistsAsync(actor, organizationId, serverId.Value, ct))
                validator.Add("mcp.mcpServerId", "That MCP server does not exist in this organization.");
            validator.Required("mcp.toolName", toolName, "The MCP tool's name", ToolTemplates.ToolNameMax);
            if (serverId is { } id) mcp = new McpToolBinding(id, toolName);
        }
        CheckSecretHeaders(input.SecretHeaders, http, validator);
        validator.ThrowIfInvalid();
        return new ToolDefinition(name!, description, schema, kind, http, mcp);
    }

    protected override async Task CheckPublishableAsync(IBuilderDbContext db, Actor actor, Guid organizationId, ToolDefinition definition,
        Validator validator, CancellationToken ct)
    {
        if (definition.Kind == ToolKind.Http)
        {
            if (definition.Http is not { Url.Length: > 0 }) validator.Add("http.url", "A published HTTP tool needs a URL: set it in the draft, then publish.");
        }
        else if (definition.Mcp is not { } binding) validator.Add("mcp.mcpServerId", "A published MCP tool needs its MCP server and tool name.");
        else if (!await mcpServers.ExistsAsync(actor, organizationId, binding.McpServerId, ct))
            validator.Add("mcp.mcpServerId", "Its MCP server no longer exists in this organization.");
    }

    // ---------------------------------------------------------------- secret headers

    private static void CheckSecretHeaders(IReadOnlyList<SecretHeaderInput>? headers, HttpToolTemplate? http, Validator validator)
    {
        if (headers is null) return;
        validator.Check(headers.Count <= ToolTemplates.HeadersMax, "secretHeaders", $"At most {ToolTemplates.HeadersMax} secret headers.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count && i < ToolTemplates.HeadersMax; i++)
        {
            var header = headers[i];
            var name = header?.Name?.Trim() ?? "";
            var field = $"secretHeaders[{i}]";
            if (!ToolTemplates.IsHeaderName(name)) { validator.Add($"{field}.name", "A secret header needs a valid header name (letters, digits and -)."); continue; }
            if (!seen.Add(name)) validator.Add($"{field}.name", $"The secret header “{name}” is listed twice.");
            if (http?.Headers.Keys.Contains(name, StringComparer.OrdinalIgnoreCase) == true)
                validator.Add($"{field}.name", $"“{name}” is also a plain header of the template: keep it in one place.");
            Secret(name).Check(validator, header!.Value, header.Clear, creating: false, "tool");
            if (header.Value is { } value && ToolTemplates.HasLineBreak(value)) validator.Add($"{field}.value", "A header value is one line.");
            if (header.Value is null && !header.Clear) validator.Add($"{field}.value", $"Send a value for “{name}”, or clear it.");
        }
    }

    /// <summary>
    /// The stored secret headers go wherever the URL points. Moving the template to another origin (scheme, host or port; or
    /// giving a URL to a tool that had none) while keeping one would send it to whoever chose the new URL: a write-only value
    /// read back. So every kept secret header must be entered again, or cleared, in the same edit (<see cref="Outbound.CredentialsFollowOrigin"/>).
    /// </summary>
    protected override void CheckEdit(Tool resource, ToolDefinition current, ToolDefinition next, ToolInput input)
    {
        if (next.Http is not { } http) return;
        var entered = (input.SecretHeaders ?? []).Select(h => h?.Name?.Trim()).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = Stored(resource).Keys.Where(k => !entered.Contains(k)).Order(StringComparer.Ordinal);
        Outbound.CredentialsFollowOrigin.Ensure("http.url", "URL", current.Http?.Url, http.Url, kept);
    }

    /// <summary>A rollback to a version on another host than the published one would carry the stored secret headers there too.</summary>
    protected override void CheckRestore(Tool resource, ToolDefinition published, ToolDefinition target, int targetNumber)
    {
        if (target.Http is not { } http) return;
        Outbound.CredentialsFollowOrigin.EnsureRollback("versionNumber", targetNumber, published.Http?.Url, http.Url,
            Stored(resource).Keys.Order(StringComparer.Ordinal));
    }


    private static WriteOnlySecret Secret(string name) => new($"secretHeaders.{name}", $"The value of {name}", "clear", ToolTemplates.HeaderValueMax);

    protected override IReadOnlyList<string> ApplyOutside(Tool resource, ToolInput input, bool creating)
    {
        if (input.SecretHeaders is not { Count: > 0 } headers) return [];
        var stored = Stored(resource);
        var changes = new ChangeSet();
        foreach (var header in headers)
        {
            var name = header.Name!.Trim();
            var key = stored.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;
            var next = Secret(name).Apply(stored.GetValueOrDefault(key), header.Value, header.Clear, protector, changes);
            stored.Remove(key);
            if (next is not null) stored[name] = next;
        }
        resource.SecretHeadersJson = JsonSerializer.Serialize(new SortedDictionary<string, string>(stored, StringComparer.Ordinal));
        return changes.Fields.Count == 0 ? [] : ["secretHeaders"];
    }

    protected override VersionedView<ToolDefinition> Decorate(Tool resource, VersionedView<ToolDefinition> view) =>
        view with { SecretHeaders = Stored(resource).Keys.Order(StringComparer.Ordinal).Select(k => new SecretHeaderView(k, true)).ToList() };

    private static Dictionary<string, string> Stored(Tool resource) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(resource.SecretHeadersJson) ?? [];

    /// <summary>
    /// The secret headers in clear, for running the tool (the chat's HTTP executor) and nothing else: never show, log or
    /// return them to a caller. Needs what reading the tool needs.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> SecretHeadersForRunAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = Dbs.Create();
        var tool = await LoadAsync(db, actor, id, Permissions.EntitiesRead, tracked: false, ct);
        return Stored(tool).ToDictionary(h => h.Key, h => protector.Unprotect(h.Value));
    }

    protected override async Task<IReadOnlyList<string>> DeletionConsequencesAsync(IBuilderDbContext db, Tool resource, CancellationToken ct)
    {
        var users = await ReferencingAsync(db, db.Agents, ResourceTypes.Agent, resource, ct);
        return users.Count == 0 ? [] : [$"{Approvals.Deletions.Count(users.Count, "agent")} use it and will no longer be able to call it: {Approvals.Deletions.Names(users)}"];
    }
}
