using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Workflows;

namespace Builder.Domain.Tests.Workflows;

/// <summary>One evaluation is bounded: at most <see cref="ConditionLimits.MaxParts"/> rules and groups, one time budget for all of them, linear-time patterns.</summary>
public class ConditionBudgetTests
{
    private static readonly JsonObject Context = new() { ["message"] = new JsonObject { ["text"] = new string('a', 38) + "!" } };

    private static JsonObject Rule(string field, string comparison, JsonNode? value = null) =>
        new() { ["type"] = "rule", ["field"] = field, ["comparison"] = comparison, ["value"] = value };

    private static JsonObject Group(string op, IEnumerable<JsonNode> conditions) =>
        new() { ["type"] = "group", ["operator"] = op, ["conditions"] = new JsonArray(conditions.ToArray()) };

    private static JsonObject Catastrophic(int rules) => Group("AND", Enumerable.Range(0, rules).Select(_ => (JsonNode)Rule("message.text", "matches", "^(a+)+$")));

    [Fact]
    public void A_condition_over_the_cap_is_refused_naming_the_cap()
    {
        var evaluation = ConditionEvaluator.Default.Evaluate(Catastrophic(999), Context);

        Assert.False(evaluation.IsValid);
        var problem = Assert.Single(evaluation.Problems);
        Assert.Equal(ConditionProblemCodes.TooLarge, problem.Code);
        Assert.Contains($"at most {ConditionLimits.MaxParts} rules and groups", problem.Message);
        Assert.Equal(100, ConditionLimits.MaxParts);
    }

    [Fact]
    public void Nested_groups_count_toward_the_cap()
    {
        // 1 root + 50 groups + 50 rules = 101 parts.
        var condition = Group("AND", Enumerable.Range(0, 50).Select(_ => (JsonNode)Group("OR", [Rule("message.text", "exists")])));

        Assert.Contains(ConditionParser.Parse(condition).Problems, p => p.Code == ConditionProblemCodes.TooLarge);
        Assert.True(ConditionParser.Parse(Catastrophic(99)).IsValid);
    }

    [Fact]
    public void Nested_repetition_runs_in_linear_time_and_simply_does_not_match()
    {
        var evaluation = ConditionEvaluator.Default.Evaluate(Catastrophic(99), Context);

        Assert.True(evaluation.IsValid);
        Assert.False(evaluation.Result);
        Assert.All(evaluation.Rules, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Patterns_run_on_the_linear_engine_unless_they_need_backtracking()
    {
        Assert.True(ConditionRegex.Create("^(a+)+$", TimeSpan.FromSeconds(1)).Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
        var lookahead = ConditionRegex.Create("^(?=a)(a+)+$", TimeSpan.FromMilliseconds(100));
        Assert.False(lookahead.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
        Assert.Equal(TimeSpan.FromMilliseconds(100), lookahead.MatchTimeout);
    }

    [Fact]
    public void One_budget_covers_every_rule_and_running_out_stops_the_evaluation()
    {
        // Each reading of the clock costs 100 ms: 99 rules cannot all fit in 2 seconds.
        var evaluator = new ConditionEvaluator(new ConditionLimits { Clock = new SteppingClock(TimeSpan.FromMilliseconds(100)) });

        var evaluation = evaluator.Evaluate(Group("AND", Enumerable.Range(0, 99).Select(_ => (JsonNode)Rule("message.text", "equals", "x"))), Context);

        Assert.True(evaluation.IsOverBudget);
        Assert.False(evaluation.Result);
        var problem = Assert.Single(evaluation.Problems);
        Assert.Equal(ConditionProblemCodes.OverBudget, problem.Code);
        Assert.Contains("longer than its 2 seconds budget", problem.Message);
    }

    [Fact]
    public void A_shared_budget_that_is_already_spent_stops_before_the_first_rule()
    {
        var budget = new EvaluationBudget(TimeSpan.FromSeconds(1), new SteppingClock(TimeSpan.FromSeconds(2)));

        var evaluation = ConditionEvaluator.Default.Evaluate(Catastrophic(1), Context, budget);

        Assert.True(evaluation.IsOverBudget);
        Assert.Empty(evaluation.Rules);
    }

    [Fact]
    public void The_result_is_the_tree_of_groups_and_rules_each_with_its_own_result()
    {
        var condition = Group("AND", [
            Rule("message.text", "exists"),
            Group("OR", [Rule("message.text", "equals", "nope"), Rule("message.text", "ends_with", "!")]),
        ]);

        var evaluation = ConditionEvaluator.Default.Evaluate(condition, Context);

        var root = Assert.IsType<GroupOutcome>(evaluation.Tree);
        Assert.True(root.Result);
        Assert.Equal("AND", root.Group.Operator);
        var or = Assert.IsType<GroupOutcome>(root.Children[1]);
        Assert.True(or.Result);
        Assert.Equal([false, true], or.Children.Select(c => c.Result));
        Assert.Equal("$.conditions[1].conditions[1]", Assert.IsType<RuleOutcome>(or.Children[1]).Rule.Location);
    }

    [Fact]
    public void The_test_service_answers_over_budget_with_a_validation_error()
    {
        var service = new ConditionTestService(new ConditionLimits { Clock = new SteppingClock(TimeSpan.FromMilliseconds(500)) });
        var guest = new Actor(Guid.NewGuid(), "g@x.test", "G", false, new Dictionary<Guid, Role> { [Guid.NewGuid()] = Role.Guest });

        var refused = Assert.Throws<ValidationException>(() => service.Test(guest, Catastrophic(20), Context));

        Assert.Contains("budget", refused.Errors["condition"][0]);
    }

    [Fact]
    public void The_test_service_needs_someone_who_may_read_entities()
    {
        var nobody = new Actor(Guid.NewGuid(), "n@x.test", "N", false, new Dictionary<Guid, Role>());

        Assert.Throws<ForbiddenException>(() => new ConditionTestService(ConditionLimits.Default).Test(nobody, Catastrophic(1), Context));
        Assert.Throws<ForbiddenException>(() => new ConditionTestService(ConditionLimits.Default).TestSample(nobody, Catastrophic(1), "{}"));
    }
}
