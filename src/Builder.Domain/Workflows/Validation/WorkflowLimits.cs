namespace Builder.Domain.Workflows;

/// <summary>Size limits a workflow must respect. The issue requires that at least 2,000 nodes be allowed.</summary>
public sealed record WorkflowLimits
{
    /// <summary>The defaults: 5,000 nodes, depth 64, names of 200 characters, 1,000 reported problems.</summary>
    public static WorkflowLimits Default { get; } = new();

    /// <summary>Most nodes in one workflow.</summary>
    public int MaxNodes { get; init; } = 5_000;

    /// <summary>Deepest node; the root is at depth 1.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Longest node name, in characters.</summary>
    public int MaxNameLength { get; init; } = 200;

    /// <summary>Most problems reported; beyond it one <see cref="WorkflowProblemCodes.TooManyProblems"/> problem says how many more there were.</summary>
    public int MaxProblems { get; init; } = 1_000;

    /// <summary>The JSON nesting the parser accepts: enough for a tree one level deeper than <see cref="MaxDepth"/>, so the depth problem is reported on its node.</summary>
    internal int MaxJsonDepth => 2 * MaxDepth + 16;
}
