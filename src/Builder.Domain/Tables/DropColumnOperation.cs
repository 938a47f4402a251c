using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;

namespace Builder.Domain.Tables;

/// <summary>
/// Dropping a column of an AutessaDB table: a human-only operation that goes to a reviewer (resource type
/// <see cref="ResourceTypes.TableColumn"/>, operation <see cref="ApprovalOperations.Delete"/>, the column's id). Described and run
/// as the requester; like a deletion, it runs only if it would take exactly what the reviewer was shown (the table's version
/// and the column's non-empty cells unchanged).
/// </summary>
public sealed class DropColumnOperation(TableService tables) : IHumanOnlyOperation
{
    public string Operation => ApprovalOperations.Delete;

    public string ResourceType => ResourceTypes.TableColumn;

    public Task<ApprovalTarget> DescribeAsync(Actor requester, Guid resourceId, JsonNode? payload, CancellationToken ct = default) =>
        tables.DescribeColumnDropAsync(requester, resourceId, ct);

    public async Task ExecuteAsync(Actor requester, ApprovalTarget target, JsonNode? payload, CancellationToken ct = default)
    {
        var now = await tables.DescribeColumnDropAsync(requester, target.ResourceId, ct);
        if (now.Version != target.Version || !now.Consequences.SequenceEqual(target.Consequences, StringComparer.Ordinal))
            throw new ConcurrencyException("someone else", DateTime.UtcNow);
        await tables.DropColumnAsync(requester, target.ResourceId, target.Version, ct);
    }
}

/// <summary>
/// A request to drop a column stays as private as its table: the approvals list shows it only to those who see the table
/// (and to its requester and the reviewers), as for requests about any owned resource.
/// </summary>
public sealed class TableColumnVisibility : Sharing.IOwnedResourceType
{
    public string ResourceType => ResourceTypes.TableColumn;

    public IQueryable<Guid> VisibleIds(IBuilderDbContext db, Actor actor, Guid organizationId)
    {
        var tables = new Sharing.OwnedResourceType<AutessaTable>().VisibleIds(db, actor, organizationId);
        return db.TableColumns.Where(c => tables.Contains(c.TableId)).Select(c => c.Id);
    }
}
