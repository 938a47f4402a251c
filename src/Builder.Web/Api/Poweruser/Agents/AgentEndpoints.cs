using Builder.Domain.Agents;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tools;
using Builder.Domain.Versioning;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Api.Poweruser.Agents;

/// <summary>
/// The reference's "Agents": <c>POST /autessa_poweruser/agents/{all, get, create, update, publish, rollback, versions}</c>
/// over <see cref="AgentService"/> (which checks the permission matrix and sharing; another organization's agent is 404).
/// Ids are integers (agentId, toolId, the tableId of a knowledge base); a model is named by its id. Deleting, sharing and
/// transferring are human-only (<see cref="ExcludedOperations"/>). Conversations, evaluations and statistics are the chat's.
/// </summary>
public static class AgentEndpoints
{
    private static readonly Dictionary<string, string> Fields = new() { ["name"] = "agentName", ["description"] = "agentDescription" };

    public static RouteGroupBuilder MapAgentEndpoints(this RouteGroupBuilder poweruser)
    {
        var agents = poweruser.MapGroup("/agents").WithTags("Poweruser: Agents");

        agents.MapPoweruser<NoFields, AllAgentsResponse>("/all", async (_, call) =>
            {
                var service = call.Service<AgentService>();
                var lists = new List<IReadOnlyList<AgentSummaryDto>>();
                foreach (var list in VersionedApi.Lists)
                    lists.Add((await service.ListAllAsync(call.Actor, call.OrganizationId, list, call.Aborted)).Select(Summary).ToList());
                return new AllAgentsResponse(lists[0], lists[1], lists[2]);
            })
            .WithSummary("Every agent the caller can see: ownedAgents, companySharedAgents, sharedWithMeAgents");

        agents.MapPoweruser<AgentIdRequest, AgentResponse>("/get", async (body, call) =>
            {
                var service = call.Service<AgentService>();
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, VersionedApi.Required(body.AgentId, "agentId"), call.Aborted);
                return new AgentResponse(await DtoAsync(call, await service.GetAsync(call.Actor, id, VersionedApi.Selector(body.Version), call.Aborted)));
            })
            .WithSummary("An agent: { agentId, version?: { versionState: PUBLISHED | DRAFT | ARCHIVED, versionNumber? } } (PUBLISHED by default)");

        agents.MapPoweruser<AgentBody, CreateAgentResponse>("/create", async (body, call) =>
            {
                var input = await InputAsync(call, body);
                var agent = await VersionedApi.Renamed(() => call.Service<AgentService>().CreateAsync(call.Actor, call.OrganizationId, input, call.Aborted), Fields);
                return new CreateAgentResponse(agent.Number, await DtoAsync(call, agent));
            })
            .WithSummary("Creates an agent (its draft): { agentName, agentDescription?, agentType?, systemPrompt?, modelId?, toolIds?, knowledgeBaseIds?, environmentVariables? }");

