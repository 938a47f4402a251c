using System.Text.Json.Nodes;
using Builder.Domain.Access;

namespace Builder.Domain.Approvals;

/// <summary>
/// What a human-only operation is about, captured when it is requested and kept with the request: the target's type, id,
/// a name snapshot, its organization (and environment), the version it had (the operation runs only if it still has it),
/// and what goes with it, in words a reviewer reads ("4 variables", "used by workflows: Onboarding, Billing").
/// For a sharing change or an ownership transfer, <see cref="Before"/> and <see cref="After"/> describe the change.
/// </summary>
public sealed record ApprovalTarget(
    string ResourceType,
    Guid ResourceId,
    string Name,
    Guid? OrganizationId,
    Guid? EnvironmentId,
    Guid? Version,
    IReadOnlyList<string> Consequences,
    string? Before = null,
    string? After = null);

/// <summary>
/// One human-only operation (delete, share, transfer-ownership, purge, change-policy) on one resource type. A resource opts
/// into approval by registering one of these per operation (<c>services.AddHumanOnlyOperation&lt;T&gt;()</c>); the
/// <see cref="ApprovalService"/> finds it by (<see cref="Operation"/>, <see cref="ResourceType"/>). Nothing else may run
/// the operation: the services' own delete/share/transfer methods are internal to the domain and called only from here.
/// </summary>
public interface IHumanOnlyOperation
{
    /// <summary>One of <see cref="ApprovalOperations"/>.</summary>
    string Operation { get; }

    /// <summary>One of <c>ResourceTypes</c> (Audit/AuditEntry.cs).</summary>
    string ResourceType { get; }

    /// <summary>
    /// Loads the target as the requester and describes it. Throws as the operation itself would: 404 for an unknown or
    /// invisible target, 403 when the requester's role (or sharing) does not allow the operation, 400 for a bad payload,
    /// 409 when it could never run (the last Admin, an entity type still in use). Writes nothing.
    /// </summary>
    Task<ApprovalTarget> DescribeAsync(Actor requester, Guid resourceId, JsonNode? payload, CancellationToken ct = default);

    /// <summary>
    /// Runs the operation as the requester once the request is approved: the requester's permission is checked again, and
    /// it runs only if the target still has <see cref="ApprovalTarget.Version"/> (else a <c>ConcurrencyException</c>; the
    /// request then fails with "changed since it was requested" and nothing happens). Audited like a direct change.
    /// </summary>
    Task ExecuteAsync(Actor requester, ApprovalTarget target, JsonNode? payload, CancellationToken ct = default);
}
