using System.Text.RegularExpressions;
using Builder.Domain.ApiKeys;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.Members;
using Builder.Domain.Models;
using Builder.Domain.Organizations;
using Builder.Domain.PromptTemplates;
using Builder.Domain.Prompts;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Storage;
using Builder.Domain.Variables;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Trash;

/// <summary>
/// What the trash needs to know of one kind of trashable record: where its rows are, what its audit records say, what it
/// needs in place before it can come back (an environment for a variable), and how its name is checked and changed on a
/// restore. Registered once in <see cref="TrashKinds.All"/>; a new resource opts in with one entry there.
/// </summary>
public abstract class TrashKind(string resourceType)
{
    public string ResourceType { get; } = resourceType;

    /// <summary>The rows marked with a trash item: the resource its delete made it for and whatever went with it.</summary>
    internal abstract Task<List<ITrashable>> MarkedAsync(IBuilderDbContext db, Guid trashItemId, CancellationToken ct);

    /// <summary>The visible rows of an organization, which go with it when the organization goes to the trash.</summary>
    internal abstract Task<List<ITrashable>> InOrganizationAsync(IBuilderDbContext db, Guid organizationId, CancellationToken ct);

    internal abstract AuditSubject Subject(ITrashable record, Guid? organizationId);

    /// <summary>Why the record cannot come back yet (its environment is itself in the trash); null when it can.</summary>
    internal abstract Task<string?> BlockedAsync(IBuilderDbContext db, ITrashable record, CancellationToken ct);

    /// <summary>The 409 message when a visible record took the name meanwhile; null when the name is free.</summary>
    internal abstract Task<string?> ClashAsync(IBuilderDbContext db, ITrashable record, string name, CancellationToken ct);

    /// <summary>Whether a restore may give it another name (a member's email cannot be changed).</summary>
    internal abstract bool CanRename { get; }

    /// <summary>Validates and applies a new name (a 400 naming the problem when it is not a valid name of this kind).</summary>
    internal abstract void Rename(ITrashable record, string name);

    internal abstract string NameOf(ITrashable record);

    internal abstract Type RecordType { get; }

    /// <summary>The record itself while it is in the trash (tracked), or null.</summary>
    internal abstract Task<ITrashable?> FindTrashedAsync(IBuilderDbContext db, Guid id, CancellationToken ct);

    /// <summary>
    /// What must go with the record outside its rows when it is purged (an AutessaDB table's physical table), run inside the
    /// purge's transaction just before its rows are removed.
    /// </summary>
    internal abstract Task PurgingAsync(IBuilderDbContext db, ITrashable record, CancellationToken ct);
}

