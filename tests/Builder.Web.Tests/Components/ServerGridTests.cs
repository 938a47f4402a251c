using Bunit;
using Builder.Domain.Common;
using Builder.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Builder.Web.Tests.Components;

/// <summary>
/// The console's list grid, drawn as plain markup: sorting from the header buttons (with aria-sort), paging and page size
/// from the pager, a search that starts again at the first page, and a column's options menu that is only made once opened.
/// </summary>
public sealed class ServerGridTests : ConsoleTestContext
{
    private sealed record Row(string Name, int Size);

    private static readonly IReadOnlyList<Row> Rows = Enumerable.Range(1, 23).Select(i => new Row($"row {i:00}", i % 4)).ToList();

    private readonly List<PageRequest> _requests = [];

    private Task<PagedResult<Row>> Load(PageRequest page, CancellationToken ct)
    {
        _requests.Add(page);
        IEnumerable<Row> rows = Rows.Where(r => page.Search is null || r.Name.Contains(page.Search));
        if (page.Sort == "name") rows = page.Descending ? rows.OrderByDescending(r => r.Name) : rows.OrderBy(r => r.Name);
        var all = rows.ToList();
        return Task.FromResult(new PagedResult<Row>(all.Skip((page.Page - 1) * page.Limit).Take(page.Limit).ToList(), page.Page, page.Limit, all.Count));
    }

    private IRenderedComponent<MudPopoverProvider>? _popovers;

    private IRenderedComponent<ServerGrid<Row>> Render()
    {
        _popovers = Context.Render<MudPopoverProvider>();
        var grid = Context.Render<ServerGrid<Row>>(p => p
            .Add(g => g.Load, Load)
            .Add(g => g.Columns, (RenderFragment)(b =>
            {
                b.OpenComponent<GridColumn<Row>>(0);
                b.AddComponentParameter(1, nameof(GridColumn<Row>.Title), "Name");
                b.AddComponentParameter(2, nameof(GridColumn<Row>.SortBy), "name");
                b.AddComponentParameter(3, nameof(GridColumn<Row>.CellTemplate), (RenderFragment<GridCell<Row>>)(c => cb => cb.AddContent(0, c.Item.Name)));
                b.CloseComponent();
                b.OpenComponent<GridColumn<Row>>(4);
                b.AddComponentParameter(5, nameof(GridColumn<Row>.Title), "Size");
                b.AddComponentParameter(6, nameof(GridColumn<Row>.CellClass), "size-cell");
                b.AddComponentParameter(7, nameof(GridColumn<Row>.CellTemplate), (RenderFragment<GridCell<Row>>)(c => cb => cb.AddContent(0, c.Item.Size)));
                b.CloseComponent();
            })));
        grid.WaitForAssertion(() => Assert.Equal(10, grid.FindAll("tbody tr").Count));
        return grid;
    }

    private static string Caption(IRenderedComponent<ServerGrid<Row>> grid) => grid.Find("p[translate='no']").TextContent;

