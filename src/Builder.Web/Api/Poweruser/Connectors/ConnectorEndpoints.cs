using System.Text.Json.Serialization;
using Builder.Domain.Common;
using Builder.Domain.Connectors;

namespace Builder.Web.Api.Poweruser.Connectors;

/// <summary><c>{ "connectorType": "GMAIL", "includeInactive"?: false }</c>.</summary>
public sealed record AllConnectorsRequest(string? ConnectorType, bool? IncludeInactive = null);

/// <summary><c>{ "connectorType": "ACUMATICA", "connectorId": 42 }</c>.</summary>
public sealed record GetConnectorRequest(string? ConnectorType, [property: PoweruserId] long? ConnectorId);

/// <summary>
/// A connector as the reference shows it: <c>connectorId</c>, <c>connectorName</c>, <c>connectorType</c>, the type's non-secret
/// fields at the top level (<c>accountEmail</c>, <c>hostUrl</c>…; an empty one is null), <c>isActive</c>, <c>sharingLevel</c>,
/// <c>userAccessLevel</c>, <c>createdAt</c> and <c>updatedAt</c>. Never a credential, nor which ones are stored.
/// </summary>
public sealed record ConnectorDto(int ConnectorId, string ConnectorName, string ConnectorType, bool IsActive, string? SharingLevel,
    string? UserAccessLevel, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>The type's non-secret fields by key, written as top-level properties.</summary>
    [JsonExtensionData]
    public IDictionary<string, object?> Fields { get; init; } = new Dictionary<string, object?>();

    public static ConnectorDto From(ConnectorView view)
    {
        var definition = ConnectorCatalog.Find(view.Type);
        var fields = new Dictionary<string, object?>();
        foreach (var field in definition?.Fields ?? []) fields[field.Key] = view.Fields.GetValueOrDefault(field.Key);
        return new ConnectorDto(view.ConnectorId, view.Name, view.Type, view.IsActive, view.SharingLevel, view.UserAccessLevel,
            view.CreatedAt, view.UpdatedAt) { Fields = fields };
    }
}

public sealed record ConnectorsResponse(IReadOnlyList<ConnectorDto> Connectors) : PoweruserResult;

public sealed record ConnectorResponse(ConnectorDto Connector) : PoweruserResult;

/// <summary>
/// The reference's "Connectors": <c>POST /autessa_poweruser/connectors/{all, get}</c>, read-only, over
/// <see cref="ConnectorService"/> (the permission matrix and sharing; another organization's connector is 404). Connectors
/// are created, changed and deleted in the console only: no create, update or delete is mapped, and <c>/connectors/delete</c>
/// is refused by <see cref="ExcludedOperations"/>. A missing or unknown <c>connectorType</c> is 400 listing the valid types.
/// </summary>
public static class ConnectorEndpoints
{
    public static RouteGroupBuilder MapConnectorEndpoints(this RouteGroupBuilder poweruser)
    {
        var connectors = poweruser.MapGroup("/connectors").WithTags("Poweruser: connectors");

        connectors.MapPoweruser<AllConnectorsRequest, ConnectorsResponse>("/all", async (body, call) =>
            {
                var type = ConnectorCatalog.Parse(body.ConnectorType, "connectorType").Type;
                var service = call.Service<ConnectorService>();
                var query = new ConnectorQuery(type, body.IncludeInactive == true ? null : true);
                var all = new List<ConnectorDto>();
                for (var page = 1; ; page++)
                {
                    var result = await service.ListAsync(call.Actor, call.OrganizationId, query,
                        new PageRequest(page, PageRequest.MaxLimit, Sort: "connectorId"), call.Aborted);
                    all.AddRange(result.Items.Select(ConnectorDto.From));
                    if (page * result.Limit >= result.Total || result.Items.Count == 0) break;
                }
                return new ConnectorsResponse(all);
            })
            .WithSummary("The active connectors of one type the caller can see: { connectorType: \"GMAIL\", includeInactive?: false }")
            .WithDescription($"connectorType is one of {string.Join(", ", ConnectorCatalog.Types)}. Each connector carries its type's non-secret fields " +
                             "(accountEmail, hostUrl, …) beside connectorId, connectorName, isActive, sharingLevel, userAccessLevel, createdAt and updatedAt; " +
                             "credentials are never returned. includeInactive: true also lists the inactive ones.");

        connectors.MapPoweruser<GetConnectorRequest, ConnectorResponse>("/get", async (body, call) =>
            {
                var type = ConnectorCatalog.Parse(body.ConnectorType, "connectorType").Type;
                var id = ApiResults.Required(body.ConnectorId, "connectorId");
                var connector = await call.Service<ConnectorService>().GetByNumberAsync(call.Actor, call.OrganizationId, type, id, call.Aborted);
                return new ConnectorResponse(ConnectorDto.From(connector));
            })
            .WithSummary("One connector by type and id: { connectorType: \"ACUMATICA\", connectorId: 42 }")
            .WithDescription("A connector of another type, of another organization or one the caller cannot see is 404. Credentials are never returned.");

        return poweruser;
    }
}
