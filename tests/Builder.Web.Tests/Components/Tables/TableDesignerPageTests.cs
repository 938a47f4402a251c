using System.Text.Json.Nodes;
using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.Web.Features.Tables;

namespace Builder.Web.Tests.Components.Tables;

/// <summary>
/// The schema designer: add, rename and reorder columns (buttons and Alt+arrows), flags refused with the domain's reason on the
/// row, the type-change dialog (preview text, the confirmation Convert waits for), and a Guest's read-only view.
/// </summary>
public sealed class TableDesignerPageTests : ConsoleTestContext
{

    /// <summary>Types into an input that reacts to every keystroke (Immediate), found and changed on the renderer's dispatcher.</summary>
    private static void InputWhenShown(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector, string value)
    {
        page.WaitForElement(selector);
        page.InvokeAsync(() => page.Find(selector).Input(value)).GetAwaiter().GetResult();
    }

    private async Task<(Actor Admin, Guid Org, TableView Table)> SeedAsync(params ColumnInput[] columns)
    {
        var admin = await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var table = await Service<TableService>().CreateAsync(admin, org, new TableInput("contacts", "People we write to", columns));
        return (admin, org, table);
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Open(Guid org, TableView table)
    {
        var page = RenderWithProviders<TableDesignerPage>(new() { ["OrgId"] = org, ["TableNumber"] = (int?)table.TableId });
        page.WaitForElement(".designer-columns");
        return page;
    }

    private static string[] ColumnOrder(IRenderedComponent<Bunit.Rendering.ContainerFragment> page) =>
        page.FindAll("li.designer-column.user").Select(li => li.GetAttribute("data-column")!).ToArray();

    private static void Click(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector) =>
        page.InvokeAsync(() => page.Find(selector).Click()).GetAwaiter().GetResult();

    /// <summary>Opens a MudSelect and picks the item with this text.</summary>
    private static void Choose(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string select, string item)
    {
        page.InvokeAsync(() => page.Find($"{select}.mud-input-control, {select} .mud-input-control").MouseDown()).GetAwaiter().GetResult();
        var option = page.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == item);
        page.InvokeAsync(() => option.Click()).GetAwaiter().GetResult();
    }

    private static void Check(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector) =>
        page.InvokeAsync(() => page.Find(selector).Change(true)).GetAwaiter().GetResult();

    [Fact]
    public async Task The_system_columns_are_shown_read_only_before_the_users_columns()
    {
        var (_, org, table) = await SeedAsync(new ColumnInput("email", "text"));
        var page = Open(org, table);
        Assert.Equal(["id", "createdAt", "updatedAt", "createdBy"], page.FindAll("li.designer-column.system").Select(li => li.GetAttribute("data-column")));
        Assert.Empty(page.FindAll("li.designer-column.system button"));
        Assert.Equal(["email"], ColumnOrder(page));
    }

    [Fact]
    public async Task An_admin_adds_a_select_column_with_options_and_a_default()
    {
        var (admin, org, table) = await SeedAsync(new ColumnInput("email", "text"));
        var page = Open(org, table);
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Add column").Click();
        InputWhenShown(page, ".mud-dialog .column-name input", "status");
        // The type picker: choose "Single select" from the labels.
        Choose(page, ".mud-dialog .column-type", "Single select");
        page.WaitForElement(".mud-dialog .column-options textarea");
        page.InvokeAsync(() => page.Find(".mud-dialog .column-options textarea").Input("new\nactive\nleft")).GetAwaiter().GetResult();
        // A select cannot be searchable: the checkbox is not offered.
        Assert.Empty(page.FindAll(".mud-dialog .flag-searchable"));
        page.InvokeAsync(() => page.Find(".mud-dialog .column-default input").Change("unknown")).GetAwaiter().GetResult();
        Click(page, ".mud-dialog .mud-dialog-actions button.mud-button-filled");
        page.WaitForAssertion(() => Assert.Contains("The default value is not a valid single select", page.Find(".mud-dialog .column-default").TextContent));

        page.InvokeAsync(() => page.Find(".mud-dialog .column-default input").Change("new")).GetAwaiter().GetResult();
        Click(page, ".mud-dialog .mud-dialog-actions button.mud-button-filled");
        page.WaitForAssertion(() => Assert.Equal(["email", "status"], ColumnOrder(page)));
        Assert.Empty(page.FindAll(".mud-dialog"));
        var status = (await Service<TableService>().GetAsync(admin, table.Id)).Columns[1];
        Assert.Equal("single_select", status.Type);
        Assert.Equal(["new", "active", "left"], status.Options);
        Assert.Equal("\"new\"", status.Default?.ToJsonString());
        Assert.Contains("new, active, left", page.Find("li[data-column='status']").TextContent);
    }

