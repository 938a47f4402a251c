using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Tables;

/// <summary>
/// The schema designer as a person uses it: create a table from the Tables list, add six columns of different types in the
/// designer, then (with rows arranged through the domain) change a text column to integer, read the preview of the rows that
/// would not convert, convert with the confirmation and find those values emptied; a Guest sees the designer read-only.
/// Wide and narrow, light and dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class TableDesignerFlowTests(BuilderAppFixture app)
{
    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task An_admin_designs_a_table_and_changes_a_text_column_to_integer_after_the_preview(int width, int height, string theme)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        var name = $"orders_{width}_{theme}";
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);

        await page.GotoAsync($"/orgs/{acme}/tables");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "New table" });
        await page.WaitForInteractiveAsync(create);
        await create.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New table" });
        await dialog.GetByLabel("Name").First.FillAsync("Orders List");
        await Expect(dialog).ToContainTextAsync("Start with a lower-case letter.");
        await page.SaveScreenshotAsync($"tables-new-{width}-{theme}");
        await dialog.GetByLabel("Name").First.FillAsync(name);
        await dialog.GetByLabel("Description").FillAsync("Orders placed in the shop");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        // Other tests share this app's tables, so the new one may be past the first page: find it as a person would.
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search by name" }).FillAsync(name);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        await page.SaveScreenshotAsync($"tables-list-{width}-{theme}");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Design {name}" }).ClickAsync();
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add column" });
        await page.WaitForInteractiveAsync(add);
        (string Column, string Type, string? Options)[] columns =
        [
            ("code", "Text", null), ("quantity", "Integer", null), ("price", "Decimal", null),
            ("paid", "Boolean", null), ("ordered_on", "Date", null), ("status", "Single select", "new\nshipped\ndone"),
        ];
        foreach (var (column, type, options) in columns)
        {
            await add.ClickAsync();
            var columnDialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Add a column to {name}" });
            await columnDialog.GetByLabel("Column name").FillAsync(column);
            if (type != "Text") await ChooseAsync(page, columnDialog.GetByLabel("Type"), type);
            if (options is not null) await columnDialog.GetByLabel("Options").FillAsync(options);
            if (column == "status") await page.SaveScreenshotAsync($"tables-add-column-{width}-{theme}");
            await columnDialog.GetByRole(AriaRole.Button, new() { Name = "Add column" }).ClickAsync();
            await Expect(columnDialog).ToBeHiddenAsync();
            await Expect(page.Locator($"li[data-column='{column}']")).ToContainTextAsync(type);
        }
        await page.SaveScreenshotAsync($"tables-designer-{width}-{theme}");

        // Rows for the next step, written through the domain.
        TableView table;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            table = (await scope.ServiceProvider.GetRequiredService<TableService>().ListAsync(admin, acme, new Builder.Domain.Common.PageRequest(Search: name))).Items.Single();
            await scope.ServiceProvider.GetRequiredService<RowService>().InsertManyAsync(admin, table.TableId,
            [
                new JsonObject { ["code"] = "1001", ["quantity"] = 2, ["status"] = "new" },
                new JsonObject { ["code"] = "A-17", ["quantity"] = 1, ["status"] = "shipped" },
                new JsonObject { ["code"] = "1003", ["price"] = 9.5 },
                new JsonObject { ["code"] = "unknown", ["paid"] = true },
            ]);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Change the type of code" }).ClickAsync();
        var change = page.GetByRole(AriaRole.Dialog, new() { Name = "Change the type of code" });
        await ChooseAsync(page, change.GetByLabel("New type"), "Integer");
        await Expect(change.GetByTestId("preview-summary")).ToContainTextAsync("2 of 4 values can't be converted to integer.");
        await Expect(change.GetByTestId("preview-failures").Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(change.GetByTestId("preview-failures")).ToContainTextAsync("A-17");
        await Expect(change.GetByTestId("preview-failures")).ToContainTextAsync("unknown");
        var convert = change.GetByRole(AriaRole.Button, new() { Name = "Convert" });
        await Expect(convert).ToBeDisabledAsync();
        await page.SaveScreenshotAsync($"tables-type-preview-{width}-{theme}");
        await change.GetByLabel("Empty the 2 values that can't be converted").CheckAsync();
        await Expect(convert).ToBeEnabledAsync();
        await convert.ClickAsync();
        await Expect(change).ToBeHiddenAsync();
        await Expect(page.Locator("li[data-column='code']")).ToContainTextAsync("Integer");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the screen.");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<RowService>().QueryAsync(admin, table.TableId, new RowQuery());
            Assert.Equal([1001L, null, 1003L, null], rows.Rows.OrderBy(r => r.RowId).Select(r => r.Data["code"]?.GetValue<long>()));
        }

        // A Guest sees the same designer read-only.
        var guest = await app.NewSignedInPageAsync("guest@acme.test");
        await guest.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await guest.SetViewportSizeAsync(width, height);
        await guest.GotoAsync($"/orgs/{acme}/tables/{table.TableId}/design");
        await guest.WaitForInteractiveAsync();
        await Expect(guest.GetByTestId("read-only")).ToBeVisibleAsync();
        await Expect(guest.Locator("li[data-column='status']")).ToContainTextAsync("Single select");
        await Expect(guest.GetByRole(AriaRole.Button, new() { Name = "Add column" })).ToHaveCountAsync(0);
        await Expect(guest.Locator("li.designer-column button")).ToHaveCountAsync(0);
        await Expect(guest.GetByLabel("Name").First).ToBeDisabledAsync();
        await guest.SaveScreenshotAsync($"tables-designer-guest-{width}-{theme}");
    }

    /// <summary>Opens a select and picks the option whose name starts with <paramref name="text"/>.</summary>
    private static async Task ChooseAsync(IPage page, ILocator select, string text)
    {
        var option = page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex($"^{Regex.Escape(text)}") });
        for (var attempt = 1; ; attempt++)
        {
            await select.ClickAsync();
            try
            {
                await option.First.WaitForAsync(new() { Timeout = 5000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3) { }
        }
        await option.First.ClickAsync();
        try
        {
            await Expect(option.First).ToBeHiddenAsync(new() { Timeout = 5000 });
        }
        catch (PlaywrightException)
        {
            // At 390 px under load the list sometimes stays open after the choice was taken: close it as a person would.
            await option.First.Page.Keyboard.PressAsync("Escape");
            await Expect(option.First).ToBeHiddenAsync();
        }
    }
}