internal sealed class TrashKind<T>(string resourceType, Func<IBuilderDbContext, DbSet<T>> set) : TrashKind(resourceType)
    where T : class, ITrashable
{
    public required Func<T, Guid?, AuditSubject> Describe { get; init; }
    public required Func<T, string> Name { get; init; }
    public Func<IBuilderDbContext, Guid, IQueryable<T>>? OfOrganization { get; init; }
    public Func<IBuilderDbContext, T, CancellationToken, Task<string?>>? Blocker { get; init; }

    /// <summary>What goes with the record outside its rows when it is purged (<see cref="TrashKind.PurgingAsync"/>).</summary>
    public Func<IBuilderDbContext, T, CancellationToken, Task>? Purging { get; init; }

    /// <summary>The visible records that share the name scope with <c>T</c> and have this name (case-insensitive), and the 409 message.</summary>
    public Func<IBuilderDbContext, T, string, IQueryable<T>>? SameName { get; init; }
    public Func<T, string, string>? Duplicate { get; init; }
    public Action<T, string>? SetName { get; init; }
    public int NameMax { get; init; } = 200;
    public Regex? NamePattern { get; init; }
    public string? NamePatternMessage { get; init; }

    internal override async Task<List<ITrashable>> MarkedAsync(IBuilderDbContext db, Guid trashItemId, CancellationToken ct) =>
        [.. await set(db).IgnoreQueryFilters([TrashFilter.Name]).Where(r => r.TrashItemId == trashItemId).ToListAsync(ct)];

    internal override async Task<List<ITrashable>> InOrganizationAsync(IBuilderDbContext db, Guid organizationId, CancellationToken ct) =>
        OfOrganization is null ? [] : [.. await OfOrganization(db, organizationId).ToListAsync(ct)];

    internal override AuditSubject Subject(ITrashable record, Guid? organizationId) => Describe((T)record, organizationId);

    internal override Task<string?> BlockedAsync(IBuilderDbContext db, ITrashable record, CancellationToken ct) =>
        Blocker is null ? Task.FromResult<string?>(null) : Blocker(db, (T)record, ct);

    internal override async Task<string?> ClashAsync(IBuilderDbContext db, ITrashable record, string name, CancellationToken ct)
    {
        if (SameName is null) return null;
        var id = record.Id;
        return await SameName(db, (T)record, name).AnyAsync(r => r.Id != id, ct) ? Duplicate!((T)record, name) : null;
    }

    internal override bool CanRename => SetName is not null;

    internal override void Rename(ITrashable record, string name)
    {
        var validator = new Validator().Required("name", name, "Name", NameMax);
        if (NamePattern is not null) validator.Matches("name", name, NamePattern, NamePatternMessage!);
        validator.ThrowIfInvalid();
        SetName!((T)record, name.Trim());
    }

    internal override string NameOf(ITrashable record) => Name((T)record);

    internal override Type RecordType => typeof(T);

    internal override Task PurgingAsync(IBuilderDbContext db, ITrashable record, CancellationToken ct) =>
        Purging is null ? Task.CompletedTask : Purging(db, (T)record, ct);

    internal override async Task<ITrashable?> FindTrashedAsync(IBuilderDbContext db, Guid id, CancellationToken ct) =>
        await set(db).IgnoreQueryFilters([TrashFilter.Name]).FirstOrDefaultAsync(r => r.Id == id && r.DeletedAt != null, ct);
}

/// <summary>Every kind of record the trash holds. The order is the order in which an organization's records are marked.</summary>
public static class TrashKinds
{
    private const string EnvironmentFirst = "Its environment '{0}' is in the trash: restore the environment first.";