    [Fact]
    public async Task An_admin_renames_and_removes_options_and_removing_one_rows_hold_asks_first_saying_how_many()
    {
        var (admin, org, table) = await SeedAsync(new ColumnInput("status", "single_select", Options: ["open", "done", "stale"]));
        await Service<RowService>().InsertManyAsync(admin, table.TableId,
            [new JsonObject { ["status"] = "done" }, new JsonObject { ["status"] = "done" }, new JsonObject { ["status"] = "open" }]);
        var page = Open(org, table);
        Click(page, "button[aria-label='Options and default of status']");
        page.WaitForAssertion(() => Assert.Contains("Used by 2 rows.", page.Find(".mud-dialog li[data-option='done']").TextContent));
        Assert.Contains("No row holds it.", page.Find(".mud-dialog li[data-option='stale']").TextContent);

        page.InvokeAsync(() => page.Find(".mud-dialog li[data-option='open'] input").Input("new")).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Contains("Renamed from “open”; the row that holds it follows.", page.Find(".mud-dialog li[data-option='open']").TextContent));
        Click(page, ".mud-dialog button[aria-label='Remove done']");
        page.WaitForAssertion(() => Assert.Contains("Removed; 2 rows hold it and lose it when you save.", page.Find(".mud-dialog li[data-option='done']").TextContent));
        Click(page, ".mud-dialog .mud-dialog-actions button.mud-button-filled");

