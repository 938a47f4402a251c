using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Tables;
using Builder.Domain.Versioning;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Agents;

/// <summary>
/// The agents of an organization with DRAFT / PUBLISHED / ARCHIVED versions (<see cref="VersionedResourceService{TResource,TDefinition,TInput}"/>
/// has the rules). Every role reads them (entities:read); Admins create, edit, publish, roll back and ask to delete them
/// (entities:create/update/delete), as for tables and prompt templates; sharing narrows it.
/// </summary>
public sealed class AgentService(IBuilderDbContextFactory dbs, TimeProvider clock)
    : VersionedResourceService<Agent, AgentDefinition, AgentInput>(dbs, clock)
{
    public const string NotFound = "Agent not found";
    public const int SystemPromptMax = 100_000;
    public const int MaxTools = 50, MaxKnowledgeBases = 20, MaxEnvironmentVariables = 50;

    protected override DbSet<Agent> Set(IBuilderDbContext db) => db.Agents;

    protected override string NameOf(AgentDefinition definition) => definition.Name;

    protected override AgentDefinition WithName(AgentDefinition definition, string name) => definition with { Name = name };

    protected override void Mirror(Agent resource, AgentDefinition definition)
    {
        resource.Name = definition.Name;
        resource.Description = definition.Description;
        resource.Kind = definition.AgentType.WireName();
    }

    protected override IReadOnlyList<string> ChangedFields(AgentDefinition? before, AgentDefinition after)
    {
        var fields = new List<string>();
        void Check(string field, bool changed) { if (changed) fields.Add(field); }
        Check("name", before?.Name != after.Name);
        Check("description", before?.Description != after.Description && (before is not null || after.Description is not null));
        Check("agentType", before is null || before.AgentType != after.AgentType);
        Check("systemPrompt", before?.SystemPrompt != after.SystemPrompt && (before is not null || after.SystemPrompt is not null));
        Check("modelId", before?.ModelId != after.ModelId && (before is not null || after.ModelId is not null));
        Check("toolIds", !(before?.ToolIds ?? []).SequenceEqual(after.ToolIds) );
        Check("knowledgeBaseIds", !(before?.KnowledgeBaseIds ?? []).SequenceEqual(after.KnowledgeBaseIds));
        Check("environmentVariables", !(before?.EnvironmentVariables ?? []).SequenceEqual(after.EnvironmentVariables));
        return fields;
    }

    protected override async Task<AgentDefinition> BuildAsync(IBuilderDbContext db, Actor actor, Guid organizationId, AgentDefinition? current,
        AgentInput input, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? current?.Name;
        var description = input.Description is null ? current?.Description : Validator.Clean(input.Description);
        var systemPrompt = input.SystemPrompt is null ? current?.SystemPrompt : (string.IsNullOrWhiteSpace(input.SystemPrompt) ? null : input.SystemPrompt);
        var tools = input.ToolIds ?? current?.ToolIds ?? [];
        var knowledge = input.KnowledgeBaseIds ?? current?.KnowledgeBaseIds ?? [];
        var variables = (input.EnvironmentVariables ?? current?.EnvironmentVariables ?? []).Select(v => v?.Trim() ?? "").ToList();
        var validator = new Validator()
            .Required("name", name, "Name", VersionedResource.NameMax)
            .Optional("description", description, "Description", VersionedResource.DescriptionMax)
            .Optional("systemPrompt", systemPrompt, "System prompt", SystemPromptMax)
            .Check(!(input.ClearModel && input.ModelId is not null), "modelId", "Send a model or clear it, not both.")
            .Check(tools.Count <= MaxTools, "toolIds", $"An agent can use at most {MaxTools} tools ({tools.Count} given).")
            .Check(knowledge.Count <= MaxKnowledgeBases, "knowledgeBaseIds", $"An agent can search at most {MaxKnowledgeBases} knowledge bases ({knowledge.Count} given).")
            .Check(variables.Count <= MaxEnvironmentVariables, "environmentVariables",
                $"An agent can read at most {MaxEnvironmentVariables} environment variables ({variables.Count} given).");

        AgentType type;
        if (input.AgentType is not null)
        {
            var parsed = AgentTypes.FromWireName(input.AgentType);
            if (parsed is null) validator.Add("agentType", $"agentType must be one of: {AgentTypes.Choices}.");
            type = parsed ?? AgentType.Conversational;
        }
        else type = current?.AgentType ?? AgentType.Conversational;

        var pattern = Variables.Variable.IdentifierPattern();
        for (var i = 0; i < variables.Count && i < MaxEnvironmentVariables; i++)
        {
            if (variables[i].Length == 0) validator.Add($"environmentVariables[{i}]", "A variable name is required.");
            else if (variables[i].Length > Variables.Variable.NameMax)
                validator.Add($"environmentVariables[{i}]", $"A variable name has at most {Variables.Variable.NameMax} characters.");
            else if (!pattern.IsMatch(variables[i]))
                validator.Add($"environmentVariables[{i}]", "A variable name starts with a letter or underscore and has only letters, digits and underscores (for example OPENAI_API_KEY).");
        }
        CheckDistinct(variables, validator, "environmentVariables", "This variable");
        CheckDistinct(tools, validator, "toolIds", "This tool");
        CheckDistinct(knowledge, validator, "knowledgeBaseIds", "This knowledge base");

        var modelId = input.ClearModel ? null : input.ModelId ?? current?.ModelId;
        if (input.ModelId is { } model && model != current?.ModelId) await CheckModelAsync(db, organizationId, model, validator, "modelId", ct);
        // Only what the edit adds is checked here (a tool trashed since the last edit does not block renaming the agent); publishing checks all.
        if (tools.Count <= MaxTools)
            await CheckToolsAsync(db, actor, organizationId, tools, current?.ToolIds ?? [], validator, ct);
        if (knowledge.Count <= MaxKnowledgeBases)
            await CheckKnowledgeBasesAsync(db, actor, organizationId, knowledge, current?.KnowledgeBaseIds ?? [], validator, ct);
        validator.ThrowIfInvalid();
        return new AgentDefinition(name!, description, type, systemPrompt, modelId, [.. tools], [.. knowledge], variables);
    }

    protected override async Task CheckPublishableAsync(IBuilderDbContext db, Actor actor, Guid organizationId, AgentDefinition definition,
        Validator validator, CancellationToken ct)
    {
        if (definition.ModelId is null) validator.Add("modelId", "A published agent needs a model: choose one in the draft, then publish.");
        else await CheckModelAsync(db, organizationId, definition.ModelId, validator, "modelId", ct);
        await CheckToolsAsync(db, actor, organizationId, definition.ToolIds, [], validator, ct);
        await CheckKnowledgeBasesAsync(db, actor, organizationId, definition.KnowledgeBaseIds, [], validator, ct);
    }

    private static async Task CheckToolsAsync(IBuilderDbContext db, Actor actor, Guid organizationId, IReadOnlyList<Guid> ids, IReadOnlyList<Guid> known,
        Validator validator, CancellationToken ct)
    {
        var added = ids.Where(id => !known.Contains(id)).ToList();
        if (added.Count == 0) return;
        var found = await db.Tools.Where(t => t.OrganizationId == organizationId && added.Contains(t.Id)).VisibleTo(db, actor, organizationId)
            .Select(t => t.Id).ToListAsync(ct);
        for (var i = 0; i < ids.Count; i++)
            if (added.Contains(ids[i]) && !found.Contains(ids[i])) validator.Add($"toolIds[{i}]", "That tool does not exist in this organization (or is not shared with you).");
    }

    private static async Task CheckKnowledgeBasesAsync(IBuilderDbContext db, Actor actor, Guid organizationId, IReadOnlyList<Guid> ids, IReadOnlyList<Guid> known,
        Validator validator, CancellationToken ct)
    {
        var added = ids.Where(id => !known.Contains(id)).ToList();
        if (added.Count == 0) return;
        var tables = await db.AutessaTables.Where(t => t.OrganizationId == organizationId && added.Contains(t.Id)).VisibleTo(db, actor, organizationId)
            .Select(t => new { t.Id, t.Kind }).ToListAsync(ct);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!added.Contains(ids[i])) continue;
            var table = tables.FirstOrDefault(t => t.Id == ids[i]);
            if (table is null) validator.Add($"knowledgeBaseIds[{i}]", "That knowledge base does not exist in this organization (or is not shared with you).");
            else if (table.Kind != TableKind.KnowledgeBase) validator.Add($"knowledgeBaseIds[{i}]", "That table is not a knowledge base (create one with create-knowledge-base).");
        }
    }

    protected override async Task<IReadOnlyList<string>> DeletionConsequencesAsync(IBuilderDbContext db, Agent resource, CancellationToken ct)
    {
        var users = await ReferencingAsync(db, db.Managers, Audit.ResourceTypes.Manager, resource, ct);
        return users.Count == 0 ? [] : [$"{Approvals.Deletions.Count(users.Count, "manager")} route to it and will no longer reach it: {Approvals.Deletions.Names(users)}"];
    }
}
