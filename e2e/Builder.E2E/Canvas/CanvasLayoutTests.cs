using Builder.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Canvas;

/// <summary>The editor's layout in a real browser: a phone gets the canvas with drawers, the minimap leaves nodes clickable, leaving asks first.</summary>
public sealed class CanvasLayoutTests(BuilderAppFixture app) : IClassFixture<BuilderAppFixture>
{
    private async Task<(CanvasArrange, Builder.Domain.Workflows.WorkflowView)> WorkflowAsync(string name)
    {
        var arrange = await new CanvasArrange(app).InAcmeDevelopmentAsync();
        var start = await arrange.EntityAsync("Start", CanvasArrange.Event);
        var act = await arrange.EntityAsync("Act", CanvasArrange.Action);
        var workflow = await arrange.WorkflowAsync(name, CanvasArrange.Node("root", start, 0, 0, CanvasArrange.Node("child", act, 0, 160)));
        return (arrange, workflow);
    }

    [Fact]
    public async Task On_a_phone_the_canvas_takes_the_width_and_the_palette_and_properties_are_drawers()
    {
        var (arrange, workflow) = await WorkflowAsync("Phone");
        var page = await app.NewSignedInPageAsync("builder@acme.test");
        await page.SetViewportSizeAsync(390, 844);
        var canvas = new CanvasPage(page);
        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));
        await page.SaveScreenshotAsync("canvas-390");

        var box = (await page.Locator(".wf-canvas").BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"the canvas is on screen ({box.X}+{box.Width})");
        Assert.True(box.Width > 300, $"the canvas gets the width ({box.Width})");
        await Expect(page.Locator(".wf-palette")).ToBeHiddenAsync();
        await Expect(page.Locator(".wf-side")).ToBeHiddenAsync();

        await canvas.Button("Palette").ClickAsync();
        await Expect(page.Locator(".wf-palette")).ToBeVisibleAsync();
        await page.SaveScreenshotAsync("canvas-390-palette");
        var backdrop = (await page.Locator(".wf-backdrop").BoundingBoxAsync())!; // the part of it the drawer leaves uncovered
        await page.Mouse.ClickAsync(backdrop.X + backdrop.Width - 12, backdrop.Y + 40);
        await Expect(page.Locator(".wf-palette")).ToBeHiddenAsync();

        await canvas.Node("Action node").ClickAsync();
        await canvas.Button("Properties").ClickAsync();
        await Expect(page.Locator(".wf-side")).ToBeVisibleAsync();
        await Expect(page.Locator(".wf-side")).ToContainTextAsync("Act");
        await page.SaveScreenshotAsync("canvas-390-properties");
    }

    [Fact]
    public async Task On_a_wide_screen_both_panes_collapse_and_the_canvas_gets_the_width()
    {
        var (arrange, workflow) = await WorkflowAsync("Wide");
        var page = await app.NewSignedInPageAsync("builder@acme.test");
        await page.SetViewportSizeAsync(1440, 900);
        var canvas = new CanvasPage(page);
        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));
        await page.SaveScreenshotAsync("canvas-1440");
        var before = (await page.Locator(".wf-canvas").BoundingBoxAsync())!.Width;

        await canvas.Button("Hide palette").ClickAsync();
        await canvas.Button("Hide properties").ClickAsync();

        await Expect(page.Locator(".wf-palette")).ToBeHiddenAsync();
        var after = (await page.Locator(".wf-canvas").BoundingBoxAsync())!.Width;
        Assert.True(after > before + 500, $"the canvas grew from {before} to {after}");
        await page.SaveScreenshotAsync("canvas-1440-collapsed");
    }

    [Fact]
    public async Task A_node_under_the_minimap_takes_the_click()
    {
        var (arrange, workflow) = await WorkflowAsync("Minimap");
        var page = await app.NewSignedInPageAsync("builder@acme.test");
        var canvas = new CanvasPage(page);
        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));
        var map = (await page.Locator("svg.wf-minimap").BoundingBoxAsync())!;
        var (mx, my) = (map.X + map.Width / 2, map.Y + map.Height / 2);

        // Drag the action node until it sits under the minimap, then select something else.
        var node = (await canvas.Node("Action node").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(node.X + node.Width / 2, node.Y + node.Height / 2 - 8);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(mx, my, new() { Steps = 12 });
        await page.Mouse.UpAsync();
        await canvas.Node("Event node").ClickAsync();
        await Expect(canvas.Node("Action node")).ToHaveAttributeAsync("aria-pressed", "false");

        await page.Mouse.ClickAsync(mx, my - 8);

        await Expect(canvas.Node("Action node")).ToHaveAttributeAsync("aria-pressed", "true");
    }

    [Fact]
    public async Task Closing_the_tab_with_unsaved_edits_asks_first()
    {
        var (arrange, workflow) = await WorkflowAsync("Close me");
        var page = await app.NewSignedInPageAsync("builder@acme.test");
        var canvas = new CanvasPage(page);
        await canvas.OpenAsync(arrange.EditorUrl(workflow.Id));
        await canvas.Node("Action node").ClickAsync();
        await page.Keyboard.PressAsync("Delete");
        await Expect(page.GetByText("Unsaved changes")).ToBeVisibleAsync();
        // The guard tells the browser after that render, over the circuit: close only once the browser knows.
        await page.WaitForFunctionAsync("() => window.builder.unsaved.size > 0");

        var asked = new TaskCompletionSource<string>();
        page.Dialog += async (_, dialog) => { asked.TrySetResult(dialog.Type); await dialog.DismissAsync(); };
        await page.CloseAsync(new() { RunBeforeUnload = true });

        Assert.Equal("beforeunload", await asked.Task.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    /// <summary>In the browser, "Leave without saving" really leaves (the guard navigates again), and Cancel stays with the edits.</summary>
    [Fact]
    public async Task Leave_without_saving_really_leaves_and_cancel_stays_with_the_edits()
    {
        var (arrange, workflow) = await WorkflowAsync("Leave me");
        var page = await app.NewSignedInPageAsync("builder@acme.test");
        var canvas = new CanvasPage(page);
        var editor = arrange.EditorUrl(workflow.Id);
        await canvas.OpenAsync(editor);
        await canvas.Node("Action node").ClickAsync();
        await page.Keyboard.PressAsync("Delete");
        await Expect(page.GetByText("Unsaved changes")).ToBeVisibleAsync();
        var workflows = page.Locator(".console-nav").GetByRole(AriaRole.Link, new() { Name = "Workflows" });
        var dialog = page.GetByRole(AriaRole.Dialog);

        await workflows.ClickAsync();
        await Expect(dialog).ToContainTextAsync("Leave without saving?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.EndsWith(editor, page.Url);
        await Expect(page.GetByText("Unsaved changes")).ToBeVisibleAsync();
        await Expect(canvas.Node("Action node")).ToHaveCountAsync(0);

        await workflows.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Leave without saving" }).ClickAsync();
        await page.WaitForURLAsync($"**/orgs/{arrange.OrgId}/envs/{arrange.EnvId}/workflows");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflows", Level = 1 })).ToBeVisibleAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }
}
