namespace Builder.Domain.Workflows;

/// <summary>The codes a <see cref="ValidationProblem"/> can carry.</summary>
public static class WorkflowProblemCodes
{
    /// <summary>The text is not JSON, or is nested deeper than the parser allows.</summary>
    public const string InvalidJson = "invalid_json";
    /// <summary>A value has the wrong JSON type (e.g. a number where a string belongs).</summary>
    public const string InvalidType = "invalid_type";
    /// <summary>The document has no <c>root</c> node (or a flat list has no node without a parent).</summary>
    public const string MissingRoot = "missing_root";
    /// <summary>The document has more than one root.</summary>
    public const string MultipleRoots = "multiple_roots";
    /// <summary>A required field is absent.</summary>
    public const string MissingField = "missing_field";
    /// <summary><c>entityId</c> is not a GUID.</summary>
    public const string InvalidGuid = "invalid_guid";
    /// <summary>The node names no entity.</summary>
    public const string EntityRequired = "entity_required";
    /// <summary>The entity does not exist in the workflow's organization.</summary>
    public const string UnknownEntity = "unknown_entity";
    /// <summary>The node has no entity type.</summary>
    public const string EntityTypeRequired = "entity_type_required";
    /// <summary>The node's entity type differs from its entity's type.</summary>
    public const string EntityTypeMismatch = "entity_type_mismatch";
    /// <summary>The node has no name.</summary>
    public const string NameRequired = "name_required";
    /// <summary>The node's name is longer than the limit.</summary>
    public const string NameTooLong = "name_too_long";
    /// <summary>A position is not a number.</summary>
    public const string InvalidPosition = "invalid_position";
    /// <summary>A position is NaN or infinite.</summary>
    public const string NonFinitePosition = "non_finite_position";
    /// <summary>A Result node has children.</summary>
    public const string ResultHasChildren = "result_has_children";
    /// <summary>The same node appears twice in the tree.</summary>
    public const string SharedNode = "shared_node";
    /// <summary>A node is its own ancestor.</summary>
    public const string Cycle = "cycle";
    /// <summary>A node in a flat list is given a second, different parent.</summary>
    public const string SecondParent = "second_parent";
    /// <summary>Two nodes in a flat list share an id.</summary>
    public const string DuplicateNodeId = "duplicate_node_id";
    /// <summary>A node in a flat list has no id.</summary>
    public const string NodeIdRequired = "node_id_required";
    /// <summary>A node's parent id names no node.</summary>
    public const string UnknownParent = "unknown_parent";
    /// <summary>The workflow has more nodes than the limit.</summary>
    public const string TooManyNodes = "too_many_nodes";
    /// <summary>A node is deeper than the limit.</summary>
    public const string TooDeep = "too_deep";
    /// <summary>More problems were found than are reported.</summary>
    public const string TooManyProblems = "too_many_problems";
}
