using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Builder.Web.Features.WorkflowEntities;

namespace Builder.Web.Tests.Components.WorkflowEntities;

/// <summary>The builder's model: what the visual edits turn into, as the stored condition JSON.</summary>
public sealed class ConditionDraftTests
{
    private const string Nested = """
        {"type":"group","operator":"AND","conditions":[
          {"type":"rule","field":"message.type","comparison":"equals","value":"user.signup"},
          {"type":"group","operator":"OR","conditions":[
            {"type":"rule","field":"message.user.plan","comparison":"in","value":["pro","team"]},
            {"type":"rule","field":"message.user.age","comparison":"greater_than","value":17},
            {"type":"rule","field":"message.user.verified","comparison":"exists"}
          ]}
        ]}
        """;

    private static readonly ConditionTestService Tester = new(ConditionLimits.Default);
    private static readonly Actor Guest = new(Guid.NewGuid(), "guest@acme.test", "Guest", false, new Dictionary<Guid, Role> { [Guid.NewGuid()] = Role.Guest });

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {JsonNode.Parse(expected)!.ToJsonString()}, got {actual?.ToJsonString()}");

    [Fact]
    public void Reading_and_writing_a_nested_condition_changes_nothing()
    {
        var draft = ConditionDraft.FromJson(JsonNode.Parse(Nested));

        AssertJson(Nested, draft.ToJson());
    }

    [Fact]
    public void No_condition_reads_as_an_empty_draft_and_writes_null()
    {
        var draft = ConditionDraft.FromJson(null);

        Assert.True(draft.IsEmpty);
        Assert.Null(draft.ToJson());
    }

    [Fact]
    public void A_rule_at_the_root_is_wrapped_in_an_AND_group()
    {
        var draft = ConditionDraft.FromJson(JsonNode.Parse("""{"type":"rule","field":"message.a","comparison":"exists"}"""));

        AssertJson("""{"type":"group","operator":"AND","conditions":[{"type":"rule","field":"message.a","comparison":"exists"}]}""", draft.ToJson());
    }

    [Fact]
    public void Adding_rules_and_a_nested_group_builds_the_tree()
    {
        var draft = new ConditionDraft();
        var root = draft.Start();
        var first = (ConditionRuleDraft)root.Items[0];
        (first.Field, first.Value) = ("message.type", "order.created");
        var group = root.AddGroup();
        var nested = (ConditionRuleDraft)group.Items[0];
        (nested.Field, nested.Comparison, nested.Value) = ("message.total", "greater_than", "100");
        group.AddRule("message.priority", "not_exists");

        AssertJson("""
            {"type":"group","operator":"AND","conditions":[
              {"type":"rule","field":"message.type","comparison":"equals","value":"order.created"},
              {"type":"group","operator":"OR","conditions":[
                {"type":"rule","field":"message.total","comparison":"greater_than","value":100},
                {"type":"rule","field":"message.priority","comparison":"not_exists"}
              ]}
            ]}
            """, draft.ToJson());
        Assert.False(draft.Validate().Any);
    }

    [Fact]
    public void Rules_and_groups_move_up_and_down_within_their_group_and_not_past_its_ends()
    {
        var draft = ConditionDraft.FromJson(JsonNode.Parse(Nested));
        var root = draft.Root!;
        var group = (ConditionGroupDraft)root.Items[1];
        var exists = group.Items[2];

        Assert.True(draft.MoveUp(exists));
        Assert.True(draft.MoveUp(exists));
        Assert.False(draft.CanMoveUp(exists));
        Assert.False(draft.MoveUp(exists));
        Assert.True(draft.MoveUp(group));
        Assert.False(draft.CanMoveDown(root.Items[1]));

        var fields = draft.Items().Select(i => i.Item).OfType<ConditionRuleDraft>().Select(r => r.Field);
        Assert.Equal(["message.user.verified", "message.user.plan", "message.user.age", "message.type"], fields);
        Assert.Equal("$.conditions[0].conditions[0]", draft.Items().Single(i => i.Item == exists).Location);
    }

    [Fact]
    public void Removing_a_rule_or_a_group_takes_it_out_of_its_parent()
    {
        var draft = ConditionDraft.FromJson(JsonNode.Parse(Nested));
        var group = (ConditionGroupDraft)draft.Root!.Items[1];

        Assert.True(draft.Remove(group.Items[0]));
        Assert.Equal(2, group.Items.Count);
        Assert.True(draft.Remove(group));
        Assert.False(draft.Remove(draft.Root)); // the root goes with Clear

        AssertJson("""{"type":"group","operator":"AND","conditions":[{"type":"rule","field":"message.type","comparison":"equals","value":"user.signup"}]}""", draft.ToJson());
        draft.Clear();
        Assert.Null(draft.ToJson());
    }

    [Fact]
    public void Exists_writes_no_value_and_hides_it()
    {
        var draft = new ConditionDraft();
        var rule = (ConditionRuleDraft)draft.Start().Items[0];
        (rule.Field, rule.Value, rule.Comparison) = ("message.user.id", "left over", "exists");

        Assert.False(rule.TakesValue);
        AssertJson("""{"type":"group","operator":"AND","conditions":[{"type":"rule","field":"message.user.id","comparison":"exists"}]}""", draft.ToJson());
    }

