using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Web.Features.Tables;

namespace Builder.Web.Tests.Components.Tables;

/// <summary>The Tables list: empty state, rows with their kind, column count and owner, role-dependent buttons, the new-table dialog's validation, delete through a reviewer.</summary>
public sealed class TablesPageTests : ConsoleTestContext
{
    private readonly string _blobs = Path.Combine(Path.GetTempPath(), "tables-page-blobs-" + Guid.NewGuid().ToString("N"));

    // The knowledge-base dialog's service keeps documents in the blob store.
    protected override void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Builder.Domain.Files.IBlobStore>(services,
            new Builder.Domain.Files.FileSystemBlobStore(_blobs));

    [Fact]
    public async Task An_admin_creates_a_knowledge_base_from_the_list_and_knowledge_bases_link_to_their_search()
    {
        var (admin, org) = await SeedAsync();
        await Service<TableService>().CreateAsync(admin, org, new TableInput("plain"));
        var faq = await Service<Builder.Domain.Tables.Knowledge.KnowledgeBaseService>().CreateAsync(admin, org, "faq");
        var page = RenderWithProviders<TablesPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("plain", page.Find(".mud-table-body").TextContent));
        Assert.Empty(page.FindAll("a[aria-label='Search plain']"));
        Assert.NotNull(page.Find($"a[aria-label='Search faq'][href='/orgs/{org}/tables/{faq.TableId}/knowledge']"));

