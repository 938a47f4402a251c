using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Common;

/// <summary>A page of a list: 1-based page, limit 1..100, optional search text and sort key.</summary>
public sealed record PageRequest(int Page = 1, int Limit = 10, string? Search = null, string? Sort = null, bool Descending = false)
{
    public const int MaxLimit = 100;

    public void Validate()
    {
        new Validator()
            .Check(Page >= 1, "page", "page must be 1 or more.")
            .Check(Limit is >= 1 and <= MaxLimit, "limit", $"limit must be between 1 and {MaxLimit}.")
            .Optional("search", Search, "search", 200)
            .ThrowIfInvalid();
    }

    /// <summary>The search text escaped for a SQL LIKE pattern, or null when there is none.</summary>
    public string? LikePattern => string.IsNullOrWhiteSpace(Search)
        ? null
        : "%" + Search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int Limit, int Total)
{
    public int TotalPages => Total == 0 ? 0 : (int)Math.Ceiling(Total / (double)Limit);
}

public static class PagingExtensions
{
    /// <summary>Sorts by the requested key (falling back to the first), then pages on the server.</summary>
    public static async Task<PagedResult<TView>> ToPageAsync<TEntity, TView>(
        this IQueryable<TEntity> query,
        PageRequest request,
        IReadOnlyDictionary<string, Expression<Func<TEntity, object>>> sortKeys,
        Expression<Func<TEntity, TView>> projection,
        CancellationToken ct = default)
    {
        request.Validate();
        var total = await query.CountAsync(ct);
        var key = request.Sort is not null && sortKeys.TryGetValue(request.Sort, out var chosen) ? chosen : sortKeys.First().Value;
        var ordered = request.Descending ? query.OrderByDescending(key) : query.OrderBy(key);
        var items = await ordered
            .Skip((request.Page - 1) * request.Limit)
            .Take(request.Limit)
            .Select(projection)
            .ToListAsync(ct);
        return new PagedResult<TView>(items, request.Page, request.Limit, total);
    }

    /// <summary>Case-insensitive "contains" on both SQLite and SQL Server.</summary>
    public static IQueryable<T> WhereLike<T>(this IQueryable<T> query, string? pattern, Expression<Func<T, string>> field)
    {
        if (pattern is null) return query;
        var parameter = field.Parameters[0];
        var like = Expression.Call(
            typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
                [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!,
            Expression.Constant(EF.Functions),
            Expression.Call(field.Body, typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!),
            Expression.Constant(pattern.ToLowerInvariant()),
            Expression.Constant("\\"));
        return query.Where(Expression.Lambda<Func<T, bool>>(like, parameter));
    }
}
