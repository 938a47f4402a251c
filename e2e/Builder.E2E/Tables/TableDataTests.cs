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
/// The table data page as a person uses it: sort by a header, filter with a nested group, edit a cell (a wrong value is
/// refused in place), add a row, delete two selected rows after the confirmation; on a wide and a narrow screen, light and dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class TableDataTests(BuilderAppFixture app)
{
    private static readonly string[] Names = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta"];

    private async Task<(Guid Org, int Table)> ArrangeAsync(string name)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        await using var scope = app.Services.CreateAsyncScope();
        var table = await scope.ServiceProvider.GetRequiredService<TableService>().CreateAsync(admin, acme, new TableInput(name, "Orders to ship",
        [
            new ColumnInput("name", "text", Required: true),
            new ColumnInput("amount", "integer"),
            new ColumnInput("status", "single_select", Options: ["open", "closed"]),
            new ColumnInput("paid", "boolean"),
            new ColumnInput("due", "date"),
            new ColumnInput("meta", "json"),
        ]));
        var rows = Names.Select((n, i) => (JsonObject?)new JsonObject
        {
            ["name"] = n,
            ["amount"] = (i + 1) * 10,
            ["status"] = i % 2 == 0 ? "open" : "closed",
            ["paid"] = i % 3 == 0,
            ["due"] = $"2026-0{i % 9 + 1}-15",
            ["meta"] = new JsonObject { ["priority"] = i, ["tags"] = new JsonArray("a", "b") },
        }).ToList();
        await scope.ServiceProvider.GetRequiredService<RowService>().InsertManyAsync(admin, table.TableId, rows);
        return (acme, table.TableId);
    }

    private static ILocator Body(IPage page) => page.Locator("table.data-grid tbody");

    private static ILocator Cell(IPage page, string name, string column) =>
        Body(page).Locator("tr", new() { Has = page.Locator("td[data-column='name']", new() { HasTextRegex = new Regex($"^{name}$") }) })
            .Locator($"td[data-column='{column}']");

    /// <summary>Chooses an option of a rule's column (".rule-field") or operator (".rule-comparison") select.</summary>
    private static async Task PickAsync(IPage page, string rule, string part, string option)
    {
        await page.GetByRole(AriaRole.Group, new() { Name = $"Rule {rule}", Exact = true }).Locator(part).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task An_admin_sorts_filters_edits_adds_and_deletes_rows(int width, int height)
    {
        var (acme, tableId) = await ArrangeAsync($"orders_{width}");
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}/tables/{tableId}");
        await page.WaitForInteractiveAsync();
        await Expect(Body(page).Locator("tr")).ToHaveCountAsync(8);
        await Expect(page.GetByTestId("page-range")).ToHaveTextAsync("1–8 of 8");
        await page.SaveScreenshotAsync($"table-data-{width}-light");

        // Sort: the amount header ascending, then descending.
        var amountHeader = page.Locator("th[data-column], th").Filter(new() { Has = page.Locator(".data-header-name", new() { HasTextRegex = new Regex("^amount$") }) });
        await amountHeader.Locator("button").ClickAsync();
        await Expect(amountHeader).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(Body(page).Locator("tr").First.Locator("td[data-column='amount']")).ToHaveTextAsync("10");
        await amountHeader.Locator("button").ClickAsync();
        await Expect(amountHeader).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(Body(page).Locator("tr").First.Locator("td[data-column='amount']")).ToHaveTextAsync("80");

        // Filter: status equals open AND (amount greater than 40 OR name starts with Al).
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Filter") }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule to the filter" }).ClickAsync();
        await PickAsync(page, "1", ".rule-field", "status");
        await page.GetByLabel("Value of rule 1").FillAsync("open");
        await Expect(page.GetByLabel("Value of rule 1")).ToHaveValueAsync("open");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add group to the filter" }).ClickAsync();
        await PickAsync(page, "2.1", ".rule-field", "amount");
        await PickAsync(page, "2.1", ".rule-comparison", "greater than");
        await page.GetByLabel("Value of rule 2.1").FillAsync("forty");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule to group 2" }).ClickAsync();
        await PickAsync(page, "2.2", ".rule-comparison", "starts with");
        await page.GetByLabel("Value of rule 2.2").FillAsync("Al");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Rule 2.1" })).ToContainTextAsync("is not a whole number");
        await Expect(Body(page).Locator("tr")).ToHaveCountAsync(8); // nothing applied while a rule is wrong
        await page.GetByLabel("Value of rule 2.1").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filter" }).ClickAsync();
        // open: Alpha 10, Gamma 30, Epsilon 50, Eta 70 → Alpha (starts with Al), Epsilon, Eta (> 40).
        await Expect(Body(page).Locator("tr")).ToHaveCountAsync(3);
        await Expect(Body(page).Locator("td[data-column='name']")).ToHaveTextAsync(["Eta", "Epsilon", "Alpha"]);
        await page.SaveScreenshotAsync($"table-data-filter-{width}-light");
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear filter" }).ClickAsync();
        await Expect(Body(page).Locator("tr")).ToHaveCountAsync(8);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Filter") }).ClickAsync();

        // Edit a cell: a wrong value is refused in place and nothing is saved; Enter saves a right one.
        await Cell(page, "Beta", "amount").ClickAsync();
        var editor = page.GetByLabel("Value of amount");
        await Expect(editor).ToBeFocusedAsync();
        await editor.FillAsync("12x");
        await editor.PressAsync("Enter");
        await Expect(Cell(page, "Beta", "amount").Locator("[role=alert]")).ToContainTextAsync("not a whole number");
        await page.SaveScreenshotAsync($"table-data-edit-error-{width}-light");
        await editor.FillAsync("25");
        await editor.PressAsync("Enter");
        await Expect(Cell(page, "Beta", "amount")).ToHaveTextAsync("25");
        var admin = await app.ActorAsync("admin@acme.test");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var rows = scope.ServiceProvider.GetRequiredService<RowService>();
            var beta = (await rows.QueryAsync(admin, tableId, new RowQuery(JsonNode.Parse("""[{"column":"name","operator":"equals","value":"Beta"}]""")))).Rows.Single();
            Assert.Equal(25, beta.Data["amount"]!.GetValue<long>());
        }

        // Add a row: the required name is marked; the row shows after saving.
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Add a row to orders_{width}" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add row" }).ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("name (required)")).ToBeVisibleAsync();
        await dialog.GetByLabel("amount").FillAsync("99");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add row" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("name"); // required: the domain's message on the field
        await page.SaveScreenshotAsync($"table-data-add-{width}-light");
        await dialog.GetByLabel("name (required)").FillAsync("Iota");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add row" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(Cell(page, "Iota", "amount")).ToHaveTextAsync("99");
        await Expect(page.GetByTestId("page-range")).ToHaveTextAsync("1–9 of 9");

        // Delete two selected rows after the confirmation naming how many.
        foreach (var name in new[] { "Gamma", "Delta" })
        {
            var row = Body(page).Locator("tr", new() { Has = page.Locator("td[data-column='name']", new() { HasTextRegex = new Regex($"^{name}$") }) });
            await row.Locator("input[type=checkbox]").CheckAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete selected" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete 2 rows?" });
        await Expect(confirm).ToContainTextAsync("Delete 2 rows");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete 2 rows" }).ClickAsync();
        await Expect(page.GetByTestId("page-range")).ToHaveTextAsync("1–7 of 7");
        await Expect(Body(page).Locator("td[data-column='name']", new() { HasTextString = "Gamma" })).ToHaveCountAsync(0);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var page1 = await scope.ServiceProvider.GetRequiredService<RowService>().QueryAsync(admin, tableId, new RowQuery());
            Assert.Equal(7, page1.Total);
            Assert.DoesNotContain(page1.Rows, r => r.Data["name"]!.GetValue<string>() is "Gamma" or "Delta");
        }

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the screen.");

        // Dark: the grid, the filter and an editor.
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Filter") }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule to the filter" }).ClickAsync();
        await Cell(page, "Alpha", "due").ClickAsync();
        await page.SaveScreenshotAsync($"table-data-{width}-dark");
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" }).ClickAsync();
    }

    [Fact]
    public async Task A_guest_reads_rows_and_sees_no_way_to_change_them()
    {
        var (acme, tableId) = await ArrangeAsync("orders_guest");
        var page = await app.NewSignedInPageAsync("guest@acme.test");
        await page.GotoAsync($"/orgs/{acme}/tables/{tableId}");
        await page.WaitForInteractiveAsync();
        await Expect(Body(page).Locator("tr")).ToHaveCountAsync(8);
        await Expect(page.GetByTestId("read-only-note")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add row" })).ToHaveCountAsync(0);
        await Expect(Body(page).Locator("input[type=checkbox]")).ToHaveCountAsync(0);
        await Cell(page, "Beta", "amount").ClickAsync();
        await Expect(page.GetByLabel("Value of amount")).ToHaveCountAsync(0);
    }
}
