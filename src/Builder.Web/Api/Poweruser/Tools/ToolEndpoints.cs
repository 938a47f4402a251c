using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tools;
using Builder.Domain.Versioning;

namespace Builder.Web.Api.Poweruser.Tools;

/// <summary>
/// The reference's "Tools": <c>POST /autessa_poweruser/tools/{all, get, create, update, publish, rollback, versions}</c> over
/// <see cref="ToolService"/> (permission matrix and sharing; another organization's tool is 404). Secret headers are
/// write-only: answers carry their names only. <c>create-from-mcp</c> is the MCP feature's.
/// </summary>
public static class ToolEndpoints
{
    private static readonly Dictionary<string, string> Fields = new() { ["name"] = "toolName", ["description"] = "toolDescription" };

    public static RouteGroupBuilder MapToolEndpoints(this RouteGroupBuilder poweruser)
    {
        var tools = poweruser.MapGroup("/tools").WithTags("Poweruser: Tools");

        tools.MapPoweruser<NoFields, AllToolsResponse>("/all", async (_, call) =>
            {
                var service = call.Service<ToolService>();
                var lists = new List<IReadOnlyList<ToolSummaryDto>>();
                foreach (var list in VersionedApi.Lists)
                    lists.Add((await service.ListAllAsync(call.Actor, call.OrganizationId, list, call.Aborted)).Select(Summary).ToList());
                return new AllToolsResponse(lists[0], lists[1], lists[2]);
            })
            .WithSummary("Every tool the caller can see: ownedTools, companySharedTools, sharedWithMeTools");

        tools.MapPoweruser<ToolIdRequest, ToolResponse>("/get", async (body, call) =>
            {
                var service = call.Service<ToolService>();
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, VersionedApi.Required(body.ToolId, "toolId"), call.Aborted);
                return new ToolResponse(await DtoAsync(call, await service.GetAsync(call.Actor, id, VersionedApi.Selector(body.Version), call.Aborted)));
            })
            .WithSummary("A tool: { toolId, version?: { versionState, versionNumber? } } (PUBLISHED by default)");

        tools.MapPoweruser<ToolBody, CreateToolResponse>("/create", async (body, call) =>
            {
                var input = await InputAsync(call, body);
                var tool = await VersionedApi.Renamed(() => call.Service<ToolService>().CreateAsync(call.Actor, call.OrganizationId, input, call.Aborted), Fields);
                return new CreateToolResponse(tool.Number, await DtoAsync(call, tool));
            })
            .WithSummary("Creates a tool (its draft): { toolName, toolDescription?, inputSchema?, kind?: HTTP | MCP, http?: { method, url, headers, body }, mcp?: { serverId, toolName }, secretHeaders?: [{ name, value }] }");

