using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;

namespace Builder.Domain.Trash;

/// <summary>
/// "Delete permanently" from the trash: a human-only operation that goes to a reviewer. Described and executed as the
/// requester (an Admin of the item's organization, or System for the platform's trash); once approved, it removes the item
/// and what went with it for good, audited "purged".
/// </summary>
public sealed class PurgeTrashItemOperation(IBuilderDbContextFactory dbs, TrashService trash, TimeProvider clock) : IHumanOnlyOperation
{
    public string Operation => ApprovalOperations.Purge;

    public string ResourceType => ResourceTypes.TrashItem;

    public async Task<ApprovalTarget> DescribeAsync(Actor requester, Guid resourceId, JsonNode? payload, CancellationToken ct = default)
    {
        requester.RequireHuman("Deleting permanently");
        await using var db = dbs.Create();
        var item = await TrashService.LoadAsync(db, requester, resourceId, ct);
        var view = TrashService.View(item, clock.GetUtcNow().UtcDateTime);
        var consequences = new List<string>
        {
            $"{view.ResourceTypeName} '{item.Name}'{(item.EnvironmentName is { } env ? $" in {env}" : "")}, deleted by {item.DeletedBy} on {item.DeletedAt:yyyy-MM-dd}, is removed for good and can no longer be restored",
        };
        if (item.DependentCount > 0)
            consequences.Add($"{item.DependentCount} record{(item.DependentCount == 1 ? "" : "s")} that went to the trash with it go too");
        // A trash item never changes while it exists; the item's own id stands for its version.
        return new ApprovalTarget(ResourceTypes.TrashItem, item.Id, item.Name, item.OrganizationId, item.EnvironmentId, item.Id, consequences);
    }

    public Task ExecuteAsync(Actor requester, ApprovalTarget target, JsonNode? payload, CancellationToken ct = default)
    {
        requester.RequireHuman("Deleting permanently");
        return trash.PurgeAsync(requester, target.ResourceId, ct);
    }
}
