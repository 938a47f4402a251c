using Builder.Web.Features.Workflows.Canvas;
using static Builder.Web.Tests.Components.Workflows.CanvasFixtures;

namespace Builder.Web.Tests.Components.Workflows;

public sealed class CanvasModelTests
{
    [Fact]
    public void Every_edit_can_be_undone_and_redone_in_order()
    {
        var model = ThreeLevels();
        var original = model.Nodes.ToArray();

        model.Move([new NodePosition("a1", 500, 600)]);
        model.Rename("p", "Ask the model");
        var added = model.AddNode("Extra", ActionEntity, "Action", "hexagon", 10, 10);
        Assert.Null(model.Connect("a2", added.Id));
        var edited = model.Nodes.ToArray();

        Assert.True(model.Undo()); // connect
        Assert.Null(model.Find(added.Id)!.ParentId);
        Assert.True(model.Undo()); // add
        Assert.Null(model.Find(added.Id));
        Assert.True(model.Undo()); // rename
        Assert.True(model.Undo()); // move
        Assert.Equal(original, model.Nodes);
        Assert.False(model.Undo());

        while (model.Redo()) { }
        Assert.Equal(edited, model.Nodes);
    }

    [Fact]
    public void A_new_edit_after_undo_clears_redo()
    {
        var model = ThreeLevels();
        model.Rename("p", "One");
        model.Undo();
        model.Rename("p", "Two");
        Assert.False(model.History.CanRedo);
        Assert.Equal("Two", model.Find("p")!.Name);
    }

    [Theory]
    [InlineData("a1", "root", "ancestor")]          // cycle
    [InlineData("root", "a1", "already has a parent")] // second parent
    [InlineData("r", "loose", "Result")]            // child under a Result
    public void Refused_connections_name_their_reason_and_change_nothing(string parent, string child, string reason)
    {
        var model = new CanvasModel([.. ThreeLevels().Nodes, Node("loose", null)]);
        var before = model.Nodes.ToArray();

        var refusal = model.Connect(parent, child);

        Assert.Contains(reason, refusal);
        Assert.Equal(before, model.Nodes);
        Assert.False(model.History.CanUndo);
    }

    [Fact]
    public void Deleting_a_node_moves_its_children_up_to_its_parent()
    {
        var model = ThreeLevels();
        model.Select("p");
        model.DeleteSelection();

        Assert.Null(model.Find("p"));
        Assert.Equal("root", model.Find("a1")!.ParentId);
        Assert.Equal("root", model.Find("a2")!.ParentId);
        Assert.Single(model.Roots);
    }

    [Fact]
    public void Copy_and_paste_duplicates_a_subtree_with_new_ids_under_the_selected_node()
    {
        var model = ThreeLevels();
        model.Select("p");
        var copied = model.SelectedSubtrees();
        Assert.Equal(["p", "a1", "a2"], copied.Select(n => n.Id));

        model.Paste(copied, "root");

        Assert.Equal(8, model.Nodes.Count);
        var pastedTop = model.Nodes.Single(n => n.ParentId == "root" && n.Name == "Prompt p" && n.Id != "p");
        Assert.Equal(2, model.ChildrenOf(pastedTop.Id).Count());
        Assert.Single(model.Roots);
        model.Undo();
        Assert.Equal(5, model.Nodes.Count);
    }

    [Fact]
    public void Pasting_twice_puts_the_second_copy_beside_the_first_not_on_it()
    {
        var model = ThreeLevels();
        model.Layout();
        model.Select("a1");
        var copied = model.SelectedSubtrees();

        model.Paste(copied, null);
        model.Paste(copied, null);
        model.Paste(copied, "p"); // under a parent: where its children already are

        NoNodeSitsOnAnother(model);
    }

    [Fact]
    public void A_node_dropped_or_added_where_one_already_is_moves_off_it()
    {
        var model = ThreeLevels();
        model.Layout();
        var a1 = model.Find("a1")!;

        var dropped = model.AddNode("Dropped", ActionEntity, "Action", "hexagon", a1.X, a1.Y);
        var again = model.AddNode("Dropped again", ActionEntity, "Action", "hexagon", a1.X, a1.Y);
        var child = model.AddChild("root", "Child", ActionEntity, "Action", "hexagon");

        Assert.NotEqual((a1.X, a1.Y), (dropped.X, dropped.Y));
        Assert.True(dropped.X > a1.X && dropped.Y > a1.Y); // down and to the right, still near where it was dropped
        Assert.NotNull(child);
        NoNodeSitsOnAnother(model);
        var free = model.AddNode("Free", ActionEntity, "Action", "hexagon", 5000, 6000);
        Assert.Equal((5000d, 6000d), (free.X, free.Y)); // nothing there: it stays where it was dropped
    }

    [Fact]
    public void Canvas_problems_name_nodes_and_never_show_internal_ids()
    {
        var nodes = new[] { Node("n62d80af9", null, "Event") with { Name = "Check order" }, Node("n0000aaaa", null) with { EntityId = Guid.NewGuid() } };
        var types = new Dictionary<Guid, string> { [EventEntity] = "Event" };

        var problems = CanvasProblems.Check(nodes, types);

        var text = string.Join("\n", problems.ByNode.Values.SelectMany(v => v).Concat(problems.General));
        Assert.Contains("'Check order' already is the root", text);
        Assert.Contains("does not exist in this organization", text);
        Assert.DoesNotContain("n62d80af9", text);
        Assert.DoesNotContain(nodes[1].EntityId.ToString(), text);
    }

    private static void NoNodeSitsOnAnother(CanvasModel model)
    {
        foreach (var one in model.Nodes)
            foreach (var other in model.Nodes.Where(o => o.Id != one.Id))
                Assert.False(Math.Abs(one.X - other.X) < CanvasGeometry.HalfWidth && Math.Abs(one.Y - other.Y) < CanvasGeometry.HalfHeight,
                    $"{one.Name} ({one.X},{one.Y}) sits on {other.Name} ({other.X},{other.Y})");
    }

    [Fact]
    public void Arrow_keys_move_to_parent_child_and_siblings()
    {
        var nodes = ThreeLevels().Nodes;
        Assert.Equal("root", CanvasNavigation.Next(nodes, null, "ArrowDown"));
        Assert.Equal("p", CanvasNavigation.Next(nodes, "root", "ArrowDown"));
        Assert.Equal("r", CanvasNavigation.Next(nodes, "p", "ArrowRight"));
        Assert.Equal("a1", CanvasNavigation.Next(nodes, "a2", "ArrowLeft"));
        Assert.Equal("p", CanvasNavigation.Next(nodes, "a1", "ArrowUp"));
    }

    [Fact]
    public void Workflow_json_round_trips_the_tree_with_ids_order_and_positions()
    {
        var model = ThreeLevels();
        model.Move([new NodePosition("a2", 12.5, -40)]);

        var json = WorkflowJson.Write(model.Nodes);
        var read = WorkflowJson.Read(json);

        Assert.Equal(model.Nodes.Select(n => (n.Id, n.ParentId, n.X, n.Y)), read.Select(n => (n.Id, n.ParentId, n.X, n.Y)));
        Assert.Equal("a1", json["root"]!["children"]![0]!["children"]![0]!["id"]!.GetValue<string>());
    }
}
