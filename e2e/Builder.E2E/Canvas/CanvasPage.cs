using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Canvas;

/// <summary>The canvas as a person drives it, by accessible names where it can.</summary>
sealed class CanvasPage(IPage page)
{
    public IPage Page => page;
    public ILocator Svg => page.Locator("svg.wf-svg");
    public ILocator Nodes => page.Locator("g.wf-node");
    public ILocator Links => page.Locator("path.wf-link");
    public ILocator Node(string accessibleNameStart) => page.Locator($"g.wf-node[aria-label^='{accessibleNameStart}']");
    public ILocator Button(string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public async Task OpenAsync(string url)
    {
        await page.GotoAsync(url);
        await Expect(page.Locator(".wf-canvas[data-ready='true']")).ToBeAttachedAsync();
        await Expect(Button("Save")).ToBeEnabledAsync();
    }

    public Task DropFromPaletteAsync(Guid entity, float x, float y) =>
        page.Locator($"[data-palette-entity='{entity}']").DragToAsync(Svg, new() { TargetPosition = new() { X = x, Y = y } });

    public Task ConnectAsync(ILocator parent, ILocator child) => parent.Locator(".wf-port").DragToAsync(child);

    public async Task SaveAsync()
    {
        await Button("Save").ClickAsync();
    }
}