    public static IReadOnlyList<TrashKind> All { get; } =
    [
        new TrashKind<Organization>(ResourceTypes.Organization, db => db.Organizations)
        {
            Describe = (o, _) => new AuditSubject(ResourceTypes.Organization, o.Id, o.Name, o.Id),
            Name = o => o.Name,
            SameName = (db, _, name) => db.Organizations.Where(o => o.Name.ToLower() == name.ToLower()),
            Duplicate = (_, name) => $"An organization named '{name}' already exists",
            SetName = (o, name) => o.Name = name,
            NameMax = Organization.NameMax,
            // Its AutessaDB tables' rows go by the cascade; their physical tables are dropped here.
            Purging = async (db, o, ct) =>
            {
                await TableStorage.DropTablesOfOrganizationAsync(db, o.Id, ct);
                await Tables.Knowledge.KnowledgeStorage.RemoveEmbeddingsOfOrganizationAsync(db, o.Id, ct);
            },
        },
        new TrashKind<OrgEnvironment>(ResourceTypes.Environment, db => db.Environments)
        {
            Describe = (e, _) => new AuditSubject(ResourceTypes.Environment, e.Id, e.Name, e.OrganizationId, e.Id, e.Name),
            Name = e => e.Name,
            OfOrganization = (db, org) => db.Environments.Where(e => e.OrganizationId == org),
            SameName = (db, e, name) => db.Environments.Where(x => x.OrganizationId == e.OrganizationId && x.Name.ToLower() == name.ToLower()),
            Duplicate = (_, name) => $"An environment named '{name}' already exists in this organization",
            SetName = (e, name) => e.Name = name,
            NameMax = OrgEnvironment.NameMax,
        },
        new TrashKind<Variable>(ResourceTypes.Variable, db => db.Variables)
        {
            Describe = (v, _) => new AuditSubject(ResourceTypes.Variable, v.Id, v.Name, v.OrganizationId, v.EnvironmentId),
            Name = v => v.Name,
            OfOrganization = (db, org) => db.Variables.Where(v => v.OrganizationId == org),
            Blocker = (db, v, ct) => EnvironmentInTrashAsync(db, v.EnvironmentId, ct),
            SameName = (db, v, name) => db.Variables.Where(x => x.EnvironmentId == v.EnvironmentId && x.Name.ToLower() == name.ToLower()),
            Duplicate = (_, name) => $"A variable named '{name}' already exists in this environment",
            SetName = (v, name) => v.Name = name,
            NameMax = Variable.NameMax,
            NamePattern = Variable.IdentifierPattern(),
            NamePatternMessage = "Name must start with a letter or underscore and contain only letters, digits and underscores (for example OPENAI_API_KEY).",
        },
        new TrashKind<WorkflowEntityType>(ResourceTypes.WorkflowEntityType, db => db.WorkflowEntityTypes)
        {
            Describe = (t, _) => new AuditSubject(ResourceTypes.WorkflowEntityType, t.Id, t.Name, null),
            Name = t => t.Name,
            SameName = (db, _, name) => db.WorkflowEntityTypes.Where(x => x.Name.ToLower() == name.ToLower()),
            Duplicate = (_, name) => $"An entity type named '{name}' already exists",
            SetName = (t, name) => t.Name = name,
            NameMax = WorkflowEntityType.NameMax,
        },
        new TrashKind<WorkflowEntity>(ResourceTypes.WorkflowEntity, db => db.WorkflowEntities)
        {
            Describe = (e, _) => new AuditSubject(ResourceTypes.WorkflowEntity, e.Id, e.Name, e.OrganizationId, e.EnvironmentId),
            Name = e => e.Name,
            OfOrganization = (db, org) => db.WorkflowEntities.Where(e => e.OrganizationId == org),
            Blocker = async (db, e, ct) => await db.WorkflowEntityTypes.AnyAsync(t => t.Id == e.WorkflowEntityTypeId, ct) ? null
                : "Its entity type is in the trash: ask a System administrator to restore the type first.",
        },
        new TrashKind<Workflow>(ResourceTypes.Workflow, db => db.Workflows)
        {
            Describe = (w, _) => new AuditSubject(ResourceTypes.Workflow, w.Id, w.Name, w.OrganizationId, w.EnvironmentId),
            Name = w => w.Name,
            OfOrganization = (db, org) => db.Workflows.Where(w => w.OrganizationId == org),
            Blocker = (db, w, ct) => EnvironmentInTrashAsync(db, w.EnvironmentId, ct),
            SameName = (db, w, name) => db.Workflows.Where(x => x.EnvironmentId == w.EnvironmentId && x.Name.ToLower() == name.ToLower()),
            Duplicate = (_, name) => $"A workflow named '{name}' already exists in this environment",
            SetName = (w, name) => w.Name = name,
            NameMax = Workflow.NameMax,
        },
        new TrashKind<PromptTemplate>(ResourceTypes.PromptTemplate, db => db.PromptTemplates)
        {
            Describe = (t, _) => new AuditSubject(ResourceTypes.PromptTemplate, t.Id, t.Name, t.OrganizationId, t.EnvironmentId),
            Name = t => t.Name,
            OfOrganization = (db, org) => db.PromptTemplates.Where(t => t.OrganizationId == org),
            SameName = (db, t, name) => db.PromptTemplates.Where(x => x.OrganizationId == t.OrganizationId && x.Name.ToLower() == name.ToLower()),
            Duplicate = (_, name) => $"A prompt template named '{name}' already exists in this organization",
            SetName = (t, name) => t.Name = name,
            NameMax = PromptTemplate.NameMax,
        },
        new TrashKind<Prompt>(ResourceTypes.Prompt, db => db.Prompts)
        {
            Describe = (p, _) => new AuditSubject(ResourceTypes.Prompt, p.Id, p.Title, p.OrganizationId),
            Name = p => p.Title,
            OfOrganization = (db, org) => db.Prompts.Where(p => p.OrganizationId == org),
        },
        new TrashKind<AutessaTable>(ResourceTypes.Table, db => db.AutessaTables)
        {
            Describe = (t, _) => t.ToAuditSubject(),
            Name = t => t.Name,
            OfOrganization = (db, org) => db.AutessaTables.Where(t => t.OrganizationId == org),
            // Names are identifiers, compared as they are (they are lower case by rule).
            SameName = (db, t, name) => db.AutessaTables.Where(x => x.OrganizationId == t.OrganizationId && x.Name == name),
            Duplicate = (_, name) => $"A table named '{name}' already exists in this organization",
            SetName = (t, name) => t.Name = name,
            NameMax = AutessaTable.NameMax,
            NamePattern = new Regex(TableNames.Pattern, RegexOptions.CultureInvariant),
            NamePatternMessage = "Table name must start with a lower-case letter and contain only lower-case letters, digits and underscores (for example customer_orders).",
            // The physical table stayed while the table was in the trash (a restore brings its rows back); the purge drops it.
            // Its embeddings (semantic search) go too: they are keyed by the table's id, without a foreign key.
            Purging = async (db, t, ct) =>
            {
                await new TableSchemaStore(db).DropTableAsync(t.Number, ct);
                await Tables.Knowledge.KnowledgeStorage.RemoveEmbeddingsAsync(db, t.Id, ct);
            },
        },
        Versioned<Agents.Agent>(ResourceTypes.Agent, db => db.Agents),
        Versioned<Tools.Tool>(ResourceTypes.Tool, db => db.Tools),
        Versioned<Managers.Manager>(ResourceTypes.Manager, db => db.Managers),
        new TrashKind<Connectors.Connector>(ResourceTypes.Connector, db => db.Connectors)
        {
            Describe = (c, _) => c.ToAuditSubject(),
            Name = c => c.Name,
            OfOrganization = (db, org) => db.Connectors.Where(c => c.OrganizationId == org),
            SameName = (db, c, name) => db.Connectors.Where(x => x.OrganizationId == c.OrganizationId && x.Name.ToLower() == name.ToLower()),
            Duplicate = (_, name) => $"A connector named '{name}' already exists in this organization",
            SetName = (c, name) => c.Name = name,
            NameMax = Connectors.Connector.NameMax,
        },
        new TrashKind<AiModel>(ResourceTypes.Model, db => db.Models)
        {
            Describe = (m, _) => new AuditSubject(ResourceTypes.Model, m.Id, m.Name, m.OrganizationId),
            Name = m => m.Name,
            OfOrganization = (db, org) => db.Models.Where(m => m.OrganizationId == org),
            SameName = (db, m, name) => db.Models.Where(x => x.OrganizationId == m.OrganizationId && x.Name.ToLower() == name.ToLower()),
            Duplicate = (m, name) => m.OrganizationId is null ? $"A system model named '{name}' already exists"
                : $"A model named '{name}' already exists in this organization",
            SetName = (m, name) => m.Name = name,
            NameMax = AiModel.NameMax,
        },
        new TrashKind<Mcp.McpServer>(ResourceTypes.McpServer, db => db.Set<Mcp.McpServer>())
        {
            Describe = (s, _) => s.ToAuditSubject(),
            Name = s => s.Name,
            OfOrganization = (db, org) => db.Set<Mcp.McpServer>().Where(s => s.OrganizationId == org),
            SameName = (db, s, name) => db.Set<Mcp.McpServer>().Where(x => x.OrganizationId == s.OrganizationId && x.Name.ToLower() == name.ToLower()),
            Duplicate = (_, name) => $"An MCP server named '{name}' already exists in this organization",
            SetName = (s, name) => s.Name = name,
            NameMax = Mcp.McpServer.NameMax,
        },
        new TrashKind<Membership>(ResourceTypes.Member, db => db.Memberships)
        {
            Describe = (m, _) => new AuditSubject(ResourceTypes.Member, m.Id, m.Email, m.OrganizationId),
            Name = m => m.Email,
            OfOrganization = (db, org) => db.Memberships.Where(m => m.OrganizationId == org),
            SameName = (db, m, _) => db.Memberships.Where(x => x.OrganizationId == m.OrganizationId && x.Email == m.Email),
            Duplicate = (m, _) => $"{m.Email} is a member of this organization again: change their role on the Members page instead of restoring",
        },
        new TrashKind<ApiKey>(ResourceTypes.ApiKey, db => db.ApiKeys)
        {
            Describe = (k, _) => new AuditSubject(ResourceTypes.ApiKey, k.Id, k.Name, k.OrganizationId),
            Name = k => k.Name,
            OfOrganization = (db, org) => db.ApiKeys.Where(k => k.OrganizationId == org),
        },
    ];

