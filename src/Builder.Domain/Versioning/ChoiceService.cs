using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Mcp;
using Builder.Domain.Models;
using Builder.Domain.Sharing;
using Builder.Domain.Tables;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Versioning;

/// <summary>One thing a picker offers: its id, its name and a detail line (a model's identifier, "system").</summary>
public sealed record Choice(Guid Id, string Name, string? Detail = null);

/// <summary>A page of a picker's search: the first <c>limit</c> matches by name and how many match in all.</summary>
public sealed record ChoicePage<T>(IReadOnlyList<T> Items, int Total);

/// <summary>
/// What the agent and manager editors' pickers offer, searched on the server as the person types so that an organization
/// with thousands of tools, agents, knowledge bases, models or variables is searchable past any first page, and the names
/// of what a draft already holds (which need not be on the page a search shows). Every method checks what the lists do:
/// entities:read in the organization (variables:read for variable names), and the sharing rule narrows owned resources to
/// those the person sees; another organization's ids are simply not named.
/// </summary>
public sealed class ChoiceService(IBuilderDbContextFactory dbs)
{
    /// <summary>The most a search returns at once.</summary>
    public const int MaxLimit = 50;

    public Task<ChoicePage<Choice>> ToolsAsync(Actor actor, Guid organizationId, string? search, int limit = 20, CancellationToken ct = default) =>
        OwnedAsync(db => db.Tools, actor, organizationId, search, limit, ct);

    public Task<ChoicePage<Choice>> AgentsAsync(Actor actor, Guid organizationId, string? search, int limit = 20, CancellationToken ct = default) =>
        OwnedAsync(db => db.Agents, actor, organizationId, search, limit, ct);

    /// <summary>The organization's tables of kind knowledge base the person sees, by name.</summary>
    public async Task<ChoicePage<Choice>> KnowledgeBasesAsync(Actor actor, Guid organizationId, string? search, int limit = 20, CancellationToken ct = default)
    {
        var page = Page(search, limit);
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var rows = db.AutessaTables.AsNoTracking().Where(t => t.OrganizationId == organizationId && t.Kind == TableKind.KnowledgeBase)
            .VisibleTo(db, actor, organizationId).WhereLike(page.LikePattern, t => t.Name);
        return new ChoicePage<Choice>(await rows.OrderBy(t => t.Name).Take(page.Limit).Select(t => new Choice(t.Id, t.Name, null)).ToListAsync(ct),
            await rows.CountAsync(ct));
    }

    /// <summary>The organization's models and the visible system models (what an agent or manager may use), by name or model identifier.</summary>
    public async Task<ChoicePage<Choice>> ModelsAsync(Actor actor, Guid organizationId, string? search, int limit = 20, CancellationToken ct = default)
    {
        var page = Page(search, limit);
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var rows = db.Models.AsNoTracking().Where(AiModel.ChoosableIn(organizationId));
        if (page.LikePattern is { } pattern)
        {
            // By name or model identifier: the ids of either match (one statement; the pattern stays a parameter).
            var byName = db.Models.WhereLike(pattern, m => m.Name).Select(m => m.Id);
            var byModel = db.Models.WhereLike(pattern, m => m.ModelName).Select(m => m.Id);
            rows = rows.Where(m => byName.Contains(m.Id) || byModel.Contains(m.Id));
        }
        var items = await rows.OrderBy(m => m.OrganizationId == null).ThenBy(m => m.Name).Take(page.Limit)
            .Select(m => new { m.Id, m.Name, m.ModelName, System = m.OrganizationId == null }).ToListAsync(ct);
        return new ChoicePage<Choice>(items.Select(m => ModelChoice(m.Id, m.Name, m.ModelName, m.System)).ToList(), await rows.CountAsync(ct));
    }

    /// <summary>The organization's MCP servers (what a tool's MCP binding may name), by name; the detail is the public "server N".</summary>
    public async Task<ChoicePage<Choice>> McpServersAsync(Actor actor, Guid organizationId, string? search, int limit = 20, CancellationToken ct = default)
    {
        var page = Page(search, limit);
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var rows = db.Set<McpServer>().AsNoTracking().Where(s => s.OrganizationId == organizationId).WhereLike(page.LikePattern, s => s.Name);
        var items = await rows.OrderBy(s => s.Name).Take(page.Limit).Select(s => new { s.Id, s.Name, s.Number }).ToListAsync(ct);
        return new ChoicePage<Choice>(items.Select(s => McpServerChoice(s.Id, s.Name, s.Number)).ToList(), await rows.CountAsync(ct));
    }

    /// <summary>The names of the given MCP servers of the organization (a tool's chosen one); others are left out.</summary>
    public async Task<IReadOnlyList<Choice>> McpServersByIdAsync(Actor actor, Guid organizationId, IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var list = ids.Distinct().Take(MaxIds).ToList();
        var items = await db.Set<McpServer>().AsNoTracking().Where(s => s.OrganizationId == organizationId && list.Contains(s.Id))
            .Select(s => new { s.Id, s.Name, s.Number }).ToListAsync(ct);
        return items.Select(s => McpServerChoice(s.Id, s.Name, s.Number)).ToList();
    }

