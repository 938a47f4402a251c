using System.Text;
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
/// The tables pages reached by clicking only, from the navigation: the list, the data page and its Design, Import CSV and
/// Export CSV buttons (the download is the table as CSV), the designer's option editor (rename an option, remove one that two
/// rows hold after the confirmation that says so), a file uploaded into a cell and downloaded again, and a knowledge base
/// created from the list that opens on its search page. Wide in light and dark, narrow and dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class TablePagesFlowTests(BuilderAppFixture app)
{
    private async Task<(Guid Org, int Table)> ArrangeAsync(string name)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        await using var scope = app.Services.CreateAsyncScope();
        var table = await scope.ServiceProvider.GetRequiredService<TableService>().CreateAsync(admin, acme, new TableInput(name, "Contracts and their scans",
        [
            new ColumnInput("title", "text", Required: true),
            new ColumnInput("status", "single_select", Options: ["draft", "signed", "void"]),
            new ColumnInput("scan", "file"),
        ]));
        await scope.ServiceProvider.GetRequiredService<RowService>().InsertManyAsync(admin, table.TableId,
        [
            new JsonObject { ["title"] = "Lease", ["status"] = "draft" },
            new JsonObject { ["title"] = "Loan", ["status"] = "signed" },
            new JsonObject { ["title"] = "Lawn care", ["status"] = "signed" },
        ]);
        return (acme, table.TableId);
    }

    private static ILocator Cell(IPage page, string title, string column) =>
        page.Locator("table.data-grid tbody tr", new() { Has = page.Locator("td[data-column='title']", new() { HasTextRegex = new Regex($"^{title}$") }) })
            .Locator($"td[data-column='{column}']");

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(1440, 900, "dark")]
    [InlineData(390, 844, "dark")]
    public async Task Every_tables_page_is_reached_by_clicking_and_options_files_import_export_and_knowledge_bases_work(int width, int height, string theme)
    {
        var name = $"contracts_{width}_{theme}";
        var (acme, tableId) = await ArrangeAsync(name);
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}");
        await page.WaitForInteractiveAsync();

        // The navigation → the list → the data page.
        var nav = page.GetByRole(AriaRole.Link, new() { Name = "Tables", Exact = true });
        // On a narrow screen the responsive drawer closes itself once interactive: open it with the menu button (again if it closed meanwhile).
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await page.WaitForTimeoutAsync(400);
            if (await nav.IsVisibleAsync()) break;
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
        }
        await nav.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        await page.SaveScreenshotAsync($"tables-list-{width}-{theme}");
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Expect(Cell(page, "Loan", "status")).ToHaveTextAsync("signed");
        await page.WaitForInteractiveAsync();
        await page.SaveScreenshotAsync($"tables-data-{width}-{theme}");

        // Export CSV: the table as it is, with a header of the columns.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("data-export").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("id,createdAt,updatedAt,title,status,scan", csv.TrimStart('\uFEFF'));
        Assert.Contains("Lawn care", csv);

        // Import CSV opens the import page; its breadcrumb leads back.
        await page.GetByTestId("data-import").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/tables/{tableId}/import$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Choose a CSV file" })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        await page.SaveScreenshotAsync($"tables-import-{width}-{theme}");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(Cell(page, "Loan", "status")).ToHaveTextAsync("signed");

        // The designer: rename an option, remove one that two rows hold (the confirmation says so).
        await page.GetByTestId("data-design").ClickAsync();
        var settings = page.GetByRole(AriaRole.Button, new() { Name = "Options and default of status" });
        await page.WaitForInteractiveAsync(settings);
        await page.SaveScreenshotAsync($"tables-designer-{width}-{theme}");
        await settings.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Options and default of status" });
        await Expect(dialog.Locator("li[data-option='signed']")).ToContainTextAsync("Used by 2 rows.");
        await dialog.GetByLabel("Option 1", new() { Exact = true }).FillAsync("proposed");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove signed" }).ClickAsync();
        await Expect(dialog.Locator("li[data-option='signed']")).ToContainTextAsync("Removed; 2 rows hold it");
        await page.SaveScreenshotAsync($"tables-options-{width}-{theme}");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Remove “signed”?" });
        await Expect(confirm).ToContainTextAsync("“signed” is used by 2 rows. If you remove it, those cells become empty.");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Remove it" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.Locator("li.designer-column[data-column='status']")).ToContainTextAsync("proposed, void");

        // Back on the data page: the renamed option in its row, the removed one's cells empty.
        await page.GetByTestId("designer-data").ClickAsync();
        await Expect(Cell(page, "Lease", "status")).ToHaveTextAsync("proposed");
        await Expect(Cell(page, "Loan", "status")).ToHaveTextAsync("");
        await page.WaitForInteractiveAsync();

        // A file into the Lease row's scan cell, then downloaded from the cell's dialog and from the grid.
        await Cell(page, "Lease", "scan").ClickAsync();
        var fileDialog = page.GetByRole(AriaRole.Dialog, new() { Name = "scan of row 1" });
        await Expect(fileDialog).ToContainTextAsync("No file in this cell yet.");
        await fileDialog.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "lease.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("The lease runs for two years."),
        });
        await Expect(fileDialog.GetByTestId("file-current")).ToContainTextAsync("lease.txt");
        await page.SaveScreenshotAsync($"tables-file-{width}-{theme}");
        var fromDialog = await page.RunAndWaitForDownloadAsync(() => fileDialog.GetByTestId("file-download").ClickAsync());
        Assert.Equal("lease.txt", fromDialog.SuggestedFilename);
        Assert.Equal("The lease runs for two years.", await File.ReadAllTextAsync(await fromDialog.PathAsync()));
        await fileDialog.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(Cell(page, "Lease", "scan")).ToContainTextAsync("lease.txt");
        var fromGrid = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download lease.txt" }).ClickAsync());
        Assert.Equal("lease.txt", fromGrid.SuggestedFilename);

        // A knowledge base from the list opens on its search page, which links to its passages.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).GetByRole(AriaRole.Link, new() { Name = "Tables" }).ClickAsync();
        var newKb = page.GetByRole(AriaRole.Button, new() { Name = "New knowledge base" });
        await page.WaitForInteractiveAsync(newKb);
        await newKb.ClickAsync();
        var kbDialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New knowledge base" });
        var kbName = $"handbook_{width}_{theme}";
        await kbDialog.GetByLabel("Name").First.FillAsync(kbName);
        await kbDialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/tables/\\d+/knowledge$"));
        await Expect(page.GetByTestId("kb-no-documents")).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        await page.SaveScreenshotAsync($"tables-knowledge-{width}-{theme}");
        await page.GetByTestId("kb-data").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = kbName })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("data-search")).ToBeVisibleAsync();

        // And back to the list, where the knowledge base has its Search link.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).GetByRole(AriaRole.Link, new() { Name = "Tables" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Search {kbName}" })).ToBeVisibleAsync();
    }
}
