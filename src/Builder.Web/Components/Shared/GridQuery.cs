using Builder.Domain.Common;
using MudBlazor;

namespace Builder.Web.Components.Shared;

/// <summary>Bridges MudDataGrid's server-side state and the domain's <see cref="PageRequest"/>/<see cref="PagedResult{T}"/>.</summary>
public static class GridQuery
{
    /// <summary>The grid's 0-based page, page size and first sort column ("Name" → "name") as a domain page request.</summary>
    /// <param name="sortKeys">Column names whose domain sort key is not simply the camel-cased name.</param>
    public static PageRequest ToPageRequest<T>(this GridState<T> state, string? search = null,
        IReadOnlyDictionary<string, string>? sortKeys = null)
    {
        var sort = state.SortDefinitions.OrderBy(s => s.Index).FirstOrDefault();
        var limit = Math.Clamp(state.PageSize, 1, PageRequest.MaxLimit);
        return new PageRequest(state.Page + 1, limit, string.IsNullOrWhiteSpace(search) ? null : search.Trim(),
            sort is null ? null : sortKeys?.GetValueOrDefault(sort.SortBy) ?? SortKey(sort.SortBy), sort?.Descending ?? false);
    }

    public static GridData<T> ToGridData<T>(this PagedResult<T> page) => new() { Items = page.Items, TotalItems = page.Total };

    public static GridData<T> Empty<T>() => new() { Items = [], TotalItems = 0 };

    private static string SortKey(string column) =>
        string.IsNullOrEmpty(column) ? column : char.ToLowerInvariant(column[0]) + column[1..];
}
