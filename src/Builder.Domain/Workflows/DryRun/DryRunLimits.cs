namespace Builder.Domain.Workflows;

/// <summary>Budgets that keep a dry run bounded.</summary>
public sealed record DryRunLimits
{
    /// <summary>The defaults: 5,000 steps, depth 64, 5 seconds.</summary>
    public static DryRunLimits Default { get; } = new();

    /// <summary>Most nodes visited.</summary>
    public int MaxSteps { get; init; } = 5_000;

    /// <summary>Deepest node visited; the root is at depth 1.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Longest a run may take: one budget for the whole walk, shared by every node's condition.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock the budget is measured with.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
