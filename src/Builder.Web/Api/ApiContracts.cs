using System.Text.Json.Serialization;
using Builder.Domain.Common;

namespace Builder.Web.Api;

/// <summary>List query parameters: <c>page</c> (1-based), <c>limit</c> (1..100), <c>search</c>, <c>sort</c>, <c>order</c> (asc|desc).</summary>
public sealed record PageQuery(int? Page, int? Limit, string? Search, string? Sort, string? Order)
{
    public PageRequest ToRequest()
    {
        if (Order is not null && Order is not ("asc" or "desc"))
            throw new ValidationException("order", "order must be 'asc' or 'desc'.");
        return new PageRequest(Page ?? 1, Limit ?? 10, Search, Sort, Order == "desc");
    }
}

public sealed record Pagination(int Page, int Limit, int Total, int TotalPages);

/// <summary>The list envelope of the admin application API.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Data, Pagination Pagination)
{
    public static PageResponse<T> From(PagedResult<T> page) =>
        new(page.Items, new Pagination(page.Page, page.Limit, page.Total, page.TotalPages));

    public static PageResponse<TOut> From<TIn, TOut>(PagedResult<TIn> page, Func<TIn, TOut> map) =>
        new(page.Items.Select(map).ToList(), new Pagination(page.Page, page.Limit, page.Total, page.TotalPages));
}

/// <summary>Every error body: <c>{ "error", "details" }</c>, plus field messages for validation failures.</summary>
public sealed record ErrorResponse(
    string Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Details = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CorrelationId = null);

public sealed record DeletedResponse(bool Success, Guid Id);
