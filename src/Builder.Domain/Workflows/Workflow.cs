using Builder.Domain.Common;

namespace Builder.Domain.Workflows;

/// <summary>A workflow of an organization's environment: a tree of steps saved as <c>workflowData</c> JSON.</summary>
public sealed class Workflow : TrackedEntity, IOrganizationOwned, INamedResource, Trash.ITrashable
{
    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public const int NameMax = 200;
    public const int DescriptionMax = 1000;

    public Guid OrganizationId { get; set; }
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
