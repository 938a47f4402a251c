using System.Diagnostics;
using System.Text.Json.Nodes;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Xunit.Abstractions;

namespace Builder.E2E.Tables;

/// <summary>
/// A 100,000-row table opens on its first page without reading the rest: the grid asks for one page (50 rows) and the total.
/// The times are printed (noisy on a shared machine); the assertion is only a generous bound.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class LargeTableTests(BuilderAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task The_first_page_of_a_100000_row_table_opens_quickly()
    {
        const int rows = 100_000;
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        int tableId;
        var arrange = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var table = await scope.ServiceProvider.GetRequiredService<TableService>().CreateAsync(admin, acme, new TableInput("big_orders", null,
            [
                new ColumnInput("name", "text"),
                new ColumnInput("amount", "integer"),
                new ColumnInput("status", "single_select", Options: ["open", "closed"]),
                new ColumnInput("due", "date"),
            ]));
            tableId = table.TableId;
            var service = scope.ServiceProvider.GetRequiredService<RowService>();
            for (var start = 0; start < rows; start += TableLimits.RowsPerBatch)
            {
                var batch = Enumerable.Range(start, TableLimits.RowsPerBatch).Select(i => (JsonObject?)new JsonObject
                {
                    ["name"] = $"Order {i:D6}",
                    ["amount"] = i % 997,
                    ["status"] = i % 2 == 0 ? "open" : "closed",
                    ["due"] = $"2026-{i % 12 + 1:D2}-{i % 28 + 1:D2}",
                }).ToList();
                await service.InsertManyAsync(admin, tableId, batch);
            }
            output.WriteLine($"Arranged {rows:N0} rows in {arrange.Elapsed.TotalSeconds:N1} s");

            var query = Stopwatch.StartNew();
            var first = await service.QueryAsync(admin, tableId, new RowQuery(Limit: 50));
            output.WriteLine($"RowService first page (50 rows + total): {query.ElapsedMilliseconds} ms");
            Assert.Equal(rows, first.Total);
            query.Restart();
            await service.QueryAsync(admin, tableId, new RowQuery(Sort: [new RowSort("amount", true)], Limit: 50));
            output.WriteLine($"RowService first page sorted by amount (unindexed) desc: {query.ElapsedMilliseconds} ms");
        }

        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync($"/orgs/{acme}/tables/{tableId}");
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("page-range")).ToHaveTextAsync("1–50 of 100,000");
        var watch = Stopwatch.StartNew();
        await page.ReloadAsync();
        await Expect(page.GetByTestId("page-range")).ToHaveTextAsync("1–50 of 100,000", new() { Timeout = 10_000 });
        output.WriteLine($"Browser: reload to the first page shown: {watch.ElapsedMilliseconds} ms");
        Assert.Equal(50, await page.Locator("table.data-grid tbody tr[data-row]").CountAsync());

        watch.Restart();
        await page.GetByRole(AriaRole.Button, new() { Name = "Last page" }).ClickAsync();
        await Expect(page.GetByTestId("page-range")).ToHaveTextAsync("99,951–100,000 of 100,000");
        output.WriteLine($"Browser: last page shown: {watch.ElapsedMilliseconds} ms");
        await page.SaveScreenshotAsync("table-data-100k-last-page");
    }
}