    [Theory]
    [InlineData("in", "[\"a\", 2]", "[\"a\",2]")]
    [InlineData("in", "a, b", "\"a, b\"")]
    [InlineData("greater_than", "2.5", "2.5")]
    [InlineData("less_than", "2024-01-15", "\"2024-01-15\"")]
    [InlineData("equals", "42", "\"42\"")]
    public void Typed_values_become_the_JSON_their_comparison_expects(string comparison, string typed, string json)
    {
        var rule = new ConditionRuleDraft { Field = "message.x", Comparison = comparison, Value = typed };

        Assert.Equal(json, rule.ToJsonValue()!.ToJsonString());
    }

    [Fact]
    public void An_edited_value_replaces_the_loaded_one()
    {
        var draft = ConditionDraft.FromJson(JsonNode.Parse(Nested));
        var age = draft.Items().Select(i => i.Item).OfType<ConditionRuleDraft>().Single(r => r.Field == "message.user.age");

        Assert.Equal("17", age.Value);
        age.Value = "21";

        Assert.Equal("21", age.ToJsonValue()!.ToJsonString());
    }

    [Fact]
    public void Parser_problems_are_filed_under_the_rule_and_part_they_belong_to()
    {
        var draft = new ConditionDraft();
        var root = draft.Start();
        var blank = (ConditionRuleDraft)root.Items[0];
        var group = root.AddGroup();
        var age = (ConditionRuleDraft)group.Items[0];
        (age.Field, age.Comparison, age.Value) = ("message.age", "greater_than", "old");
        var pattern = group.AddRule("message.name", "matches", "(unclosed");

        var problems = draft.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains("needs a field", problems.Text(blank, ConditionPart.Field));
        Assert.Contains("needs a number or an ISO date", problems.Text(age, ConditionPart.Value));
        Assert.Contains("not a valid regular expression", problems.Text(pattern, ConditionPart.Value));
        Assert.Empty(problems.For(group));
        Assert.Null(problems.Text(age, ConditionPart.Field));
    }

    [Fact]
    public void A_bad_field_path_is_reported_on_the_field()
    {
        var draft = new ConditionDraft();
        var rule = (ConditionRuleDraft)draft.Start().Items[0];
        (rule.Field, rule.Value) = ("message..type", "x");

        Assert.Contains("is not a field path", draft.Validate().Text(rule, ConditionPart.Field));
    }

    [Fact]
    public void Problems_at_a_longer_index_are_not_filed_under_a_shorter_one()
    {
        var draft = new ConditionDraft();
        var root = draft.Start();
        root.Items.Clear();
        for (var i = 0; i < 11; i++) root.AddRule($"message.f{i}", "equals", "x");
        var eleventh = (ConditionRuleDraft)root.Items[10];
        eleventh.Field = "";

        var problems = draft.Validate();

        Assert.Empty(problems.For(root.Items[1]));
        Assert.NotNull(problems.Text(eleventh, ConditionPart.Field));
    }

    [Fact]
    public void Arguments_flag_names_used_twice_ignoring_case_and_spaces()
    {
        var draft = ArgumentsDraft.From([new EntityArgument("userId", "{{message.user.id}}", null), new EntityArgument("plan", "pro", "Plan")]);
        var third = draft.Add();
        third.Name = " USERID ";

        Assert.True(draft.IsDuplicate(draft.Rows[0]));
        Assert.True(draft.IsDuplicate(third));
        Assert.False(draft.IsDuplicate(draft.Rows[1]));
        draft.Remove(third);
        Assert.False(draft.HasDuplicates);
        Assert.Equal([new EntityArgument("userId", "{{message.user.id}}", null), new EntityArgument("plan", "pro", "Plan")], draft.ToArguments());
    }

    [Fact]
    public void The_tester_evaluates_a_sample_message_and_fills_in_the_arguments()
    {
        var outcome = Tester.TestSample(Guest, JsonNode.Parse(Nested), """{"type":"user.signup","user":{"plan":"pro","id":7}}""",
            [new EntityArgument("userId", "{{message.user.id}}", null), new EntityArgument("team", "{{message.team.name}}", null)]);

        Assert.Null(outcome.SampleError);
        Assert.True(outcome.Evaluation!.Result);
        Assert.Equal(4, outcome.Evaluation.Rules.Count);
        Assert.Equal("7", outcome.Arguments[0].Value);
        Assert.Equal(["message.team.name"], outcome.Arguments[1].Unresolved);
    }

    [Theory]
    [InlineData("", "Paste a sample message")]
    [InlineData("{\"type\": ", "The sample JSON is not valid: it ends too early, at line 1, column 10")]
    [InlineData("{\"a\":1,\"a\":2}", "The sample JSON is not valid: a property name appears twice")]
    [InlineData("{\n  \"type\": user\n}", "The sample JSON is not valid: unexpected character 'u' at line 2, column 11.")]
    public void The_tester_explains_a_sample_it_cannot_read(string sample, string message)
    {
        var outcome = Tester.TestSample(Guest, JsonNode.Parse(Nested), sample);

        Assert.Contains(message, outcome.SampleError);
        Assert.Null(outcome.Evaluation);
    }
}
