using System.Text.Json.Nodes;
using Builder.Domain.Workflows;

namespace Builder.Domain.Tests.Workflows;

public class WorkflowDryRunnerTests
{
    private static readonly JsonNode Message = JsonNode.Parse("""
        { "type": "user.signup", "user": { "id": "u-42", "name": "Ada", "plan": "premium", "age": 36 } }
        """)!;

    private static readonly Dictionary<string, WorkflowEntityDefinition> Entities = new[]
    {
        Entity("Signup", "event", Condition("message.type", "equals", "user.signup")),
        Entity("Login", "event", Condition("message.type", "equals", "user.login")),
        Entity("Is premium", "action", Condition("message.user.plan", "equals", "premium"), tf: "True/False"),
        Entity("Is minor", "action", Condition("message.user.age", "less_than", 18), tf: "True/False"),
        Entity("Welcome", "prompt", null,
            new WorkflowEntityArgument("userId", "{{message.user.id}}", "The user's id"),
            new WorkflowEntityArgument("greeting", "Hi {{message.user.name}}, you are {{message.user.age}}"),
            new WorkflowEntityArgument("age", "{{message.user.age}}"),
            new WorkflowEntityArgument("phone", "{{message.user.phone}}")),
        Entity("Premium welcome", "action", null, new WorkflowEntityArgument("plan", "{{message.user.plan}}")),
        Entity("Basic welcome", "action", null),
        Entity("Done", "result", null),
        Entity("Broken", "action", Condition("message.type", "sounds_like", "x")),
    }.ToDictionary(e => e.Name);

    private static WorkflowEntityDefinition Entity(string name, string type, JsonNode? condition, params WorkflowEntityArgument[] arguments) =>
        Entity(name, type, condition, null, arguments);

    private static WorkflowEntityDefinition Entity(string name, string type, JsonNode? condition, string? tf, params WorkflowEntityArgument[] arguments) =>
        new() { Id = Guid.NewGuid(), Name = name, EntityType = type, Condition = condition, TfCondition = tf, Arguments = arguments };

    private static JsonNode Condition(string field, string comparison, JsonNode value) => new JsonObject
    {
        ["type"] = "group", ["operator"] = "AND",
        ["conditions"] = new JsonArray(new JsonObject { ["type"] = "rule", ["field"] = field, ["comparison"] = comparison, ["value"] = value }),
    };

    private static WorkflowNode Node(string entity, params WorkflowNode[] children) =>
        new(entity, Entities[entity].Id, Entities[entity].EntityType, new NodePresentation("circle", 0, 0), children) { Id = entity };

    private static DryRunResult Run(WorkflowNode root, JsonNode? message = null) =>
        new WorkflowDryRunner().Run(new WorkflowData(root), Entities.Values, message ?? Message);

    [Fact]
    public void Walks_a_three_level_tree_depth_first_in_child_order()
    {
        var root = Node("Signup", Node("Welcome", Node("Done")), Node("Basic welcome"));

        var result = Run(root);

        Assert.True(result.Completed);
        Assert.Equal(["Signup", "Welcome", "Done", "Basic welcome"], result.PathTaken);
        Assert.All(result.Steps, s => Assert.Equal(DryRunOutcome.Continued, s.Outcome));
        Assert.Equal(["$.root", "$.root.children[0]", "$.root.children[0].children[0]", "$.root.children[1]"], result.Steps.Select(s => s.NodePath));
        var signup = result.Steps[0];
        Assert.True(signup.Condition!.Result);
        Assert.Equal("user.signup", signup.Condition.Rules[0].EvaluatedValue!.GetValue<string>());
    }

    [Fact]
    public void A_false_condition_stops_its_branch_but_not_its_siblings()
    {
        var root = Node("Signup", Node("Login", Node("Welcome")), Node("Basic welcome"));

        var result = Run(root);

        Assert.Equal(["Signup", "Login", "Basic welcome"], result.PathTaken);
        var login = result.Steps[1];
        Assert.Equal(DryRunOutcome.Stopped, login.Outcome);
        Assert.False(login.Condition!.Result);
        Assert.Empty(login.Arguments);
        Assert.Equal(("message.type", "user.signup", "user.login"),
            (login.Condition.Rules[0].Field, login.Condition.Rules[0].EvaluatedValue!.GetValue<string>(), login.Condition.Rules[0].ExpectedValue!.GetValue<string>()));
    }

    [Fact]
    public void A_false_root_condition_stops_the_whole_run()
    {
        var result = Run(Node("Signup", Node("Welcome")), JsonNode.Parse("""{ "type": "user.deleted" }"""));

        Assert.Equal(["Signup"], result.PathTaken);
        Assert.Equal(DryRunOutcome.Stopped, result.Steps[0].Outcome);
    }

    [Fact]
    public void A_true_false_node_takes_the_first_child_when_true_and_the_second_when_false()
    {
        var root = Node("Signup",
            Node("Is premium", Node("Premium welcome"), Node("Basic welcome")),
            Node("Is minor", Node("Premium welcome"), Node("Basic welcome", Node("Done"))));

        var result = Run(root);

        Assert.Equal(["Signup", "Is premium", "Premium welcome", "Is minor", "Basic welcome", "Done"], result.PathTaken);
        Assert.Equal(DryRunBranch.True, result.Steps[1].Branch);
        Assert.Equal(DryRunBranch.False, result.Steps[3].Branch);
        Assert.Equal(DryRunOutcome.Continued, result.Steps[3].Outcome);
        Assert.Equal("$.root.children[1].children[1]", result.Steps[4].NodePath);
    }

