using System.Text.Json.Nodes;
using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.Web.Features.Tables.Data;

namespace Builder.Web.Tests.Components.Tables;

/// <summary>
/// The table data page over the real services: server paging with totals, sorting by a header, the filter builder with a
/// nested group applied on the server (and the domain's message on the rule it names), and the cell editors' validation.
/// </summary>
public sealed class TableDataPageTests : ConsoleTestContext
{
    private Guid _org;
    private readonly string _blobs = Path.Combine(Path.GetTempPath(), "data-page-blobs-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Builder.Domain.Files.IBlobStore>(services,
            new Builder.Domain.Files.FileSystemBlobStore(_blobs));
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services,
            new Builder.Domain.Files.FileLinkOptions { MaxUploadBytes = 1024 });
    }

    [Fact]
    public async Task The_header_links_to_the_designer_the_import_and_an_export_of_what_the_grid_shows()
    {
        var table = await SeedAsync(3);
        var page = Render(table);

        Assert.Equal($"/orgs/{_org}/tables/{table}/design", page.Find("[data-testid=data-design]").GetAttribute("href"));
        Assert.Equal($"/orgs/{_org}/tables/{table}/import", page.Find("[data-testid=data-import]").GetAttribute("href"));
        Assert.Equal($"/api/tables/{table}/export.csv?organizationId={_org}", page.Find("[data-testid=data-export]").GetAttribute("href"));
        Assert.True(page.Find("[data-testid=data-export]").HasAttribute("download"));
        Assert.Empty(page.FindAll("[data-testid=data-search]")); // nothing searchable

        page.InvokeAsync(() => page.Find("th[scope=col] button[title='Sort by amount']").Click()).GetAwaiter().GetResult();
        page.InvokeAsync(() => page.Find("th[scope=col] button[title='Sort by amount']").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.EndsWith("&sort=amount&order=desc", page.Find("[data-testid=data-export]").GetAttribute("href")));
    }

    [Fact]
    public async Task A_file_is_uploaded_into_a_cell_from_the_grid_and_one_over_the_limit_is_refused_saying_the_sizes()
    {
        var admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var table = await Service<TableService>().CreateAsync(admin, _org, new TableInput("contracts", null,
            [new ColumnInput("title", "text"), new ColumnInput("scan", "file")]));
        await Service<RowService>().InsertAsync(admin, table.TableId, new JsonObject { ["title"] = "Lease" });
        var page = Render(table.TableId);
        var cell = () => page.Find("tr[data-row='1'] td[data-column='scan']");
        Assert.Contains("Upload…", cell().TextContent);

        page.InvokeAsync(() => cell().KeyDown("Enter")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("No file in this cell yet.", page.Find(".mud-dialog").TextContent));
        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromText(new string('x', 2048), "big.pdf", contentType: "application/pdf"));
        page.WaitForAssertion(() => Assert.Equal("big.pdf is 2 KB; a file may be at most 1 KB (Blobs:MaxUploadBytes).", page.Find("[data-testid=file-error]").TextContent.Trim()));
        Assert.Null((await Service<RowService>().GetAsync(admin, table.TableId, 1)).Data["scan"]);

        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromText("hello", "lease.txt", contentType: "text/plain"));
        page.WaitForAssertion(() => Assert.Contains("lease.txt", page.Find("[data-testid=file-current]").TextContent));
        var stored = (await Service<RowService>().GetAsync(admin, table.TableId, 1)).Data["scan"]!;
        Assert.Equal(("lease.txt", 5L), (stored["name"]!.GetValue<string>(), stored["size"]!.GetValue<long>()));
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Close").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("lease.txt", cell().TextContent));

        // Clear asks first, then empties the cell.
        page.InvokeAsync(() => cell().Click()).GetAwaiter().GetResult();
        page.InvokeAsync(() => page.Find("[data-testid=file-clear]").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("Remove lease.txt from scan of row 1?", page.Markup));
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Last(b => b.TextContent.Trim() == "Clear").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("No file in this cell yet.", page.Find("[data-testid=file-empty]").TextContent));
        Assert.Null((await Service<RowService>().GetAsync(admin, table.TableId, 1)).Data["scan"]);
    }

    private async Task<int> SeedAsync(int rows)
    {
        var admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var table = await Service<TableService>().CreateAsync(admin, _org, new TableInput("orders", null,
        [
            new ColumnInput("name", "text", Required: true),
            new ColumnInput("amount", "integer"),
            new ColumnInput("status", "single_select", Options: ["open", "closed"]),
        ]));
        var data = Enumerable.Range(1, rows).Select(i => (JsonObject?)new JsonObject
        {
            ["name"] = $"Order {i:D3}",
            ["amount"] = i * 10,
            ["status"] = i % 2 == 0 ? "closed" : "open",
        }).ToList();
        await Service<RowService>().InsertManyAsync(admin, table.TableId, data);
        return table.TableId;
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Render(int tableId)
    {
        var page = RenderWithProviders<TableDataPage>(new() { ["OrgId"] = _org, ["TableNumber"] = tableId });
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("table.data-grid tbody tr[data-row]")));
        return page;
    }

    private static string Range(IRenderedComponent<Bunit.Rendering.ContainerFragment> page) =>
        page.Find("[data-testid=page-range]").TextContent;

    private static List<string> Column(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string column) =>
        page.FindAll($"tbody td[data-column='{column}']").Select(c => c.TextContent.Trim()).ToList();

    private static void Click(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string label) =>
        page.InvokeAsync(() => page.Find($"button[aria-label='{label}']").Click()).GetAwaiter().GetResult();

    private static void Type(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector, string text)
    {
        page.WaitForElement(selector);
        page.InvokeAsync(() => page.Find(selector).Input(text)).GetAwaiter().GetResult();
    }

    private static void Pick(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string rule, string part, string option)
    {
        page.InvokeAsync(() => page.Find($"[aria-label='Rule {rule}'] :is({part}.mud-input-control, {part} .mud-input-control)").MouseDown()).GetAwaiter().GetResult();
        var item = page.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == option);
        page.InvokeAsync(() => item.Click()).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Rows_are_paged_on_the_server_with_the_total_and_sorted_by_a_header()
    {
        var table = await SeedAsync(60);
        var page = Render(table);

        page.WaitForAssertion(() => Assert.Equal("1–50 of 60", Range(page)));
        Assert.Equal(50, page.FindAll("tbody tr[data-row]").Count);
        Click(page, "Next page");
        page.WaitForAssertion(() => Assert.Equal("51–60 of 60", Range(page)));
        Assert.Equal("Order 051", Column(page, "name")[0]);

        page.InvokeAsync(() => page.Find("#data-page-size").Change("25")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Equal("1–25 of 60", Range(page)));

        var amount = () => page.FindAll("th").Single(h => h.QuerySelector(".data-header-name")?.TextContent == "amount");
        page.InvokeAsync(() => amount().QuerySelector("button")!.Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Equal("ascending", amount().GetAttribute("aria-sort")));
        page.InvokeAsync(() => amount().QuerySelector("button")!.Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Equal("600", Column(page, "amount")[0]));
        Assert.Equal("descending", amount().GetAttribute("aria-sort"));
        Assert.Equal("590", Column(page, "amount")[1]);
    }

    [Fact]
    public async Task A_nested_filter_group_applies_on_the_server_and_a_refused_value_shows_on_its_rule()
    {
        var table = await SeedAsync(12);
        var page = Render(table);
        page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Trim().StartsWith("Filter")).Click()).GetAwaiter().GetResult();

        // status equals open AND (amount greater than 80 OR name ends with 003)
        Click(page, "Add rule to the filter");
        Pick(page, "1", ".rule-field", "status");
        Type(page, "input[aria-label='Value of rule 1']", "open");
        Click(page, "Add group to the filter");
        Pick(page, "2.1", ".rule-field", "amount");
        Pick(page, "2.1", ".rule-comparison", "greater than");
        Type(page, "input[aria-label='Value of rule 2.1']", "eighty");
        Click(page, "Add rule to group 2");
        Pick(page, "2.2", ".rule-comparison", "ends with");
        Type(page, "input[aria-label='Value of rule 2.2']", "003");
        Click(page, "Apply filter");

        page.WaitForAssertion(() => Assert.Contains("is not a whole number", page.Find("[aria-label='Rule 2.1'] [role=alert]").TextContent));
        Assert.Equal("1–12 of 12", Range(page)); // nothing applied

        Type(page, "input[aria-label='Value of rule 2.1']", "80");
        Click(page, "Apply filter");
        // open rows: 1, 3, 5, 7, 9, 11 → 3 (ends with 003), 9 and 11 (amount > 80)
        page.WaitForAssertion(() => Assert.Equal("1–3 of 3", Range(page)));
        Assert.Equal(["Order 003", "Order 009", "Order 011"], Column(page, "name"));
        Assert.Empty(page.FindAll("[role=alert]"));
    }

    [Fact]
    public void The_filter_draft_puts_the_domain_messages_on_the_rule_or_group_they_name()
    {
        var columns = new[] { new GridColumnInfo("amount", "amount", ColumnType.Integer, null) };
        var draft = new RowFilterDraft(columns);
        draft.AddRule(draft.Root);
        var group = draft.AddGroup(draft.Root);
        var inner = (RowFilterRule)group.Items[0];
        inner.Value = "5";
        ((RowFilterRule)draft.Root.Items[0]).Value = "1";

        var json = draft.ToJson();
        Assert.NotNull(json);
        Assert.Equal("""[{"column":"amount","operator":"equals","value":1},{"filterOperator":"OR","filters":[{"column":"amount","operator":"equals","value":5}]}]""",
            json.Value.Filters.ToJsonString());

        var rest = draft.Apply(new ValidationException(new Dictionary<string, string[]>
        {
            ["filters[1].filters[0].value"] = ["Too big"],
            ["filters[1]"] = ["Group problem"],
            ["filterOperator"] = ["Bad operator"],
        }));
        Assert.Equal("Too big.", inner.Problem);
        Assert.Equal("Group problem.", group.Problem);
        Assert.Equal(["Bad operator."], rest);
    }

    [Fact]
    public async Task A_cell_editor_shows_the_domain_message_saves_nothing_on_a_wrong_value_and_saves_with_Enter()
    {
        var table = await SeedAsync(3);
        var page = Render(table);
        var cell = () => page.Find("tr[data-row='2'] td[data-column='amount']");

        page.InvokeAsync(() => cell().Click()).GetAwaiter().GetResult();
        var input = () => page.Find("input[aria-label='Value of amount']");
        page.InvokeAsync(() => input().Input("12x")).GetAwaiter().GetResult();
        page.InvokeAsync(() => input().KeyDown("Enter")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("is not a whole number", cell().QuerySelector("[role=alert]")!.TextContent));
        var admin = await ActorAsync("admin@acme.test");
        Assert.Equal(20, (await Service<RowService>().GetAsync(admin, table, 2)).Data["amount"]!.GetValue<long>());

        // Escape cancels: the stored value shows again.
        page.InvokeAsync(() => input().KeyDown("Escape")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Equal("20", cell().TextContent.Trim()));

        // The required name refuses an empty value with the row service's message.
        var name = () => page.Find("tr[data-row='2'] td[data-column='name']");
        page.InvokeAsync(() => name().Click()).GetAwaiter().GetResult();
        page.InvokeAsync(() => page.Find("input[aria-label='Value of name']").Input("")).GetAwaiter().GetResult();
        page.InvokeAsync(() => page.Find("input[aria-label='Value of name']").KeyDown("Enter")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("required", name().QuerySelector("[role=alert]")!.TextContent));
        page.InvokeAsync(() => page.Find("input[aria-label='Value of name']").KeyDown("Escape")).GetAwaiter().GetResult();

        page.InvokeAsync(() => cell().Click()).GetAwaiter().GetResult();
        page.InvokeAsync(() => input().Input("25")).GetAwaiter().GetResult();
        page.InvokeAsync(() => input().KeyDown("Enter")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Equal("25", cell().TextContent.Trim()));
        Assert.Equal(25, (await Service<RowService>().GetAsync(admin, table, 2)).Data["amount"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_link_cell_leads_to_the_linked_row_and_a_json_cell_opens_pretty_printed()
    {
        var customers = await SeedAsync(3);
        var admin = await ActorAsync("admin@acme.test");
        var linked = await Service<TableService>().GetByNumberAsync(admin, _org, customers);
        var invoices = await Service<TableService>().CreateAsync(admin, _org, new TableInput("invoices", null,
            [new ColumnInput("order", "link", LinkTableId: linked.Id), new ColumnInput("lines", "json")]));
        await Service<RowService>().InsertAsync(admin, invoices.TableId, new JsonObject { ["order"] = 2, ["lines"] = JsonNode.Parse("""{"sku":"A-1","qty":3}""") });

        var page = Render(invoices.TableId);
        var link = page.Find("td[data-column='order'] a");
        Assert.Equal($"/orgs/{_org}/tables/{customers}?row=2", link.GetAttribute("href"));
        page.InvokeAsync(() => page.Find("button[aria-label='Show lines of row 1']").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("\"qty\": 3", page.Find(".mud-dialog pre.json-view").TextContent));
    }

    [Fact]
    public async Task The_row_in_the_address_opens_with_its_values()
    {
        var customers = await SeedAsync(3);
        Service<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/orgs/{_org}/tables/{customers}?row=2");
        var target = RenderWithProviders<TableDataPage>(new() { ["OrgId"] = _org, ["TableNumber"] = customers });
        target.WaitForAssertion(() => Assert.Contains("Order 002", target.Find(".mud-dialog .row-details").TextContent));
    }

    [Fact]
    public async Task A_guest_reads_rows_without_editors_checkboxes_or_an_add_button()
    {
        var table = await SeedAsync(3);
        await SignInAsync("guest@acme.test");
        var page = Render(table);

        Assert.NotNull(page.Find("[data-testid=read-only-note]"));
        Assert.Empty(page.FindAll("tbody input[type=checkbox]"));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Add row"));
        Assert.Empty(page.FindAll("[data-testid=data-import]"));
        Assert.Equal("Columns", page.Find("[data-testid=data-design]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=data-export]"));
        page.InvokeAsync(() => page.Find("tr[data-row='2'] td[data-column='amount']").Click()).GetAwaiter().GetResult();
        Assert.Empty(page.FindAll("input[aria-label='Value of amount']"));
    }
}
