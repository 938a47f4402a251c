using System.Diagnostics;
using System.Text.Json.Nodes;
using Builder.Domain.Workflows;

namespace Builder.Domain.Tests.Workflows;

public class ConditionEvaluatorTests
{
    private static readonly JsonNode Context = JsonNode.Parse("""
        {
          "message": {
            "type": "user.signup",
            "user": { "id": "u-42", "age": 30, "premium": true, "nickname": null, "email": "Ada@Example.com" },
            "count": "7",
            "items": [ { "id": "a1", "price": 9.5 }, { "id": "b2", "price": 20 } ],
            "tags": [ "new", "beta" ],
            "createdAt": "2024-06-01T12:00:00Z"
          }
        }
        """)!;

    private static JsonObject Rule(string field, string comparison, JsonNode? value = null) =>
        new() { ["type"] = "rule", ["field"] = field, ["comparison"] = comparison, ["value"] = value };

    private static JsonObject Group(string op, params JsonNode[] conditions) =>
        new() { ["type"] = "group", ["operator"] = op, ["conditions"] = new JsonArray(conditions) };

    private static ConditionEvaluation Evaluate(JsonNode condition) => ConditionEvaluator.Default.Evaluate(condition, Context);

    private static bool Holds(string field, string comparison, JsonNode? value = null)
    {
        var evaluation = Evaluate(Rule(field, comparison, value));
        Assert.True(evaluation.IsValid, string.Join("; ", evaluation.Problems));
        return evaluation.Result;
    }

    [Theory]
    [InlineData("message.type", "equals", "user.signup", true)]
    [InlineData("message.type", "equals", "User.Signup", false)]
    [InlineData("message.type", "not_equals", "user.login", true)]
    [InlineData("message.type", "not_equals", "user.signup", false)]
    [InlineData("message.count", "equals", "7", true)]
    [InlineData("message.user.premium", "equals", "true", true)]
    [InlineData("message.user.premium", "equals", "false", false)]
    [InlineData("message.user.email", "contains", "@Example", true)]
    [InlineData("message.user.email", "contains", "@example", false)]
    [InlineData("message.tags", "contains", "beta", true)]
    [InlineData("message.tags", "contains", "alpha", false)]
    [InlineData("message.type", "starts_with", "user.", true)]
    [InlineData("message.type", "starts_with", "signup", false)]
    [InlineData("message.type", "ends_with", ".signup", true)]
    [InlineData("message.type", "ends_with", "user", false)]
    [InlineData("message.user.age", "greater_than", "18", true)]
    [InlineData("message.user.age", "greater_than", "30", false)]
    [InlineData("message.user.age", "less_than", "31", true)]
    [InlineData("message.user.age", "less_than", "30", false)]
    [InlineData("message.count", "greater_than", "6.5", true)]
    [InlineData("message.createdAt", "greater_than", "2024-01-15", true)]
    [InlineData("message.createdAt", "less_than", "2024-01-15T10:30:00Z", false)]
    [InlineData("message.type", "in", "user.login, user.signup", true)]
    [InlineData("message.type", "in", "user.login,user.logout", false)]
    [InlineData("message.user.age", "in", "29,30", true)]
    [InlineData("message.type", "matches", "^user\\.(signup|login)$", true)]
    [InlineData("message.type", "matches", "^admin\\.", false)]
    [InlineData("message.items.0.id", "equals", "a1", true)]
    [InlineData("message.items[1].id", "equals", "b2", true)]
    [InlineData("message.items.1.price", "greater_than", "19.99", true)]
    public void Text_valued_comparisons(string field, string comparison, string value, bool expected)
    {
        Assert.Equal(expected, Holds(field, comparison, value));
    }

