using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Walks a workflow against a sample message without running anything: it evaluates each node's entity condition,
/// substitutes its arguments and reports the path taken. Pure; scripts are never run.
/// </summary>
/// <remarks>
/// <para>Context: conditions and templates see <c>{ "message": &lt;sample message&gt; }</c>, so rule fields and
/// placeholders read <c>message.user.id</c> (see <see cref="ContextFor"/>).</para>
/// <para>Order: depth-first from the root, children in their listed order; every visited node is a step.</para>
/// <para>Branching:</para>
/// <list type="bullet">
/// <item>An ordinary node whose condition holds (or which has none) runs — its arguments are substituted — and
/// <b>all</b> its children are visited. If its condition is false the node is <see cref="DryRunOutcome.Stopped"/>
/// and its whole branch ends there.</item>
/// <item>A node whose entity has <c>tfCondition</c> "True/False" always runs and picks one child by position:
/// condition true → the <b>first</b> child (the true branch), false → the <b>second</b> child (the false branch).
/// A missing branch simply ends there; children after the second are never reached.</item>
/// <item>A node whose entity is not in the given set, or whose condition is invalid, is
/// <see cref="DryRunOutcome.Failed"/> and its branch ends there.</item>
/// </list>
/// <para>Bounded by <see cref="DryRunLimits"/>: one time budget covers the whole walk, every condition included (no regex
/// match outlasts what is left of it); a node reached twice (a shared node object) is visited once.</para>
/// </remarks>
public sealed class WorkflowDryRunner(ConditionEvaluator? evaluator = null, DryRunLimits? limits = null)
{
    private readonly ConditionEvaluator _evaluator = evaluator ?? ConditionEvaluator.Default;
    private readonly DryRunLimits _limits = limits ?? DryRunLimits.Default;

    /// <summary>The context conditions and templates are evaluated against: <c>{ "message": message }</c> (a copy).</summary>
    public static JsonObject ContextFor(JsonNode? message) => new() { ["message"] = message?.DeepClone() };

    /// <summary>Runs the workflow with the entities given as a list (the first of a repeated id wins).</summary>
    public DryRunResult Run(WorkflowData workflow, IEnumerable<WorkflowEntityDefinition> entities, JsonNode? message)
    {
        var byId = new Dictionary<Guid, WorkflowEntityDefinition>();
        foreach (var entity in entities) byId.TryAdd(entity.Id, entity);
        return Run(workflow, byId, message);
    }

    /// <summary>Runs the workflow against <paramref name="message"/> with the organization's entities by id.</summary>
    public DryRunResult Run(WorkflowData workflow, IReadOnlyDictionary<Guid, WorkflowEntityDefinition> entities, JsonNode? message)
    {
        if (JsonInput.FindProblem(message, "sample message") is { } unreadable) return new DryRunResult([], false, unreadable);
        var context = ContextFor(message);
        var conditions = new Dictionary<Guid, ConditionParseResult>();
        var steps = new List<DryRunStep>();
        var visited = new HashSet<WorkflowNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(WorkflowNode Node, NodeLocation Location)>();
        var budget = new EvaluationBudget(_limits.TimeBudget, _limits.Clock);
        pending.Push((workflow.Root, NodeLocation.Root));

        while (pending.Count > 0)
        {
            var (node, location) = pending.Pop();
            if (node is null || !visited.Add(node)) continue;
            if (steps.Count >= _limits.MaxSteps) return Cut(steps, $"The dry run stopped after {_limits.MaxSteps} nodes.");
            if (budget.IsExhausted) return Cut(steps, OverBudget(budget));
            if (location.Depth > _limits.MaxDepth) return Cut(steps, $"The dry run stopped at depth {_limits.MaxDepth}.");

            var (step, next) = Visit(node, location, entities, conditions, context, budget);
            steps.Add(step);
            if (step.Condition?.IsOverBudget == true) return Cut(steps, OverBudget(budget));
            for (var i = next.Count - 1; i >= 0; i--) pending.Push((node.Children[next[i]], location.Child(next[i])));
        }
        return new DryRunResult(steps, true);
    }

    /// <summary>Visits one node; returns its step and the indexes of the children to visit next.</summary>
    private (DryRunStep Step, IReadOnlyList<int> Next) Visit(WorkflowNode node, NodeLocation location,
        IReadOnlyDictionary<Guid, WorkflowEntityDefinition> entities, Dictionary<Guid, ConditionParseResult> conditions, JsonNode context,
        EvaluationBudget budget)
    {
        var childCount = node.Children?.Count ?? 0;
        DryRunStep Step(WorkflowEntityDefinition? entity, DryRunOutcome outcome, DryRunBranch branch, ConditionEvaluation? condition,
            IReadOnlyList<SubstitutedArgument> arguments, string? message) =>
            new(location.Path, node.Id, node.Name, node.EntityId, entity?.Name, entity?.EntityType ?? node.EntityType,
                outcome, branch, condition, arguments, !string.IsNullOrWhiteSpace(entity?.Script), message);

        if (!entities.TryGetValue(node.EntityId, out var entity))
            return (Step(null, DryRunOutcome.Failed, DryRunBranch.None, null, [], Missing(node)), []);

        if (!conditions.TryGetValue(entity.Id, out var parsed)) conditions[entity.Id] = parsed = ConditionParser.Parse(entity.Condition);
        if (!parsed.IsValid)
            return (Step(entity, DryRunOutcome.Failed, DryRunBranch.None, ConditionEvaluation.Invalid(parsed.Problems), [],
                $"The condition of '{entity.Name}' is invalid ({parsed.Problems[0].Message}); this branch stops here."), []);

        var evaluation = _evaluator.EvaluateReadable(parsed.Condition, context, budget);
        if (evaluation.IsOverBudget)
            return (Step(entity, DryRunOutcome.Failed, DryRunBranch.None, evaluation, [], "The dry run's time ran out while this condition was evaluated."), []);
        if (!entity.BranchesOnTrueFalse && !evaluation.Result)
            return (Step(entity, DryRunOutcome.Stopped, DryRunBranch.None, evaluation, [], "The condition is false; this branch stops here."), []);

        var arguments = TemplateSubstitution.SubstituteArguments(entity.Arguments, context);
        if (!entity.BranchesOnTrueFalse)
            return (Step(entity, DryRunOutcome.Continued, DryRunBranch.None, evaluation, arguments, null), Enumerable.Range(0, childCount).ToArray());

        var (branch, index) = evaluation.Result ? (DryRunBranch.True, 0) : (DryRunBranch.False, 1);
        string? note = index < childCount ? null : $"The {(evaluation.Result ? "true" : "false")} branch is empty.";
        if (childCount > 2) note = (note is null ? "" : note + " ") + $"Children after the second ({childCount - 2}) are never reached by a True/False node.";
        return (Step(entity, DryRunOutcome.Continued, branch, evaluation, arguments, note), index < childCount ? [index] : []);
    }

    /// <summary>Why a node whose entity is gone stops its branch, naming the node (a person never reads an id).</summary>
    private static string Missing(WorkflowNode node) => string.IsNullOrWhiteSpace(node.Name)
        ? "This node runs an entity that was deleted; this branch stops here."
        : $"'{node.Name}' runs an entity that was deleted; this branch stops here.";

    private static string OverBudget(EvaluationBudget budget) =>
        $"The dry run stopped after {budget.Describe()}, its time budget for the whole walk; use fewer or simpler condition rules.";

    private static DryRunResult Cut(List<DryRunStep> steps, string message) => new(steps, false, message);
}
