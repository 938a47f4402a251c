using Builder.Domain.Common;

namespace Builder.Domain.WorkflowEntities;

/// <summary>
/// A reusable workflow step definition of an organization: its type, a condition (group/rule tree, stored as JSON),
/// an optional post-condition script, True/False branching and templated arguments.
/// </summary>
public sealed class WorkflowEntity : TrackedEntity, IOrganizationOwned, INamedResource, Trash.ITrashable
{
    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public const int NameMax = 200;
    public const int DescriptionMax = 1000;
    public const int ScriptMax = 64 * 1024;
    public const int TfConditionMax = 100;

    public Guid OrganizationId { get; set; }
    public Guid? EnvironmentId { get; set; }
    public Guid WorkflowEntityTypeId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>The condition tree as JSON: { "type": "group", "operator": "AND", "conditions": [...] }.</summary>
    public string? ConditionJson { get; set; }
    public string? Script { get; set; }
    public string? TfCondition { get; set; }
    /// <summary>The arguments as JSON: [{ "argumentName", "argumentValue", "argumentDescription" }].</summary>
    public string ArgumentsJson { get; set; } = "[]";
}
