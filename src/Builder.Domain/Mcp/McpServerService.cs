using System.Linq.Expressions;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Mcp;

/// <summary>
/// MCP server configurations of an organization. They follow the entities:* permissions of the matrix (every member reads,
/// Admins create and edit, deletion goes through approval into the trash); another organization's server is 404.
/// Header values are write-only: encrypted at rest, never in a view, an audit record ("headers" is recorded, by name only)
/// or a message. Only <see cref="GetConnectionAsync"/> decrypts them, for the MCP client (<see cref="McpClientService"/>).
/// </summary>
public sealed class McpServerService(IBuilderDbContextFactory dbs, ISecretProtector protector, TimeProvider clock)
{
    public const string NotFound = "MCP server not found";
    private const string SaveConflict = "The MCP server could not be saved: another was created at the same moment.";

    /// <summary>How each header value is checked (length, not empty); the field is named per header ("headers[0].value").</summary>
    private static WriteOnlySecret HeaderValue(int index) => new($"headers[{index}].value", "Header value", $"headers[{index}].clear", McpServer.HeaderValueMax);

    /// <summary>Headers the transport sets itself: a configured one would break the protocol or the request.</summary>
    public static readonly IReadOnlySet<string> ReservedHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Accept", "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade", "TE",
        "Trailer", "Expect", "Proxy-Authorization", "Proxy-Connection", "Mcp-Session-Id", "Mcp-Protocol-Version", "Last-Event-ID",
    };

    private static readonly Dictionary<string, Expression<Func<McpServer, object>>> SortKeys = new()
    {
        ["name"] = s => s.Name,
        ["serverId"] = s => s.Number,
        ["url"] = s => s.Url,
        ["updatedAt"] = s => s.UpdatedAt,
        ["createdAt"] = s => s.CreatedAt,
    };

    /// <summary>An organization's MCP servers, paged, searchable by name.</summary>
    public async Task<PagedResult<McpServerView>> ListAsync(Actor actor, Guid organizationId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var query = Servers(db).AsNoTracking().Where(s => s.OrganizationId == organizationId).WhereLike(page.LikePattern, s => s.Name);
        var result = await query.ToPageAsync(page, SortKeys, s => s, ct);
        return new PagedResult<McpServerView>(result.Items.Select(View).ToList(), result.Page, result.Limit, result.Total);
    }

    /// <summary>Every MCP server of the organization (for the poweruser list and pickers), by name.</summary>
    public async Task<IReadOnlyList<McpServerView>> ListAllAsync(Actor actor, Guid organizationId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var servers = await Servers(db).AsNoTracking().Where(s => s.OrganizationId == organizationId).OrderBy(s => s.Number).ToListAsync(ct);
        return servers.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(View).ToList();
    }

    public async Task<McpServerView> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return View(await LoadAsync(db, actor, id, Permissions.EntitiesRead, tracked: false, ct));
    }

    /// <summary>A server by its public integer id (<c>serverId</c>) in an organization; any other organization's is 404.</summary>
    public async Task<McpServerView> GetByNumberAsync(Actor actor, Guid organizationId, long serverId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return View(await LoadByNumberAsync(db, actor, organizationId, serverId, Permissions.EntitiesRead, ct));
    }

    public async Task<McpServerView> CreateAsync(Actor actor, Guid organizationId, McpServerInput input, CancellationToken ct = default)
    {
        actor.Require(organizationId, Permissions.EntitiesCreate, OrganizationAccess.NotFound);
        var valid = Validate(input, creating: true, stored: []);
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesCreate, ct);
        await EnsureUniqueAsync(db, organizationId, valid.Name, null, ct);
        var server = new McpServer { OrganizationId = organizationId };
        var changes = Apply(server, valid, creating: true);
        ApplyHeaders(server, valid, [], changes);
        var now = clock.GetUtcNow().UtcDateTime;
        server.Stamp(actor, now);
        Servers(db).Add(server);
        await db.RecordAsync(actor, now, AuditActions.Created, server.ToAuditSubject(), changes.Fields, ct);
        await server.SaveNumberedAsync(Servers(db), Servers(db).Where(s => s.OrganizationId == organizationId), db.SaveChangesAsync,
            Duplicate(valid.Name), SaveConflict, ct);
        return View(server);
    }

    public async Task<McpServerView> UpdateAsync(Actor actor, Guid id, McpServerInput input, Guid? expectedVersion = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var server = await LoadAsync(db, actor, id, Permissions.EntitiesUpdate, tracked: true, ct);
        server.EnsureVersion(expectedVersion);
        var stored = server.ReadHeaders();
        var valid = Validate(input, creating: false, stored);
        EnsureHeadersFollow(server, valid, stored);
        await EnsureUniqueAsync(db, server.OrganizationId, valid.Name, server.Id, ct);
        var changes = Apply(server, valid, creating: false);
        ApplyHeaders(server, valid, stored, changes);
        await db.SaveAuditedAsync(actor, clock, server, changes.Fields, server.ToAuditSubject(), Duplicate(valid.Name), ct);
        return View(server);
    }

    /// <summary>What deleting a server would take away, for the approval request (404/403 as the delete would).</summary>
    public async Task<ApprovalTarget> DescribeDeletionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var server = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, tracked: false, ct);
        actor.RequireHuman("Delete");
        var headers = server.ReadHeaders().Count;
        return new ApprovalTarget(ResourceTypes.McpServer, server.Id, server.Name, server.OrganizationId, null, server.Version,
        [
            $"The MCP server “{server.Name}” ({server.Url}){(headers == 0 ? "" : $" with {Deletions.Count(headers, "stored header")}")} (it goes to the trash; restoring brings it back)",
            "Tools made from its tools stop working until it is restored",
        ]);
    }

    /// <summary>Runs an approved deletion (the approval service only: people request it, see <see cref="ApprovalService"/>).</summary>
    internal async Task DeleteAsync(Actor actor, Guid id, Guid? expectedVersion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var server = await LoadAsync(db, actor, id, Permissions.EntitiesDelete, tracked: true, ct);
        actor.RequireHuman("Delete");
        server.EnsureVersion(expectedVersion);
        await db.RemoveAuditedAsync(actor, clock, server, server.ToAuditSubject(), "The MCP server could not be deleted.", ct);
    }

    /// <summary>A server of the organization the actor can read, or null (any other case: unknown, another organization's, trashed).</summary>
    public async Task<McpServerView?> FindAsync(Actor actor, Guid organizationId, Guid id, CancellationToken ct = default)
    {
        if (!actor.Can(organizationId, Permissions.EntitiesRead)) return null;
        await using var db = dbs.Create();
        var server = await Servers(db).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.OrganizationId == organizationId, ct);
        return server is null ? null : View(server);
    }

    /// <summary>A server by its public integer id in the organization, when the actor can read it; else null.</summary>
    public async Task<McpServerView?> FindByNumberAsync(Actor actor, Guid organizationId, long serverId, CancellationToken ct = default)
    {
        if (!actor.Can(organizationId, Permissions.EntitiesRead) || serverId is < 1 or > int.MaxValue) return null;
        var number = (int)serverId;
        await using var db = dbs.Create();
        var server = await Servers(db).AsNoTracking().FirstOrDefaultAsync(s => s.Number == number && s.OrganizationId == organizationId, ct);
        return server is null ? null : View(server);
    }

    // ---- The connection path -------------------------------------------------------------------------------------

    /// <summary>
    /// A server to connect to, with its decrypted headers, for an actor who can read it. For <see cref="McpClientService"/>
    /// only: no endpoint returns it.
    /// </summary>
    internal async Task<McpConnection> GetConnectionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return Connection(await LoadAsync(db, actor, id, Permissions.EntitiesRead, tracked: false, ct));
    }

    internal async Task<McpConnection> GetConnectionAsync(Actor actor, Guid organizationId, long serverId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return Connection(await LoadByNumberAsync(db, actor, organizationId, serverId, Permissions.EntitiesRead, ct));
    }

    private McpConnection Connection(McpServer s) =>
        new(s.Id, s.Number, s.Name, s.Url, TimeSpan.FromSeconds(s.TimeoutSeconds),
            s.ReadHeaders().Select(h => new KeyValuePair<string, string>(h.Name, protector.Unprotect(h.Value))).ToList());

    // ---- Rules -----------------------------------------------------------------------------------------------------

    private sealed record ValidHeader(string Name, string? NewValue);

    private sealed record ValidInput(string Name, string? Description, string Url, McpTransport Transport, int TimeoutSeconds,
        IReadOnlyList<ValidHeader>? Headers);

    private static McpServerView View(McpServer s) =>
        new(s.Id, s.Number, s.OrganizationId, s.Name, s.Description, s.Url, s.Transport.WireName(),
            s.ReadHeaders().Select(h => new McpHeaderView(h.Name)).ToList(), s.TimeoutSeconds, s.CreatedAt, s.UpdatedAt, s.UpdatedBy, s.Version);

    private static ChangeSet Apply(McpServer server, ValidInput valid, bool creating)
    {
        var changes = new ChangeSet();
        changes.Set("name", creating ? null : server.Name, valid.Name, v => server.Name = v!);
        changes.Set("description", creating ? null : server.Description, valid.Description, v => server.Description = v);
        changes.Set("url", creating ? null : server.Url, valid.Url, v => server.Url = v!);
        changes.Set("transport", creating ? null : (McpTransport?)server.Transport, valid.Transport, v => server.Transport = v!.Value);
        changes.Set("timeoutSeconds", creating ? null : (int?)server.TimeoutSeconds, valid.TimeoutSeconds, v => server.TimeoutSeconds = v!.Value);
        return changes;
    }

    /// <summary>
    /// Applies the new set of headers: a new value is protected, a kept one stays as stored. The audit record names the
    /// "headers" field only, never a value (and not whether a value was the same: values are never compared).
    /// </summary>
    private void ApplyHeaders(McpServer server, ValidInput valid, IReadOnlyList<McpServer.StoredHeader> stored, ChangeSet changes)
    {
        if (valid.Headers is null) return;
        var byName = stored.ToDictionary(h => h.Name, StringComparer.OrdinalIgnoreCase);
        var next = valid.Headers.Select(h => h.NewValue is { } value
            ? new McpServer.StoredHeader(h.Name, protector.Protect(value))
            : new McpServer.StoredHeader(h.Name, byName[h.Name].Value)).ToList();
        var changed = valid.Headers.Any(h => h.NewValue is not null)
                      || !next.Select(h => h.Name).SequenceEqual(stored.Select(h => h.Name), StringComparer.Ordinal);
        if (!changed) return;
        server.WriteHeaders(next);
        changes.Mark("headers");
    }

    /// <summary>
    /// The stored header values follow the URL only within its origin (<see cref="Outbound.CredentialsFollowOrigin"/>): a header
    /// kept without a new value counts (one left out of the list is removed).
    /// </summary>
    private static void EnsureHeadersFollow(McpServer server, ValidInput valid, IReadOnlyList<McpServer.StoredHeader> stored)
    {
        var kept = valid.Headers is null ? stored.Select(h => h.Name)
            : valid.Headers.Where(h => h.NewValue is null).Select(h => h.Name);
        Outbound.CredentialsFollowOrigin.Ensure("url", "URL", server.Url, valid.Url, kept, "remove");
    }


    private static ValidInput Validate(McpServerInput input, bool creating, IReadOnlyList<McpServer.StoredHeader> stored)
    {
        var transport = McpTransports.Parse(input.Transport);
        var validator = new Validator()
            .Required("name", input.Name, "Name", McpServer.NameMax)
            .Optional("description", Validator.Clean(input.Description), "Description", McpServer.DescriptionMax)
            .Required("url", input.Url, "URL", McpServer.UrlMax)
            .Check(transport is not null, "transport", $"Transport must be {McpTransports.StreamableHttp} (Streamable HTTP, the MCP HTTP transport).")
            .Check(input.TimeoutSeconds is null or (>= McpServer.TimeoutSecondsMin and <= McpServer.TimeoutSecondsMax), "timeoutSeconds",
                $"Timeout must be between {McpServer.TimeoutSecondsMin} and {McpServer.TimeoutSecondsMax} seconds.");
        var url = input.Url?.Trim();
        if (!string.IsNullOrEmpty(url) && url.Length <= McpServer.UrlMax)
        {
            if (!(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
                validator.Add("url", "URL must be an absolute http or https URL, e.g. https://mcp.example.com/mcp.");
            else if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
                validator.Add("url", "URL must not contain spaces, line breaks or other control characters; percent-encode them (%20).");
            else if (uri.UserInfo.Length > 0)
                validator.Add("url", "URL must not carry a user name or password; put the credential in a header, whose value is never shown again.");
            else if (CredentialInQuery(uri.Query) is { } parameter)
                validator.Add("url", $"URL must not carry a credential in its query ('{parameter}'); put it in a header, whose value is never shown again.");
            else if (uri.Fragment.Length > 0)
                validator.Add("url", "URL must not have a fragment (#…).");
        }

        List<ValidHeader>? headers = null;
        if (input.Headers is { } given)
        {
            headers = [];
            var storedNames = stored.Select(h => h.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            validator.Check(given.Count <= McpServer.HeadersMax, "headers", $"A server has at most {McpServer.HeadersMax} headers ({given.Count} given).");
            for (var i = 0; i < given.Count && i < McpServer.HeadersMax; i++)
            {
                var header = given[i];
                var field = $"headers[{i}]";
                var name = header?.Name?.Trim();
                var before = validator.Count;
                if (string.IsNullOrEmpty(name)) validator.Add($"{field}.name", "Header name is required.");
                else if (name.Length > McpServer.HeaderNameMax) validator.Add($"{field}.name", $"Header name must be at most {McpServer.HeaderNameMax} characters.");
                else if (!name.All(IsTokenChar))
                    validator.Add($"{field}.name", $"'{name}' is not a valid header name: letters, digits and !#$%&'*+-.^_`|~ only, no spaces or colons.");
                else if (ReservedHeaders.Contains(name))
                    validator.Add($"{field}.name", $"{name} is set by the MCP transport itself and cannot be configured.");
                else if (!seen.Add(name)) validator.Add($"{field}.name", $"The header {name} is given twice.");
                var value = header?.Value;
                HeaderValue(i).Check(validator, value, clear: false, creating, "MCP server");
                validator.Check(value is null || value.All(c => c is >= ' ' and <= '~'), $"{field}.value",
                    "Header value may hold only printable ASCII characters (no line breaks): it is sent in an HTTP header.");
                if (value is null && !string.IsNullOrEmpty(name) && !storedNames.Contains(name))
                    validator.Add($"{field}.value", creating
                        ? $"Enter a value for the header {name}."
                        : $"The header {name} has no stored value: enter one.");
                if (validator.Count == before) headers.Add(new ValidHeader(name!, value));
            }
        }
        validator.ThrowIfInvalid();
        return new ValidInput(input.Name!.Trim(), Validator.Clean(input.Description), url!, transport!.Value,
            input.TimeoutSeconds ?? McpServer.DefaultTimeoutSeconds, headers);
    }

    /// <summary>RFC 9110 tchar: what a header name may hold.</summary>
    private static bool IsTokenChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
        or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    /// <summary>Query parameters that carry a credential (every reader of the server sees its URL).</summary>
    private static readonly HashSet<string> CredentialParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "api-key", "api_key", "apikey", "token", "access_token", "auth", "authorization", "secret", "client_secret",
        "password", "pass", "pwd", "sig", "signature", "code", "x-api-key",
    };

    private static string? CredentialInQuery(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(pair.Split('=', 2)[0]).Trim();
            if (CredentialParameters.Contains(name)) return name;
        }
        return null;
    }

    private static DbSet<McpServer> Servers(IBuilderDbContext db) => db.Set<McpServer>();

    private static async Task<McpServer> LoadAsync(IBuilderDbContext db, Actor actor, Guid id, string permission, bool tracked, CancellationToken ct)
    {
        var query = tracked ? Servers(db) : Servers(db).AsNoTracking();
        return await query.LoadPermittedAsync(actor, id, permission, NotFound, ct: ct);
    }

    private static async Task<McpServer> LoadByNumberAsync(IBuilderDbContext db, Actor actor, Guid organizationId, long serverId, string permission,
        CancellationToken ct)
    {
        // The organization is the caller's (an API key's, or the one a person chose): it must be visible to them first.
        await db.RequireOrganizationAsync(actor, organizationId, permission, ct);
        if (serverId is < 1 or > int.MaxValue) throw new NotFoundException(NotFound);
        var number = (int)serverId;
        var server = await Servers(db).AsNoTracking().FirstOrDefaultAsync(s => s.Number == number && s.OrganizationId == organizationId, ct)
                     ?? throw new NotFoundException(NotFound);
        actor.Require(server.OrganizationId, permission, NotFound);
        return server;
    }

    private static Task EnsureUniqueAsync(IBuilderDbContext db, Guid organizationId, string name, Guid? exceptId, CancellationToken ct) =>
        Servers(db).Where(s => s.OrganizationId == organizationId).EnsureUniqueNameAsync(name, exceptId, Duplicate(name), ct);

    private static string Duplicate(string name) => $"An MCP server named '{name}' already exists in this organization";
}

/// <summary>
/// A server resolved for a connection, with its decrypted header values. Produced only inside the domain for an actor allowed
/// to read the server; never serialized (its text names the headers, never their values).
/// </summary>
internal sealed record McpConnection(Guid Id, int Number, string Name, string Url, TimeSpan Timeout, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>The redactor of the header values (<see cref="SecretRedactor"/>), for scrubbing text: built once per connection.</summary>
    public SecretRedactor Redactor { get; } = new(Headers.Select(h => h.Value));

    public override string ToString() => $"MCP server {Name} at {Url} (headers: {string.Join(", ", Headers.Select(h => h.Key))})";
}
