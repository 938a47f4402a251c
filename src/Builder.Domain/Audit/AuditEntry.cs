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
    public string Action { get; set; } = "";
    public string ChangedFields { get; set; } = "";

    public static AuditEntry Record(Actor actor, DateTime at, string action, string resourceType, Guid resourceId,
        Guid? organizationId, Guid? environmentId = null, IEnumerable<string>? changedFields = null) => new()
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
    };
}

public static class AuditActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
}

public static class ResourceTypes
{
    public const string Organization = "organization";
    public const string Environment = "environment";
    public const string Variable = "variable";
    public const string Member = "member";
    public const string ApiKey = "api-key";

    public static IReadOnlyList<string> All { get; } = [Organization, Environment, Variable, Member, ApiKey];
}
