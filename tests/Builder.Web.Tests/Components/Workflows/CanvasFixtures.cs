using Builder.Domain.WorkflowEntities;
using Builder.Web.Features.Workflows.Canvas;

namespace Builder.Web.Tests.Components.Workflows;

/// <summary>Small canvases for the tests: an event with a prompt (two actions under it) and a result.</summary>
internal static class CanvasFixtures
{
    public static readonly Guid EventEntity = Guid.NewGuid(), PromptEntity = Guid.NewGuid(), ActionEntity = Guid.NewGuid(), ResultEntity = Guid.NewGuid();

    public static CanvasNode Node(string id, string? parent, string type = "Action", double x = 0, double y = 0) =>
        new(id, parent, $"{type} {id}", type switch { "Event" => EventEntity, "Prompt" => PromptEntity, "Result" => ResultEntity, _ => ActionEntity },
            type, "", x, y);

    /// <summary>root(Event) → p(Prompt) → a1, a2 (Action); root → r (Result).</summary>
    public static CanvasModel ThreeLevels() => new([
        Node("root", null, "Event"), Node("p", "root", "Prompt"), Node("a1", "p"), Node("a2", "p"), Node("r", "root", "Result"),
    ]);

    public static EntityTypeStyles Styles() => new(WorkflowEntityType.BuiltIn.Select(t =>
        new WorkflowEntityTypeView(t.Id, t.Name, t.Description, t.Kind, t.Shape, t.Color, t.CreatedAt, t.UpdatedAt, t.UpdatedBy, t.Version)));
}