    [Fact]
    public void Typed_values_compare_by_value()
    {
        Assert.True(Holds("message.user.age", "equals", 30));
        Assert.True(Holds("message.user.age", "equals", 30.0));
        Assert.False(Holds("message.user.age", "equals", 31));
        Assert.True(Holds("message.user.premium", "equals", true));
        Assert.True(Holds("message.user.age", "greater_than", 29.5));
        Assert.True(Holds("message.user.nickname", "equals", null));
        Assert.True(Holds("message.items.0", "equals", JsonNode.Parse("""{ "price": 9.5, "id": "a1" }""")));
        Assert.True(Holds("message.type", "in", new JsonArray("user.login", "user.signup")));
        Assert.False(Holds("message.user.age", "in", new JsonArray(1, 2, 3)));
        Assert.True(Holds("message.user.age", "in", new JsonArray(29, 30)));
    }

    [Fact]
    public void Large_integers_compare_exactly()
    {
        var context = JsonNode.Parse("""{ "message": { "id": 9007199254740993 } }""");

        Assert.False(ConditionEvaluator.Default.Evaluate(Rule("message.id", "equals", 9007199254740992), context).Result);
        Assert.True(ConditionEvaluator.Default.Evaluate(Rule("message.id", "equals", "9007199254740993"), context).Result);
        Assert.True(ConditionEvaluator.Default.Evaluate(Rule("message.id", "greater_than", "9007199254740992"), context).Result);
    }

    [Fact]
    public void An_unreadable_context_is_a_problem_not_an_exception()
    {
        var context = JsonNode.Parse("""{ "message": { "type": "a", "type": "b" } }""");

        var evaluation = ConditionEvaluator.Default.Evaluate(Rule("message.type", "equals", "a"), context);

        Assert.False(evaluation.Result);
        Assert.Equal(ConditionProblemCodes.InvalidJson, Assert.Single(evaluation.Problems).Code);
    }

    [Fact]
    public void Exists_means_present_and_not_null()
    {
        Assert.True(Holds("message.user.id", "exists"));
        Assert.False(Holds("message.user.nickname", "exists"));
        Assert.False(Holds("message.user.phone", "exists"));
        Assert.True(Holds("message.user.phone", "not_exists"));
        Assert.True(Holds("message.user.nickname", "not_exists"));
        Assert.False(Holds("message.user.id", "not_exists"));
    }

    [Fact]
    public void A_missing_field_fails_every_comparison_except_not_equals_and_not_exists()
    {
        foreach (var comparison in new[] { "equals", "contains", "starts_with", "ends_with", "in", "matches" })
            Assert.False(Holds("message.nope.deeper", comparison, "x"), comparison);
        Assert.False(Holds("message.items.5.id", "greater_than", 1));
        Assert.False(Holds("message.items.5.id", "less_than", 1));
        Assert.True(Holds("message.nope", "not_equals", "x"));

        var rule = Assert.Single(Evaluate(Rule("message.nope", "equals", "x")).Rules);
        Assert.False(rule.FieldFound);
        Assert.Null(rule.Error);
    }

    [Fact]
    public void Values_that_cannot_be_ordered_fail_with_an_explanation()
    {
        var rule = Assert.Single(Evaluate(Rule("message.type", "greater_than", 5)).Rules);

        Assert.False(rule.Result);
        Assert.Contains("two numbers or two ISO dates", rule.Error);
    }

    [Fact]
    public void Nested_groups_combine_with_and_and_or()
    {
        var condition = Group("AND",
            Rule("message.type", "equals", "user.signup"),
            Group("OR", Rule("message.user.age", "less_than", 18), Rule("message.user.premium", "equals", true)));

        var evaluation = Evaluate(condition);

        Assert.True(evaluation.Result);
        Assert.Equal([true, false, true], evaluation.Rules.Select(r => r.Result));
        Assert.Equal(["$", "$.conditions[1]"], evaluation.Groups.Select(g => g.Location));
        Assert.Equal(["$.conditions[0]", "$.conditions[1].conditions[0]", "$.conditions[1].conditions[1]"], evaluation.Rules.Select(r => r.Location));

        Assert.False(Evaluate(Group("and", Rule("message.type", "equals", "x"), Group("or", Rule("message.user.premium", "equals", true)))).Result);
        Assert.False(Evaluate(Group("OR", Rule("message.type", "equals", "x"), Rule("message.user.age", "less_than", 18))).Result);
    }

