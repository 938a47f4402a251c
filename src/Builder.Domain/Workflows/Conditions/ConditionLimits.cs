namespace Builder.Domain.Workflows;

/// <summary>
/// What one condition may cost. The caps apply wherever a condition is read — when an entity is saved, in the
/// test helpers and in a dry run — and the time budget covers one whole evaluation, every rule together.
/// </summary>
public sealed record ConditionLimits
{
    /// <summary>Most groups and rules in one condition, nested groups included.</summary>
    public const int MaxParts = 100;

    /// <summary>Longest <c>matches</c> pattern, in characters.</summary>
    public const int MaxPatternLength = 1_000;

    /// <summary>The defaults: 2 seconds per evaluation, 100 ms per regex match, the system clock.</summary>
    public static ConditionLimits Default { get; } = new();

    /// <summary>The time one evaluation may take, across all its rules.</summary>
    public TimeSpan EvaluationBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The time one <c>matches</c> rule may spend on its value (never more than what is left of the budget).</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The clock budgets are measured with.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>A fresh budget of <see cref="EvaluationBudget"/> starting now.</summary>
    public EvaluationBudget StartBudget() => new(EvaluationBudget, Clock);
}

/// <summary>
/// A deadline passed down one evaluation (or one dry-run walk): each rule checks it before it runs and each regex
/// match gets at most what is left, so the total is bounded whatever the number of rules.
/// </summary>
public sealed class EvaluationBudget(TimeSpan total, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly long _start = (clock ?? TimeProvider.System).GetTimestamp();

    /// <summary>The whole budget.</summary>
    public TimeSpan Total { get; } = total;

    /// <summary>Time used so far.</summary>
    public TimeSpan Elapsed => _clock.GetElapsedTime(_start);

    /// <summary>Time left, never negative.</summary>
    public TimeSpan Remaining => Total - Elapsed is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    /// <summary>True once the budget is used up.</summary>
    public bool IsExhausted => Remaining <= TimeSpan.Zero;

    /// <summary>"2 seconds", "500 ms": the budget in words, for messages.</summary>
    public string Describe() => Total >= TimeSpan.FromSeconds(1) ? $"{Total.TotalSeconds:0.#} seconds" : $"{Total.TotalMilliseconds:0} ms";
}

/// <summary>Thrown inside an evaluation when its <see cref="EvaluationBudget"/> runs out; callers turn it into a clear answer.</summary>
public sealed class ConditionBudgetExceededException(EvaluationBudget budget)
    : Exception($"The condition took longer than its {budget.Describe()} budget to evaluate and was stopped; use fewer or simpler rules (avoid nested repetition such as (a+)+ in patterns).")
{
    public EvaluationBudget Budget { get; } = budget;
}
