using System.Text.Json.Nodes;
using Builder.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Canvas;

/// <summary>The workflow canvas in a real browser: building, undo, refusal, concurrent edits and the dry-run overlay.</summary>
public sealed class CanvasTests(BuilderAppFixture app) : IClassFixture<BuilderAppFixture>
{
    [Fact]
    public async Task Three_entities_dragged_from_the_palette_connected_laid_out_and_saved_survive_a_reload()
    {
        var arrange = await new CanvasArrange(app).InAcmeDevelopmentAsync();
        var start = await arrange.EntityAsync("Signup", CanvasArrange.Event);
        var prompt = await arrange.EntityAsync("Welcome", CanvasArrange.Prompt);
        var action = await arrange.EntityAsync("Email", CanvasArrange.Action);
        var result = await arrange.EntityAsync("Done", CanvasArrange.Result);
        var workflow = await arrange.WorkflowAsync("Built by hand", CanvasArrange.Node("root", start));
        var canvas = new CanvasPage(await app.NewSignedInPageAsync("builder@acme.test"));
        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));

        await canvas.DropFromPaletteAsync(prompt.Id, 110, 70);
        await canvas.DropFromPaletteAsync(action.Id, 110, 190);
        await canvas.DropFromPaletteAsync(result.Id, 110, 560);
        await Expect(canvas.Nodes).ToHaveCountAsync(4);
        await canvas.ConnectAsync(canvas.Node("Event node"), canvas.Node("Prompt node"));
        await canvas.ConnectAsync(canvas.Node("Prompt node"), canvas.Node("Action node"));
        await canvas.ConnectAsync(canvas.Node("Action node"), canvas.Node("Result node"));
        await Expect(canvas.Links).ToHaveCountAsync(3);
        await canvas.Button("Auto-layout").ClickAsync();
        await canvas.SaveAsync();
        await Expect(canvas.Page.GetByText($"Workflow {workflow.Name} saved")).ToBeVisibleAsync();

        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));
        await Expect(canvas.Nodes).ToHaveCountAsync(4);
        await Expect(canvas.Links).ToHaveCountAsync(3);
        await Expect(canvas.Page.GetByText("Unsaved edits")).ToHaveCountAsync(0);
        var saved = (await arrange.LoadAsync(workflow.Id)).WorkflowData;
        var leaf = saved["root"]!["children"]![0]!["children"]![0]!["children"]![0]!;
        Assert.Equal(result.Id.ToString(), leaf["entityId"]!.GetValue<string>());
        Assert.True(leaf["presentation"]!["position"]!["y"]!.GetValue<double>() > saved["root"]!["presentation"]!["position"]!["y"]!.GetValue<double>());
    }

    [Fact]
    public async Task Delete_is_undone_with_ctrl_z_and_redone_with_ctrl_shift_z()
    {
        var (arrange, workflow) = await TwoNodeWorkflowAsync("Undo me");
        var canvas = new CanvasPage(await app.NewSignedInPageAsync("builder@acme.test"));
        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));

        await canvas.Node("Action node").ClickAsync();
        await canvas.Page.Keyboard.PressAsync("Delete");
        await Expect(canvas.Nodes).ToHaveCountAsync(1);
        await canvas.Page.Keyboard.PressAsync("Control+z");
        await Expect(canvas.Nodes).ToHaveCountAsync(2);
        await Expect(canvas.Links).ToHaveCountAsync(1);
        await canvas.Page.Keyboard.PressAsync("Control+Shift+z");
        await Expect(canvas.Nodes).ToHaveCountAsync(1);
        await canvas.Button("Undo").ClickAsync();
        await Expect(canvas.Nodes).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task A_connection_that_would_make_a_cycle_is_refused_with_its_reason()
    {
        var (arrange, workflow) = await TwoNodeWorkflowAsync("No cycles");
        var canvas = new CanvasPage(await app.NewSignedInPageAsync("builder@acme.test"));
        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));

        await canvas.ConnectAsync(canvas.Node("Action node"), canvas.Node("Event node"));

        var alert = canvas.Page.Locator(".wf-refusal");
        await Expect(alert).ToContainTextAsync("Connection refused");
        await Expect(alert).ToContainTextAsync("would make a cycle");
        await Expect(canvas.Links).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_second_of_two_concurrent_saves_gets_the_conflict_dialog_and_keeps_its_edits()
    {
        var (arrange, workflow) = await TwoNodeWorkflowAsync("Contested");
        var first = new CanvasPage(await app.NewSignedInPageAsync("admin@acme.test"));
        var second = new CanvasPage(await app.NewSignedInPageAsync("builder@acme.test"));
        await first.OpenAsync(arrange.EditorUrl(workflow.Id));
        await second.OpenAsync(arrange.EditorUrl(workflow.Id));

        await first.Node("Action node").ClickAsync();
        await first.Page.Keyboard.PressAsync("Delete");
        await first.SaveAsync();
        await Expect(first.Page.GetByText($"Workflow {workflow.Name} saved")).ToBeVisibleAsync();

        await second.Button("Auto-layout").ClickAsync();
        await second.SaveAsync();
        var dialog = second.Page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("admin@acme.test");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Reload" }).ClickAsync();
        await Expect(second.Nodes).ToHaveCountAsync(1);
        await second.Button("Restore my edits").ClickAsync();
        await Expect(second.Nodes).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task The_dry_run_overlay_lights_the_path_taken_and_shows_substituted_arguments()
    {
        var arrange = await new CanvasArrange(app).InAcmeDevelopmentAsync();
        var signup = await arrange.EntityAsync("On signup", CanvasArrange.Event, CanvasArrange.Equals("message.type", "user.signup"));
        var greet = await arrange.EntityAsync("Greet", CanvasArrange.Prompt,
            arguments: [new("user", "{{message.user.name}}", "who to greet")]);
        var vipOnly = await arrange.EntityAsync("VIP only", CanvasArrange.Action, CanvasArrange.Equals("message.user.plan", "vip"));
        var done = await arrange.EntityAsync("Finished", CanvasArrange.Result);
        var workflow = await arrange.WorkflowAsync("Dry run me", CanvasArrange.Node("root", signup,
            CanvasArrange.Node("greet", greet, CanvasArrange.Node("done", done)), CanvasArrange.Node("vip", vipOnly)));
        var canvas = new CanvasPage(await app.NewSignedInPageAsync("builder@acme.test"));
        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));
        await canvas.Button("Auto-layout").ClickAsync();

        await canvas.Page.Locator("#wf-dryrun-message").FillAsync("""{ "type": "user.signup", "user": { "name": "Ada", "plan": "free" } }""");
        await canvas.Button("Run dry run").ClickAsync();

        await Expect(canvas.Page.Locator("g.wf-node.dry-on-path")).ToHaveCountAsync(3);
        await Expect(canvas.Node("Action node")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("dry-stopped"));
        await Expect(canvas.Page.GetByLabel("Path taken")).ToContainTextAsync("Greet");
        await canvas.Node("Prompt node").ClickAsync();
        var arguments = canvas.Page.GetByRole(AriaRole.Table, new() { Name = "Substituted arguments" });
        await Expect(arguments).ToContainTextAsync("Ada");
    }

    [Fact]
    public async Task A_drag_moves_copies_in_the_drag_layers_and_writes_only_the_dragged_node_and_its_link_until_the_drop()
    {
        var arrange = await new CanvasArrange(app).InAcmeDevelopmentAsync();
        var start = await arrange.EntityAsync("Start", CanvasArrange.Event);
        var act = await arrange.EntityAsync("Act", CanvasArrange.Action);
        var done = await arrange.EntityAsync("Done", CanvasArrange.Result);
        var workflow = await arrange.WorkflowAsync("Drag me", CanvasArrange.Node("root", start, 0, 0,
            CanvasArrange.Node("act", act, 0, 160), CanvasArrange.Node("done", done, 260, 160)));
        var canvas = new CanvasPage(await app.NewSignedInPageAsync("builder@acme.test"));
        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));
        var page = canvas.Page;
        var blocked = new List<string>(); // the drag layers style elements through the CSSOM, which the CSP allows
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) lock (blocked) blocked.Add(m.Text); };
        var node = canvas.Node("Action node");
        var ownLink = page.Locator("path.wf-link[data-to='act']");
        var otherLink = page.Locator("path.wf-link[data-to='done']");
        var (transform, ownD, otherD) = (await node.GetAttributeAsync("transform"), await ownLink.GetAttributeAsync("d"), await otherLink.GetAttributeAsync("d"));
        // Every attribute written anywhere in the canvas (the host, its SVG and every node and link) from here on.
        await page.EvaluateAsync(@"() => {
            window.__writes = [];
            const name = el => el.dataset?.nodeId ?? (el.dataset?.to ? 'link-' + el.dataset.to : el.getAttribute('class') ?? el.tagName);
            new MutationObserver(ms => { for (const m of ms) window.__writes.push(name(m.target) + ':' + (m.attributeName ?? 'children')); })
              .observe(document.querySelector('svg.wf-svg'), { subtree: true, attributes: true, childList: true, characterData: true });
            new MutationObserver(ms => { for (const m of ms) window.__writes.push('host:' + m.attributeName); })
              .observe(document.querySelector('.wf-canvas'), { attributes: true });
        }");
        var box = (await node.BoundingBoxAsync())!;
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2 - 8);

        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x + 90, y + 60, new() { Steps = 15 });

        // Mid-drag: a copy of the node (no id, no name: nothing finds it twice) and of its link move in the drag layers;
        // the canvas itself only made the two originals transparent.
        var copy = page.Locator("svg.wf-drag-nodes g.wf-node-copy");
        await Expect(copy).ToHaveCountAsync(1);
        Assert.Null(await copy.GetAttributeAsync("data-node-id"));
        Assert.Null(await copy.GetAttributeAsync("aria-label"));
        await Expect(page.Locator("svg.wf-drag-links path.wf-link-copy")).ToHaveCountAsync(1);
        var copyBox = (await copy.BoundingBoxAsync())!;
        Assert.InRange(copyBox.X - box.X, 80, 100);
        await Expect(canvas.Nodes).ToHaveCountAsync(3);
        await Expect(canvas.Links).ToHaveCountAsync(2);
        var writes = await page.EvaluateAsync<string[]>("() => window.__writes");
        Assert.Equal(["act:style", "link-act:style"], writes.Distinct().Order().ToArray());
        Assert.Equal(transform, await node.GetAttributeAsync("transform"));

        await page.Mouse.UpAsync();

        // The drop: the node and its link take the new place, the other link is untouched, the copies are gone.
        await Expect(node).Not.ToHaveAttributeAsync("transform", transform!);
        await Expect(ownLink).Not.ToHaveAttributeAsync("d", ownD!);
        Assert.Equal(otherD, await otherLink.GetAttributeAsync("d"));
        await Expect(page.Locator("svg.wf-drag-layer .wf-node-copy, svg.wf-drag-layer .wf-link-copy")).ToHaveCountAsync(0);
        Assert.Null(await node.GetAttributeAsync("style"));
        var dropped = (await node.BoundingBoxAsync())!;
        Assert.InRange(dropped.X - box.X, 80, 100);
        await Expect(node).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("selected"));
        Assert.Equal("act", await page.EvaluateAsync<string?>("() => document.activeElement?.dataset.nodeId")); // the keyboard stays on it

        await page.Keyboard.PressAsync("Control+z");
        await Expect(node).ToHaveAttributeAsync("transform", transform!);
        await Expect(ownLink).ToHaveAttributeAsync("d", ownD!);
        lock (blocked) Assert.Empty(blocked);
    }

    [Fact]
    public async Task A_drag_frame_repaints_the_links_layer_without_layerizing_the_page_again()
    {
        // What a drag frame costs grows with the canvas only when the browser layerizes the whole page again (one paint
        // chunk per node): a style transform written to the nodes' layer, or links whose painted bounds change, make it
        // do so on every frame. Counted in a Chromium trace, so it does not depend on the machine's speed.
        var arrange = await new CanvasArrange(app).InAcmeDevelopmentAsync();
        var start = await arrange.EntityAsync("Start", CanvasArrange.Event);
        var act = await arrange.EntityAsync("Act", CanvasArrange.Action);
        var done = await arrange.EntityAsync("Done", CanvasArrange.Result);
        var workflow = await arrange.WorkflowAsync("Drag traced", CanvasArrange.Node("root", start, 0, 0,
            CanvasArrange.Node("act", act, 0, 160, CanvasArrange.Node("done", done, 0, 320))));
        var canvas = new CanvasPage(await app.NewSignedInPageAsync("builder@acme.test"));
        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));
        var page = canvas.Page;
        var box = (await canvas.Node("Action node").BoundingBoxAsync())!;
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2 - 8);
        const string NextFrame = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))";

        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        for (var i = 1; i <= 3; i++) { await page.Mouse.MoveAsync(x + i * 3, y + i); await page.EvaluateAsync(NextFrame); }
        await Expect(page.Locator("svg.wf-drag-links path.wf-link-copy")).ToHaveCountAsync(2); // both links stretch

        var cdp = await page.Context.NewCDPSessionAsync(page);
        var events = new List<JsonObject>();
        var complete = new TaskCompletionSource();
        cdp.Event("Tracing.dataCollected").OnEvent += (_, e) =>
        {
            lock (events) events.AddRange(JsonNode.Parse(e!.Value.GetProperty("value").GetRawText())!.AsArray().Select(n => n!.AsObject()));
        };
        cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => complete.TrySetResult();
        await cdp.SendAsync("Tracing.start", new()
        {
            ["traceConfig"] = new Dictionary<string, object> { ["includedCategories"] = new[] { "devtools.timeline", "blink" } },
            ["transferMode"] = "ReportEvents",
        });
        const int Moves = 20;
        for (var i = 4; i < 4 + Moves; i++) { await page.Mouse.MoveAsync(x + i * 3, y + i); await page.EvaluateAsync(NextFrame); }
        await cdp.SendAsync("Tracing.end");
        await complete.Task.WaitAsync(TimeSpan.FromSeconds(30));

        List<JsonObject> traced;
        lock (events) traced = [.. events];
        string Name(JsonObject e) => e["name"]?.GetValue<string>() ?? "";
        var dispatch = traced.First(e => Name(e) == "EventDispatch" && e["args"]?["data"]?["type"]?.GetValue<string>() == "pointermove");
        var main = traced.Where(e => e["pid"]!.ToJsonString() == dispatch["pid"]!.ToJsonString() && e["tid"]!.ToJsonString() == dispatch["tid"]!.ToJsonString()).ToList();
        Assert.True(main.Count(e => Name(e) == "EventDispatch" && e["args"]?["data"]?["type"]?.GetValue<string>() == "pointermove") >= Moves - 2);
        Assert.True(main.Count(e => Name(e) == "Paint") >= Moves - 2, "the stretching links are redrawn each frame");
        var layerizations = main.Count(e => Name(e) == "PaintArtifactCompositor::Update");
        Assert.True(layerizations <= 1, $"{layerizations} full layerizations in {Moves} drag frames");

        // Mid-drag: the nodes' layer is moved by one animation (its style is never written), the links layer holds the
        // rectangle that keeps its painted bounds.
        Assert.Equal(1, await page.EvaluateAsync<int>("() => document.querySelector('svg.wf-drag-nodes').getAnimations().length"));
        Assert.Null(await page.Locator("svg.wf-drag-nodes").GetAttributeAsync("style"));
        await Expect(page.Locator("svg.wf-drag-links rect.wf-drag-bounds")).ToHaveCountAsync(1);
        await page.Mouse.UpAsync();
        await Expect(page.Locator("svg.wf-drag-layer .wf-node-copy, svg.wf-drag-layer .wf-link-copy, rect.wf-drag-bounds")).ToHaveCountAsync(0);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelector('svg.wf-drag-nodes').getAnimations().length"));
        var dropped = (await canvas.Node("Action node").BoundingBoxAsync())!;
        Assert.InRange(dropped.X - box.X, 3 * (3 + Moves) - 10, 3 * (3 + Moves) + 10);
    }

    [Fact]
    public async Task A_dragged_selection_moves_together_with_the_link_between_its_nodes_and_the_link_to_the_rest_stretching()
    {
        var arrange = await new CanvasArrange(app).InAcmeDevelopmentAsync();
        var start = await arrange.EntityAsync("Start", CanvasArrange.Event);
        var act = await arrange.EntityAsync("Act", CanvasArrange.Action);
        var done = await arrange.EntityAsync("Done", CanvasArrange.Result);
        var workflow = await arrange.WorkflowAsync("Drag two", CanvasArrange.Node("root", start, 0, 0,
            CanvasArrange.Node("act", act, 0, 160, CanvasArrange.Node("done", done, 0, 320))));
        var canvas = new CanvasPage(await app.NewSignedInPageAsync("builder@acme.test"));
        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));
        var page = canvas.Page;
        var (actNode, doneNode) = (canvas.Node("Action node"), canvas.Node("Result node"));
        await actNode.ClickAsync();
        await doneNode.ClickAsync(new() { Modifiers = [KeyboardModifier.Shift] });
        await Expect(page.Locator("g.wf-node.selected")).ToHaveCountAsync(2);
        var (actBox, doneBox) = ((await actNode.BoundingBoxAsync())!, (await doneNode.BoundingBoxAsync())!);
        var (x, y) = (actBox.X + actBox.Width / 2, actBox.Y + actBox.Height / 2 - 8);

        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x + 120, y + 40, new() { Steps = 12 });

        // Both copies move as one; the link between them moves with them, the link to the root stretches.
        await Expect(page.Locator("svg.wf-drag-nodes g.wf-node-copy")).ToHaveCountAsync(2);
        await Expect(page.Locator("svg.wf-drag-nodes path.wf-link-copy")).ToHaveCountAsync(1);
        await Expect(page.Locator("svg.wf-drag-links path.wf-link-copy")).ToHaveCountAsync(1);
        await page.Mouse.UpAsync();

        await Expect(page.Locator("svg.wf-drag-layer .wf-node-copy, svg.wf-drag-layer .wf-link-copy")).ToHaveCountAsync(0);
        await Expect(actNode).ToHaveAttributeAsync("transform", new System.Text.RegularExpressions.Regex(@"^translate\((?!0,160\))"));
        var (actAfter, doneAfter) = ((await actNode.BoundingBoxAsync())!, (await doneNode.BoundingBoxAsync())!);
        Assert.InRange(actAfter.X - actBox.X, 110, 130);
        Assert.InRange(doneAfter.X - doneBox.X, 110, 130);
        Assert.InRange(doneAfter.Y - doneBox.Y, 30, 50);
        var (actT, doneT) = (await actNode.GetAttributeAsync("transform"), await doneNode.GetAttributeAsync("transform"));
        var between = await page.Locator("path.wf-link[data-to='done']").GetAttributeAsync("d");
        var (ax, ay) = Translate(actT!);
        var (dx, dy) = Translate(doneT!);
        // The link between them runs from the moved parent's port to the moved child's top.
        Assert.Equal(Builder.Web.Features.Workflows.Canvas.CanvasGeometry.LinkPath(ax, ay, dx, dy), between);
        await Expect(page.Locator("g.wf-node.selected")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Zoomed_far_out_an_auto_layout_and_a_zoom_step_lay_out_no_text_and_zooming_in_shows_the_labels_again()
    {
        // The browser lays out every SVG text again on any change of the view's scale (glyphs are sized for the screen):
        // at 2,000 nodes that was most of the frame drawing an auto-layout, whose fit changes the scale. Zoomed out below
        // CanvasGeometry.LabelMinZoom the texts are not drawn, so such a frame lays out none. Counted in a Chromium trace.
        var arrange = await new CanvasArrange(app).InAcmeDevelopmentAsync();
        var start = await arrange.EntityAsync("Start", CanvasArrange.Event);
        var done = await arrange.EntityAsync("Done", CanvasArrange.Result);
        // One root with 16 results side by side: laid out, the tree is about 3,000 px wide, so the fit zooms far out.
        var leaves = Enumerable.Range(0, 16).Select(i => CanvasArrange.Node($"leaf{i}", done, 0, 160)).ToArray();
        var workflow = await arrange.WorkflowAsync("Far out", CanvasArrange.Node("root", start, 0, 0, leaves));
        var canvas = new CanvasPage(await app.NewSignedInPageAsync("builder@acme.test"));
        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));
        var page = canvas.Page;
        var host = page.Locator(".wf-canvas");
        var label = page.Locator("g.wf-node[data-node-id='root'] text.wf-node-label");
        double Zoom(string? z) => double.Parse(z!, System.Globalization.CultureInfo.InvariantCulture);

        var old = await canvas.Node("Event node").GetAttributeAsync("transform");
        await canvas.Button("Auto-layout").ClickAsync();
        await Expect(canvas.Node("Event node")).Not.ToHaveAttributeAsync("transform", old!);
        await Expect(host).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bwf-far\b")); // the fit follows the render
        var fitted = await host.GetAttributeAsync("data-zoom");
        Assert.True(Zoom(fitted) < Builder.Web.Features.Workflows.Canvas.CanvasGeometry.LabelMinZoom);
        Assert.Equal("none", await label.EvaluateAsync<string>("t => getComputedStyle(t).display"));
        // The nodes keep their accessible names.
        await Expect(page.Locator("g.wf-node[aria-label^='Result node']")).ToHaveCountAsync(16);

        // A zoom step far out, and an auto-layout whose fit changes the scale again, lay out no text.
        var textLayouts = await TracedAsync(page, async () =>
        {
            await canvas.Button("Zoom out").ClickAsync();
            await Expect(host).Not.ToHaveAttributeAsync("data-zoom", fitted!);
        });
        Assert.Equal(0, textLayouts);
        textLayouts = await TracedAsync(page, async () =>
        {
            await canvas.Button("Auto-layout").ClickAsync();
            await Expect(host).ToHaveAttributeAsync("data-zoom", fitted!);
        });
        Assert.Equal(0, textLayouts);

        // Zoomed in past the threshold the labels are drawn again.
        for (var i = 0; i < 20 && Zoom(await host.GetAttributeAsync("data-zoom")) < Builder.Web.Features.Workflows.Canvas.CanvasGeometry.LabelMinZoom; i++)
            await canvas.Button("Zoom in").ClickAsync();
        await Expect(host).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bwf-far\b"));
        Assert.NotEqual("none", await label.EvaluateAsync<string>("t => getComputedStyle(t).display"));
        Assert.True(await label.EvaluateAsync<double>("t => t.getBBox().width") > 0);
    }

    /// <summary>Runs <paramref name="act"/> under a Chromium trace and counts the SVG text layouts of the page's main thread.</summary>
    private static async Task<int> TracedAsync(IPage page, Func<Task> act)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var events = new List<JsonObject>();
        var complete = new TaskCompletionSource();
        cdp.Event("Tracing.dataCollected").OnEvent += (_, e) =>
        {
            lock (events) events.AddRange(JsonNode.Parse(e!.Value.GetProperty("value").GetRawText())!.AsArray().Select(n => n!.AsObject()));
        };
        cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => complete.TrySetResult();
        await cdp.SendAsync("Tracing.start", new()
        {
            ["traceConfig"] = new Dictionary<string, object> { ["includedCategories"] = new[] { "devtools.timeline", "blink" } },
            ["transferMode"] = "ReportEvents",
        });
        await act();
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))))");
        await cdp.SendAsync("Tracing.end");
        await complete.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cdp.DetachAsync();
        lock (events)
        {
            // Layout runs on the renderer's main thread; the SVG text layouts are counted there.
            Assert.Contains(events, e => e["name"]?.GetValue<string>() == "Layout");
            return events.Count(e => e["name"]?.GetValue<string>() == "SvgTextLayoutAlgorithm::Layout" && e["ph"]?.GetValue<string>() is "X" or "B");
        }
    }

    private static (double X, double Y) Translate(string transform)
    {
        var parts = transform["translate(".Length..^1].Split(',');
        return (double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<(CanvasArrange, Builder.Domain.Workflows.WorkflowView)> TwoNodeWorkflowAsync(string name)
    {
        var arrange = await new CanvasArrange(app).InAcmeDevelopmentAsync();
        var start = await arrange.EntityAsync("Start", CanvasArrange.Event);
        var act = await arrange.EntityAsync("Act", CanvasArrange.Action);
        var workflow = await arrange.WorkflowAsync(name, CanvasArrange.Node("root", start, 0, 0, CanvasArrange.Node("child", act, 0, 160)));
        return (arrange, workflow);
    }
}