        agents.MapPoweruser<AgentBody, AgentResponse>("/update", async (body, call) =>
            {
                var service = call.Service<AgentService>();
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, VersionedApi.Required(body.AgentId, "agentId"), call.Aborted);
                var input = await InputAsync(call, body);
                return new AgentResponse(await DtoAsync(call, await VersionedApi.Renamed(() => service.UpdateAsync(call.Actor, id, input, null, call.Aborted), Fields)));
            })
            .WithSummary("Edits an agent's draft (fields left out keep their value); publish to make it the active version");

        agents.MapPoweruser<PublishAgentRequest, PublishedAgentResponse>("/publish", async (body, call) =>
            {
                var service = call.Service<AgentService>();
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, VersionedApi.Required(body.AgentId, "agentId"), call.Aborted);
                var agent = await service.PublishAsync(call.Actor, id, body.Note, null, call.Aborted);
                return new PublishedAgentResponse(agent.Number, agent.Version.Number!.Value, await DtoAsync(call, agent));
            })
            .WithSummary("Publishes the draft as the next version; the previous published version becomes ARCHIVED: { agentId, note? }");

        agents.MapPoweruser<RollbackAgentRequest, PublishedAgentResponse>("/rollback", async (body, call) =>
            {
                var service = call.Service<AgentService>();
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, VersionedApi.Required(body.AgentId, "agentId"), call.Aborted);
                var agent = await service.RollbackAsync(call.Actor, id, body.VersionNumber, body.Note, null, call.Aborted);
                return new PublishedAgentResponse(agent.Number, agent.Version.Number!.Value, await DtoAsync(call, agent));
            })
            .WithSummary("Publishes an earlier version again as a new version: { agentId, versionNumber?, note? } (without versionNumber: the one published before the current one)");

        agents.MapPoweruser<AgentIdRequest, AgentVersionsResponse>("/versions", async (body, call) =>
            {
                var service = call.Service<AgentService>();
                var number = VersionedApi.Required(body.AgentId, "agentId");
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, number, call.Aborted);
                var versions = await service.VersionsAsync(call.Actor, id, call.Aborted);
                return new AgentVersionsResponse((int)number, versions.Select(VersionedApi.Dto).ToList());
            })
            .WithSummary("The version history: the draft, then every published version newest first, with who, when and a note");

        return poweruser;
    }

    private static AgentSummaryDto Summary(VersionedSummary a) =>
        new(a.Number, a.Name, a.Description, a.Kind, a.PublishedVersion, a.HasUnpublishedChanges, a.CreatedAt, a.UpdatedAt, a.Owner?.Email, a.SharingLevel,
            a.UserAccessLevel);

    private static async Task<AgentInput> InputAsync(PoweruserCall call, AgentBody body)
    {
        var tools = call.Service<ToolService>();
        var toolIds = await VersionedApi.IdsAsync(body.ToolIds, "toolIds", "tool", AgentService.MaxTools,
            $"An agent can use at most {AgentService.MaxTools} tools ({body.ToolIds?.Count} given).", n => tools.IdOfAsync(call.Actor, call.OrganizationId, n, call.Aborted));
        var tables = call.Service<TableService>();
        var knowledge = await VersionedApi.IdsAsync(body.KnowledgeBaseIds, "knowledgeBaseIds", "knowledge base", AgentService.MaxKnowledgeBases,
            $"An agent can search at most {AgentService.MaxKnowledgeBases} knowledge bases ({body.KnowledgeBaseIds?.Count} given).", async n =>
            n > int.MaxValue ? throw new NotFoundException(TableService.NotFound)
                : (await tables.GetByNumberAsync(call.Actor, call.OrganizationId, (int)n, call.Aborted)).Id);
        return new AgentInput(body.AgentName, body.AgentDescription, body.AgentType, body.SystemPrompt, body.ModelId, body.ClearModel ?? false,
            toolIds, knowledge, body.EnvironmentVariables);
    }

    private static async Task<AgentDto> DtoAsync(PoweruserCall call, VersionedView<AgentDefinition> agent)
    {
        var d = agent.Definition;
        var tools = await VersionedApi.NumbersAsync(call, d.ToolIds, db => db.Tools);
        IReadOnlyList<int> tables = [];
        if (d.KnowledgeBaseIds.Count > 0)
        {
            await using var db = call.Service<IBuilderDbContextFactory>().Create();
            var ids = d.KnowledgeBaseIds;
            var found = await db.AutessaTables.Where(t => t.OrganizationId == agent.OrganizationId && ids.Contains(t.Id))
                .ToDictionaryAsync(t => t.Id, t => t.Number, call.Aborted);
            tables = ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
        }
        return new AgentDto(agent.Number, d.Name, d.Description, d.AgentType.WireName(), d.SystemPrompt, d.ModelId, tools, tables, d.EnvironmentVariables,
            VersionedApi.Dto(agent.Version), agent.PublishedVersion, agent.LatestVersion, agent.HasUnpublishedChanges, agent.CreatedAt, agent.UpdatedAt,
            agent.Owner?.Email, agent.SharingLevel, agent.UserAccessLevel);
    }
}
