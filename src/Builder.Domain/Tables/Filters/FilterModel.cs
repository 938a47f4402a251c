using Builder.Domain.Tables.Rows;

namespace Builder.Domain.Tables.Filters;

/// <summary>The comparisons a filter condition makes, by the condition builder's names (<see cref="FilterOperatorExtensions.WireName"/>).</summary>
public enum FilterOperator
{
    Equals,
    NotEquals,
    Contains,
    StartsWith,
    EndsWith,
    GreaterThan,
    LessThan,
    Exists,
    NotExists,
    In,
}

/// <summary>How a group combines its members.</summary>
public enum FilterLogic
{
    And,
    Or,
}

/// <summary>A node of a filter tree: a condition or a group.</summary>
public abstract record FilterNode;

/// <summary>
/// One condition, validated: the column it names (resolved, so only its alias and physical name become SQL), the operator (one
/// its type allows) and the value in the column's .NET shape (null for exists/not_exists; a list of them for <c>in</c>).
/// </summary>
public sealed record FilterCondition(QueryColumn Column, FilterOperator Operator, object? Value) : FilterNode;

/// <summary>Conditions and groups combined by AND or OR. An empty group matches every row.</summary>
public sealed record FilterGroup(FilterLogic Logic, IReadOnlyList<FilterNode> Members) : FilterNode
{
    public static FilterGroup Empty { get; } = new(FilterLogic.And, []);

    public bool IsEmpty => Members.Count == 0;
}

/// <summary>The limits of one filter: how deep groups nest, how many conditions and how many values it may hold.</summary>
public static class FilterLimits
{
    /// <summary>The top-level list is depth 1; a group inside it depth 2, and so on.</summary>
    public const int MaxDepth = 5;

    public const int MaxConditions = 100;

    /// <summary>The most values one <c>in</c> list holds.</summary>
    public const int MaxInValues = 1_000;

    /// <summary>The most values a whole filter holds (every <c>in</c> list together): SQL Server takes 2,100 parameters a statement.</summary>
    public const int MaxValues = 2_000;

    /// <summary>The longest text value a condition compares with.</summary>
    public const int MaxTextLength = 10_000;
}
