using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;

namespace Builder.Domain.Workflows;

/// <summary>A workflow of an organization's environment: a tree of steps saved as <c>workflowData</c> JSON.</summary>
public sealed class Workflow : TrackedEntity, IOwnedResource, INamedResource, Trash.ITrashable
{
    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public const int NameMax = 200;
    public const int DescriptionMax = 1000;

    public Guid OrganizationId { get; set; }

    public Guid OwnerId { get; set; }
    public SharingLevel SharingLevel { get; set; } = SharingLevel.Company;
    public AccessLevel CompanyPermission { get; set; } = AccessLevel.Edit;

    public static string ResourceType => ResourceTypes.Workflow;
    public static ResourcePermissions Permissions { get; } = new(Access.Permissions.WorkflowsRead, Access.Permissions.WorkflowsUpdate, Access.Permissions.WorkflowsDelete);
    public static string NotFoundMessage => "Workflow not found";
    public static string Noun => "workflow";
    public AuditSubject ToAuditSubject() => new(ResourceTypes.Workflow, Id, Name, OrganizationId, EnvironmentId);
    public Guid EnvironmentId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string WorkflowDataJson { get; set; } = "{}";
}

/// <summary>Which entities a workflow uses, kept in step with its workflowData so usage counts are one indexed query.</summary>
public sealed class WorkflowEntityUsage
{
    public Guid WorkflowId { get; set; }
    public Guid WorkflowEntityId { get; set; }
}