    private static List<string> Names(IRenderedComponent<ServerGrid<Row>> grid) =>
        grid.FindAll("tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();

    [Fact]
    public void The_first_page_loads_with_the_columns_titles_and_cells()
    {
        var grid = Render();

        Assert.Equal(["Name", "Size"], grid.FindAll("thead th").Select(th => th.TextContent.Trim()).ToList());
        Assert.Equal("row 01", Names(grid)[0]);
        Assert.Equal("Size", grid.Find("tbody tr td.size-cell").GetAttribute("data-label")); // the phone's stacked rows
        Assert.Equal("1-10 of 23", Caption(grid));
        Assert.Equal(new PageRequest(1, 10), _requests.Last());
    }

    [Fact]
    public void A_sortable_header_is_a_button_that_sorts_ascending_descending_then_not_at_all()
    {
        var grid = Render();
        var name = () => grid.Find("thead th:first-child");
        Assert.Equal("none", name().GetAttribute("aria-sort"));
        Assert.Null(grid.Find("thead th:nth-child(2)").GetAttribute("aria-sort")); // not sortable: no sort state, no button
        Assert.Empty(grid.FindAll("thead th:nth-child(2) button"));

        name().QuerySelector("button.grid-sort")!.Click();
        grid.WaitForAssertion(() => Assert.Equal("ascending", name().GetAttribute("aria-sort")));
        Assert.Equal(("name", false), (_requests.Last().Sort, _requests.Last().Descending));

        name().QuerySelector("button.grid-sort")!.Click();
        grid.WaitForAssertion(() => Assert.Equal("descending", name().GetAttribute("aria-sort")));
        Assert.Equal(("name", true), (_requests.Last().Sort, _requests.Last().Descending));
        Assert.Equal("row 23", Names(grid)[0]);

        name().QuerySelector("button.grid-sort")!.Click();
        grid.WaitForAssertion(() => Assert.Equal("none", name().GetAttribute("aria-sort")));
        Assert.Null(_requests.Last().Sort);
    }

    [Fact]
    public void The_pager_moves_between_pages_and_disables_what_leads_nowhere()
    {
        var grid = Render();
        Assert.True(grid.Find("button[aria-label='First page']").HasAttribute("disabled"));
        Assert.True(grid.Find("button[aria-label='Previous page']").HasAttribute("disabled"));

        grid.Find("button[aria-label='Next page']").Click();
        grid.WaitForAssertion(() => Assert.Equal("11-20 of 23", Caption(grid)));
        Assert.Equal(2, _requests.Last().Page);

        grid.Find("button[aria-label='Last page']").Click();
        grid.WaitForAssertion(() => Assert.Equal("21-23 of 23", Caption(grid)));
        Assert.Equal(3, grid.FindAll("tbody tr").Count);
        Assert.True(grid.Find("button[aria-label='Next page']").HasAttribute("disabled"));
        Assert.True(grid.Find("button[aria-label='Last page']").HasAttribute("disabled"));

        grid.Find("button[aria-label='Previous page']").Click();
        grid.WaitForAssertion(() => Assert.Equal("11-20 of 23", Caption(grid)));
        grid.Find("button[aria-label='First page']").Click();
        grid.WaitForAssertion(() => Assert.Equal("1-10 of 23", Caption(grid)));
    }

    [Fact]
    public void A_new_page_size_starts_again_at_the_first_page()
    {
        var grid = Render();
        grid.Find("button[aria-label='Next page']").Click();
        grid.WaitForAssertion(() => Assert.Equal("11-20 of 23", Caption(grid)));

        var select = grid.Find("select");
        Assert.Equal("Rows per page:", grid.Find($"label[for='{select.Id}']").TextContent);
        Assert.Equal(["10", "25", "50", "100"], select.QuerySelectorAll("option").Select(o => o.GetAttribute("value")!).ToList());
        select.Change("25");

        grid.WaitForAssertion(() => Assert.Equal("1-23 of 23", Caption(grid)));
        Assert.Equal((1, 25), (_requests.Last().Page, _requests.Last().Limit));
        Assert.Equal(23, grid.FindAll("tbody tr").Count);
    }

    [Fact]
    public void A_search_runs_after_typing_pauses_starts_at_the_first_page_and_clears()
    {
        var grid = Render();
        grid.Find("button[aria-label='Next page']").Click();
        grid.WaitForAssertion(() => Assert.Equal("11-20 of 23", Caption(grid)));

        grid.Find("input[aria-label='Search by name']").Input("row 2");

        grid.WaitForAssertion(() => Assert.Equal("1-4 of 4", Caption(grid)));
        Assert.Equal((1, "row 2"), (_requests.Last().Page, _requests.Last().Search));

        grid.Find("input[aria-label='Search by name']").Input("nothing like it");
        grid.WaitForAssertion(() => Assert.Contains("Nothing matches “nothing like it”", grid.Find("tbody").TextContent));

        grid.Find("button[aria-label='Clear search']").Click();
        grid.WaitForAssertion(() => Assert.Equal("1-10 of 23", Caption(grid)));
        Assert.Null(_requests.Last().Search);
        Assert.Equal("", grid.Find("input[aria-label='Search by name']").GetAttribute("value") ?? "");
    }

    [Fact]
    public void Typing_fast_sends_one_search()
    {
        var grid = Render();
        var before = _requests.Count;
        var input = grid.Find("input[aria-label='Search by name']");
        input.Input("r");
        input.Input("ro");
        input.Input("row 1");

        grid.WaitForAssertion(() => Assert.Equal("1-10 of 10", Caption(grid)));
        Assert.Equal(["row 1"], _requests.Skip(before).Select(r => r.Search).ToList());
    }

    [Fact]
    public void A_column_options_menu_is_made_on_first_open_and_sorts_and_unsorts()
    {
        var grid = Render();
        Assert.Empty(grid.FindComponents<MudMenu>());
        var options = grid.Find("thead th:first-child button[aria-label='Column options']");
        Assert.Equal("menu", options.GetAttribute("aria-haspopup"));

        options.KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "ArrowDown" });

