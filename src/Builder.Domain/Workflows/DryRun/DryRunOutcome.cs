namespace Builder.Domain.Workflows;

/// <summary>What happened at a node.</summary>
public enum DryRunOutcome
{
    /// <summary>The node ran and the walk went on to its children (or its chosen True/False branch).</summary>
    Continued,
    /// <summary>The node's condition was false, so its branch stops here.</summary>
    Stopped,
    /// <summary>The node could not run (entity not found, invalid condition), so its branch stops here.</summary>
    Failed,
}

/// <summary>The branch a True/False node took.</summary>
public enum DryRunBranch
{
    /// <summary>The node does not branch on True/False.</summary>
    None,
    /// <summary>The condition held: the first child was taken.</summary>
    True,
    /// <summary>The condition failed: the second child was taken.</summary>
    False,
}
