using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Infrastructure;

/// <summary>
/// What the agents, tools, managers and MCP servers pages have in common, done the way a person does it: a theme and a
/// screen size, the "New …" dialog that opens the editor, picking from a select, publishing with a note, switching tabs,
/// sending a message in a test chat, and checking the page does not scroll sideways.
/// </summary>
public static class EntityConsole
{
    /// <summary>The theme (cookie, as the toggle sets it) and the viewport.</summary>
    public static async Task UseScreenAsync(this IPage page, BuilderAppFixture app, int width, int height, string theme)
    {
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);
    }

    /// <summary>
    /// Opens the list at <paramref name="listPath"/>, clicks "New {noun}", types the name (and description), creates it and
    /// waits for its editor; returns the new resource's public number (the last part of the editor's address).
    /// </summary>
    public static async Task<int> CreateFromListAsync(this IPage page, string listPath, string noun, string name, string? description = null,
        string? screenshot = null)
    {
        await page.GotoAsync(listPath);
        var create = page.GetByRole(AriaRole.Button, new() { Name = $"New {noun}" });
        await page.WaitForInteractiveAsync(create);
        if (screenshot is not null) await page.SaveScreenshotAsync(screenshot);
        await create.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"New {noun}" });
        await dialog.GetByLabel("Name").FillAsync(name);
        if (description is not null) await dialog.GetByLabel("Description").FillAsync(description);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(listPath)}/\\d+$"));
        await page.WaitForInteractiveAsync(page.GetByTestId("save-draft"));
        return int.Parse(page.Url.Split('/').Last());
    }

    /// <summary>Opens a select and picks the option whose name is <paramref name="text"/>, or starts with it and a space or a bracket.</summary>
    public static async Task ChooseAsync(this IPage page, ILocator select, string text, bool multiple = false)
    {
        // The name and nothing longer: "add" is not "add_2".
        var option = page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex($"^{Regex.Escape(text)}(?![\\w-])") });
        for (var attempt = 1; ; attempt++)
        {
            await select.Locator(".mud-select-input, .mud-input-slot").First.ClickAsync();
            try
            {
                await option.First.WaitForAsync(new() { Timeout = 5000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3) { }
        }
        await option.First.ClickAsync();
        if (!multiple)
        {
            await Expect(option.First).ToBeHiddenAsync(new() { Timeout = 5000 });
            return;
        }
        // A multiple select stays open for more picks: Escape closes it, as a person would.
        for (var attempt = 1; ; attempt++)
        {
            await page.Keyboard.PressAsync("Escape");
            try
            {
                await Expect(option.First).ToBeHiddenAsync(new() { Timeout = 3000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3) { }
        }
    }

    /// <summary>Publish with a note (Publish saves unsaved edits first) and wait for the confirmation.</summary>
    public static async Task PublishAsync(this IPage page, string note)
    {
        await page.GetByTestId("publish").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { NameRegex = new Regex("^Publish") });
        await dialog.GetByLabel("Note").FillAsync(note);
        await dialog.GetByTestId("publish-confirm").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByText(new Regex("^Published as version")).Last).ToBeVisibleAsync();
    }

    /// <summary>Saves the draft and waits until nothing is left unsaved.</summary>
    public static async Task SaveDraftAsync(this IPage page)
    {
        await page.GetByTestId("save-draft").ClickAsync();
        await Expect(page.GetByText("Draft saved").Last).ToBeVisibleAsync();
        await Expect(page.GetByTestId("unsaved-note")).ToHaveCountAsync(0);
    }

    /// <summary>Clicks a tab until <paramref name="shown"/> is visible (a click that lands before the circuit is up does not switch).</summary>
    public static async Task OpenTabAsync(this IPage page, string name, ILocator shown)
    {
        var tab = page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex($"^{Regex.Escape(name)}") });
        for (var attempt = 1; ; attempt++)
        {
            await ScrollTabIntoViewAsync(page, tab);
            await tab.ClickAsync();
            try
            {
                await Expect(shown).ToBeVisibleAsync(new() { Timeout = 3000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 5) { }
        }
    }

    /// <summary>
    /// On a narrow screen the tab bar scrolls with its arrow buttons (not natively, so Playwright cannot scroll it): press the
    /// arrow towards the tab until the tab is inside the bar, as a person does.
    /// </summary>
    private static async Task ScrollTabIntoViewAsync(IPage page, ILocator tab)
    {
        var bar = page.Locator(".mud-tabs-tabbar").Filter(new() { Has = tab });
        for (var press = 0; press < 8; press++)
        {
            var tabBox = await tab.BoundingBoxAsync();
            var barBox = await bar.Locator(".mud-tabs-tabbar-content").BoundingBoxAsync();
            if (tabBox is null || barBox is null) return;
            var left = tabBox.X < barBox.X - 1;
            var right = tabBox.X + tabBox.Width > barBox.X + barBox.Width + 1;
            if (!left && !right) return;
            var arrows = bar.Locator(".mud-tabs-scroll-button button");
            if (await arrows.CountAsync() < 2) return;
            var handle = await tab.ElementHandleAsync();
            await arrows.Nth(left ? 0 : 1).ClickAsync();
            // The bar slides: wait until the tab has moved; when it does not, the bar is at its end (the tab is as visible as it gets).
            try
            {
                await page.WaitForFunctionAsync("([el, x]) => Math.abs(el.getBoundingClientRect().x - x) > 1", new object[] { handle, tabBox.X },
                    new() { Timeout = 2000 });
            }
            catch (TimeoutException) { return; }
        }
    }

    /// <summary>Sends a message in the test chat and waits for its answer (the assistant message count grows).</summary>
    public static async Task SendChatAsync(this IPage page, string message, int answersBefore)
    {
        await page.Locator(".chat-input textarea").First.FillAsync(message);
        await page.GetByTestId("chat-send").ClickAsync();
        await Expect(page.Locator("[data-testid='chat-message'][data-role='assistant']")).ToHaveCountAsync(answersBefore + 1, new() { Timeout = 30_000 });
    }

    /// <summary>Fails when the page scrolls sideways.</summary>
    public static async Task AssertFitsAsync(this IPage page, int width)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page scrolls sideways by {overflow}px at {width}px.");
    }

    /// <summary>
    /// Adds an MCP server in the MCP servers page's dialog (with one header when given), connects to it and waits for its tools;
    /// returns the tools dialog.
    /// </summary>
    public static async Task<ILocator> AddMcpServerAndConnectAsync(this IPage page, Guid org, string name, string url,
        (string Name, string Value)? header = null, string? screenshotSuffix = null)
    {
        await page.GotoAsync($"/orgs/{org}/mcp-servers");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "New MCP server" });
        await page.WaitForInteractiveAsync(create);
        if (screenshotSuffix is not null) await page.SaveScreenshotAsync($"mcp-list-{screenshotSuffix}");
        await create.ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.GetByPlaceholder("Order service").FillAsync(name);
        await dialog.GetByPlaceholder("https://mcp.example.com/mcp").FillAsync(url);
        if (header is { } h)
        {
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Add header" }).ClickAsync();
            await dialog.GetByPlaceholder("Authorization").FillAsync(h.Name);
            await dialog.Locator("input[type='password']").FillAsync(h.Value);
        }
        if (screenshotSuffix is not null) await page.SaveScreenshotAsync($"mcp-dialog-{screenshotSuffix}");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        var row = page.Locator(".mud-table-body tr", new() { HasText = name });
        if (header is { } shown) await Expect(row).ToContainTextAsync(shown.Name);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Connect to {name} and list its tools" }).ClickAsync();
        var result = page.GetByTestId("tools-result");
        await Expect(result).ToContainTextAsync("Connected to local-mcp", new() { Timeout = 30_000 });
        return result;
    }
}
