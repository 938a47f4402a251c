using System.Diagnostics;
using System.Text.Json.Nodes;
using Builder.Domain.Workflows;
using static Builder.Domain.Tests.Workflows.WorkflowBuilder;
using Codes = Builder.Domain.Workflows.WorkflowProblemCodes;

namespace Builder.Domain.Tests.Workflows;

public class WorkflowValidatorTests
{
    private readonly WorkflowValidator _validator = new();

    private IReadOnlyList<ValidationProblem> Validate(WorkflowNode root) => _validator.Validate(new WorkflowData(root), EntityTypes);

    [Fact]
    public void A_well_formed_three_level_tree_has_no_problems()
    {
        var root = Event("Signup", Action("Welcome", Result("Done")), Result("Ignored"));

        Assert.Empty(Validate(root));
    }

    [Fact]
    public void A_missing_root_is_reported()
    {
        var problem = Assert.Single(_validator.Validate(null, EntityTypes));

        Assert.Equal(Codes.MissingRoot, problem.Code);
    }

    [Fact]
    public void An_entity_outside_the_organization_is_reported_on_its_node()
    {
        var stranger = Guid.NewGuid();
        var root = Event("Signup", Action("A"), Node("Stranger", stranger, "action"));

        var problem = Assert.Single(Validate(root));

        Assert.Equal(("$.root.children[1]", "entityId", Codes.UnknownEntity), (problem.NodePath, problem.Field, problem.Code));
        Assert.Contains(stranger.ToString(), problem.Message);
    }

    [Fact]
    public void A_node_type_that_disagrees_with_its_entity_is_reported()
    {
        var root = Event("Signup", Node("Wrong", ActionId, "prompt"));

        var problem = Assert.Single(Validate(root));

        Assert.Equal(("$.root.children[0].entityType", Codes.EntityTypeMismatch), (problem.Location, problem.Code));
    }

    [Fact]
    public void Entity_types_compare_case_insensitively()
    {
        Assert.Empty(Validate(Node("Signup", EventId, "EVENT")));
    }

    [Fact]
    public void A_result_node_with_children_is_reported()
    {
        var root = Event("Signup", Result("Done", Action("After")));

        var problem = Assert.Single(Validate(root));

        Assert.Equal(("$.root.children[0]", Codes.ResultHasChildren), (problem.NodePath, problem.Code));
    }

    [Theory]
    [InlineData(double.NaN, 0, "presentation.position.x")]
    [InlineData(0, double.PositiveInfinity, "presentation.position.y")]
    [InlineData(double.NegativeInfinity, 0, "presentation.position.x")]
    public void A_non_finite_position_is_reported(double x, double y, string field)
    {
        var root = Event("Signup") with { Presentation = new NodePresentation("circle", x, y) };

        var problem = Assert.Single(Validate(root));

        Assert.Equal((field, Codes.NonFinitePosition), (problem.Field, problem.Code));
    }

    [Fact]
    public void Names_must_be_present_and_not_too_long()
    {
        var root = Event("", Action(new string('x', 201)), Action(new string('x', 200)));

        var problems = Validate(root);

        Assert.Equal([("$.root", Codes.NameRequired), ("$.root.children[0]", Codes.NameTooLong)],
            problems.Select(p => (p.NodePath, p.Code)));
    }

    [Fact]
    public void The_same_node_object_twice_is_a_shared_node()
    {
        var shared = Action("Shared");
        var root = Event("Signup", Action("A", shared), Action("B", shared));

        var problem = Assert.Single(Validate(root));

        Assert.Equal(("$.root.children[1].children[0]", Codes.SharedNode), (problem.NodePath, problem.Code));
    }

    [Fact]
    public void A_node_that_contains_itself_is_a_cycle_and_the_walk_ends()
    {
        var children = new List<WorkflowNode>();
        var loop = new WorkflowNode("Loop", ActionId, "action", new NodePresentation("circle", 0, 0), children);
        children.Add(loop);

        var problem = Assert.Single(Validate(Event("Signup", loop)));

        Assert.Equal(("$.root.children[0].children[0]", Codes.Cycle), (problem.NodePath, problem.Code));
    }

    [Fact]
    public void Repeated_canvas_ids_are_shared_nodes_or_cycles()
    {
        var root = Event("Signup",
            Action("A", Action("A again") with { Id = "a" }) with { Id = "a" },
            Action("B") with { Id = "b" },
            Action("B again") with { Id = "b" });

        var problems = Validate(root);

        Assert.Equal([("$.root.children[0].children[0]", Codes.Cycle), ("$.root.children[2]", Codes.SharedNode)],
            problems.Select(p => (p.NodePath, p.Code)));
    }

