using Builder.Domain.Access;

namespace Builder.Domain.Audit;

/// <summary>One change: who, where, what and when, with the names of the changed fields — never their values.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public DateTime At { get; set; }
    public Guid ActorUserId { get; set; }
    public string ActorEmail { get; set; } = "";
    public bool ViaApiKey { get; set; }
    public Guid? OrganizationId { get; set; }
    public Guid? EnvironmentId { get; set; }
    public string ResourceType { get; set; } = "";
    public Guid ResourceId { get; set; }

    /// <summary>The resource's name when the change was made, kept so the record stays readable after a rename or delete.</summary>
    public string? ResourceName { get; set; }

    /// <summary>The environment's name when the change was made, for environment-scoped resources.</summary>
    public string? EnvironmentName { get; set; }
    public string Action { get; set; } = "";
    public string ChangedFields { get; set; } = "";

    public static AuditEntry Record(Actor actor, DateTime at, string action, string resourceType, Guid resourceId,
        Guid? organizationId, Guid? environmentId = null, IEnumerable<string>? changedFields = null,
        string? resourceName = null, string? environmentName = null) => new()
    {
        At = at,
        ActorUserId = actor.UserId,
        ActorEmail = actor.Email,
        ViaApiKey = !actor.IsHuman,
        OrganizationId = organizationId,
        EnvironmentId = environmentId,
        ResourceType = resourceType,
        ResourceId = resourceId,
        Action = action,
        ChangedFields = string.Join(",", changedFields ?? []),
        ResourceName = resourceName is { Length: > 200 } ? resourceName[..200] : resourceName,
        EnvironmentName = environmentName is { Length: > 200 } ? environmentName[..200] : environmentName,
    };
}

public static class AuditActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    public const string Revoked = "revoked";
    public const string RoleChanged = "role-changed";

    /// <summary>An owned resource's sharing changed (level, company permission or explicit shares), once approved.</summary>
    public const string Shared = "shared";

    /// <summary>An owned resource got a new owner, once approved.</summary>
    public const string OwnershipTransferred = "ownership-transferred";

    /// <summary>Back from the trash (its changed fields name a new name, when it came back under one).</summary>
    public const string Restored = "restored";

    /// <summary>Removed from the trash for good: by the purge job when its time was up, or by an approved "delete permanently".</summary>
    public const string Purged = "purged";
}

/// <summary>How changed fields are named in an audit record. A write-only secret records that it was set or cleared, never its value.</summary>
public static class AuditFields
{
    public const string ClearedSuffix = ":cleared";

    /// <summary>The changed-field entry for a secret that was cleared, e.g. "value:cleared" (a set or replaced secret is just "value").</summary>
    public static string Cleared(string field) => field + ClearedSuffix;
}

public static class ResourceTypes
{
    public const string Organization = "organization";
    public const string Environment = "environment";
    public const string Variable = "variable";
    public const string Member = "member";
    public const string ApiKey = "api-key";
    public const string WorkflowEntity = "workflow-entity";
    public const string Workflow = "workflow";
    public const string PromptTemplate = "prompt-template";
    public const string Model = "model";
    public const string Prompt = "prompt";
    /// <summary>An AutessaDB table (Tables/AutessaTable.cs).</summary>
    public const string Table = "table";

    /// <summary>An AI agent (Agents/Agent.cs), a custom tool (Tools/Tool.cs) and a multi-agent manager (Managers/Manager.cs): versioned resources.</summary>
    public const string Agent = "agent";
    public const string Tool = "tool";
    public const string Manager = "manager";

    /// <summary>A column of an AutessaDB table as the target of a drop request; its audit records are the table's ("columns" changed).</summary>
    public const string TableColumn = "table-column";
    public const string ApprovalRequest = "approval-request";

    /// <summary>An entry of an organization's trash (what a "delete permanently" request is about).</summary>
    public const string TrashItem = "trash-item";

    /// <summary>An organization's approval policy (resource id = the organization's id).</summary>
    public const string ApprovalPolicy = "approval-policy";

    /// <summary>A platform-wide workflow entity type (no organization): its deletion is a platform approval request.</summary>
    public const string WorkflowEntityType = "workflow-entity-type";

    /// <summary>
    /// A system model (no organization) as the target of an approval request. Its audit records keep <see cref="Model"/> with
    /// no organization, as they always did; this type names the platform request so System users, not an organization, decide.
    /// </summary>
    public const string SystemModel = "system-model";

    /// <summary>The types an organization's audit log holds and links to (each has a page under the organization).</summary>
    public static IReadOnlyList<string> All { get; } = [Organization, Environment, Variable, Member, ApiKey, WorkflowEntity, Workflow, PromptTemplate, Model, Prompt, Table, Agent, Tool, Manager, ApprovalRequest, ApprovalPolicy, TrashItem];

    /// <summary>The platform's types, which belong to no organization: they appear in approval requests decided by System users.</summary>
    public static IReadOnlyList<string> Platform { get; } = [WorkflowEntityType, SystemModel];
}
