namespace Builder.Domain.Workflows;

/// <summary>
/// One problem in a workflow, tied to the node it belongs to.
/// </summary>
/// <param name="NodePath">
/// Where the node is: <c>$.root.children[0].children[2]</c> for a tree, <c>$.nodes[4]</c> for a flat node list,
/// <c>$</c> for the document itself.
/// </param>
/// <param name="NodeId">The node's id when it has one (canvas ids, flat node lists); otherwise null.</param>
/// <param name="Field">The node field at fault (<c>entityId</c>, <c>presentation.position.x</c>), or null for the node as a whole.</param>
/// <param name="Code">A stable machine-readable code from <see cref="WorkflowProblemCodes"/>.</param>
/// <param name="Message">A sentence a person can act on.</param>
public sealed record ValidationProblem(string NodePath, string? NodeId, string? Field, string Code, string Message)
{
    /// <summary>The node path followed by the field, e.g. <c>$.root.children[1].entityId</c>.</summary>
    public string Location => Field is null ? NodePath : $"{NodePath}.{Field}";
}