    /// <summary>
    /// An agent, tool or manager: named in its organization; its versions (no foreign key: one table for the three) and an
    /// agent's or manager's conversations with their messages and evaluations (<see cref="Conversations.ConversationPurge"/>) go
    /// when it is purged.
    /// </summary>
    private static TrashKind<T> Versioned<T>(string resourceType, Func<IBuilderDbContext, DbSet<T>> set)
        where T : Versioning.VersionedResource, Versioning.IVersionedResource =>
        new(resourceType, set)
        {
            Describe = (r, _) => r.ToAuditSubject(),
            Name = r => r.Name,
            OfOrganization = (db, org) => set(db).Where(r => r.OrganizationId == org),
            SameName = (db, r, name) => set(db).Where(x => x.OrganizationId == r.OrganizationId && x.Name.ToLower() == name.ToLower()),
            Duplicate = (_, name) => Versioning.VersionedNames.Duplicate(T.Noun, name),
            SetName = (r, name) => r.Name = name,
            NameMax = Versioning.VersionedResource.NameMax,
            Purging = async (db, r, ct) =>
            {
                await db.ResourceVersions.Where(v => v.ResourceId == r.Id).ExecuteDeleteAsync(ct);
                await Conversations.ConversationPurge.RemoveOfAsync(db, r.Id, ct);
            },
        };

    public static TrashKind Of(string resourceType) => All.FirstOrDefault(k => k.ResourceType == resourceType)
        ?? throw new InvalidOperationException($"'{resourceType}' is not a kind the trash knows: add it to {nameof(TrashKinds)}.{nameof(All)}.");

    /// <summary>The kind of a record, by its class.</summary>
    public static TrashKind For(ITrashable record) => All.FirstOrDefault(k => k.RecordType == record.GetType())
        ?? throw new InvalidOperationException($"'{record.GetType().Name}' is not a kind the trash knows: add it to {nameof(TrashKinds)}.{nameof(All)}.");

    private static async Task<string?> EnvironmentInTrashAsync(IBuilderDbContext db, Guid environmentId, CancellationToken ct)
    {
        if (await db.Environments.AnyAsync(e => e.Id == environmentId, ct)) return null;
        var name = await db.Environments.IgnoreQueryFilters([TrashFilter.Name]).Where(e => e.Id == environmentId)
            .Select(e => e.Name).FirstOrDefaultAsync(ct);
        return string.Format(EnvironmentFirst, name ?? "?");
    }
}
