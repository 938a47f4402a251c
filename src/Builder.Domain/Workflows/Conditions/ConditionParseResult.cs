namespace Builder.Domain.Workflows;

/// <summary>What <see cref="ConditionParser"/> read: the condition (null when there is none or it is invalid) and every problem.</summary>
public sealed record ConditionParseResult(ConditionNode? Condition, IReadOnlyList<ConditionProblem> Problems)
{
    /// <summary>True when there were no problems (an absent condition is valid and always passes).</summary>
    public bool IsValid => Problems.Count == 0;
}