    [Fact]
    public void A_true_false_node_without_the_chosen_branch_ends_and_says_so()
    {
        var result = Run(Node("Signup", Node("Is minor", Node("Premium welcome"))));

        Assert.Equal(["Signup", "Is minor"], result.PathTaken);
        Assert.Equal("The false branch is empty.", result.Steps[1].Message);
    }

    [Fact]
    public void Arguments_of_nodes_that_ran_are_substituted()
    {
        var result = Run(Node("Signup", Node("Welcome")));

        var arguments = result.Steps[1].Arguments.ToDictionary(a => a.Name);
        Assert.Equal("u-42", arguments["userId"].Value!.GetValue<string>());
        Assert.Equal("The user's id", arguments["userId"].Description);
        Assert.Equal("{{message.user.id}}", arguments["userId"].Template);
        Assert.Equal("Hi Ada, you are 36", arguments["greeting"].Value!.GetValue<string>());
        Assert.Equal(36, arguments["age"].Value!.GetValue<int>());
        Assert.Equal("{{message.user.phone}}", arguments["phone"].Value!.GetValue<string>());
        Assert.Equal(["message.user.phone"], arguments["phone"].Unresolved);
        Assert.Equal(["message.user.name", "message.user.age"], arguments["greeting"].SubstitutionsMade.Select(s => s.Name));
    }

    [Fact]
    public void Unknown_entities_and_invalid_conditions_fail_their_branch_with_a_reason()
    {
        var stranger = new WorkflowNode("Stranger", Guid.NewGuid(), "action", new NodePresentation("circle", 0, 0), [Node("Done")]);
        var root = Node("Signup", stranger, Node("Broken", Node("Done")), Node("Basic welcome"));

        var result = Run(root);

        Assert.Equal(["Signup", "$.root.children[0]", "Broken", "Basic welcome"], result.PathTaken);
        Assert.Equal(DryRunOutcome.Failed, result.Steps[1].Outcome);
        Assert.Equal("'Stranger' runs an entity that was deleted; this branch stops here.", result.Steps[1].Message);
        Assert.DoesNotContain(stranger.EntityId.ToString(), result.Steps[1].Message);
        Assert.Equal(DryRunOutcome.Failed, result.Steps[2].Outcome);
        Assert.Contains("sounds_like", result.Steps[2].Message);
        Assert.False(result.Steps[2].Condition!.IsValid);
    }

    [Fact]
    public void The_step_budget_cuts_a_run_short_and_says_so()
    {
        var runner = new WorkflowDryRunner(limits: new DryRunLimits { MaxSteps = 2 });

        var result = runner.Run(new WorkflowData(Node("Signup", Node("Welcome"), Node("Basic welcome"))), Entities.Values, Message);

        Assert.False(result.Completed);
        Assert.Equal(2, result.Steps.Count);
        Assert.Contains("2 nodes", result.Message);
    }

    [Fact]
    public void One_time_budget_covers_the_whole_walk_conditions_included()
    {
        // Every reading of the clock costs 400 ms; the walk has 1 second in all, so it stops inside the second condition at the latest.
        var runner = new WorkflowDryRunner(limits: new DryRunLimits { TimeBudget = TimeSpan.FromSeconds(1), Clock = new SteppingClock(TimeSpan.FromMilliseconds(400)) });

        var result = runner.Run(new WorkflowData(Node("Signup", Node("Is premium", Node("Premium welcome"), Node("Basic welcome")))), Entities.Values, Message);

        Assert.False(result.Completed);
        Assert.Contains("its time budget for the whole walk", result.Message);
        Assert.True(result.Steps.Count < 3);
    }

    [Fact]
    public void The_path_is_a_tree_and_a_false_root_says_it_stopped_there()
    {
        var result = Run(Node("Signup", Node("Welcome", Node("Done")), Node("Basic welcome")));
        var tree = DryRunPath.Tree(result)!;
        Assert.Equal("Signup", tree.Step.Name);
        Assert.Equal(["Welcome", "Basic welcome"], tree.Children.Select(c => c.Step.Name));
        Assert.Equal("Done", Assert.Single(tree.Children[0].Children).Step.Name);
        Assert.Null(DryRunPath.StoppedAtRoot(result));

        var stopped = Run(Node("Login", Node("Welcome")));
        Assert.Equal("Stopped at the root: its condition was false.", DryRunPath.StoppedAtRoot(stopped));
        Assert.Empty(DryRunPath.Tree(stopped)!.Children);
    }

    [Fact]
    public void An_unreadable_message_is_reported()
    {
        var result = Run(Node("Signup"), JsonNode.Parse("""{ "type": "a", "type": "b" }"""));

        Assert.False(result.Completed);
        Assert.Contains("sample message could not be read", result.Message);
    }

    [Fact]
    public void Scripts_are_never_run_and_steps_say_so()
    {
        var scripted = Entities["Basic welcome"] with { Id = Guid.NewGuid(), Name = "Scripted", Script = "throw new Error('boom')" };
        var node = new WorkflowNode("Scripted", scripted.Id, "action", new NodePresentation("circle", 0, 0), []);

        var result = new WorkflowDryRunner().Run(new WorkflowData(node), [scripted], Message);

        Assert.True(Assert.Single(result.Steps).ScriptSkipped);
    }
}