        // The confirmation says how many rows; cancelling it changes nothing.
        page.WaitForAssertion(() => Assert.Contains("“done” is used by 2 rows. If you remove it, those cells become empty.", page.Markup));
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Last(b => b.TextContent.Trim() == "Cancel").Click()).GetAwaiter().GetResult();
        Assert.Equal(["open", "done", "stale"], (await Service<TableService>().GetAsync(admin, table.Id)).Columns[0].Options);

        Click(page, ".mud-dialog .mud-dialog-actions button.mud-button-filled");
        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".mud-dialog button"), b => b.TextContent.Trim() == "Remove it"));
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Remove it").Click()).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        page.WaitForAssertion(() => Assert.Contains("new, stale", page.Find("li[data-column='status']").TextContent));
        Assert.Equal(["new", "stale"], (await Service<TableService>().GetAsync(admin, table.Id)).Columns[0].Options);
        var rows = await Service<RowService>().QueryAsync(admin, table.TableId, new RowQuery());
        Assert.Equal([null, null, "new"], rows.Rows.OrderBy(r => r.RowId).Select(r => r.Data["status"]?.GetValue<string>()));
    }

    [Fact]
    public async Task An_admin_adds_an_option_and_sets_a_default_after_creation_and_a_bad_default_is_refused_on_the_field()
    {
        var (admin, org, table) = await SeedAsync(new ColumnInput("tags", "multi_select", Options: ["red"]), new ColumnInput("amount", "integer"));
        var page = Open(org, table);

        Click(page, "button[aria-label='Options and default of tags']");
        InputWhenShown(page, ".mud-dialog .option-new input", "blue");
        page.InvokeAsync(() => page.Find(".mud-dialog .option-new input").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" })).GetAwaiter().GetResult();
        page.WaitForElement(".mud-dialog li[data-option='blue']");
        page.InvokeAsync(() => page.Find(".mud-dialog .column-default input").Input("red, blue")).GetAwaiter().GetResult();
        Click(page, ".mud-dialog .mud-dialog-actions button.mud-button-filled");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        var tags = (await Service<TableService>().GetAsync(admin, table.Id)).Columns[0];
        Assert.Equal(["red", "blue"], tags.Options);
        Assert.Equal("[\"red\",\"blue\"]", tags.Default?.ToJsonString());

        Click(page, "button[aria-label='Default value of amount']");
        InputWhenShown(page, ".mud-dialog .column-default input", "lots");
        Click(page, ".mud-dialog .mud-dialog-actions button.mud-button-filled");
        page.WaitForAssertion(() => Assert.Contains("The default value is not a valid integer", page.Find(".mud-dialog .column-default").TextContent));
        page.InvokeAsync(() => page.Find(".mud-dialog .column-default input").Input("42")).GetAwaiter().GetResult();
        Click(page, ".mud-dialog .mud-dialog-actions button.mud-button-filled");
        page.WaitForAssertion(() => Assert.Contains("default 42", page.Find("li[data-column='amount']").TextContent));
        Assert.Equal("42", (await Service<TableService>().GetAsync(admin, table.Id)).Columns[1].Default?.ToJsonString());
    }

    [Fact]
    public async Task An_admin_renames_a_column_in_place_and_a_taken_name_is_refused_on_the_row()
    {
        var (admin, org, table) = await SeedAsync(new ColumnInput("email", "text"), new ColumnInput("phone", "text"));
        var page = Open(org, table);
        Click(page, "button[aria-label='Rename phone']");
        page.WaitForElement(".column-rename input");
        page.InvokeAsync(() => page.Find(".column-rename input").Input("email")).GetAwaiter().GetResult();
        Click(page, ".rename-save");
        page.WaitForAssertion(() => Assert.Contains("A column named “email” already exists in this table.", page.Find("li[data-column='phone'] [data-testid='column-problem']").TextContent));

        page.InvokeAsync(() => page.Find(".column-rename input").Input("mobile")).GetAwaiter().GetResult();
        page.InvokeAsync(() => page.Find(".column-rename input").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" })).GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Equal(["email", "mobile"], ColumnOrder(page)));
        Assert.Empty(page.FindAll("[data-testid='column-problem']"));
        Assert.Equal(["email", "mobile"], (await Service<TableService>().GetAsync(admin, table.Id)).Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task Columns_move_with_the_buttons_and_with_alt_arrows()
    {
        var (admin, org, table) = await SeedAsync(new ColumnInput("a", "text"), new ColumnInput("b", "integer"), new ColumnInput("c", "date"));
        var page = Open(org, table);
        Assert.True(page.Find("button[aria-label='Move a up']").HasAttribute("disabled"));
        Assert.True(page.Find("button[aria-label='Move c down']").HasAttribute("disabled"));

        Click(page, "button[aria-label='Move c up']");
        page.WaitForAssertion(() => Assert.Equal(["a", "c", "b"], ColumnOrder(page)));

        page.InvokeAsync(() => page.Find("li[data-column='a']").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "ArrowDown", AltKey = true }))
            .GetAwaiter().GetResult();
        page.WaitForAssertion(() => Assert.Equal(["c", "a", "b"], ColumnOrder(page)));
        // Without Alt an arrow does nothing (it scrolls the page in a browser).
        page.InvokeAsync(() => page.Find("li[data-column='c']").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "ArrowDown" }))
            .GetAwaiter().GetResult();
        Assert.Equal(["c", "a", "b"], (await Service<TableService>().GetAsync(admin, table.Id)).Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task A_flag_the_rows_refuse_stays_off_and_the_reason_shows_on_the_row()
    {
        var (admin, org, table) = await SeedAsync(new ColumnInput("email", "text"));
        await Service<RowService>().InsertManyAsync(admin, table.TableId, [new JsonObject { ["email"] = "a@x.test" }, new JsonObject { ["email"] = "a@x.test" }]);
        var page = Open(org, table);

        Check(page, "li[data-column='email'] .flag-unique input");
        page.WaitForAssertion(() => Assert.Contains("appears in 2 rows of “email”: make the values distinct before making it unique.",
            page.Find("li[data-column='email'] [data-testid='column-problem']").TextContent));
        Assert.False((await Service<TableService>().GetAsync(admin, table.Id)).Columns[0].Unique);

        Check(page, "li[data-column='email'] .flag-indexed input");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='column-problem']")));
        Assert.True((await Service<TableService>().GetAsync(admin, table.Id)).Columns[0].Indexed);
    }

    [Fact]
    public async Task The_type_change_dialog_reports_what_would_not_convert_and_converts_only_once_confirmed()
    {
        var (admin, org, table) = await SeedAsync(new ColumnInput("age", "text"));
        await Service<RowService>().InsertManyAsync(admin, table.TableId,
            [new JsonObject { ["age"] = "41" }, new JsonObject { ["age"] = "forty" }, new JsonObject { ["age"] = "7" }, new JsonObject { ["age"] = "n/a" }]);
        var page = Open(org, table);
        Click(page, "button[aria-label='Change the type of age']");
        page.WaitForElement(".mud-dialog .new-type");
        Choose(page, ".mud-dialog .new-type", "Integer");

        page.WaitForAssertion(() => Assert.Contains("2 of 4 values can't be converted to integer.", page.Find("[data-testid='preview-summary']").TextContent));
        var failures = page.FindAll("[data-testid='preview-failures'] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains("forty", failures[0]);
        Assert.Contains("n/a", failures[1]);
        var convert = page.Find(".mud-dialog button.convert");
        Assert.True(convert.HasAttribute("disabled"));
        Assert.Contains("Empty the 2 values that can't be converted", page.Find(".mud-dialog .confirm-empty").TextContent);

        Check(page, ".mud-dialog .confirm-empty input");
        page.WaitForAssertion(() => Assert.False(page.Find(".mud-dialog button.convert").HasAttribute("disabled")));
        Click(page, ".mud-dialog button.convert");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        page.WaitForAssertion(() => Assert.Contains("Integer", page.Find("li[data-column='age']").TextContent));

        var rows = await Service<RowService>().QueryAsync(admin, table.TableId, new RowQuery());
        Assert.Equal([41L, null, 7L, null], rows.Rows.OrderBy(r => r.RowId).Select(r => r.Data["age"]?.GetValue<long>()));
    }

    [Fact]
    public async Task A_type_change_that_loses_nothing_converts_without_a_confirmation()
    {
        var (admin, org, table) = await SeedAsync(new ColumnInput("score", "integer"));
        await Service<RowService>().InsertManyAsync(admin, table.TableId, [new JsonObject { ["score"] = 3 }]);
        var page = Open(org, table);
        Click(page, "button[aria-label='Change the type of score']");
        page.WaitForElement(".mud-dialog .new-type");
        Choose(page, ".mud-dialog .new-type", "Text");
        page.WaitForAssertion(() => Assert.Contains("All 1 values can be converted.", page.Find("[data-testid='preview-summary']").TextContent));
        Assert.Empty(page.FindAll(".mud-dialog .confirm-empty"));
        Click(page, ".mud-dialog button.convert");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.Equal("text", (await Service<TableService>().GetAsync(admin, table.Id)).Columns[0].Type);
    }

    [Fact]
    public async Task A_guest_sees_the_designer_read_only()
    {
        var (_, org, table) = await SeedAsync(new ColumnInput("email", "text", Required: true));
        await SignInAsync("guest@acme.test");
        var page = Open(org, table);
        Assert.NotNull(page.Find("[data-testid='read-only']"));
        Assert.NotNull(page.Find("[data-testid='read-only-note']"));
        Assert.DoesNotContain("Add column", page.Markup);
        Assert.Empty(page.FindAll("li.designer-column button"));
        Assert.Empty(page.FindAll("li.designer-column input"));
        Assert.Contains("Required", page.Find("li[data-column='email']").TextContent);
        Assert.True(page.Find(".table-name input").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("button[aria-label='Delete contacts']"));
    }

    [Fact]
    public async Task An_admin_drops_a_column_through_a_reviewer_and_the_row_says_so()
    {
        var (_, org, table) = await SeedAsync(new ColumnInput("email", "text"), new ColumnInput("fax", "text"));
        var page = Open(org, table);
        Click(page, "button[aria-label='Drop fax']");
        page.WaitForAssertion(() => Assert.Contains("The column “fax” (text) of the table “contacts”", page.Find(".mud-dialog").TextContent));
        SendDeletionRequest(page);
        page.WaitForAssertion(() => Assert.Contains("Drop requested", page.Find("li[data-column='fax']").TextContent));
        Assert.True(await DeletionPendingAsync(table.Columns[1].Id));
        Assert.True(page.Find("button[aria-label='Drop fax']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Saving_the_details_after_someone_else_changed_the_table_opens_the_conflict_dialog()
    {
        var (admin, org, table) = await SeedAsync();
        var page = Open(org, table);
        await Service<TableService>().UpdateAsync(admin, table.Id, new TableUpdate(Description: "Changed elsewhere"));
        page.InvokeAsync(() => page.Find(".table-description textarea").Input("Mine")).GetAwaiter().GetResult();
        Click(page, ".save-details");
        page.WaitForAssertion(() => Assert.Contains("Someone else changed this", page.Markup));
        Assert.Equal("Changed elsewhere", (await Service<TableService>().GetAsync(admin, table.Id)).Description);
    }
}
