using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Approvals;

/// <summary>A proposed approval policy, as the Policies page and <c>PUT …/approval-policy</c> send it.</summary>
public sealed record ApprovalPolicyInput(int? RequiredApprovals, int? ExpiryDays, int? TrashDays, IReadOnlyList<ApprovalOverrideInput>? Overrides)
{
    public ApprovalPolicy ToPolicy() => new(RequiredApprovals ?? 1,
        (Overrides ?? []).Select(o => new ApprovalOverride((o.Operation ?? "").Trim(), (o.ResourceType ?? "").Trim(),
            string.IsNullOrWhiteSpace(o.ResourceName) ? null : o.ResourceName.Trim(), o.RequiredApprovals ?? 1)).ToList(),
        ExpiryDays ?? ApprovalPolicy.DefaultExpiryDays, TrashDays ?? ApprovalPolicy.DefaultTrashDays);

    public static ApprovalPolicyInput From(ApprovalPolicy policy) => new(policy.RequiredApprovals, policy.ExpiryDays, policy.TrashDays,
        policy.Overrides.Select(o => new ApprovalOverrideInput(o.Operation, o.ResourceType, o.ResourceName, o.RequiredApprovals)).ToList());
}

public sealed record ApprovalOverrideInput(string? Operation, string? ResourceType, string? ResourceName, int? RequiredApprovals);

/// <summary>
/// A change to an organization's approval policy is itself human-only: an Admin asks, another reviewer approves, and only then
/// is the new policy written (audited). The request's target is the organization's policy (resource id = the organization's id);
/// its version is a fingerprint of the policy as it was, so a policy changed meanwhile makes the request fail instead of being
/// overwritten with a proposal made against something else.
/// </summary>
public sealed class ApprovalPolicyChange(IBuilderDbContextFactory dbs, TimeProvider clock) : IHumanOnlyOperation
{
    public const string PolicyName = "Approval policy";

    public string Operation => ApprovalOperations.ChangePolicy;
    public string ResourceType => ResourceTypes.ApprovalPolicy;

    public async Task<ApprovalTarget> DescribeAsync(Actor requester, Guid organizationId, JsonNode? payload, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(requester, organizationId, Permissions.OrganizationsUpdate, ct);
        requester.RequireHuman("Changing the approval policy");
        var proposed = Parse(payload);
        proposed.Validate(requester.IsSystem);
        var current = await ApprovalService.PolicyAsync(db, organizationId, ct);
        if (Describe(current) == Describe(proposed))
            throw new ValidationException("policy", "The proposed policy is the same as the current one: change something first.");
        return new ApprovalTarget(ResourceTypes.ApprovalPolicy, organizationId, PolicyName, organizationId, null, Fingerprint(current),
            Differences(current, proposed), Describe(current), Describe(proposed));
    }

    public async Task ExecuteAsync(Actor requester, ApprovalTarget target, JsonNode? payload, CancellationToken ct = default)
    {
        var organizationId = target.ResourceId;
        await using var db = dbs.Create();
        await db.RequireOrganizationAsync(requester, organizationId, Permissions.OrganizationsUpdate, ct);
        requester.RequireHuman("Changing the approval policy");
        var proposed = Parse(payload);
        proposed.Validate(requester.IsSystem);
        var stored = await db.ApprovalPolicies.FirstOrDefaultAsync(p => p.OrganizationId == organizationId, ct);
        var current = await ApprovalService.PolicyAsync(db, organizationId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (target.Version is { } version && Fingerprint(current) != version)
            throw new ConcurrencyException(stored?.UpdatedBy ?? "someone else", stored?.UpdatedAt ?? now);
        if (stored is null)
        {
            stored = new OrganizationApprovalPolicy { OrganizationId = organizationId };
            db.ApprovalPolicies.Add(stored);
        }
        var changed = ChangedFields(current, proposed);
        stored.RequiredApprovals = proposed.RequiredApprovals;
        stored.ExpiryDays = proposed.ExpiryDays;
        stored.TrashDays = proposed.TrashDays;
        stored.OverridesJson = JsonSerializer.Serialize(proposed.Overrides, ApprovalService.JsonOptions);
        stored.UpdatedAt = now;
        stored.UpdatedBy = requester.Email;
        await db.RecordAsync(requester, now, AuditActions.Updated,
            new AuditSubject(ResourceTypes.ApprovalPolicy, organizationId, PolicyName, organizationId), changed, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The payload as a policy; a body that is not one is a 400.</summary>
    public static ApprovalPolicy Parse(JsonNode? payload)
    {
        ApprovalPolicyInput? input;
        try { input = payload?.Deserialize<ApprovalPolicyInput>(ApprovalService.JsonOptions); }
        catch (JsonException) { input = null; }
        return (input ?? throw new ValidationException("policy", "Send the proposed policy: requiredApprovals, expiryDays, trashDays and overrides."))
            .ToPolicy();
    }

    /// <summary>The policy in words, one line each, for the request's before/after.</summary>
    public static string Describe(ApprovalPolicy policy)
    {
        var text = new StringBuilder()
            .AppendLine($"Approvals required: {policy.RequiredApprovals}")
            .AppendLine($"Requests expire after: {Days(policy.ExpiryDays)}")
            .AppendLine($"Trash keeps deleted resources for: {Days(policy.TrashDays)}");
        if (policy.Overrides.Count == 0) text.Append("Overrides: none");
        else
        {
            text.Append("Overrides:");
            foreach (var o in policy.Overrides) text.AppendLine().Append("• ").Append(Describe(o));
        }
        return text.ToString();
    }

    public static string Describe(ApprovalOverride o) =>
        $"{ApprovalWording.Verb(o.Operation)} {ApprovalWording.Noun(o.ResourceType)}{(o.ResourceName is null ? "" : $" named “{o.ResourceName}”")}: {o.RequiredApprovals} approval{(o.RequiredApprovals == 1 ? "" : "s")}";

    private static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    /// <summary>What the change does, one line per difference (the request's "what goes with it").</summary>
    private static List<string> Differences(ApprovalPolicy before, ApprovalPolicy after)
    {
        var lines = new List<string>();
        if (before.RequiredApprovals != after.RequiredApprovals) lines.Add($"Approvals required: {before.RequiredApprovals} → {after.RequiredApprovals}");
        if (before.ExpiryDays != after.ExpiryDays) lines.Add($"Requests expire after: {Days(before.ExpiryDays)} → {Days(after.ExpiryDays)}");
        if (before.TrashDays != after.TrashDays) lines.Add($"Trash keeps deleted resources for: {Days(before.TrashDays)} → {Days(after.TrashDays)}");
        foreach (var removed in before.Overrides.Except(after.Overrides)) lines.Add($"Override removed: {Describe(removed)}");
        foreach (var added in after.Overrides.Except(before.Overrides)) lines.Add($"Override added: {Describe(added)}");
        return lines;
    }

    private static List<string> ChangedFields(ApprovalPolicy before, ApprovalPolicy after)
    {
        var fields = new List<string>();
        if (before.RequiredApprovals != after.RequiredApprovals) fields.Add("requiredApprovals");
        if (before.ExpiryDays != after.ExpiryDays) fields.Add("expiryDays");
        if (before.TrashDays != after.TrashDays) fields.Add("trashDays");
        if (!before.Overrides.SequenceEqual(after.Overrides)) fields.Add("overrides");
        return fields;
    }

    /// <summary>A version for the policy, which has no version column: a hash of its content.</summary>
    public static Guid Fingerprint(ApprovalPolicy policy) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(ApprovalPolicyInput.From(policy), ApprovalService.JsonOptions)))[..16]);
}
