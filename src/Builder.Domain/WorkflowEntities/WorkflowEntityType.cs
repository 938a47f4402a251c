using Builder.Domain.Common;

namespace Builder.Domain.WorkflowEntities;

/// <summary>What a workflow step does. Every entity type behaves as one of these kinds; Result steps end a branch.</summary>
public enum StepKind
{
    Event = 0,
    Prompt = 1,
    Action = 2,
    Result = 3,
}

/// <summary>
/// A platform-wide type of workflow entity (Event, Prompt, Action, Result, or one a System user adds): its kind and
/// how the canvas draws it. Types are data, so their names, shapes and colours can be edited.
/// </summary>
public sealed class WorkflowEntityType : TrackedEntity, Trash.ITrashable
{
    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public const int NameMax = 100;
    public const int DescriptionMax = 500;
    public static readonly string[] Shapes = ["circle", "rectangle", "diamond", "hexagon"];

    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public StepKind Kind { get; set; }
    public string Shape { get; set; } = "circle";
    public string Color { get; set; } = "#594ae2";

    /// <summary>The four built-in types, with fixed ids so every installation shares them.</summary>
    public static IReadOnlyList<WorkflowEntityType> BuiltIn { get; } =
    [
        BuiltInType("0b8f3c2e-0001-4a6b-9d3e-000000000001", "Event", StepKind.Event, "circle", "#2e7d32", "Starts a workflow when a message arrives"),
        BuiltInType("0b8f3c2e-0002-4a6b-9d3e-000000000002", "Prompt", StepKind.Prompt, "rectangle", "#1565c0", "Asks a model and passes its answer on"),
        BuiltInType("0b8f3c2e-0003-4a6b-9d3e-000000000003", "Action", StepKind.Action, "hexagon", "#ef6c00", "Calls a tool, connector or webhook"),
        BuiltInType("0b8f3c2e-0004-4a6b-9d3e-000000000004", "Result", StepKind.Result, "diamond", "#6a1b9a", "Ends a branch with an outcome"),
    ];

    private static WorkflowEntityType BuiltInType(string id, string name, StepKind kind, string shape, string color, string description) => new()
    {
        Id = Guid.Parse(id), Name = name, Kind = kind, Shape = shape, Color = color, Description = description,
        CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        UpdatedBy = "system@builder.local", Version = Guid.Parse(id.Replace("0b8f3c2e", "5eed5eed")),
    };
}