    [Fact]
    public void Empty_groups_pass_and_so_does_no_condition()
    {
        Assert.True(Evaluate(Group("AND")).Result);
        Assert.True(Evaluate(Group("OR")).Result);
        Assert.True(ConditionEvaluator.Default.Evaluate((JsonNode?)null, Context).Result);
    }

    [Fact]
    public void Rule_details_show_field_values_operator_and_result()
    {
        var rule = Assert.Single(Evaluate(Rule("message.user.age", "greater_than", "18")).Rules);

        Assert.Equal(("message.user.age", "greater_than", true, true, null), (rule.Field, rule.Operator, rule.FieldFound, rule.Result, rule.Error));
        Assert.Equal(30, rule.EvaluatedValue!.GetValue<int>());
        Assert.Equal("18", rule.ExpectedValue!.GetValue<string>());
    }

    [Fact]
    public void A_catastrophic_pattern_times_out_with_an_error_instead_of_hanging()
    {
        var context = new JsonObject { ["message"] = new JsonObject { ["text"] = new string('a', 40) + "!" } };
        // The lookahead keeps this pattern on the backtracking engine (plain nested repetition runs on the linear one).
        var condition = Rule("message.text", "matches", "^(?=a)(a+)+$");
        var watch = Stopwatch.StartNew();

        var evaluation = ConditionEvaluator.Default.Evaluate(condition, context);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.ElapsedMilliseconds} ms");
        var rule = Assert.Single(evaluation.Rules);
        Assert.False(rule.Result);
        Assert.Contains("took longer than 100 ms", rule.Error);
    }

    [Fact]
    public void Invalid_conditions_fail_with_every_problem_listed()
    {
        var condition = Group("XOR",
            Rule("message..type", "equals", "x"),
            Rule("message.type", "looks_like", "x"),
            Rule("message.type", "matches", "(unclosed"),
            Rule("message.type", "greater_than", "soon"),
            new JsonObject { ["type"] = "rule", ["field"] = "message.type", ["comparison"] = "equals" },
            new JsonObject { ["type"] = "banana" },
            JsonValue.Create(5)!);

        var evaluation = Evaluate(condition);

        Assert.False(evaluation.Result);
        Assert.Equal(
            [("$.operator", ConditionProblemCodes.InvalidOperator),
             ("$.conditions[0].field", ConditionProblemCodes.InvalidFieldPath),
             ("$.conditions[1].comparison", ConditionProblemCodes.UnknownComparison),
             ("$.conditions[2].value", ConditionProblemCodes.InvalidPattern),
             ("$.conditions[3].value", ConditionProblemCodes.InvalidValue),
             ("$.conditions[4].value", ConditionProblemCodes.MissingField),
             ("$.conditions[5].type", ConditionProblemCodes.UnknownConditionType),
             ("$.conditions[6]", ConditionProblemCodes.InvalidType)],
            evaluation.Problems.Select(p => (p.Location, p.Code)));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "type": "group", "operator": "AND" }""")]
    [InlineData("""{ "type": "group", "operator": "AND", "conditions": {} }""")]
    [InlineData("""[1, 2]""")]
    [InlineData("""{ "type": "rule", "type": "group", "operator": "AND", "conditions": [] }""")]
    public void Malformed_condition_text_is_reported(string json)
    {
        var parsed = ConditionParser.Parse(json);

        Assert.False(parsed.IsValid);
        Assert.Null(parsed.Condition);
    }

    [Fact]
    public void Nesting_past_the_limit_is_reported()
    {
        JsonNode condition = Rule("message.type", "exists");
        for (var i = 0; i < ConditionParser.MaxNesting + 1; i++) condition = Group("AND", condition);

        Assert.Contains(ConditionParser.Parse(condition).Problems, p => p.Code == ConditionProblemCodes.TooDeep);
    }

    [Fact]
    public void Comparison_names_are_case_insensitive_and_listed()
    {
        Assert.True(Holds("message.type", "EQUALS", "user.signup"));
        Assert.Equal(11, ConditionComparisons.All.Count);
    }
}