    private static Choice McpServerChoice(Guid id, string name, int number) => new(id, name, $"server {number}");

    /// <summary>The distinct names of the organization's variables (any environment), by name; never a value.</summary>
    public async Task<ChoicePage<string>> VariableNamesAsync(Actor actor, Guid organizationId, string? search, int limit = 20, CancellationToken ct = default)
    {
        var page = Page(search, limit);
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.VariablesRead, ct);
        var names = db.Variables.AsNoTracking().Where(v => v.OrganizationId == organizationId).WhereLike(page.LikePattern, v => v.Name)
            .Select(v => v.Name).Distinct();
        return new ChoicePage<string>(await names.OrderBy(n => n).Take(page.Limit).ToListAsync(ct), await names.CountAsync(ct));
    }

    /// <summary>The names of the given tools the person sees (for a draft's chips); the others are left out.</summary>
    public Task<IReadOnlyList<Choice>> ToolsByIdAsync(Actor actor, Guid organizationId, IReadOnlyCollection<Guid> ids, CancellationToken ct = default) =>
        OwnedByIdAsync(db => db.Tools, actor, organizationId, ids, ct);

    public Task<IReadOnlyList<Choice>> AgentsByIdAsync(Actor actor, Guid organizationId, IReadOnlyCollection<Guid> ids, CancellationToken ct = default) =>
        OwnedByIdAsync(db => db.Agents, actor, organizationId, ids, ct);

    public async Task<IReadOnlyList<Choice>> KnowledgeBasesByIdAsync(Actor actor, Guid organizationId, IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var list = ids.Distinct().Take(MaxIds).ToList();
        return await db.AutessaTables.AsNoTracking().Where(t => t.OrganizationId == organizationId && list.Contains(t.Id)).VisibleTo(db, actor, organizationId)
            .Select(t => new Choice(t.Id, t.Name, null)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<Choice>> ModelsByIdAsync(Actor actor, Guid organizationId, IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var list = ids.Distinct().Take(MaxIds).ToList();
        var items = await db.Models.AsNoTracking().Where(AiModel.ChoosableIn(organizationId)).Where(m => list.Contains(m.Id))
            .Select(m => new { m.Id, m.Name, m.ModelName, System = m.OrganizationId == null }).ToListAsync(ct);
        return items.Select(m => ModelChoice(m.Id, m.Name, m.ModelName, m.System)).ToList();
    }

    private static Choice ModelChoice(Guid id, string name, string modelName, bool system) => new(id, name, system ? $"{modelName} · system" : modelName);

    /// <summary>The most ids one by-id lookup reads (a draft holds at most 50 tools; a manager's agents are fewer).</summary>
    private const int MaxIds = 200;

    private static PageRequest Page(string? search, int limit)
    {
        var page = new PageRequest(1, Math.Clamp(limit, 1, MaxLimit), string.IsNullOrWhiteSpace(search) ? null : search.Trim());
        page.Validate();
        return page;
    }

    private async Task<ChoicePage<Choice>> OwnedAsync<T>(Func<IBuilderDbContext, DbSet<T>> set, Actor actor, Guid organizationId, string? search, int limit,
        CancellationToken ct) where T : VersionedResource, IOwnedResource
    {
        var page = Page(search, limit);
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var rows = set(db).AsNoTracking().Where(r => r.OrganizationId == organizationId).VisibleTo(db, actor, organizationId).WhereLike(page.LikePattern, r => r.Name);
        var items = await rows.OrderBy(r => r.Name).Take(page.Limit)
            .Select(r => new { r.Id, r.Name, r.PublishedVersion }).ToListAsync(ct);
        return new ChoicePage<Choice>(items.Select(r => OwnedChoice(r.Id, r.Name, r.PublishedVersion)).ToList(), await rows.CountAsync(ct));
    }

    private async Task<IReadOnlyList<Choice>> OwnedByIdAsync<T>(Func<IBuilderDbContext, DbSet<T>> set, Actor actor, Guid organizationId,
        IReadOnlyCollection<Guid> ids, CancellationToken ct) where T : VersionedResource, IOwnedResource
    {
        if (ids.Count == 0) return [];
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(actor, organizationId, Permissions.EntitiesRead, ct);
        var list = ids.Distinct().Take(MaxIds).ToList();
        var items = await set(db).AsNoTracking().Where(r => r.OrganizationId == organizationId && list.Contains(r.Id)).VisibleTo(db, actor, organizationId)
            .Select(r => new { r.Id, r.Name, r.PublishedVersion }).ToListAsync(ct);
        return items.Select(r => OwnedChoice(r.Id, r.Name, r.PublishedVersion)).ToList();
    }

    private static Choice OwnedChoice(Guid id, string name, int? published) =>
        new(id, name, published is { } v ? $"published v{v}" : "not published yet");
}
