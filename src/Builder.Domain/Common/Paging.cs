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
    public string? LikePattern => ContainsPattern(Search);

    /// <summary>A "contains" LIKE pattern for <paramref name="text"/> with <c>\</c>, <c>%</c>, <c>_</c> and <c>[</c> (SQL Server) escaped; null for no text.</summary>
    public static string? ContainsPattern(string? text) => string.IsNullOrWhiteSpace(text)
        ? null
        : "%" + text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[") + "%";
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
        var key = SortKey(request.Sort, sortKeys);
        var total = await query.CountAsync(ct);
        return await PageAsync(query, request, key, projection, total, ct);
    }

    /// <summary>
    /// The same, for a caller that has already counted the query (in the statement that also checked its scope), so a
    /// page costs one statement more.
    /// </summary>
    public static Task<PagedResult<TView>> ToPageAsync<TEntity, TView>(
        this IQueryable<TEntity> query,
        PageRequest request,
        IReadOnlyDictionary<string, Expression<Func<TEntity, object>>> sortKeys,
        Expression<Func<TEntity, TView>> projection,
        int total,
        CancellationToken ct = default)
    {
        request.Validate();
        return PageAsync(query, request, SortKey(request.Sort, sortKeys), projection, total, ct);
    }

    private static async Task<PagedResult<TView>> PageAsync<TEntity, TView>(IQueryable<TEntity> query, PageRequest request,
        Expression<Func<TEntity, object>> key, Expression<Func<TEntity, TView>> projection, int total, CancellationToken ct)
    {
        // A page past the end is empty; computed in 64 bits so page=2147483647 cannot wrap around to page 1.
        var skip = (long)(request.Page - 1) * request.Limit;
        if (skip >= total) return new PagedResult<TView>([], request.Page, request.Limit, total);
        var ordered = request.Descending ? query.OrderByDescending(key) : query.OrderBy(key);
        var items = await ordered
            .Skip((int)skip)
            .Take(request.Limit)
            .Select(projection)
            .ToListAsync(ct);
        return new PagedResult<TView>(items, request.Page, request.Limit, total);
    }

    /// <summary>The requested sort key (case-insensitive), the first one when none is asked for; an unknown one is a 400 naming the allowed.</summary>
    private static Expression<Func<TEntity, object>> SortKey<TEntity>(string? sort,
        IReadOnlyDictionary<string, Expression<Func<TEntity, object>>> sortKeys)
    {
        if (string.IsNullOrWhiteSpace(sort)) return sortKeys.First().Value;
        if (sortKeys.TryGetValue(sort, out var exact)) return exact;
        foreach (var (name, key) in sortKeys)
            if (string.Equals(name, sort.Trim(), StringComparison.OrdinalIgnoreCase)) return key;
        throw new ValidationException("sort", $"sort must be one of: {string.Join(", ", sortKeys.Keys)}.");
    }

    /// <summary>
    /// Case-insensitive "contains" on both SQLite and SQL Server. The pattern travels as a SQL parameter (it is read from
    /// a captured object, as a closure variable would be), so every term shares one compiled query and no term is SQL text.
    /// </summary>
    public static IQueryable<T> WhereLike<T>(this IQueryable<T> query, string? pattern, Expression<Func<T, string>> field)
    {
        if (pattern is null) return query;
        // SQLite reads a LIKE pattern up to its first NUL, so "%\0%" would match everything; no name is searched for a NUL.
        if (pattern.Contains('\0')) return query.Where(_ => false);
        var parameter = field.Parameters[0];
        var captured = new SearchPattern(pattern.ToLowerInvariant());
        var like = Expression.Call(
            typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
                [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!,
            Expression.Constant(EF.Functions),
            Expression.Call(field.Body, typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!),
            Expression.Field(Expression.Constant(captured), nameof(SearchPattern.search)),
            Expression.Constant("\\"));
        return query.Where(Expression.Lambda<Func<T, bool>>(like, parameter));
    }

    /// <summary>Holds a search pattern the way a compiler-generated closure holds a captured variable; EF makes it a parameter.</summary>
    private sealed class SearchPattern(string search)
    {
#pragma warning disable IDE1006 // The field's name becomes the SQL parameter's name (@search).
        public readonly string search = search;
#pragma warning restore IDE1006
    }
}