    [Fact]
    public void Two_thousand_nodes_pass_quickly()
    {
        var workflow = WideTree(2_000);
        var watch = Stopwatch.StartNew();

        var problems = _validator.Validate(workflow, EntityTypes);

        Assert.Empty(problems);
        Assert.True(watch.ElapsedMilliseconds < 1_000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void More_nodes_than_the_limit_are_reported_on_the_first_node_beyond_it()
    {
        var problem = Assert.Single(_validator.Validate(WideTree(5_001), EntityTypes));

        Assert.Equal(Codes.TooManyNodes, problem.Code);
        Assert.Contains("5001 nodes", problem.Message);
    }

    [Fact]
    public void The_node_count_limit_is_configurable()
    {
        var validator = new WorkflowValidator(new WorkflowLimits { MaxNodes = 2_500 });

        Assert.Empty(validator.Validate(WideTree(2_500), EntityTypes));
        Assert.Equal(Codes.TooManyNodes, Assert.Single(validator.Validate(WideTree(2_501), EntityTypes)).Code);
    }

    [Fact]
    public void Depth_64_passes_and_depth_65_is_reported_once_on_the_node_that_crosses_it()
    {
        Assert.Empty(_validator.Validate(Chain(64), EntityTypes));

        var problem = Assert.Single(_validator.Validate(Chain(200), EntityTypes));

        Assert.Equal(Codes.TooDeep, problem.Code);
        Assert.Equal(64, problem.NodePath.Split(".children[0]").Length - 1);
    }

    [Fact]
    public void A_very_deep_chain_does_not_overflow_the_stack()
    {
        var problems = _validator.Validate(Chain(20_000), EntityTypes);

        Assert.Equal([Codes.TooDeep, Codes.TooManyNodes], problems.Select(p => p.Code));
    }

    [Fact]
    public void Json_validation_reports_parse_and_rule_problems_together_without_repeating_them()
    {
        var bad = NodeJson("Bad", ActionId, "action");
        bad["entityId"] = "nope";
        var root = NodeJson("Signup", EventId, "event", bad, NodeJson("Stranger", Guid.NewGuid(), "action"), NodeJson("Typed", PromptId, "action"));

        var result = _validator.ValidateJson(Document(root), EntityTypes);

        Assert.False(result.IsValid);
        Assert.Equal(
            [("$.root.children[0].entityId", Codes.InvalidGuid), ("$.root.children[1].entityId", Codes.UnknownEntity),
             ("$.root.children[2].entityType", Codes.EntityTypeMismatch)],
            result.Problems.Select(p => (p.Location, p.Code)));
    }

    [Fact]
    public void Parse_and_rule_problems_share_one_cap()
    {
        var validator = new WorkflowValidator(new WorkflowLimits { MaxProblems = 3 });
        var children = Enumerable.Range(0, 4).Select(i =>
        {
            var node = NodeJson($"n{i}", Guid.NewGuid(), "action");
            if (i < 2) node["entityId"] = "bad";
            return (JsonNode)node;
        }).ToArray();

        var problems = validator.ValidateJson(Document(NodeJson("Signup", EventId, "event", children)), EntityTypes).Problems;

        Assert.Equal([Codes.InvalidGuid, Codes.InvalidGuid, Codes.UnknownEntity, Codes.TooManyProblems], problems.Select(p => p.Code));
        Assert.Contains("1 more", problems[^1].Message);
    }

    [Fact]
    public void Json_validation_of_a_valid_document_returns_its_tree()
    {
        var result = _validator.ValidateJson(Document(NodeJson("Signup", EventId, "event")), EntityTypes);

        Assert.True(result.IsValid);
        Assert.Equal("Signup", result.Data!.Root.Name);
    }

    [Fact]
    public void Problems_beyond_the_cap_are_summarised()
    {
        var validator = new WorkflowValidator(new WorkflowLimits { MaxProblems = 10 });
        var root = Event("Signup", Enumerable.Range(0, 30).Select(i => Node($"n{i}", Guid.NewGuid(), "action")).ToArray());

        var problems = validator.Validate(new WorkflowData(root), EntityTypes);

        Assert.Equal(11, problems.Count);
        Assert.Equal(Codes.TooManyProblems, problems[^1].Code);
        Assert.Contains("20 more", problems[^1].Message);
    }
}
