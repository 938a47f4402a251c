using System.Text.Json.Nodes;

namespace Builder.Domain.WorkflowEntities;

public sealed record WorkflowEntityTypeView(Guid Id, string Name, string? Description, StepKind Kind, string Shape, string Color,
    DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy, Guid Version);

public sealed record WorkflowEntityTypeInput(string? Name, string? Description, StepKind? Kind, string? Shape, string? Color);

/// <summary>One argument of a step: <c>{{message.user.id}}</c>-style templates are allowed in the value.</summary>
public sealed record EntityArgument(string? ArgumentName, string? ArgumentValue, string? ArgumentDescription);

public sealed record WorkflowEntityView(Guid Id, Guid OrganizationId, Guid? EnvironmentId, string Name, string? Description,
    Guid WorkflowEntityTypeId, string EntityType, StepKind Kind, JsonNode? Condition, string? Script, string? TfCondition,
    IReadOnlyList<EntityArgument> Arguments, DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy, Guid Version);

/// <summary>A list row: the entity without its condition, script and arguments.</summary>
public sealed record WorkflowEntitySummary(Guid Id, Guid OrganizationId, Guid? EnvironmentId, string Name, string? Description,
    Guid WorkflowEntityTypeId, string EntityType, DateTime UpdatedAt, string UpdatedBy, Guid Version);

public sealed record WorkflowEntityInput(
    string? Name,
    string? Description,
    Guid? WorkflowEntityTypeId,
    Guid? EnvironmentId,
    JsonNode? Condition,
    string? Script,
    string? TfCondition,
    IReadOnlyList<EntityArgument>? Arguments);

public sealed record WorkflowEntityFilter(Guid? OrganizationId, Guid? EnvironmentId);
