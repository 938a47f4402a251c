using Builder.Domain.Audit;
using Builder.Domain.Common;

namespace Builder.Domain.Approvals;

/// <summary>The human-only operations that go to a reviewer.</summary>
public static class ApprovalOperations
{
    public const string Delete = "delete";
    public const string Share = "share";
    public const string TransferOwnership = "transfer-ownership";

    /// <summary>"Delete permanently" from the trash.</summary>
    public const string Purge = "purge";

    /// <summary>A change to the approval policy itself.</summary>
    public const string ChangePolicy = "change-policy";

    public static IReadOnlyList<string> All { get; } = [Delete, Share, TransferOwnership, Purge, ChangePolicy];
}

/// <summary>
/// A stricter (or looser) number of approvals for one operation on one resource type, optionally only for a resource of one
/// name: "deleting an environment named Production needs 2".
/// </summary>
public sealed record ApprovalOverride(string Operation, string ResourceType, string? ResourceName, int RequiredApprovals)
{
    public bool Matches(string operation, string resourceType, string resourceName) =>
        string.Equals(Operation, operation, StringComparison.Ordinal)
        && string.Equals(ResourceType, resourceType, StringComparison.Ordinal)
        && (ResourceName is null || string.Equals(ResourceName, resourceName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// An organization's approval policy: how many distinct people besides the requester must approve, the overrides per operation,
/// how long a request waits before it expires, and how long a deleted resource stays in the trash.
/// </summary>
public sealed record ApprovalPolicy(int RequiredApprovals, IReadOnlyList<ApprovalOverride> Overrides, int ExpiryDays = ApprovalPolicy.DefaultExpiryDays,
    int TrashDays = ApprovalPolicy.DefaultTrashDays)
{
    public const int DefaultExpiryDays = 7, DefaultTrashDays = 30;
    public const int MaxApprovals = 10, MaxOverrides = 50, MaxExpiryDays = 90, MaxTrashDays = 365, MaxResourceName = 200;

    /// <summary>
    /// The resource types an organization's override can name: what goes through approval in an organization. Any other (a typo,
    /// "Environment" for "environment") would silently never match, so it is refused.
    /// </summary>
    public static IReadOnlyList<string> OverrideResourceTypes { get; } =
    [
        ResourceTypes.Organization, ResourceTypes.Environment, ResourceTypes.Variable, ResourceTypes.Member, ResourceTypes.WorkflowEntity,
        ResourceTypes.Workflow, ResourceTypes.PromptTemplate, ResourceTypes.Prompt, ResourceTypes.Table, ResourceTypes.TableColumn, ResourceTypes.Model,
        ResourceTypes.Agent, ResourceTypes.Tool, ResourceTypes.Manager, ResourceTypes.ApprovalPolicy,
    ];

    /// <summary>One approval by someone other than the requester; requests expire after 7 days; the trash keeps 30.</summary>
    public static ApprovalPolicy Default { get; } = new(1, []);

    /// <summary>
    /// The approvals an operation needs: the strictest override that matches, or the policy's number when none does. When
    /// several match (one for every environment, one for Production), the strictest wins, so one override never weakens another.
    /// </summary>
    public int RequiredFor(string operation, string resourceType, string resourceName)
    {
        var matches = Overrides.Where(o => o.Matches(operation, resourceType, resourceName)).Select(o => o.RequiredApprovals).ToList();
        return matches.Count == 0 ? RequiredApprovals : matches.Max();
    }

    /// <summary>Whether <paramref name="operation"/> can be asked for on <paramref name="resourceType"/> at all (what an override may name).</summary>
    private static bool Applies(string operation, string resourceType) => operation switch
    {
        ApprovalOperations.ChangePolicy => resourceType == ResourceTypes.ApprovalPolicy,
        ApprovalOperations.Share or ApprovalOperations.TransferOwnership =>
            resourceType is ResourceTypes.Workflow or ResourceTypes.PromptTemplate or ResourceTypes.Prompt or ResourceTypes.Table
                or ResourceTypes.Agent or ResourceTypes.Tool or ResourceTypes.Manager,
        _ => resourceType != ResourceTypes.ApprovalPolicy,
    };

    /// <summary>
    /// Checks the policy as a whole: 0 approvals (acting at once) only when a System administrator sets it, numbers within bounds,
    /// overrides naming known operations. Throws a <see cref="ValidationException"/> naming each problem.
    /// </summary>
    public void Validate(bool setBySystemAdministrator)
    {
        var check = new Validator()
            .Check(RequiredApprovals is >= 0 and <= MaxApprovals, "requiredApprovals", $"Required approvals must be between 0 and {MaxApprovals}.")
            .Check(RequiredApprovals > 0 || setBySystemAdministrator, "requiredApprovals",
                "Only a System administrator can let operations run without approval (0); ask one, or require at least 1.")
            .Check(ExpiryDays is >= 1 and <= MaxExpiryDays, "expiryDays", $"Requests must expire after 1 to {MaxExpiryDays} days.")
            .Check(TrashDays is >= 1 and <= MaxTrashDays, "trashDays", $"The trash must keep deleted resources for 1 to {MaxTrashDays} days.")
            .Check(Overrides.Count <= MaxOverrides, "overrides", $"At most {MaxOverrides} overrides.");
        for (var i = 0; i < Overrides.Count; i++)
        {
            var o = Overrides[i];
            check.Check(ApprovalOperations.All.Contains(o.Operation), $"overrides[{i}].operation",
                    $"Operation must be one of: {string.Join(", ", ApprovalOperations.All)}.")
                .Check(OverrideResourceTypes.Contains(o.ResourceType), $"overrides[{i}].resourceType",
                    $"Resource type must be one of: {string.Join(", ", OverrideResourceTypes)}.")
                .Check(!OverrideResourceTypes.Contains(o.ResourceType) || Applies(o.Operation, o.ResourceType), $"overrides[{i}].resourceType",
                    $"“{ApprovalWording.Verb(o.Operation)}” is never asked for on the resource type {o.ResourceType}, so this override would never apply.")
                .Check((o.ResourceName?.Length ?? 0) <= MaxResourceName, $"overrides[{i}].resourceName",
                    $"A resource name can be at most {MaxResourceName} characters (no resource has a longer one).")
                .Check(o.RequiredApprovals is >= 0 and <= MaxApprovals, $"overrides[{i}].requiredApprovals",
                    $"Required approvals must be between 0 and {MaxApprovals}.")
                .Check(o.RequiredApprovals > 0 || setBySystemAdministrator, $"overrides[{i}].requiredApprovals",
                    "Only a System administrator can let an operation run without approval (0).");
        }
        check.ThrowIfInvalid();
    }
}
