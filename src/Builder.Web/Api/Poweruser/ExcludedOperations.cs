using Builder.Domain.Approvals;
using Builder.Domain.Common;
using Builder.Domain.Sharing;

namespace Builder.Web.Api.Poweruser;

/// <summary>
/// The reference's "Excluded Operations": delete, confirm delete, share, transfer ownership and get sharing details are never
/// offered under <c>/autessa_poweruser</c>, for any resource family (agents, tools, managers, AutessaDB tables, connectors,
/// MCP servers …), now or later. Recognised by the last path segment, so <c>/agents/delete</c> and
/// <c>/autessadb/tables/delete</c> are refused alike, with 403 and the /api's human-oversight message
/// (<see cref="HumanOversightRequiredException"/>). Row operations the reference lists (<c>/autessadb/query/delete-row</c>,
/// <c>/batch-delete</c>) are data edits, not excluded. Mapping an excluded path fails at startup
/// (<see cref="PoweruserApi.MapPoweruser{TBody,TResult}"/>), so an endpoint can never slip past this list.
/// </summary>
public static class ExcludedOperations
{
    /// <summary>Last path segment → the operation as the human-oversight 403 names it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Segments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["delete"] = ApprovalWording.ForOversight(ApprovalOperations.Delete),
        ["confirm-delete"] = ApprovalWording.ForOversight(ApprovalOperations.Delete),
        ["share"] = ApprovalWording.ForOversight(ApprovalOperations.Share),
        ["unshare"] = ApprovalWording.ForOversight(ApprovalOperations.Share),
        ["update-sharing"] = ApprovalWording.ForOversight(ApprovalOperations.Share),
        ["transfer-ownership"] = ApprovalWording.ForOversight(ApprovalOperations.TransferOwnership),
        ["get-sharing-details"] = SharingService.GetOperation,
        ["sharing-details"] = SharingService.GetOperation,
    };

    /// <summary>
    /// Operations of read-only families (the reference: "MCP server endpoints are read-only via admin API keys. Creating,
    /// updating, and deleting servers requires the Builder UI"): path under the prefix → the operation the 403 names.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ConsoleOnlyPaths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["/mcp/servers/create"] = "Creating an MCP server",
        ["/mcp/servers/update"] = "Updating an MCP server",
    };

    /// <summary>The operation a path under the group names when it is excluded, else null (<c>/agents/delete/</c> and <c>/Agents/DELETE</c> too).</summary>
    public static string? Match(string? path)
    {
        var trimmed = (path ?? "").TrimEnd('/');
        var last = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        if (Segments.GetValueOrDefault(last) is { } operation) return operation;
        var relative = trimmed.StartsWith(PoweruserApi.Prefix, StringComparison.OrdinalIgnoreCase) ? trimmed[PoweruserApi.Prefix.Length..] : trimmed;
        return ConsoleOnlyPaths.GetValueOrDefault(relative);
    }

    /// <summary>The refusal: the same exception, status and words as a key's delete or share under /api.</summary>
    public static HumanOversightRequiredException Refusal(string operation) => new(operation);
}
