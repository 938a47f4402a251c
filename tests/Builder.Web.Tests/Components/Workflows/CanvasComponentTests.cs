using Bunit;
using Microsoft.AspNetCore.Components;
using Builder.Web.Features.Workflows.Canvas;
using static Builder.Web.Tests.Components.Workflows.CanvasFixtures;

namespace Builder.Web.Tests.Components.Workflows;

/// <summary>The SVG components: what a person sees and what a screen reader announces.</summary>
public sealed class CanvasComponentTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public CanvasComponentTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Theory]
    [InlineData("Event", "circle", "#2e7d32")]
    [InlineData("Prompt", "rectangle", "#1565c0")]
    [InlineData("Action", "hexagon", "#ef6c00")]
    [InlineData("Result", "diamond", "#6a1b9a")]
    public void A_node_is_drawn_in_its_types_shape_and_colour_with_an_accessible_name(string type, string shape, string color)
    {
        var node = Node("n1", null, type) with { Name = "Check user" };

        var view = RenderLayer([node]);

        var group = view.Find("g.wf-node");
        Assert.Equal($"{type} node: Check user", group.GetAttribute("aria-label"));
        var use = view.Find("g.wf-node use.wf-shape");
        Assert.Equal($"#wf-shape-{shape}", use.GetAttribute("href"));
        Assert.Equal(color, use.GetAttribute("fill"));
        Assert.NotNull(view.Find($"defs #wf-shape-{shape}"));
        Assert.Contains("Check user", view.Find(".wf-node-label").TextContent);
    }

    [Fact]
    public void Presentation_type_overrides_the_types_shape()
    {
        var node = Node("n1", null, "Action") with { Shape = "diamond" };
        Assert.Equal("diamond", Styles().ShapeOf(node));
        Assert.Equal("hexagon", Styles().ShapeOf(node with { Shape = "" }));
    }

    [Fact]
    public void A_node_with_problems_shows_a_badge_whose_hover_text_lists_them()
    {
        var nodes = new[] { Node("n1", null) };
        var problems = new CanvasProblems(new Dictionary<string, IReadOnlyList<string>> { ["n1"] = ["Entity not found"] }, []);

        var view = RenderLayer(nodes, problems);

        Assert.Equal("Entity not found", view.Find(".wf-badge title").TextContent);
        Assert.Contains("has problems", view.Find("g.wf-node").GetAttribute("aria-label"));
    }

    [Fact]
    public void The_node_layer_is_one_component_whatever_the_node_count()
    {
        var nodes = Enumerable.Range(0, 300).Select(i => Node($"n{i}", i == 0 ? null : $"n{(i - 1) / 3}")).ToArray();

        var canvas = RenderCanvas(new CanvasModel(nodes));

        Assert.Equal(300, canvas.FindAll("g.wf-node").Count);
        Assert.Single(canvas.FindComponents<CanvasNodeLayer>());
        // Nothing reads a shape name or a copy of the position off a node: the transform is the position.
        Assert.All(canvas.FindAll("g.wf-node"), n => Assert.Null(n.GetAttribute("data-x") ?? n.GetAttribute("data-shape")));
    }

    [Fact]
    public void The_canvas_draws_every_node_and_a_curved_link_per_parent()
    {
        var canvas = RenderCanvas(ThreeLevels());

        Assert.Equal(5, canvas.FindAll("g.wf-node").Count);
        var links = canvas.FindAll("path.wf-link");
        Assert.Equal(4, links.Count);
        Assert.All(links, l => Assert.Contains(" C", l.GetAttribute("d")));
        Assert.Empty(canvas.FindAll("g[aria-label^='Result'] .wf-port")); // a Result cannot have children
    }

    [Fact]
    public async Task A_refused_connection_shows_its_reason_on_the_canvas()
    {
        var model = ThreeLevels();
        var canvas = RenderCanvas(model);

        await canvas.InvokeAsync(() => canvas.Instance.OnConnect("a1", "root"));

        var alert = canvas.Find(".wf-refusal[role='alert']");
        Assert.Contains("Connection refused", alert.TextContent);
        Assert.Contains("would make a cycle", alert.TextContent);
        Assert.Equal(4, canvas.FindAll("path.wf-link").Count);
    }

    [Fact]
    public async Task Keys_undo_redo_delete_and_move_between_nodes()
    {
        var model = ThreeLevels();
        var canvas = RenderCanvas(model);

        await canvas.InvokeAsync(() => canvas.Instance.OnKey("ArrowDown", false, false, "root"));
        Assert.Equal("p", model.SingleSelected?.Id);
        await canvas.InvokeAsync(() => canvas.Instance.OnKey("Delete", false, false, "p"));
        Assert.Equal(4, canvas.FindAll("g.wf-node").Count);
        await canvas.InvokeAsync(() => canvas.Instance.OnKey("z", true, false, null));
        Assert.Equal(5, canvas.FindAll("g.wf-node").Count);
        await canvas.InvokeAsync(() => canvas.Instance.OnKey("z", true, true, null));
        Assert.Equal(4, canvas.FindAll("g.wf-node").Count);
    }

    [Fact]
    public async Task A_drag_reported_once_moves_the_nodes_and_their_links()
    {
        var model = ThreeLevels();
        var canvas = RenderCanvas(model);

        await canvas.InvokeAsync(() => canvas.Instance.OnNodesMoved([new NodePosition("a1", 300, 400)], "a1"));

        Assert.Equal("translate(300,400)", canvas.Find("g[data-node-id='a1']").GetAttribute("transform"));
        Assert.EndsWith("300,372", canvas.Find("path[data-to='a1']").GetAttribute("d"));
        Assert.True(model.Selection.SetEquals(["a1"]));
    }

    [Fact]
    public void Prerendering_draws_a_placeholder_instead_of_every_node()
    {
        _context.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var canvas = RenderCanvas(ThreeLevels());

        Assert.Empty(canvas.FindAll("g.wf-node"));
        Assert.Empty(canvas.FindAll("svg.wf-svg"));
        Assert.Equal("false", canvas.Find(".wf-canvas").GetAttribute("data-ready"));
        Assert.Contains("Loading the canvas (5 nodes)", canvas.Find(".wf-canvas [role='status']").TextContent);
    }

    [Fact]
    public void A_parent_re_render_that_changes_nothing_the_canvas_draws_leaves_the_node_layer_alone()
    {
        var model = ThreeLevels();
        var canvas = RenderCanvas(model);
        var renders = canvas.RenderCount;

        canvas.Render(p => p.Add(c => c.Model, model)); // e.g. the editor page re-rendering for a palette search
        Assert.Equal(renders, canvas.RenderCount);

        model.Select("p"); // the selection is a mutable set: compared by content
        canvas.Render(p => p.Add(c => c.Model, model));
        Assert.True(canvas.RenderCount > renders);
        Assert.Equal("true", canvas.Find("g[data-node-id='p']").GetAttribute("aria-pressed"));

        model.Rename("a1", "Renamed"); // an edit replaces the node array
        canvas.Render(p => p.Add(c => c.Model, model));
        Assert.Contains("Renamed", canvas.Find("g[data-node-id='a1'] .wf-node-label").TextContent);
    }

    [Fact]
    public void The_minimap_draws_every_node_in_one_path_per_colour()
    {
        var styles = Styles();
        var model = ThreeLevels();
        var map = _context.Render<CanvasMinimap>(p => p.Add(c => c.Nodes, model.Nodes).Add(c => c.Styles, styles));

        var paths = map.FindAll("path.wf-minimap-nodes");
        Assert.Equal(model.Nodes.Select(n => styles.Color(n.EntityType)).Distinct().Count(), paths.Count);
        Assert.Equal(model.Nodes.Count, paths.Sum(p => p.GetAttribute("d")!.Count(c => c == 'M')));
        Assert.Equal(2, paths.Single(p => p.GetAttribute("fill") == styles.Color("Action")).GetAttribute("d")!.Count(c => c == 'z'));
    }

    [Fact]
    public async Task The_refusal_banner_clears_on_the_next_action()
    {
        var model = ThreeLevels();
        var canvas = RenderCanvas(model);

        async Task Refuse()
        {
            await canvas.InvokeAsync(() => canvas.Instance.OnConnect("a1", "root"));
            Assert.Single(canvas.FindAll(".wf-refusal"));
        }

        await Refuse();
        await canvas.InvokeAsync(() => canvas.Instance.OnNodeClicked("p", false));
        Assert.Empty(canvas.FindAll(".wf-refusal"));

        await Refuse();
        await canvas.InvokeAsync(() => canvas.Instance.OnKey("ArrowDown", false, false, "root"));
        Assert.Empty(canvas.FindAll(".wf-refusal"));

        await Refuse();
        await canvas.InvokeAsync(() => canvas.Instance.OnBackgroundClick());
        Assert.Empty(canvas.FindAll(".wf-refusal"));

        await Refuse();
        await canvas.InvokeAsync(() => canvas.Instance.OnNodesMoved([new NodePosition("a2", 10, 10)], "a2"));
        Assert.Empty(canvas.FindAll(".wf-refusal"));

        await Refuse(); // an edit made outside the canvas (palette, toolbar undo) is the next action too
        await canvas.InvokeAsync(() => model.Rename("p", "Renamed"));
        canvas.Render(p => p.Add(c => c.Model, model));
        Assert.Empty(canvas.FindAll(".wf-refusal"));
    }

    private IRenderedComponent<CanvasNodeLayer> RenderLayer(CanvasNode[] nodes, CanvasProblems? problems = null) =>
        _context.Render<CanvasNodeLayer>(p => p.Add(c => c.Nodes, nodes).Add(c => c.Styles, Styles())
            .Add(c => c.Selection, new HashSet<string>()).Add(c => c.Problems, problems ?? CanvasProblems.Empty));

    private IRenderedComponent<WorkflowCanvas> RenderCanvas(CanvasModel model) =>
        _context.Render<WorkflowCanvas>(p => p.Add(c => c.Model, model).Add(c => c.Styles, Styles()));
}