        tools.MapPoweruser<ToolBody, ToolResponse>("/update", async (body, call) =>
            {
                var service = call.Service<ToolService>();
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, VersionedApi.Required(body.ToolId, "toolId"), call.Aborted);
                var input = await InputAsync(call, body);
                return new ToolResponse(await DtoAsync(call, await VersionedApi.Renamed(() => service.UpdateAsync(call.Actor, id, input, null, call.Aborted), Fields)));
            })
            .WithSummary("Edits a tool's draft (fields left out keep their value); secret headers change at once: [{ name, value }] or [{ name, clear: true }]");

        tools.MapPoweruser<PublishToolRequest, PublishedToolResponse>("/publish", async (body, call) =>
            {
                var service = call.Service<ToolService>();
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, VersionedApi.Required(body.ToolId, "toolId"), call.Aborted);
                var tool = await service.PublishAsync(call.Actor, id, body.Note, null, call.Aborted);
                return new PublishedToolResponse(tool.Number, tool.Version.Number!.Value, await DtoAsync(call, tool));
            })
            .WithSummary("Publishes the draft as the next version; the previous published version becomes ARCHIVED: { toolId, note? }");

        tools.MapPoweruser<RollbackToolRequest, PublishedToolResponse>("/rollback", async (body, call) =>
            {
                var service = call.Service<ToolService>();
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, VersionedApi.Required(body.ToolId, "toolId"), call.Aborted);
                var tool = await service.RollbackAsync(call.Actor, id, body.VersionNumber, body.Note, null, call.Aborted);
                return new PublishedToolResponse(tool.Number, tool.Version.Number!.Value, await DtoAsync(call, tool));
            })
            .WithSummary("Publishes an earlier version again as a new version: { toolId, versionNumber?, note? }");

        tools.MapPoweruser<ToolIdRequest, ToolVersionsResponse>("/versions", async (body, call) =>
            {
                var service = call.Service<ToolService>();
                var number = VersionedApi.Required(body.ToolId, "toolId");
                var id = await service.IdOfAsync(call.Actor, call.OrganizationId, number, call.Aborted);
                return new ToolVersionsResponse((int)number, (await service.VersionsAsync(call.Actor, id, call.Aborted)).Select(VersionedApi.Dto).ToList());
            })
            .WithSummary("The version history of a tool: the draft, then every published version newest first");

        return poweruser;
    }

    private static ToolSummaryDto Summary(VersionedSummary t) =>
        new(t.Number, t.Name, t.Description, t.Kind, t.PublishedVersion, t.HasUnpublishedChanges, t.CreatedAt, t.UpdatedAt, t.Owner?.Email, t.SharingLevel,
            t.UserAccessLevel);

    private static async Task<ToolInput> InputAsync(PoweruserCall call, ToolBody body)
    {
        string? schema = body.InputSchema switch
        {
            null => null,
            JsonObject o => o.ToJsonString(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => throw new ValidationException("inputSchema", "inputSchema must be a JSON Schema object (or its text), for example {\"type\": \"object\", \"properties\": {}}."),
        };
        McpBindingInput? mcp = null;
        if (body.Mcp is { } binding)
        {
            Guid? server = null;
            if (binding.ServerId is { } number)
                server = await call.Service<IMcpServerLookup>().IdOfAsync(call.Actor, call.OrganizationId, number, call.Aborted)
                         ?? throw new ValidationException("mcp.serverId", $"mcp.serverId: no MCP server with id {number} in this organization.");
            mcp = new McpBindingInput(server, binding.ToolName);
        }
        var http = body.Http is { } h ? new HttpTemplateInput(h.Method, h.Url, h.Headers, h.Body) : null;
        var secrets = body.SecretHeaders?.Select(s => new SecretHeaderInput(s?.Name, s?.Value, s?.Clear ?? false)).ToList();
        return new ToolInput(body.ToolName, body.ToolDescription, schema, body.Kind, http, mcp, secrets);
    }

    private static async Task<ToolDto> DtoAsync(PoweruserCall call, VersionedView<ToolDefinition> tool)
    {
        var d = tool.Definition;
        McpBindingDto? mcp = null;
        if (d.Mcp is { } binding)
            mcp = new McpBindingDto(await call.Service<IMcpServerLookup>().NumberOfAsync(call.Actor, call.OrganizationId, binding.McpServerId, call.Aborted),
                binding.ToolName);
        var http = d.Http is { } h ? new HttpTemplateDto(h.Method, h.Url, h.Headers, h.Body) : null;
        return new ToolDto(tool.Number, d.Name, d.Description, d.InputSchema, d.Kind.WireName(), http, mcp,
            (tool.SecretHeaders ?? []).Select(s => new SecretHeaderDto(s.Name, s.HasValue)).ToList(), VersionedApi.Dto(tool.Version),
            tool.PublishedVersion, tool.LatestVersion, tool.HasUnpublishedChanges, tool.CreatedAt, tool.UpdatedAt, tool.Owner?.Email, tool.SharingLevel,
            tool.UserAccessLevel);
    }
}
