using Builder.Web.Features.Workflows.Canvas;
using static Builder.Web.Tests.Components.Workflows.CanvasFixtures;

namespace Builder.Web.Tests.Components.Workflows;

public sealed class TreeLayoutTests
{
    [Fact]
    public void A_three_level_tree_has_no_overlapping_nodes_and_parents_above_children()
    {
        var model = new CanvasModel([
            Node("root", null, "Event"),
            Node("a", "root", "Prompt"), Node("b", "root", "Prompt"), Node("c", "root", "Prompt"),
            Node("a1", "a"), Node("a2", "a"), Node("a3", "a"), Node("b1", "b"), Node("c1", "c"), Node("c2", "c"),
        ]);

        model.Layout();

        var nodes = model.Nodes;
        foreach (var one in nodes)
        foreach (var other in nodes.Where(o => o.Id != one.Id))
        {
            var apart = Math.Abs(one.X - other.X) >= CanvasGeometry.NodeWidth || Math.Abs(one.Y - other.Y) >= CanvasGeometry.NodeHeight;
            Assert.True(apart, $"{one.Id} overlaps {other.Id}");
        }
        foreach (var child in nodes.Where(n => n.ParentId is not null))
            Assert.True(model.Find(child.ParentId)!.Y < child.Y);
        Assert.True(model.Find("a1")!.X < model.Find("a2")!.X && model.Find("a2")!.X < model.Find("a3")!.X, "children keep their order");
        var root = model.Find("root")!;
        Assert.InRange(root.X, model.Find("a")!.X, model.Find("c")!.X);
    }

    [Fact]
    public void Layout_is_one_undoable_edit_and_handles_unconnected_nodes()
    {
        var model = new CanvasModel([Node("root", null, "Event", 5, 5), Node("x", "root", x: 5, y: 5), Node("loose", null, x: 5, y: 5)]);

        model.Layout();
        Assert.Equal(3, model.Nodes.Select(n => (n.X, n.Y)).Distinct().Count());

        model.Undo();
        Assert.All(model.Nodes, n => Assert.Equal((5d, 5d), (n.X, n.Y)));
    }

    [Fact]
    public void A_deep_chain_is_laid_out_without_recursion()
    {
        var nodes = Enumerable.Range(0, 2000).Select(i => Node($"n{i}", i == 0 ? null : $"n{i - 1}")).ToList();
        var positions = TreeLayout.Arrange(nodes);
        Assert.Equal(1999 * TreeLayout.RowHeight, positions[^1].Y);
    }
}
