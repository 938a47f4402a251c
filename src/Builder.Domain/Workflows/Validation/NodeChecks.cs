using static Builder.Domain.Workflows.WorkflowProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>The facts about one node that the per-node rules look at, whichever shape the workflow came in.</summary>
internal readonly record struct NodeFacts(
    string? Id, string? Name, Guid EntityId, string? EntityType, NodePresentation? Presentation, int ChildCount);

/// <summary>The rules every node must follow, shared by the tree and flat-list validators.</summary>
internal static class NodeChecks
{
    public static void Check(ProblemCollector problems, NodeLocation location, NodeFacts node,
        IReadOnlyDictionary<Guid, string> entityTypes, WorkflowLimits limits)
    {
        void Report(string? field, string code, string message) => problems.Add(location, node.Id, field, code, message);

        if (string.IsNullOrWhiteSpace(node.Name))
            Report("name", NameRequired, "The node needs a name.");
        else if (node.Name.Length > limits.MaxNameLength)
            Report("name", NameTooLong, $"The name is {node.Name.Length} characters long; the limit is {limits.MaxNameLength}.");

        string? knownType = null;
        if (node.EntityId == Guid.Empty)
            Report("entityId", EntityRequired, "The node must reference a workflow entity (entityId).");
        else if (!entityTypes.TryGetValue(node.EntityId, out knownType))
            Report("entityId", UnknownEntity, $"Entity {node.EntityId} does not exist in this organization.");

        if (string.IsNullOrWhiteSpace(node.EntityType))
            Report("entityType", EntityTypeRequired, "The node needs an entity type (event, prompt, action or result).");
        else if (knownType is not null && !WorkflowEntityTypes.AreSame(node.EntityType, knownType))
            Report("entityType", EntityTypeMismatch,
                $"The node says its entity is of type '{node.EntityType}', but entity {node.EntityId} is of type '{knownType}'.");

        if (node.Presentation is null)
            Report("presentation", MissingField, "The node needs a presentation with a position.");
        else
        {
            if (!double.IsFinite(node.Presentation.X))
                Report("presentation.position.x", NonFinitePosition, $"x must be a finite number, not {node.Presentation.X}.");
            if (!double.IsFinite(node.Presentation.Y))
                Report("presentation.position.y", NonFinitePosition, $"y must be a finite number, not {node.Presentation.Y}.");
        }

        if (node.ChildCount > 0 && WorkflowEntityTypes.IsResult(knownType ?? node.EntityType))
            Report(null, ResultHasChildren,
                $"A Result node ends its branch and cannot have children; this one has {node.ChildCount}.");

        if (location.Depth == limits.MaxDepth + 1)
            Report(null, TooDeep, $"This node is at depth {location.Depth}; a workflow may be at most {limits.MaxDepth} levels deep.");
    }
}
