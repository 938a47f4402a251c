namespace Builder.Domain.Workflows;

/// <summary>How a node is drawn: <c>presentation: { "type": "circle", "position": { "x", "y" } }</c>.</summary>
/// <param name="Type">The shape name, e.g. <c>circle</c>.</param>
/// <param name="X">Canvas x; must be a finite number.</param>
/// <param name="Y">Canvas y; must be a finite number.</param>
public sealed record NodePresentation(string Type, double X, double Y)
{
    /// <summary>The shape used when a node names none.</summary>
    public const string DefaultType = "circle";
}
