using Builder.Domain.Agents;
using Builder.Domain.Common;
using Builder.Domain.Managers;
using Builder.Domain.Versioning;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Api.Poweruser.Managers;

/// <summary>
/// The reference's "Managers": <c>POST /autessa_poweruser/managers/{get-all, get, create, update, publish, rollback, versions}</c>
/// over <see cref="ManagerService"/> (permission matrix and sharing; another organization's manager is 404). Conversations and
/// statistics are the chat's.
/// </summary>
public static class ManagerEndpoints
{
    private static readonly Dictionary<string, string> Fields = new() { ["name"] = "managerName", ["description"] = "managerDescription" };

    public static RouteGroupBuilder MapManagerEndpoints(this RouteGroupBuilder poweruser)
    {
        var managers = poweruser.MapGroup("/managers").WithTags("Poweruser: Managers");

        managers.MapPoweruser<NoFields, AllManagersResponse>("/get-all", async (_, call) =>
            {
                var service = call.Service<ManagerService>();
                var lists = new List<IReadOnlyList<ManagerSummaryDto>>();
                foreach (var list in VersionedApi.Lists)
                    lists.Add((await service.ListAllAsync(call.Actor, call.OrganizationId, list, call.Aborted)).Select(Summary).ToList());
                return new AllManagersResponse(lists[0], lists[1], lists[2]);
            })
            .WithSummary("Every manager the caller can see: ownedManagers, companySharedManagers, sharedWithMeManagers");

        managers.MapPoweruser<ManagerIdRequest, ManagerResponse>("/get", async (body, call) =>
            {
                var service = call.Service<ManagerService>();
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, VersionedApi.Required(body.ManagerId, "managerId"), call.Aborted);
                return new ManagerResponse(await DtoAsync(call, await service.GetAsync(call.Actor, id, VersionedApi.Selector(body.Version), call.Aborted)));
            })
            .WithSummary("A manager: { managerId, version?: { versionState, versionNumber? } } (PUBLISHED by default)");

        managers.MapPoweruser<ManagerBody, CreateManagerResponse>("/create", async (body, call) =>
            {
                var input = await InputAsync(call, body);
                var manager = await VersionedApi.Renamed(() => call.Service<ManagerService>().CreateAsync(call.Actor, call.OrganizationId, input, call.Aborted), Fields);
                return new CreateManagerResponse(manager.Number, await DtoAsync(call, manager));
            })
            .WithSummary("Creates a manager (its draft): { managerName, managerDescription?, routingPrompt?, modelId?, agents?: [{ agentId, handles }] }");

        managers.MapPoweruser<ManagerBody, ManagerResponse>("/update", async (body, call) =>
            {
                var service = call.Service<ManagerService>();
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, VersionedApi.Required(body.ManagerId, "managerId"), call.Aborted);
                var input = await InputAsync(call, body);
                return new ManagerResponse(await DtoAsync(call, await VersionedApi.Renamed(() => service.UpdateAsync(call.Actor, id, input, null, call.Aborted), Fields)));
            })
            .WithSummary("Edits a manager's draft (fields left out keep their value)");

        managers.MapPoweruser<PublishManagerRequest, PublishedManagerResponse>("/publish", async (body, call) =>
            {
                var service = call.Service<ManagerService>();
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, VersionedApi.Required(body.ManagerId, "managerId"), call.Aborted);
                var manager = await service.PublishAsync(call.Actor, id, body.Note, null, call.Aborted);
                return new PublishedManagerResponse(manager.Number, manager.Version.Number!.Value, await DtoAsync(call, manager));
            })
            .WithSummary("Publishes the draft as the next version: { managerId, note? }");

        managers.MapPoweruser<RollbackManagerRequest, PublishedManagerResponse>("/rollback", async (body, call) =>
            {
                var service = call.Service<ManagerService>();
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, VersionedApi.Required(body.ManagerId, "managerId"), call.Aborted);
                var manager = await service.RollbackAsync(call.Actor, id, body.VersionNumber, body.Note, null, call.Aborted);
                return new PublishedManagerResponse(manager.Number, manager.Version.Number!.Value, await DtoAsync(call, manager));
            })
            .WithSummary("Publishes an earlier version again as a new version: { managerId, versionNumber?, note? }");

        managers.MapPoweruser<ManagerIdRequest, ManagerVersionsResponse>("/versions", async (body, call) =>
            {
                var service = call.Service<ManagerService>();
                var number = VersionedApi.Required(body.ManagerId, "managerId");
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, number, call.Aborted);
                return new ManagerVersionsResponse((int)number, (await service.VersionsAsync(call.Actor, id, call.Aborted)).Select(VersionedApi.Dto).ToList());
            })
            .WithSummary("The version history of a manager: the draft, then every published version newest first");

        return poweruser;
    }

    private static ManagerSummaryDto Summary(VersionedSummary m) =>
        new(m.Number, m.Name, m.Description, m.PublishedVersion, m.HasUnpublishedChanges, m.CreatedAt, m.UpdatedAt, m.Owner?.Email, m.SharingLevel, m.UserAccessLevel);

    private static async Task<ManagerInput> InputAsync(PoweruserCall call, ManagerBody body)
    {
        List<ManagedAgentInput>? agents = null;
        if (body.Agents is { } given)
        {
            // Each agent id costs a query: refuse a list beyond the limit before looking any up.
            if (given.Count > ManagerService.MaxAgents)
                throw new ValidationException("agents", $"A manager routes to at most {ManagerService.MaxAgents} agents ({given.Count} given).");
            var service = call.Service<AgentService>();
            agents = [];
            var errors = new Dictionary<string, string[]>();
            for (var i = 0; i < given.Count; i++)
            {
                Guid? id = null;
                if (given[i]?.AgentId is { } number)
                {
                    try { id = await service.IdOfAsync(call.Actor, call.OrganizationId, number, call.Aborted); }
                    catch (NotFoundException) { errors[$"agents[{i}].agentId"] = [$"agents[{i}].agentId: no agent with id {number} that you can read in this organization."]; }
                }
                agents.Add(new ManagedAgentInput(id, given[i]?.Handles));
            }
            if (errors.Count > 0) throw new ValidationException(errors);
        }
        return new ManagerInput(body.ManagerName, body.ManagerDescription, body.RoutingPrompt, body.ModelId, body.ClearModel ?? false, agents);
    }

    private static async Task<ManagerDto> DtoAsync(PoweruserCall call, VersionedView<ManagerDefinition> manager)
    {
        var d = manager.Definition;
        var ids = d.Agents.Select(a => a.AgentId).ToList();
        Dictionary<Guid, int> numbers = [];
        if (ids.Count > 0)
        {
            await using var db = call.Service<IBuilderDbContextFactory>().Create();
            numbers = await db.Agents.Where(a => a.OrganizationId == manager.OrganizationId && ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Number, call.Aborted);
        }
        return new ManagerDto(manager.Number, d.Name, d.Description, d.RoutingPrompt, d.ModelId,
            d.Agents.Select(a => new ManagedAgentDto(numbers.TryGetValue(a.AgentId, out var n) ? n : null, a.Handles)).ToList(),
            VersionedApi.Dto(manager.Version), manager.PublishedVersion, manager.LatestVersion, manager.HasUnpublishedChanges, manager.CreatedAt,
            manager.UpdatedAt, manager.Owner?.Email, manager.SharingLevel, manager.UserAccessLevel);
    }
}