        grid.WaitForAssertion(() => Assert.Single(grid.FindComponents<MudMenu>()));
        var items = () => _popovers!.FindAll(".mud-menu-item");
        _popovers!.WaitForAssertion(() => Assert.Equal(["Sort ascending", "Sort descending", "Unsort"], items().Select(i => i.TextContent.Trim()).ToList()));
        Assert.True(items()[2].ClassList.Contains("mud-disabled") || items()[2].HasAttribute("disabled")); // nothing to unsort yet

        items()[1].Click();
        grid.WaitForAssertion(() => Assert.Equal("descending", grid.Find("thead th:first-child").GetAttribute("aria-sort")));
        Assert.Equal(("name", true), (_requests.Last().Sort, _requests.Last().Descending));
    }

    [Fact]
    public void Rows_and_columns_add_no_components()
    {
        var grid = Render();
        var tenRows = grid.FindComponents<IComponent>().Count;

        grid.Find("button[aria-label='Last page']").Click();
        grid.WaitForAssertion(() => Assert.Equal(3, grid.FindAll("tbody tr").Count));

        Assert.Equal(tenRows, grid.FindComponents<IComponent>().Count);
        // The grid's own: the columns' cascade, two columns that draw nothing, the search box.
        Assert.Equal(4, tenRows);
    }

    [Fact]
    public void A_failed_load_is_reported_and_leaves_an_empty_list()
    {
        Context.Render<MudSnackbarProvider>();
        var grid = Context.Render<ServerGrid<Row>>(p => p
            .Add(g => g.Load, (_, _) => throw new InvalidOperationException("The database is away."))
            .Add(g => g.EmptyTitle, "No rows")
            .Add(g => g.Columns, (RenderFragment)(b =>
            {
                b.OpenComponent<GridColumn<Row>>(0);
                b.AddComponentParameter(1, nameof(GridColumn<Row>.Title), "Name");
                b.CloseComponent();
            })));

        grid.WaitForAssertion(() => Assert.Contains("No rows", grid.Find("tbody").TextContent));
        Assert.Equal("0-0 of 0", Caption(grid));
    }

    [Fact]
    public void A_load_that_a_newer_one_replaced_changes_nothing_even_when_it_fails()
    {
        var slow = new TaskCompletionSource<PagedResult<Row>>();
        var snackbars = Context.Render<MudSnackbarProvider>();
        var grid = Context.Render<ServerGrid<Row>>(p => p
            .Add(g => g.Load, (page, ct) => page.Search == "row 0" ? slow.Task : Load(page, ct))
            .Add(g => g.Columns, (RenderFragment)(b =>
            {
                b.OpenComponent<GridColumn<Row>>(0);
                b.AddComponentParameter(1, nameof(GridColumn<Row>.Title), "Name");
                b.AddComponentParameter(2, nameof(GridColumn<Row>.CellTemplate), (RenderFragment<GridCell<Row>>)(c => cb => cb.AddContent(0, c.Item.Name)));
                b.CloseComponent();
            })));
        grid.WaitForAssertion(() => Assert.Equal("1-10 of 23", Caption(grid)));

        grid.Find("input[aria-label='Search by name']").Input("row 0");
        grid.WaitForAssertion(() => Assert.Equal("true", grid.Find("table").GetAttribute("aria-busy")));
        grid.Find("input[aria-label='Search by name']").Input("row 1");
        grid.WaitForAssertion(() => Assert.Equal("1-10 of 10", Caption(grid)));

        slow.SetException(new InvalidOperationException("The connection was closed while the query ran."));
        Thread.Sleep(200); // the failed load's continuation runs on the renderer's dispatcher

        grid.WaitForAssertion(() => Assert.Equal("false", grid.Find("table").GetAttribute("aria-busy")));
        Assert.Equal("1-10 of 10", Caption(grid));
        Assert.DoesNotContain("connection was closed", snackbars.Markup);
        Assert.Equal(10, grid.FindAll("tbody tr").Count);
    }
}
