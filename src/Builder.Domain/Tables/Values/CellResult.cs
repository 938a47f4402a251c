namespace Builder.Domain.Tables.Values;

/// <summary>
/// The outcome of reading, converting or checking one cell: <see cref="Ok"/> with the value in its stored .NET shape
/// (see <see cref="ColumnType"/>; null is an empty cell), or not <see cref="Ok"/> with a <see cref="Reason"/> a person reads,
/// such as “abc” is not a whole number.
/// </summary>
public readonly record struct CellResult(bool Ok, object? Value, string? Reason)
{
    public static CellResult Empty => new(true, null, null);

    public static CellResult Valid(object? value) => new(true, value, null);

    public static CellResult Invalid(string reason) => new(false, null, reason);
}