        page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "New knowledge base").Click()).GetAwaiter().GetResult();
        page.WaitForElement(".mud-dialog input[data-testid='kb-name']");
        page.InvokeAsync(() => page.Find(".mud-dialog input[data-testid='kb-name']").Change("handbook")).GetAwaiter().GetResult();
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click()).GetAwaiter().GetResult();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        var created = (await Service<TableService>().ListAsync(admin, org, new PageRequest())).Items.Single(t => t.Name == "handbook");
        Assert.Equal("knowledge_base", created.Kind);
        Assert.EndsWith($"/orgs/{org}/tables/{created.TableId}/knowledge", Service<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    /// <summary>Types into an input that reacts to every keystroke (Immediate), found and changed on the renderer's dispatcher.</summary>
    private static void InputWhenShown(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector, string value)
    {
        page.WaitForElement(selector);
        page.InvokeAsync(() => page.Find(selector).Input(value)).GetAwaiter().GetResult();
    }

    private async Task<(Actor Admin, Guid Org)> SeedAsync()
    {
        var admin = await SignInAsync("admin@acme.test");
        return (admin, await OrganizationIdAsync(DevelopmentSeed.AcmeName));
    }

    [Fact]
    public async Task An_admin_sees_the_empty_state_and_creates_a_table_with_a_first_column()
    {
        var (admin, org) = await SeedAsync();
        var page = RenderWithProviders<TablesPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("No tables yet", page.Markup));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New table").Click();
        InputWhenShown(page, ".mud-dialog .table-name input", "customer_orders");
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Add a column").Click()).GetAwaiter().GetResult();
        InputWhenShown(page, ".mud-dialog .column-name input", "total");
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click()).GetAwaiter().GetResult();

        page.WaitForAssertion(() => Assert.Contains("customer_orders", page.Find(".mud-table-body").TextContent));
        Assert.Equal("1", page.Find("[data-testid='column-count']").TextContent.Trim());
        Assert.Contains("Table", page.Find(".mud-table-body").TextContent);
        Assert.Contains("Alice Admin", page.Find(".mud-table-body").TextContent);
        var created = (await Service<TableService>().ListAsync(admin, org, new PageRequest())).Items.Single();
        Assert.Equal("total", created.Columns.Single().Name);
        Assert.Equal("text", created.Columns.Single().Type);
        Assert.NotNull(page.Find($"a[href='/orgs/{org}/tables/{created.TableId}/design']"));
        Assert.NotNull(page.Find($"a[aria-label='Open the data of customer_orders'][href='/orgs/{org}/tables/{created.TableId}']"));
    }

    [Fact]
    public async Task The_new_table_dialog_explains_the_name_rule_as_it_is_typed_and_creates_nothing_while_it_is_broken()
    {
        var (admin, org) = await SeedAsync();
        await Service<TableService>().CreateAsync(admin, org, new TableInput("orders"));
        var page = RenderWithProviders<TablesPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("orders", page.Find(".mud-table-body").TextContent));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New table").Click();
        page.WaitForElement(".mud-dialog .table-name input");
        page.InvokeAsync(() => page.Find(".mud-dialog .table-name input").Input("Customer Orders")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("Start with a lower-case letter.", page.Find(".mud-dialog").TextContent));
        Assert.Contains("Use “customer_orders”", page.Find(".mud-dialog").TextContent);
        page.InvokeAsync(() => page.Find(".mud-dialog .table-name input").Input("customer orders")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("No spaces: use an underscore (_) instead.", page.Find(".mud-dialog").TextContent));

        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("Table name must start with a lower-case letter", page.Find(".mud-dialog .table-name").TextContent));

        // A taken name is said on the name field; a broken first column on the column's own field.
        page.InvokeAsync(() => page.Find(".mud-dialog .table-name input").Input("orders")).GetAwaiter().GetResult();
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("A table named 'orders' already exists in this organization", page.Find(".mud-dialog .table-name").TextContent));

        page.InvokeAsync(() => page.Find(".mud-dialog .table-name input").Input("invoices")).GetAwaiter().GetResult();
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Add a column").Click()).GetAwaiter().GetResult();
        InputWhenShown(page, ".mud-dialog .column-name input", "created_at");
        page.WaitForAssertion(() => Assert.Contains("is a system column's name", page.Find(".mud-dialog .column-name").TextContent));
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("“created_at” is a system column's name; choose another.", page.Find(".mud-dialog .column-name").TextContent));

        Assert.Equal(1, (await Service<TableService>().ListAsync(admin, org, new PageRequest())).Total);
    }

    [Theory]
    [InlineData("guest@acme.test")]
    [InlineData("builder@acme.test")]
    public async Task Guests_and_users_read_the_list_without_create_design_or_delete(string email)
    {
        var (admin, org) = await SeedAsync();
        var table = await Service<TableService>().CreateAsync(admin, org, new TableInput("products", "What we sell",
            [new ColumnInput("name", "text"), new ColumnInput("price", "decimal")]));
        await SignInAsync(email);
        var page = RenderWithProviders<TablesPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("products", page.Find(".mud-table-body").TextContent));

        Assert.Contains("What we sell", page.Find(".mud-table-body").TextContent);
        Assert.Equal("2", page.Find("[data-testid='column-count']").TextContent.Trim());
        Assert.DoesNotContain("New table", page.Markup);
        Assert.DoesNotContain("New knowledge base", page.Markup);
        Assert.Empty(page.FindAll("a[aria-label='Design products']"));
        Assert.Empty(page.FindAll("button[aria-label='Delete products']"));
        Assert.NotNull(page.Find($"a[aria-label='Columns of products'][href='/orgs/{org}/tables/{table.TableId}/design']"));
        Assert.NotNull(page.Find("a[aria-label='Open the data of products']"));
    }

    [Fact]
    public async Task An_admin_requests_a_deletion_and_the_row_says_so()
    {
        var (admin, org) = await SeedAsync();
        var table = await Service<TableService>().CreateAsync(admin, org, new TableInput("archive"));
        var page = RenderWithProviders<TablesPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("archive", page.Find(".mud-table-body").TextContent));
        Assert.NotNull(page.Find("a[aria-label='Design archive']"));

        page.Find("button[aria-label='Delete archive']").Click();
        page.WaitForAssertion(() => Assert.Contains("The table “archive” with no columns and no rows", page.Find(".mud-dialog").TextContent));
        SendDeletionRequest(page);

        page.WaitForAssertion(() => Assert.Contains("Deletion requested", page.Find(".mud-table-body").TextContent));
        Assert.True(await DeletionPendingAsync(table.Id));
    }
}
