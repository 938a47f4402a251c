using Builder.Domain.Workflows;
using static Builder.Domain.Tests.Workflows.WorkflowBuilder;
using Codes = Builder.Domain.Workflows.WorkflowProblemCodes;

namespace Builder.Domain.Tests.Workflows;

public class WorkflowGraphValidatorTests
{
    private readonly WorkflowGraphValidator _validator = new();

    private static WorkflowGraphNode N(string id, string? parent, Guid? entity = null, string type = "action") =>
        new(id, parent, $"Node {id}", entity ?? ActionId, type, new NodePresentation("circle", 0, 0));

    private static WorkflowGraphNode Root(string id = "root") => N(id, null, EventId, "event");

    private IReadOnlyList<(string, string)> Problems(params WorkflowGraphNode[] nodes) =>
        _validator.Validate(nodes, EntityTypes).Select(p => (p.NodeId ?? p.NodePath, p.Code)).ToList();

    [Fact]
    public void A_flat_tree_passes()
    {
        Assert.Empty(Problems(Root(), N("a", "root"), N("b", "a"), N("c", "root")));
    }

    [Fact]
    public void A_cycle_is_reported_on_every_node_in_it()
    {
        var problems = _validator.Validate([Root(), N("a", "c"), N("b", "a"), N("c", "b"), N("d", "a")], EntityTypes);

        Assert.Equal(["a", "b", "c"], problems.Where(p => p.Code == Codes.Cycle).Select(p => p.NodeId).Order());
        Assert.Contains("'Node a' → 'Node c' → 'Node b' → 'Node a'", problems.First(p => p.NodeId == "a").Message);
        Assert.DoesNotContain(problems, p => p.NodeId == "d");
    }

    [Fact]
    public void A_node_that_is_its_own_parent_is_a_cycle()
    {
        Assert.Equal([("a", Codes.Cycle)], Problems(Root(), N("a", "a")));
    }

    [Fact]
    public void A_node_listed_with_a_second_parent_is_reported()
    {
        Assert.Equal([("b", Codes.SecondParent)], Problems(Root(), N("a", "root"), N("b", "root"), N("b", "a")));
    }

    [Fact]
    public void A_repeated_id_with_the_same_parent_is_a_duplicate()
    {
        Assert.Equal([("a", Codes.DuplicateNodeId)], Problems(Root(), N("a", "root"), N("a", "root")));
    }

    [Fact]
    public void Roots_must_be_exactly_one()
    {
        Assert.Equal([("second", Codes.MultipleRoots)], Problems(Root(), Root("second")));
        Assert.Equal([("$", Codes.MissingRoot)], Problems());
    }

    [Fact]
    public void All_nodes_in_a_loop_means_no_root()
    {
        Assert.Contains(("$", Codes.MissingRoot), Problems(N("a", "b"), N("b", "a")));
    }

    [Fact]
    public void Unknown_parents_and_per_node_rules_are_reported()
    {
        var problems = Problems(Root(), N("a", "ghost"), N("r", "root", ResultId, "result"), N("x", "r"), N("s", "root", Guid.NewGuid()));

        Assert.Equal([("a", Codes.UnknownParent), ("r", Codes.ResultHasChildren), ("s", Codes.UnknownEntity)], problems);
    }

    [Fact]
    public void Depth_and_count_limits_apply()
    {
        var validator = new WorkflowGraphValidator(new WorkflowLimits { MaxDepth = 3, MaxNodes = 4 });
        WorkflowGraphNode[] nodes = [Root(), N("a", "root"), N("b", "a"), N("c", "b"), N("d", "c")];

        var problems = validator.Validate(nodes, EntityTypes);

        Assert.Equal([("c", Codes.TooDeep), ("d", Codes.TooManyNodes)], problems.Select(p => (p.NodeId!, p.Code)));
    }

    [Fact]
    public void Messages_name_nodes_by_their_names_never_by_their_internal_ids()
    {
        var root = Root("n62d80af9") with { Name = "Check order" };
        WorkflowGraphNode[] nodes =
        [
            root, Root("n0000aaaa"), N("n1111bbbb", "n9999zzzz"), N("n2222cccc", "n62d80af9"), N("n2222cccc", "n0000aaaa"),
            N("n3333dddd", "n4444eeee"), N("n4444eeee", "n3333dddd"),
        ];

        var messages = _validator.Validate(nodes, EntityTypes).Select(p => p.Message).ToList();

        Assert.Contains("Only one node may have no parent, and 'Check order' already is the root.", messages);
        Assert.Contains(messages, m => m.Contains("'Node n2222cccc' already has parent 'Check order'"));
        Assert.Contains(messages, m => m.Contains("'Node n3333dddd' → 'Node n4444eeee'"));
        Assert.All(messages, m => Assert.DoesNotMatch(@"n[0-9a-z]{8}", m.Replace("'Node n", "'Node ")));
        var refusal = WorkflowConnectionRules.Check(nodes, "ghost", "n62d80af9")!;
        Assert.DoesNotContain("ghost", refusal.Message);
    }

    [Fact]
    public void Two_thousand_flat_nodes_pass()
    {
        var nodes = Enumerable.Range(0, 2_000).Select(i => i == 0 ? Root("n0") : N($"n{i}", $"n{(i - 1) / 3}")).ToArray();

        Assert.Empty(_validator.Validate(nodes, EntityTypes));
    }

    [Theory]
    [InlineData("c", "loose", null)]
    [InlineData("a", "b", null)]
    [InlineData("b", "root", Codes.Cycle)]
    [InlineData("a", "a", Codes.Cycle)]
    [InlineData("c", "a", Codes.SecondParent)]
    [InlineData("r", "loose", Codes.ResultHasChildren)]
    [InlineData("ghost", "loose", Codes.UnknownParent)]
    public void Connections_that_would_break_the_tree_are_refused_with_a_reason(string parent, string child, string? code)
    {
        WorkflowGraphNode[] nodes = [Root(), N("a", "root"), N("b", "a"), N("c", "b"), N("r", "root", ResultId, "result"), N("loose", null)];

        var refusal = WorkflowConnectionRules.Check(nodes, parent, child);

        Assert.Equal(code, refusal?.Code);
        if (refusal is not null) Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
    }
}
