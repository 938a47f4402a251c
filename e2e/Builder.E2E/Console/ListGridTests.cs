using Builder.Domain.Variables;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Console;

/// <summary>
/// The list grid with the keyboard only: sorting from a header button (aria-sort tells the state), the column options
/// menu opened with an arrow key, the page size and the pages, and the search box; at desktop and phone widths, light and dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class ListGridTests(BuilderAppFixture app)
{
    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task A_list_sorts_pages_and_searches_from_the_keyboard(int width, int height, string theme)
    {
        var environment = await app.CreateAcmeEnvironmentAsync($"Grid {width} {theme}");
        var admin = await app.ActorAsync("admin@acme.test");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var variables = scope.ServiceProvider.GetRequiredService<VariableService>();
            for (var i = 1; i <= 27; i++)
                await variables.CreateAsync(admin, environment, new VariableInput($"GRID_{i:00}", i % 3 == 0 ? "secret" : null));
        }
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}/envs/{environment}/variables");
        var sort = page.GetByRole(AriaRole.Button, new() { Name = "Name", Exact = true });
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "New variable" }));
        var rows = page.Locator(".mud-table-body tr");
        var caption = page.Locator(".mud-table-pagination-caption[translate='no']");
        var nameHeader = page.Locator("th", new() { Has = sort });
        await Expect(rows).ToHaveCountAsync(10);
        await Expect(caption).ToHaveTextAsync("1-10 of 27");
        await page.SaveScreenshotAsync($"grid-{width}-{theme}");

        // Below 600 px the table stacks each row as label and value (MudBlazor's xs table) and has no header to sort by.
        if (width >= 600) await SortsAndUnsortsAsync(page, sort, nameHeader, rows, width, theme);

        // Page size and pages.
        var size = page.GetByLabel("Rows per page:");
        await size.FocusAsync();
        await size.SelectOptionAsync("25");
        await Expect(rows).ToHaveCountAsync(25);
        await Expect(caption).ToHaveTextAsync("1-25 of 27");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(caption).ToHaveTextAsync("26-27 of 27");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Next page" })).ToBeDisabledAsync();

        // Search starts again at the first page; Escape clears it.
        var search = page.GetByPlaceholder("Search by name");
        await search.FocusAsync();
        await page.Keyboard.TypeAsync("GRID_1");
        await Expect(caption).ToHaveTextAsync("1-10 of 10");
        await page.SaveScreenshotAsync($"grid-search-{width}-{theme}");
        await page.Keyboard.PressAsync("Escape");
        await Expect(search).ToHaveValueAsync("");
        await Expect(caption).ToHaveTextAsync("1-25 of 27");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the screen.");
    }

    /// <summary>Sort: Enter on the header button, twice for descending; then Unsort from the column's options menu.</summary>
    private static async Task SortsAndUnsortsAsync(IPage page, ILocator sort, ILocator nameHeader, ILocator rows, int width, string theme)
    {
        await sort.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(nameHeader).ToHaveAttributeAsync("aria-sort", "ascending");
        await page.Keyboard.PressAsync("Enter");
        await Expect(nameHeader).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(rows.First).ToContainTextAsync("GRID_27");

        // The column's options: an arrow key opens the menu (made on first open); Unsort goes back to the list's order.
        var options = nameHeader.GetByRole(AriaRole.Button, new() { Name = "Column options" });
        await options.FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        var unsort = page.GetByRole(AriaRole.Menuitem, new() { Name = "Unsort" });
        await Expect(unsort).ToBeVisibleAsync();
        await page.SaveScreenshotAsync($"grid-menu-{width}-{theme}");
        await unsort.ClickAsync();
        await Expect(nameHeader).ToHaveAttributeAsync("aria-sort", "none");
        await Expect(rows.First).ToContainTextAsync("GRID_01");
    }
}
