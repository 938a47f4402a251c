using Microsoft.AspNetCore.Components;

namespace Builder.Web.Components.Shared;

/// <summary>What a <see cref="ServerGrid{T}"/> cell template is given: the row's item (as MudDataGrid's CellContext had it).</summary>
public readonly record struct GridCell<T>(T Item);

/// <summary>
/// One column of a <see cref="ServerGrid{T}"/>: a title, an optional domain sort key (sortable when given) and the cell
/// template. It draws nothing itself: the grid draws the header and every cell from it, so a column costs no render tree.
/// </summary>
public sealed class GridColumn<T> : IComponent, IDisposable
{
    private bool _added;

    [CascadingParameter] private ServerGrid<T>? Grid { get; set; }

    [Parameter] public string? Title { get; set; }

    /// <summary>The domain's sort key for this column ("name", "updatedAt", …); the column is not sortable without one.</summary>
    [Parameter] public string? SortBy { get; set; }

    /// <summary>Classes for the column's cells.</summary>
    [Parameter] public string? CellClass { get; set; }

    [Parameter] public RenderFragment<GridCell<T>>? CellTemplate { get; set; }

    public void Attach(RenderHandle renderHandle) { }

    public Task SetParametersAsync(ParameterView parameters)
    {
        var (title, sortBy, cellClass) = (Title, SortBy, CellClass);
        parameters.SetParameterProperties(this);
        if (Grid is null) throw new InvalidOperationException($"{nameof(GridColumn<T>)} belongs inside a {nameof(ServerGrid<T>)}'s Columns.");
        if (!_added)
        {
            _added = true;
            Grid.AddColumn(this);
        }
        // The cell template is read when the grid draws a row; only what the header shows needs the grid drawn again.
        else if (title != Title || sortBy != SortBy || cellClass != CellClass)
        {
            Grid.ColumnChanged();
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (_added) Grid?.RemoveColumn(this);
    }
}
