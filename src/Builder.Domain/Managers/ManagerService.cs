using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Versioning;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Managers;

/// <summary>
/// The managers (multi-agent routers) of an organization with DRAFT / PUBLISHED / ARCHIVED versions (the rules are
/// <see cref="VersionedResourceService{TResource,TDefinition,TInput}"/>'s). Every role reads them; Admins create, edit,
/// publish, roll back and ask to delete them. Its agents must be agents of the organization the caller sees; a published
/// manager needs a routing model and at least one agent.
/// </summary>
public sealed class ManagerService(IBuilderDbContextFactory dbs, TimeProvider clock)
    : VersionedResourceService<Manager, ManagerDefinition, ManagerInput>(dbs, clock)
{
    public const string NotFound = "Manager not found";
    public const int RoutingPromptMax = 100_000, MaxAgents = 20, HandlesMax = 2000;

    protected override DbSet<Manager> Set(IBuilderDbContext db) => db.Managers;

    protected override string NameOf(ManagerDefinition definition) => definition.Name;

    protected override ManagerDefinition WithName(ManagerDefinition definition, string name) => definition with { Name = name };

    protected override void Mirror(Manager resource, ManagerDefinition definition)
    {
        resource.Name = definition.Name;
        resource.Description = definition.Description;
        resource.Kind = Manager.KindName;
    }

    protected override IReadOnlyList<string> ChangedFields(ManagerDefinition? before, ManagerDefinition after)
    {
        var fields = new List<string>();
        if (before?.Name != after.Name) fields.Add("name");
        if (before?.Description != after.Description && (before is not null || after.Description is not null)) fields.Add("description");
        if (before?.RoutingPrompt != after.RoutingPrompt && (before is not null || after.RoutingPrompt is not null)) fields.Add("routingPrompt");
        if (before?.ModelId != after.ModelId && (before is not null || after.ModelId is not null)) fields.Add("modelId");
        if (!(before?.Agents ?? []).SequenceEqual(after.Agents)) fields.Add("agents");
        return fields;
    }

    protected override async Task<ManagerDefinition> BuildAsync(IBuilderDbContext db, Actor actor, Guid organizationId, ManagerDefinition? current,
        ManagerInput input, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? current?.Name;
        var description = input.Description is null ? current?.Description : Validator.Clean(input.Description);
        var routing = input.RoutingPrompt is null ? current?.RoutingPrompt : (string.IsNullOrWhiteSpace(input.RoutingPrompt) ? null : input.RoutingPrompt);
        var validator = new Validator()
            .Required("name", name, "Name", VersionedResource.NameMax)
            .Optional("description", description, "Description", VersionedResource.DescriptionMax)
            .Optional("routingPrompt", routing, "Routing prompt", RoutingPromptMax)
            .Check(!(input.ClearModel && input.ModelId is not null), "modelId", "Send a model or clear it, not both.");
        var agents = current?.Agents ?? [];
        if (input.Agents is { } given)
        {
            validator.Check(given.Count <= MaxAgents, "agents", $"A manager routes to at most {MaxAgents} agents ({given.Count} given).");
            var list = new List<ManagedAgent>();
            for (var i = 0; i < given.Count && i < MaxAgents; i++)
            {
                var handles = given[i]?.Handles?.Trim();
                if (given[i]?.AgentId is not { } agentId) { validator.Add($"agents[{i}].agentId", "Each entry names an agent (agentId)."); continue; }
                validator.Required($"agents[{i}].handles", handles, "What the agent handles", HandlesMax);
                list.Add(new ManagedAgent(agentId, handles ?? ""));
            }
            CheckDistinct(list.Select(a => a.AgentId).ToList(), validator, "agents", "This agent");
            if (given.Count <= MaxAgents)
            {
                var known = agents.Select(a => a.AgentId).ToHashSet();
                var added = list.Where(a => !known.Contains(a.AgentId)).Select(a => a.AgentId).ToList();
                await CheckAgentsAsync(db, actor, organizationId, list, added, validator, ct);
            }
            agents = list;
        }
        var modelId = input.ClearModel ? null : input.ModelId ?? current?.ModelId;
        if (input.ModelId is { } model && model != current?.ModelId) await CheckModelAsync(db, organizationId, model, validator, "modelId", ct);
        validator.ThrowIfInvalid();
        return new ManagerDefinition(name!, description, routing, modelId, agents);
    }

    protected override async Task CheckPublishableAsync(IBuilderDbContext db, Actor actor, Guid organizationId, ManagerDefinition definition,
        Validator validator, CancellationToken ct)
    {
        if (definition.ModelId is null) validator.Add("modelId", "A published manager needs a routing model: choose one in the draft, then publish.");
        else await CheckModelAsync(db, organizationId, definition.ModelId, validator, "modelId", ct);
        if (definition.Agents.Count == 0) validator.Add("agents", "A published manager needs at least one agent to route to.");
        await CheckAgentsAsync(db, actor, organizationId, definition.Agents, definition.Agents.Select(a => a.AgentId).ToList(), validator, ct);
    }

    private static async Task CheckAgentsAsync(IBuilderDbContext db, Actor actor, Guid organizationId, IReadOnlyList<ManagedAgent> agents,
        IReadOnlyList<Guid> check, Validator validator, CancellationToken ct)
    {
        if (check.Count == 0) return;
        var found = await db.Agents.Where(a => a.OrganizationId == organizationId && check.Contains(a.Id)).VisibleTo(db, actor, organizationId)
            .Select(a => a.Id).ToListAsync(ct);
        for (var i = 0; i < agents.Count; i++)
            if (check.Contains(agents[i].AgentId) && !found.Contains(agents[i].AgentId))
                validator.Add($"agents[{i}].agentId", "That agent does not exist in this organization (or is not shared with you).");
    }
}
